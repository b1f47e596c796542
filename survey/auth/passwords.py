"""Password hashing with argon2id (argon2-cffi's defaults follow the RFC 9106 recommendation).

argon2-cffi (and its cffi bindings) load with the first password hashed or checked: commands
and workers that never see a password start without them.
"""
from functools import lru_cache

MIN_LENGTH = 10


@lru_cache(maxsize=1)
def _hasher():
    from argon2 import PasswordHasher
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError
    try:
        return _hasher().verify(password_hash, password)
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
