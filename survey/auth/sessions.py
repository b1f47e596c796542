"""Server-side revocation of signed-cookie sessions.

The session cookie is signed, not stored, so deleting it in one browser does nothing to a copy.
Each account carries a `session_version`; a session remembers the version it was made with and
is honoured only while they match. Logout, a password change, deactivation and an admin's
"log out everywhere" raise the version, which ends every copy of every session of that account
at its next request. A session also expires PERMANENT_SESSION_LIFETIME after login.
"""
from __future__ import annotations

import json
import time

from flask import current_app, session
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface

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


class _CookieJSON(TaggedJSONSerializer):
    """Flask's session format (tagged JSON, so tuples, bytes and markup keep their type), with the
    standard library's json: the app's JSON provider walks every value looking for hostile text
    (survey/edge.py), which a cookie signed with our key cannot hold."""

    def dumps(self, value) -> str:
        return json.dumps(self.tag(value), separators=(",", ":"))

    def loads(self, value: str):
        return self._untag_scan(json.loads(value))


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with the signing serializer built once per set of keys
    (Flask builds one for every read and every write: two per request, a tenth of a
    questionnaire page's CPU together with the JSON provider's walk)."""
    serializer = _CookieJSON()
    _built: tuple | None = None

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        built = self._built
        if built is None or built[0] != keys:
            built = self._built = (keys, super().get_signing_serializer(app))
        return built[1]
