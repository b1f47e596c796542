"""Issue 11: each finding of the attacker/operator review, as a test that failed before the fix."""
from __future__ import annotations

import re
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from survey import create_app
from survey.config import ConfigError
from survey.models import Response
from tests.collect.test_api import PAYLOAD, enumerator_client  # noqa: F401  (fixture)
from tests.collect.test_questionnaire import DEMOGRAPHICS, KUAL, WAKTU, answer_until, post
from tests.conftest import PASSWORD, TEST_SECRET, csrf_from

ROOT = Path(__file__).resolve().parents[2]


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


# --- sessions ------------------------------------------------------------------------------

def _cookie(client) -> str:
    return client.get_cookie("session").value


def _researcher_page(client, cookie: str):
    _forget_loaded_user()
    client.set_cookie("session", cookie)
    return client.get("/studies/")


def _forget_loaded_user():
    """The fixture's app context (and its `g`) outlives requests in tests; in a server each
    request has its own, so Flask-Login asks the user loader again."""
    from flask import g
    g.pop("_login_user", None)


def test_logout_ends_a_copied_session_cookie(app, client, login_as):
    login_as("researcher")
    stolen = _cookie(client)
    home = client.get("/studies/")
    assert home.status_code == 200
    client.post("/logout", data={"csrf_token": csrf_from(home.text)})
    replay = _researcher_page(app.test_client(), stolen)
    assert replay.status_code == 302 and "/login" in replay.headers["Location"]


class Browser:
    """A test client whose every request has its own app context (so its own `g`), as in a
    server: the fixture's shared `g` would otherwise carry one client's user and CSRF token
    into another client's request."""

    def __init__(self, app):
        self.app, self.client = app, app.test_client()

    def get(self, *args, **kwargs):
        with self.app.app_context():
            return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        with self.app.app_context():
            return self.client.post(*args, **kwargs)

    def login(self, user):
        page = self.get("/login")
        response = self.post("/login", data={"email": user.email, "password": PASSWORD,
                                             "csrf_token": csrf_from(page.text)})
        assert response.status_code == 302
        return self


def test_password_change_deactivation_and_admin_logout_everywhere_end_sessions(app, db, make_user):
    from survey.auth.users import set_password
    researcher = make_user("researcher")
    laptop, phone = Browser(app).login(researcher), Browser(app)
    phone.client.set_cookie("session", _cookie(laptop.client))  # a copied cookie
    assert phone.get("/studies/").status_code == 200
    set_password(researcher, "kuda-lumping-merah-bulan")
    db.session.commit()
    assert laptop.get("/studies/").status_code == 302 and phone.get("/studies/").status_code == 302

    enumerator, admin = make_user("enumerator"), make_user("admin")
    device, office = Browser(app).login(enumerator), Browser(app).login(admin)
    assert device.get("/e/").status_code == 200
    token = csrf_from(office.get("/admin/users").text)
    assert office.post(f"/admin/users/{enumerator.id}/sessions", data={"csrf_token": token}).status_code == 302
    assert device.get("/e/").status_code == 302  # logged out everywhere

    device.login(enumerator)
    assert device.get("/e/").status_code == 200
    office.post(f"/admin/users/{enumerator.id}/active", data={"csrf_token": token})
    assert device.get("/e/").status_code == 302  # deactivated: the session ends at once


def test_session_binding_ignores_a_client_supplied_forwarded_for(app, make_user):
    """Without trusted proxies, X-Forwarded-For is the client's own claim: it neither binds the
    session (a thief could claim the victim's address) nor breaks it."""
    browser = Browser(app).login(make_user("researcher"))
    assert browser.get("/studies/", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 200
    assert browser.get("/studies/", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200


def test_secure_cookie_defaults_when_served(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-this-test")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.permanent_session_lifetime.total_seconds() <= 12 * 3600


# --- configuration, proxies, limits ----------------------------------------------------------

def test_dev_key_refused_when_served_even_in_debug(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_surveys_prefixed_environment_and_old_names(monkeypatch):
    from survey.config import from_environment
    config = from_environment({"SURVEY_TRUSTED_PROXIES": "1", "SURVEY_SESSION_COOKIE_SECURE": "false",
                               "MAX_UPLOAD_BYTES": "1234", "SURVEY_REDIS_URL": "redis://127.0.0.1:6379/11",
                               "WEB_CONCURRENCY": "4"})
    assert config["TRUSTED_PROXIES"] == 1 and config["SESSION_COOKIE_SECURE"] is False
    assert config["MAX_CONTENT_LENGTH"] == 1234 and config["WORKERS"] == 4
    assert config["REDIS_URL"] == "redis://127.0.0.1:6379/11"


def test_several_workers_with_memory_limits_refuse_to_start(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-this-test")
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    with pytest.raises(ConfigError, match="REDIS_URL"):
        create_app()
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/11")
    app = create_app()
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/11"


def test_proxy_fix_trusts_only_the_configured_hops(monkeypatch):
    from flask import request
    for hops, expected in ((0, "127.0.0.1"), (1, "203.0.113.9")):
        app = create_app({"TESTING": True, "TRUSTED_PROXIES": hops})
        app.add_url_rule("/_addr", "addr", lambda: request.remote_addr)
        client = app.test_client()
        got = client.get("/_addr", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"},
                         environ_base={"REMOTE_ADDR": "127.0.0.1"}).text
        assert got == expected


@pytest.fixture
def own_limiter():
    """Apps made in a test rebind the one module-level limiter to their storage; put it back."""
    from survey.extensions import limiter
    saved = dict(limiter.__dict__)
    yield limiter
    limiter.__dict__.clear()
    limiter.__dict__.update(saved)


@pytest.fixture
def counting_limiter(app, own_limiter, monkeypatch):
    """The test app runs with limits off; these tests switch them on, counting in memory."""
    from limits.storage import MemoryStorage
    from limits.strategies import FixedWindowRateLimiter
    own_limiter._storage = MemoryStorage()
    own_limiter._limiter = FixedWindowRateLimiter(own_limiter._storage)
    own_limiter.enabled = True
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    return own_limiter


def _redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/11")
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    client.flushdb()
    return client


def test_login_limit_holds_across_two_app_servers_on_redis(tmp_path, own_limiter):
    """Two apps (two gunicorns) on one Redis: 10 wrong passwords in total, then 429 on both."""
    from flask_migrate import upgrade

    from survey.extensions import db
    _redis_or_skip()
    apps = []
    for _ in range(2):
        app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "WTF_CSRF_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rl.sqlite3'}",
                          "RATELIMIT_ENABLED": True, "REDIS_URL": "redis://127.0.0.1:6379/11",
                          "RATELIMIT_STORAGE_URI": None})
        apps.append(app)
    with apps[0].app_context():
        upgrade()
    statuses = [apps[i % 2].test_client().post("/login", data={"email": "x@contoh.id", "password": "salah"}).status_code
                for i in range(12)]
    assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_a_down_redis_does_not_turn_logins_into_500s(tmp_path, own_limiter):
    from flask_migrate import upgrade

    from survey.extensions import db
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'down.sqlite3'}",
                      "RATELIMIT_ENABLED": True, "REDIS_URL": "redis://127.0.0.1:9/0", "RATELIMIT_STORAGE_URI": None})
    with app.app_context():
        upgrade()
        response = app.test_client().post("/login", data={"email": "x@contoh.id", "password": "salah"})
        db.engine.dispose()
    assert response.status_code == 401


def test_public_submissions_per_address_follow_the_study_setting(app, client, db, make_study, counting_limiter):
    study = make_study()
    study.submissions_per_hour = 1
    db.session.commit()
    answer_until(client, study, 5)
    assert count(db) == 1
    second = Browser(app)  # another respondent behind the same address
    for number, data in enumerate([{}, DEMOGRAPHICS, KUAL, WAKTU, {"saran": "Antrean panjang."}], start=1):
        page = second.get(f"/s/{study.slug}/" if number == 1 else f"/s/{study.slug}/{number}")
        refused = second.post(f"/s/{study.slug}/" if number == 1 else f"/s/{study.slug}/{number}",
                              data=data | {"csrf_token": csrf_from(page.text)})
        if number < 5:
            assert refused.status_code == 303, (number, refused.text[:300])
    assert refused.status_code == 429 and "Terlalu banyak jawaban" in refused.text
    assert count(db) == 1


def test_uploads_are_limited_per_account(app, client, login_as, monkeypatch, counting_limiter):
    from io import BytesIO

    monkeypatch.setitem(app.config, "UPLOAD_LIMIT", "2 per hour")
    login_as("researcher")
    statuses = []
    for _ in range(3):
        token = csrf_from(client.get("/studies/new").text)
        statuses.append(client.post("/studies/new", data={
            "csrf_token": token, "template": "", "instrument": (BytesIO(b"title: [unclosed"), "x.yaml")},
            content_type="multipart/form-data").status_code)
    assert statuses[2] == 429 and 429 not in statuses[:2]


# --- hostile input at the edge ---------------------------------------------------------------

# Guards, not benchmarks: an expanded alias bomb or a quadratic field parser takes minutes, so a
# generous bound (10 s) still fails on them while a busy 2-core CI machine passes.
BOUNDED_SECONDS = 10


def test_nested_yaml_aliases_are_refused_quickly():
    from survey.instruments import InstrumentError, load_instrument
    laughs = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))
    assert len(laughs) < 2500
    for text in (laughs, "[" * 50_000 + "]" * 50_000, 'title: "a\\0b"', "a: &a [*a]"):
        started = time.perf_counter()
        with pytest.raises(InstrumentError):
            load_instrument(text)
        assert time.perf_counter() - started < BOUNDED_SECONDS


def test_editor_field_names_are_bounded(app, client, db, make_study, login_as):
    researcher = login_as("researcher")
    study = make_study(status="draft")
    study.owner_id = researcher.id
    db.session.commit()
    page = client.get(f"/studies/{study.slug}/instrument")
    token = csrf_from(page.text)
    for field in ("dimensions[50000000].name", "!!!", "title[0]", "dimensions.name", "a" * 5000,
                  "dimensions[0].nama"):
        started = time.perf_counter()
        response = client.post(f"/studies/{study.slug}/instrument", data={"csrf_token": token, field: "x"})
        assert response.status_code == 400, field
        assert time.perf_counter() - started < BOUNDED_SECONDS
    deleted = client.post(f"/studies/{study.slug}/instrument",
                          data={"csrf_token": token, "action": "delete:dimensions[40]"})
    assert deleted.status_code == 400
    from survey.studies.editor import document_from_fields
    for odd in ("²", "--3", "9" * 5000):  # stay text, so the parser reports them at their field
        assert document_from_fields({"scale.points": odd})["scale"]["points"] == odd


@pytest.mark.parametrize("where", ["answer", "slug", "login", "token"])
def test_nul_bytes_are_a_400_everywhere(client, db, make_study, where):
    study = make_study()
    if where == "answer":
        response = client.post(f"/s/{study.slug}/", data={"consent": "yes\x00", "csrf_token": "x"})
    elif where == "slug":
        response = client.get("/s/a%00b/")
    elif where == "login":
        response = client.post("/login", data={"email": "a\x00@contoh.id", "password": "x"})
    else:
        response = client.get(f"/s/{study.slug}/?t=ab%00cd")
    assert response.status_code == 400
    assert "tidak diizinkan" in response.text


@pytest.mark.parametrize("value", ["--3", "²", "9" * 5000, "٣", " 4 4 "])
def test_odd_numbers_in_the_form_are_refused_with_a_message(client, db, make_study, value):
    study = make_study()
    answer_until(client, study, 2)
    response = post(client, study, 3, {"Q1": value, "Q2": "3"})
    assert response.status_code == 422 and "Isikan angka bulat" in response.text


@pytest.fixture
def api(enumerator_client):
    return enumerator_client


def _fresh(**change):
    return PAYLOAD | {"uuid": str(uuid.uuid4())} | change


@pytest.mark.parametrize("body, status", [
    (_fresh(consent="false"), 400),
    (_fresh(consent=0), 400),
    (_fresh(answers=PAYLOAD["answers"] | {"Q1": "4"}), 400),
    (_fresh(answers=PAYLOAD["answers"] | {"Q1": True}), 400),
    (_fresh(answers=PAYLOAD["answers"] | {"Q1": "--3"}), 400),
    (_fresh(demographics={"gender": "Perempuan", "age": "²"}), 422),
    (_fresh(demographics={"gender": "Perempuan", "age": "9" * 5000}), 422),
    (_fresh(open_answers={"saran": "a\x00b"}), 400),
    (_fresh(open_answers={"saran": "\ud800"}), 400),
    (_fresh(started_at="0001-01-01T00:00:00+00:00"), 422),
    (_fresh(finished_at="10000-01-01T00:00:00+00:00"), 400),
    (_fresh(finished_at="2000-01-01T00:00:00+00:00"), 422),
    (_fresh(finished_at="2026-11-20T09:21:30"), 400),  # no offset
    (_fresh(finished_at=(datetime.now(timezone.utc) + timedelta(days=3)).isoformat()), 422),
])
def test_api_refuses_hostile_values_with_4xx_and_stores_nothing(api, db, body, status):
    response = api(body)
    assert response.status_code == status, response.json
    assert response.json["message"]
    assert count(db) == 0


def test_api_refuses_json_nested_50000_deep_and_a_5000_digit_number(api, client, db):
    deep = "[" * 50_000 + "]" * 50_000
    for raw in (deep, '{"uuid": "%s", "answers": {"Q1": %s}}' % (uuid.uuid4(), "9" * 5000)):
        response = client.post(f"/api/v1/studies/{api.study.slug}/responses", data=raw,
                               content_type="application/json", headers=_csrf_headers(client, api))
        assert response.status_code == 400, response.text
    assert count(db) == 0


def _csrf_headers(client, api) -> dict:
    html = client.get(f"/e/{api.study.slug}/").text
    return {"X-CSRFToken": html.split('data-csrf="', 1)[1].split('"', 1)[0]}


def test_closed_study_refuses_a_backdated_interview(api, db):
    study = api.study
    study.status, study.closed_at = "closed", datetime.now(timezone.utc) - timedelta(minutes=5)
    db.session.commit()
    response = api(_fresh(started_at="2000-01-01T08:00:00+00:00", finished_at="2000-01-01T09:00:00+00:00"))
    assert response.status_code == 422 and count(db) == 0


def test_a_bad_shared_token_link_does_not_break_the_public_link(client, make_study):
    study = make_study()
    assert client.get(f"/s/{study.slug}/?t=salah-salah").status_code == 404
    assert client.get(f"/s/{study.slug}/").status_code == 200


# --- headers, passwords ----------------------------------------------------------------------

def test_security_headers_and_no_store(client, owned_study):
    study = owned_study()
    for path in ("/", "/login", f"/s/{study.slug}/", "/studies/", f"/studies/{study.slug}/export/csv"):
        response = client.get(path)
        assert response.status_code in (200, 302), path
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Request-ID"]
    for path in ("/studies/", f"/studies/{study.slug}/export/csv", f"/studies/{study.slug}/"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


def test_templates_have_no_inline_script_for_the_csp_to_block():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert "javascript:" not in text, template


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "password123", "1234567890", "qwertyuiop"])
def test_guessable_passwords_are_refused(db, app, password):
    from survey.auth.users import AccountError, create_user
    with pytest.raises(AccountError, match="mudah ditebak"):
        create_user(db.session, "peneliti@contoh.id", password, "researcher")


# --- health, failure, logs -------------------------------------------------------------------

def test_healthz_and_readyz(client):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["status"] == "ready"


def test_unreachable_database_is_a_503_with_retry_after(monkeypatch):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:9/none",
                      "DB_CONNECT_TIMEOUT": 1})
    client = app.test_client()
    started = time.perf_counter()
    page = client.get("/s/survei-kepuasan/")
    assert page.status_code == 503 and page.headers["Retry-After"]
    assert "tidak dapat dihubungi" in page.text
    api = client.post("/api/v1/studies/x/responses", json={}, headers={"Accept": "application/json"})
    assert api.status_code in (400, 401, 503)
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json["database"] == "unreachable"
    assert time.perf_counter() - started < 10


def test_postgresql_connections_carry_connect_and_statement_timeouts():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@h/db",
                      "DB_STATEMENT_TIMEOUT_MS": 1234})
    connect_args = app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]
    assert connect_args["connect_timeout"] == 5 and "statement_timeout=1234" in connect_args["options"]


@pytest.mark.postgresql
def test_a_hung_query_is_cancelled_and_answered_503(app, db):
    """A query that hangs is cancelled by the statement timeout and answered 503 quickly,
    instead of holding the worker (30 s before)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    from sqlalchemy import text

    from survey.extensions import db as app_db
    assert db.session.execute(text("SHOW statement_timeout")).scalar() == "15s"
    slow = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": str(db.engine.url.render_as_string(False)),
                       "DB_STATEMENT_TIMEOUT_MS": 300})
    slow.add_url_rule("/api/_hung", "hung", lambda: str(app_db.session.execute(text("SELECT pg_sleep(5)")).scalar()))
    started = time.perf_counter()
    with slow.app_context():
        response = slow.test_client().get("/api/_hung")
        app_db.engine.dispose()
    assert response.status_code == 503 and response.headers["Retry-After"] and response.json["status"] == "unavailable"
    assert time.perf_counter() - started < 3


def test_json_log_lines_carry_the_request_id(app):
    import json
    import logging

    from flask import g

    from survey.edge import JSONFormatter
    record = logging.LogRecord("survey.request", logging.INFO, __file__, 1, "request", None, None)
    record.status, record.path = 201, "/api/v1/studies/x/responses"
    with app.test_request_context("/"):
        g.request_id = "abc123def456"
        line = json.loads(JSONFormatter().format(record))
    assert line["request_id"] == "abc123def456" and line["status"] == 201 and line["level"] == "INFO"


@pytest.mark.parametrize("moment", ["0001-01-01", "10000-01-01", "0001-01-01T10:15"])
def test_csv_import_refuses_dates_of_year_1_or_10000(db, make_study, moment):
    from survey.collect.csv_import import ImportError_, import_responses
    from survey.studies.service import instrument_of
    study = make_study()
    csv = f"Q1,Q2,Q3,Q4,gender,submitted_at\n4,2,5,4,Perempuan,{moment}\n"
    with pytest.raises(ImportError_) as refused:
        import_responses(db.session, study, instrument_of(study), csv)
    assert any("submitted_at" in line for line in refused.value.problems), refused.value.problems
    db.session.rollback()
    assert count(db) == 0


def test_command_line_and_job_workers_run_without_the_statement_timeout(tmp_path, monkeypatch):
    """Imports, reports and scores from `flask` commands, and jobs in an rq worker, may take
    minutes on a large study; only served requests are cut at DB_STATEMENT_TIMEOUT_MS."""
    import click

    from survey import create_app
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    served = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": TEST_SECRET, "TESTING": True})
    assert "statement_timeout=15000" in served.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"]
    with click.Context(click.Command("scores"), info_name="scores"):
        command_line = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    assert "options" not in command_line.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]
    worker = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": TEST_SECRET, "TESTING": True,
                         "DB_STATEMENT_TIMEOUT_MS": 0})
    assert "options" not in worker.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]
