"""Configuration: documented defaults here, overridden by the environment, then by a test mapping.

| setting | environment | default |
|---|---|---|
| SQLALCHEMY_DATABASE_URI | DATABASE_URL | sqlite:///<instance>/survey.sqlite3 |
| SECRET_KEY | SECRET_KEY | a development key, refused outside debug/testing |
| MAX_CONTENT_LENGTH | MAX_UPLOAD_BYTES | 20 MB (uploads, imports) |
| RATELIMIT_STORAGE_URI | RATELIMIT_STORAGE_URI | memory:// (use redis://... with several app servers) |
| SESSION_COOKIE_SECURE | SESSION_COOKIE_SECURE | false (set true behind HTTPS) |
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-not-secret"


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


def _bool(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def defaults(instance_path: str) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(instance_path) / 'survey.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SECRET_KEY": DEV_SECRET_KEY,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,  # a respondent may take an hour on a slow phone
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "id",
    }


def from_environment(env: os._Environ | dict = os.environ) -> dict:
    config: dict = {}
    if env.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(env["DATABASE_URL"])
    if env.get("SECRET_KEY"):
        config["SECRET_KEY"] = env["SECRET_KEY"]
    if env.get("MAX_UPLOAD_BYTES"):
        config["MAX_CONTENT_LENGTH"] = int(env["MAX_UPLOAD_BYTES"])
    if env.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = env["RATELIMIT_STORAGE_URI"]
    if env.get("SESSION_COOKIE_SECURE"):
        config["SESSION_COOKIE_SECURE"] = _bool(env["SESSION_COOKIE_SECURE"])
    return config


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def check(config: dict, debug: bool) -> None:
    """Refuse to run a production app with the development secret key."""
    if not (debug or config.get("TESTING")) and config.get("SECRET_KEY") in (None, "", DEV_SECRET_KEY):
        raise ConfigError("SECRET_KEY must be set in the environment outside debug/testing "
                          "(e.g. export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))'))")
