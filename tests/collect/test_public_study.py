"""A respondent's pages reuse the study's row for a few seconds (survey/collect/public.py): no
page but the last touches the database, and the last reads the study again, so a study closed
meanwhile stores nothing. The session cookie keeps Flask's format with a serializer built once."""
from __future__ import annotations

import pytest
from sqlalchemy import event, func, select, update

from survey.models import Response, Study
from tests.collect.test_questionnaire import DEMOGRAPHICS, KUAL, OPEN, WAKTU, post, url


@pytest.fixture
def cached_studies(app):
    """The production setting: studies kept for a minute (the suite's default is 0); other tests'
    studies, of the same slugs in the emptied database, are forgotten first."""
    from survey.collect.public import forget
    forget()
    app.config["PUBLIC_STUDY_SECONDS"] = 60
    yield
    app.config["PUBLIC_STUDY_SECONDS"] = 0


@pytest.fixture
def statements(db):
    """SQL statements sent to the database while the test runs."""
    seen: list[str] = []

    def listen(_connection, _cursor, statement, *_):
        seen.append(statement)
    event.listen(db.engine, "before_cursor_execute", listen)
    yield seen
    event.remove(db.engine, "before_cursor_execute", listen)


def test_pages_before_the_last_need_no_database(client, db, make_study, cached_studies, statements):
    study = make_study()
    assert client.get(url(study)).status_code == 200  # reads the study once
    statements.clear()
    for number, data in enumerate([{"consent": "yes"}, DEMOGRAPHICS, KUAL, WAKTU], start=1):
        assert post(client, study, number, data).status_code == 303  # a GET and a POST each
    assert statements == []
    final = post(client, study, 5, OPEN)
    assert final.status_code == 303 and final.headers["Location"].endswith("/selesai")
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert any("INSERT INTO response" in s for s in statements)


def test_a_study_closed_meanwhile_refuses_the_last_page_and_stores_nothing(client, db, make_study, cached_studies):
    study = make_study()
    for number, data in enumerate([{"consent": "yes"}, DEMOGRAPHICS, KUAL, WAKTU], start=1):
        assert post(client, study, number, data).status_code == 303
    # Closed behind the cache's back (another app server, or a command): the pages still show for
    # a few seconds, but the last one reads the study again in the storing transaction.
    db.session.execute(update(Study).where(Study.id == study.id).values(status="closed"))
    db.session.commit()
    assert client.get(url(study, 5)).status_code == 200
    final = post(client, study, 5, OPEN)
    assert final.status_code == 410 and "sudah ditutup" in final.text
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_closing_it_in_this_process_is_seen_at_once(client, db, make_study, login_as, cached_studies):
    from tests.conftest import csrf_from
    study = make_study()
    owner = login_as("researcher")
    study.owner_id = owner.id
    db.session.commit()
    respondent = client.application.test_client()
    assert respondent.get(url(study)).status_code == 200  # cached as open
    page = client.get(f"/studies/{study.slug}/")
    answer = client.post(f"/studies/{study.slug}/collection", data={
        "csrf_token": csrf_from(page.text), "status": "closed", "access": "public", "submissions_per_hour": ""})
    assert answer.status_code == 302
    assert respondent.get(url(study)).status_code == 410


def test_session_cookies_keep_flasks_format_and_build_the_signer_once(app):
    from flask.sessions import SecureCookieSessionInterface

    from survey.auth.sessions import SignedCookieSessions
    ours = app.session_interface
    assert isinstance(ours, SignedCookieSessions)
    assert ours.get_signing_serializer(app) is ours.get_signing_serializer(app)
    value = {"_flashes": [("error", "Sesi berakhir.")], "q": {"3": {"u": "abc", "a": {"Q1": 5}}}, "raw": b"\x00\x01"}
    flask_cookie = SecureCookieSessionInterface().get_signing_serializer(app).dumps(value)
    assert ours.get_signing_serializer(app).loads(flask_cookie) == value  # tuples and bytes kept
    assert SecureCookieSessionInterface().get_signing_serializer(app).loads(
        ours.get_signing_serializer(app).dumps(value)) == value
