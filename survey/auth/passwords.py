"""Password hashing with argon2id (argon2-cffi's defaults follow the RFC 9106 recommendation)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable", ~10^8 guesses or more
_SCORED_CHARACTERS = 72  # zxcvbn refuses longer input; a longer password is not weaker


def password_problem(password: str, hints: tuple[str, ...] = ()) -> str | None:
    """Why a new password is refused, or None: too short, or easy to guess (zxcvbn, which knows
    common passwords, keyboard runs, repeats, dates and the user's own email/name in `hints`)."""
    if len(password) < MIN_LENGTH:
        return f"Kata sandi minimal {MIN_LENGTH} karakter."
    from zxcvbn import zxcvbn
    inputs = [h for h in hints if h]
    if zxcvbn(password[:_SCORED_CHARACTERS], user_inputs=inputs)["score"] < MIN_SCORE:
        return ("Kata sandi terlalu mudah ditebak (misalnya kata umum, deret huruf/angka, atau "
                "pengulangan). Gunakan beberapa kata yang tidak berhubungan.")
    return None
