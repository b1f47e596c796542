"""Shared fixtures: `app`, `client`, `runner`, `db`, and builders with defaults.

The schema is created once per run by the real Alembic migrations (so they are exercised on
every run) on SQLite by default, or on PostgreSQL when TEST_DATABASE_URL is set
(`.ci/run` does both). Every test starts from empty tables.
"""
from __future__ import annotations

import copy
import os
import warnings

import pytest
from sqlalchemy import text

from survey import create_app
from survey.extensions import db as _db
from survey.models import Base

TEST_SECRET = "test-secret-key"


def pytest_configure(config):
    # Warnings are errors: a deprecation today is a failure tomorrow.
    config.addinivalue_line("filterwarnings", "error")
    # Third-party noise we cannot fix here.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:pyreadstat.*")
    config.addinivalue_line("markers", "browser: needs a real headless Chromium")
    config.addinivalue_line("markers", "postgresql: only meaningful on PostgreSQL")


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": _normalise(database_url(tmp_path_factory)),
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
        # Tests change studies behind the views' backs; the respondent pages' study cache
        # (survey/collect/public.py) is tested on its own (tests/collect/test_public_study.py).
        "PUBLIC_STUDY_SECONDS": 0,
    })
    with app.app_context():
        _reset_schema(app)
    yield app
    with app.app_context():
        _db.engine.dispose()  # close pooled connections before the interpreter does


def _normalise(url: str) -> str:
    from survey.config import normalise_database_url
    return normalise_database_url(url)


def _reset_schema(app) -> None:
    """Drop everything, then build the schema with the real migrations."""
    from flask_migrate import upgrade
    engine = _db.engine
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade()


@pytest.fixture
def app(_app):
    with _app.app_context():
        yield _app
        _db.session.rollback()
        _db.session.remove()
        _empty_tables()


def _empty_tables() -> None:
    with _db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def db(app):
    return _db


def stored_answers(session) -> list[tuple[str, str, int, int]]:
    """Every stored Likert answer, decoded from the answer sheets: (response uuid, item code,
    side, value) by response, side and statement; missing answers are not listed."""
    from sqlalchemy import select

    from survey.models import AnswerSheet, Item, Response, sheet_values
    codes: dict[int, list[str]] = {}
    for study_id, code in session.execute(select(Item.study_id, Item.code).order_by(Item.study_id, Item.position)):
        codes.setdefault(study_id, []).append(code)
    sheets = session.execute(select(Response.uuid, AnswerSheet.study_id, AnswerSheet.side, AnswerSheet.answers)
                             .join(Response, Response.id == AnswerSheet.response_id)
                             .order_by(AnswerSheet.response_id, AnswerSheet.side))
    return [(uuid, codes[study_id][position], side, value) for uuid, study_id, side, text in sheets
            for position, value in enumerate(sheet_values(text)) if value is not None]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


MINIMAL_INSTRUMENT = {
    "format": "survey-instrument/1",
    "title": "Persepsi Masyarakat tentang Kinerja Aparatur Kecamatan",
    "institution": "Kantor Kecamatan Contoh",
    "language": "id",
    "scale": {"points": 5, "labels": ["Sangat Tidak Setuju", "Tidak Setuju", "Ragu-ragu",
                                      "Setuju", "Sangat Setuju"]},
    "method": "mean_interval",
    "dimensions": [
        {"code": "KUAL", "name": "Kualitas Kerja", "indicators": [
            {"code": "KUAL-1", "name": "Ketelitian pelayanan", "items": [
                {"code": "Q1", "text": "Petugas memeriksa berkas saya dengan teliti."},
                {"code": "Q2", "text": "Saya harus kembali karena kesalahan petugas.", "reverse": True},
            ]}]},
        {"code": "WAKTU", "name": "Ketepatan Waktu", "indicators": [
            {"code": "WAKTU-1", "name": "Kecepatan penyelesaian", "items": [
                {"code": "Q3", "text": "Urusan saya selesai sesuai waktu yang dijanjikan."},
                {"code": "Q4", "text": "Petugas datang tepat waktu."},
            ]}]},
    ],
    "demographics": [
        {"code": "gender", "label": "Jenis Kelamin", "type": "choice",
         "choices": ["Laki-laki", "Perempuan"], "required": True},
        {"code": "age", "label": "Usia", "type": "integer", "min": 17, "max": 100},
    ],
    "open_questions": [{"code": "saran", "label": "Saran dan masukan untuk kantor kecamatan"}],
}


MINIMAL_YAML = """\
format: survey-instrument/1
title: Persepsi Masyarakat tentang Kinerja Aparatur Kecamatan
institution: Kantor Kecamatan Contoh
language: id
scale:
  points: 5
  labels: [Sangat Tidak Setuju, Tidak Setuju, Ragu-ragu, Setuju, Sangat Setuju]
method: mean_interval
dimensions:
  - code: KUAL
    name: Kualitas Kerja
    indicators:
      - code: KUAL-1
        name: Ketelitian pelayanan
        items:
          - code: Q1
            text: Petugas memeriksa berkas saya dengan teliti.
          - code: Q2
            text: Saya harus kembali karena kesalahan petugas.
            reverse: true
demographics:
  - code: gender
    label: Jenis Kelamin
    type: choice
    choices: [Laki-laki, Perempuan]
  - code: age
    label: Usia
    type: integer
    min: 17
    max: 100
open_questions:
  - code: saran
    label: Saran dan masukan untuk kantor kecamatan
"""


def instrument_doc(**overrides) -> dict:
    """The minimal instrument as a dict, with top-level keys overridden."""
    doc = copy.deepcopy(MINIMAL_INSTRUMENT)
    doc.update(overrides)
    return doc


@pytest.fixture
def make_study(app):
    """Builder: make_study(status="open", **instrument overrides) -> Study (committed)."""
    from survey.instruments import build_instrument
    from survey.studies.service import create_study

    def build(status: str = "open", slug: str | None = None, **overrides):
        study = create_study(_db.session, build_instrument(instrument_doc(**overrides)),
                             status=status, slug=slug)
        _db.session.commit()
        return study
    return build


PASSWORD = "kata-sandi-rahasia"


@pytest.fixture
def make_user(app):
    """Builder: make_user(role="researcher", email=None) -> User (committed), password PASSWORD."""
    from survey.auth.users import create_user
    counter = iter(range(1, 10_000))

    def build(role: str = "researcher", email: str | None = None, name: str = ""):
        user = create_user(_db.session, email or f"{role}{next(counter)}@contoh.id", PASSWORD, role, name)
        _db.session.commit()
        return user
    return build


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    import re
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no csrf_token on the page"
    return match.group(1)


@pytest.fixture
def login_as(client, make_user):
    """login_as(role_or_user) logs in through the real login form; returns the user."""
    def login(who="researcher"):
        user = make_user(who) if isinstance(who, str) else who
        page = client.get("/login")
        response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                               "csrf_token": csrf_from(page.get_data(as_text=True))})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user
    return login


@pytest.fixture
def owned_study(db, make_study, make_user, login_as):
    """owned_study(csv=None) -> a study owned by a logged-in researcher, with responses imported."""
    def build(csv: str | None = None):
        from survey.collect.csv_import import import_responses
        from survey.studies.service import instrument_of
        researcher = make_user("researcher")
        study = make_study()
        study.owner_id = researcher.id
        if csv:
            import_responses(db.session, study, instrument_of(study), csv)
        db.session.commit()
        login_as(researcher)
        return study
    return build
