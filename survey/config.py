"""Configuration: documented defaults here, overridden by the environment, then by a test mapping.

Every setting can be given as `SURVEY_<NAME>` (Flask's `from_prefixed_env`: values are parsed
as JSON when they can be, so `SURVEY_SESSION_COOKIE_SECURE=true` is a boolean). The older short
names below keep working; a `SURVEY_*` variable wins over its short name.

| setting | environment | default |
|---|---|---|
| SQLALCHEMY_DATABASE_URI | DATABASE_URL | sqlite:///<instance>/survey.sqlite3 |
| SECRET_KEY | SECRET_KEY | a development key, refused when served (except on 127.0.0.1) |
| MAX_CONTENT_LENGTH | MAX_UPLOAD_BYTES | 20 MB (uploads, imports) |
| RATELIMIT_STORAGE_URI | RATELIMIT_STORAGE_URI, else REDIS_URL | memory:// |
| REDIS_URL | REDIS_URL | unset (jobs run in a thread, limits in memory) |
| SESSION_COOKIE_SECURE | SESSION_COOKIE_SECURE | true when served, false in debug/testing |
| TRUSTED_PROXIES | TRUSTED_PROXIES | 0 (number of proxies in front whose X-Forwarded-* is trusted) |
| WORKERS | WEB_CONCURRENCY | 1 (how many app processes share the limits; gunicorn reads the same variable) |
| DB_CONNECT_TIMEOUT | DB_CONNECT_TIMEOUT | 5 s |
| DB_STATEMENT_TIMEOUT_MS | DB_STATEMENT_TIMEOUT_MS | 15000 ms when served; none for `flask` commands and job workers |
| LOG_JSON | LOG_JSON | true when served |
| PUBLIC_STUDY_SECONDS | SURVEY_PUBLIC_STUDY_SECONDS | 5 s (how long a respondent's pages reuse a study's row; the last page always reads it again) |
| PUBLIC_SUBMISSIONS_PER_HOUR | SURVEY_PUBLIC_SUBMISSIONS_PER_HOUR | 60 per address and study (a study may set its own) |
| UPLOAD_LIMIT | SURVEY_UPLOAD_LIMIT | 30 per hour per account |
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-not-secret"
PREFIX = "SURVEY"


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def defaults(instance_path: str) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(instance_path) / 'survey.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SECRET_KEY": DEV_SECRET_KEY,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "MAX_FORM_PARTS": 2000,  # fields in one form post (the editor of a large instrument)
        "WTF_CSRF_TIME_LIMIT": None,  # a respondent may take an hour on a slow phone
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": None,  # None: decided by configure() (secure unless debug/testing)
        "REMEMBER_COOKIE_SECURE": None,
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,  # a working day; logout ends it sooner everywhere
        "RATELIMIT_STORAGE_URI": None,  # None: Redis when REDIS_URL is set, else memory://
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down: keep serving (each worker limits on its own meanwhile) rather than fail every login
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "REDIS_URL": None,
        "TRUSTED_PROXIES": 0,
        "WORKERS": 1,
        "DB_CONNECT_TIMEOUT": 5,
        "DB_STATEMENT_TIMEOUT_MS": 15_000,
        "LOG_JSON": None,
        "UPLOAD_LIMIT": "30 per hour",
        "PUBLIC_STUDY_SECONDS": 5,  # survey/collect/public.py
        "PUBLIC_SUBMISSIONS_PER_HOUR": 60,  # per address and study, unless the study sets its own  # instrument, XLSForm and response files, per account
        "BABEL_DEFAULT_LOCALE": "id",
    }


# Older, short environment names -> (setting, how to read the text)
LEGACY_NAMES = {
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "SECRET_KEY": ("SECRET_KEY", str),
    "MAX_UPLOAD_BYTES": ("MAX_CONTENT_LENGTH", int),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "REDIS_URL": ("REDIS_URL", str),
    "SESSION_COOKIE_SECURE": ("SESSION_COOKIE_SECURE", _bool),
    "TRUSTED_PROXIES": ("TRUSTED_PROXIES", int),
    "WEB_CONCURRENCY": ("WORKERS", int),
    "DB_CONNECT_TIMEOUT": ("DB_CONNECT_TIMEOUT", int),
    "DB_STATEMENT_TIMEOUT_MS": ("DB_STATEMENT_TIMEOUT_MS", int),
    "LOG_JSON": ("LOG_JSON", _bool),
}


def from_environment(env: os._Environ | dict = os.environ) -> dict:
    config: dict = {}
    for name, (setting, read) in LEGACY_NAMES.items():
        if env.get(name):
            config[setting] = read(env[name])
    config.update(_prefixed(env))
    if config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    return config


def _prefixed(env) -> dict:
    """`SURVEY_NAME=value` -> {"NAME": value}; values read as JSON when they parse (as Flask's
    `from_prefixed_env` does, so `true` and `4` are a boolean and a number), else kept as text."""
    import json

    config = {}
    for name in sorted(env):
        if not name.startswith(PREFIX + "_"):
            continue
        value = env[name]
        try:
            value = json.loads(value)
        except ValueError:
            pass
        config[name[len(PREFIX) + 1:]] = value
    return config


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def finish(config: dict, debug: bool) -> None:
    """Fill the settings whose default depends on others (called once the sources are merged)."""
    relaxed = debug or bool(config.get("TESTING"))
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if config.get(key) is None:
            config[key] = not relaxed
    if config.get("LOG_JSON") is None:
        config["LOG_JSON"] = not relaxed
    if not config.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = config.get("REDIS_URL") or "memory://"
    uri = config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql"):
        # A down database fails fast instead of holding a worker; a hung query is cancelled.
        options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("connect_timeout", int(config["DB_CONNECT_TIMEOUT"]))
        if int(config["DB_STATEMENT_TIMEOUT_MS"] or 0) > 0:  # 0: none (command line, job workers)
            connect_args.setdefault("options", f"-c statement_timeout={int(config['DB_STATEMENT_TIMEOUT_MS'])}")
        options["connect_args"] = connect_args
        options.setdefault("pool_timeout", int(config["DB_CONNECT_TIMEOUT"]))
        config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def check(config: dict, debug: bool, host: str | None = None) -> None:
    """Refuse unsafe settings when the app is served.

    The development key is accepted only in tests and when the server listens on 127.0.0.1
    (`flask run` on a laptop): FLASK_DEBUG=1 alone no longer makes it acceptable, since a
    debug gunicorn on a public address would sign sessions with a key anyone can read.
    """
    if config.get("TESTING"):
        return
    if config.get("SECRET_KEY") in (None, "", DEV_SECRET_KEY) and host not in ("127.0.0.1", "localhost", "::1"):
        raise ConfigError("SECRET_KEY must be set in the environment when the app is served "
                          "(e.g. export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')); "
                          "the development key is only accepted by `flask run` on 127.0.0.1")
    if int(config.get("WORKERS") or 1) > 1 and str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory"):
        raise ConfigError(f"{config['WORKERS']} workers (WEB_CONCURRENCY) with in-memory rate limits: each "
                          "worker would count on its own. Set REDIS_URL (or RATELIMIT_STORAGE_URI=redis://...)")
