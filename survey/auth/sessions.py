"""Server-side revocation of signed-cookie sessions.

The session cookie is signed, not stored, so deleting it in one browser does nothing to a copy.
Each account carries a `session_version`; a session remembers the version it was made with and
is honoured only while they match. Logout, a password change, deactivation and an admin's
"log out everywhere" raise the version, which ends every copy of every session of that account
at its next request. A session also expires PERMANENT_SESSION_LIFETIME after login.
"""
from __future__ import annotations

import time

from flask import current_app, session

from ..extensions import db
from ..models import User

VERSION_KEY, LOGIN_TIME_KEY = "sv", "st"


def start_session(user: User) -> None:
    """Call right after login_user(): bind the session to the account's current version."""
    session[VERSION_KEY] = user.session_version
    session[LOGIN_TIME_KEY] = int(time.time())


def end_all_sessions(user: User) -> None:
    """Every session of this account (on every device) ends at its next request; caller commits."""
    user.session_version = (user.session_version or 0) + 1


def user_of_session(user_id: str) -> User | None:
    """Flask-Login's user loader: the account, if this session is still valid for it."""
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
    if user is None or session.get(VERSION_KEY) != user.session_version:
        return None
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    started = session.get(LOGIN_TIME_KEY)
    if not isinstance(started, int) or time.time() - started > lifetime:
        return None
    return user
