"""What every request passes on its way in and out, whatever the route.

In: a request id; hostile text refused before any view sees it (NUL bytes, unpaired
surrogates, JSON nested deeper than any real document); upload and public-submission limits.
Out: security headers, `Cache-Control: no-store` on pages that are not public, one JSON log
line per request.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest, TooManyRequests

MAX_JSON_DEPTH = 32  # the deepest real body is 3 (response -> answers -> value)
_HOSTILE = re.compile("[\x00\ud800-\udfff]")  # NUL, and surrogates that pair with nothing

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
# Pages with nothing personal on them; every other response (the questionnaire with its answers,
# researcher pages, exports, the API) is marked no-store.
PUBLIC_ENDPOINTS = {"collect.thanks", "home.index", "health.healthz", "health.readyz"}

log = logging.getLogger("survey.request")


class HostileInput(BadRequest):
    """Text no person types: refused with 400 and an Indonesian message."""
    text = ("Permintaan berisi karakter yang tidak diizinkan (karakter NUL atau surrogate Unicode "
            "tanpa pasangan). Tidak ada yang disimpan.",
            "The request holds characters that are not allowed (NUL or an unpaired surrogate). "
            "Nothing was stored.")
    description = text[0]


class Limited(TooManyRequests):
    """Over a limit: 429 with the sentence given (Indonesian, English)."""

    def __init__(self, indonesian: str, english: str):
        super().__init__(indonesian)
        self.text = (indonesian, english)


def hostile(text: str) -> bool:
    return bool(_HOSTILE.search(text))


def check_json_value(value, depth: int = 0) -> None:
    """Raise ValueError for a JSON value nested too deep or holding hostile text."""
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, str):
        if hostile(value):
            raise ValueError("JSON text with a NUL byte or an unpaired surrogate")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_json_value(key, depth + 1)
            check_json_value(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_json_value(item, depth + 1)


class GuardedJSONProvider(DefaultJSONProvider):
    """request.get_json() through this: a hostile body is a ValueError, which Flask and the
    API already turn into a 400, instead of a RecursionError (500) or text PostgreSQL refuses."""

    def loads(self, s, **kwargs):
        try:
            value = json.loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deep") from None
        check_json_value(value)
        return value


def init_edge(app: Flask) -> None:
    app.json = GuardedJSONProvider(app)
    # First of all hooks, before CSRF and the limiter read the form: hostile text gets its own 400.
    app.before_request_funcs.setdefault(None, [])[:0] = [_start, _refuse_hostile_text]
    app.before_request(_limit_uploads)
    app.after_request(_headers)
    app.after_request(_log_request)
    configure_logging(app)


def _start() -> None:
    g.started = time.perf_counter()
    given = request.headers.get("X-Request-ID", "") if _behind_proxy() else ""
    # Only a trusted proxy's id is kept (and only a sane one), so logs cannot be forged.
    g.request_id = given if re.fullmatch(r"[A-Za-z0-9._-]{8,64}", given) else uuid.uuid4().hex


def _behind_proxy() -> bool:
    from flask import current_app
    return int(current_app.config.get("TRUSTED_PROXIES") or 0) > 0


def _refuse_hostile_text() -> None:
    if hostile(request.path):
        raise HostileInput()
    for key, value in request.args.items(multi=True):
        if hostile(key) or hostile(value):
            raise HostileInput()
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        for key, value in request.form.items(multi=True):
            if hostile(key) or hostile(value):
                raise HostileInput()


def _limit_uploads() -> None:
    """Uploads (instrument files, XLSForms, response files) are the costly posts: a few per hour."""
    if request.method != "POST" or request.mimetype != "multipart/form-data" or not request.files:
        return
    from flask import current_app
    from flask_login import current_user
    from limits import parse

    from .extensions import client_address, limiter
    if not limiter.enabled or not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    who = f"user{current_user.id}" if current_user.is_authenticated else client_address()
    if not _hit(parse(current_app.config["UPLOAD_LIMIT"]), "upload", who):
        raise Limited("Terlalu banyak unggahan dalam satu jam. Coba lagi nanti.",
                      "Too many uploads within an hour. Try again later.")


def check_public_submission(study) -> None:
    """Refuse (429) one address's submissions over the study's hourly limit.

    A village office shares one address between many respondents, so the limit is a study
    setting (`Study.submissions_per_hour`), defaulting to PUBLIC_SUBMISSIONS_PER_HOUR.
    """
    from flask import current_app
    from limits import parse

    from .extensions import client_address, limiter
    if not limiter.enabled or not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    per_hour = study.submissions_per_hour or current_app.config["PUBLIC_SUBMISSIONS_PER_HOUR"]
    if not _hit(parse(f"{int(per_hour)} per hour"), "public", str(study.id), client_address()):
        raise Limited("Terlalu banyak jawaban dari alamat ini dalam satu jam. "
                      "Jawaban Anda belum tersimpan; coba lagi nanti.",
                      "Too many answers from this address within an hour. Yours is not stored yet; try later.")


def _hit(limit, *keys: str) -> bool:
    """Count one hit; True while under the limit. Storage down: allowed (and logged), like the
    route limits with RATELIMIT_SWALLOW_ERRORS."""
    from .extensions import limiter
    try:
        return limiter.limiter.hit(limit, *keys)
    except Exception:  # noqa: BLE001  (redis errors of any kind)
        log.warning("rate-limit storage unavailable; %s not counted", keys[0])
        return True


def _headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # same-origin, not no-referrer: Flask-WTF checks the Referer of HTTPS form posts.
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint != "static" and request.endpoint not in PUBLIC_ENDPOINTS:
        # researcher pages, exports, the API: personal data never stays in a shared cache
        headers["Cache-Control"] = "no-store"
    if "request_id" in g:
        headers["X-Request-ID"] = g.request_id
    return response


def _log_request(response):
    if request.endpoint in ("static", "health.healthz"):
        return response
    started = g.get("started")
    log.info("request", extra={"method": request.method, "path": request.path,
                               "status": response.status_code,
                               "ms": round((time.perf_counter() - started) * 1000, 1) if started else None})
    return response


class JSONFormatter(logging.Formatter):
    """One JSON object per line: what log collectors read without a parsing rule."""

    FIELDS = ("method", "path", "status", "ms")

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage()}
        try:
            entry["request_id"] = g.request_id
        except (AttributeError, RuntimeError):  # outside a request
            pass
        entry.update({key: getattr(record, key) for key in self.FIELDS if hasattr(record, key)})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(app: Flask) -> None:
    if not app.config.get("LOG_JSON"):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JSONFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    app.logger.handlers = []  # propagate to the root's JSON handler
