"""Creating and finding accounts. Services flush; the caller commits."""
from __future__ import annotations

from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ROLES, User
from ..models.base import utcnow
from .passwords import hash_password, password_problem, verify_password


@cache
def _dummy_hash() -> str:
    """Verifying against a fixed hash when the email is unknown keeps the response time the
    same, so timing does not reveal which emails have accounts. Made on first use, not at
    import: hashing takes 0.15 s CPU, which every command and worker start would pay."""
    return hash_password("not-a-real-password-0000")


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(session: Session, email: str, password: str, role: str, name: str = "") -> User:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    problem = password_problem(password, (email, name))
    if problem:
        raise AccountError(problem)
    if find_user(session, email):
        raise AccountError(f"{normalise_email(email)} sudah terdaftar.")
    user = User(email=normalise_email(email), name=name.strip(), role=role,
                password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same work either way)."""
    user = find_user(session, email)
    if user is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def set_password(user: User, password: str) -> None:
    problem = password_problem(password, (user.email, user.name))
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    user.session_version = (user.session_version or 0) + 1  # whoever knew the old one is logged out
