"""Who may see what. Every researcher/enumerator route goes through these helpers.

- anonymous -> redirect to the login page (JSON 401 under /api/);
- a logged-in user without the role -> 403;
- a study that is not theirs -> 404 (its existence is not revealed).
"""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, jsonify, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Study


def _to_login():
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return _to_login()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def api_login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return jsonify({"status": "refused", "message": "Silakan masuk (login) terlebih dahulu."}), 401
        return view(*args, **kwargs)
    return wrapped


def may_read(study: Study | None) -> bool:
    """The current researcher owns the study (admins see all); anything else looks absent (404)."""
    return study is not None and (current_user.role == "admin" or study.owner_id == current_user.id)


def researcher_study_or_404(slug: str) -> Study:
    """A study the current researcher owns (admins see all)."""
    study = db.session.scalar(select(Study).where(Study.slug == slug))
    if not may_read(study):
        abort(404)
    return study


def enumerator_study_or_404(slug: str) -> Study:
    """A study the current user may collect for (assigned enumerator, owner, admin)."""
    study = db.session.scalar(select(Study).where(Study.slug == slug))
    if study is None or not current_user.can_collect(study):
        abort(404)
    return study


def safe_next(target: str | None) -> str | None:
    """A local path to go back to after login, or None: never another site (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
