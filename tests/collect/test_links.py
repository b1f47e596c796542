"""Single-use respondent links, the study's access mode, and QR codes."""
from __future__ import annotations

import csv
import io
import re

from sqlalchemy import func, select

from survey.collect.links import generate_tokens, redeem_token
from survey.models import RespondentToken, Response
from tests.conftest import csrf_from


def answer_all(client, study, query=""):
    """Walk the questionnaire with valid answers; returns the last response."""
    url = f"/s/{study.slug}/"
    page = client.get(url + query)
    if page.status_code != 200:
        return page
    response = client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    steps = [{"gender": "Laki-laki"}, {"Q1": "4", "Q2": "2"}, {"Q3": "5", "Q4": "4"}, {"saran": "Baik"}]
    for number, data in enumerate(steps, start=2):
        page = client.get(f"/s/{study.slug}/{number}")
        response = client.post(f"/s/{study.slug}/{number}",
                               data=data | {"csrf_token": csrf_from(page.get_data(as_text=True))})
    return response


def count(db):
    return db.session.scalar(select(func.count()).select_from(Response))


def test_a_token_accepts_exactly_one_submission(app, db, make_study):
    study = make_study()
    token = generate_tokens(db.session, study, 1)[0]
    db.session.commit()
    first = answer_all(app.test_client(), study, f"?t={token}")
    assert first.status_code == 303 and first.headers["Location"].endswith("/selesai")
    assert count(db) == 1
    row = db.session.scalar(select(RespondentToken))
    assert row.response_id is not None and row.used_at is not None
    second = app.test_client().get(f"/s/{study.slug}/?t={token}")
    assert second.status_code == 410 and "sudah digunakan" in second.get_data(as_text=True)
    assert count(db) == 1


def test_redeem_is_atomic(db, make_study):
    study = make_study()
    token = generate_tokens(db.session, study, 1)[0]
    ids = [db.session.execute(Response.__table__.insert().values(
        study_id=study.id, uuid=f"u{i}", channel="link", consent=True, simulated=False)).inserted_primary_key[0]
        for i in range(2)]
    assert redeem_token(db.session, study, token, ids[0]) is True
    assert redeem_token(db.session, study, token, ids[1]) is False


def test_tokens_only_study_refuses_the_open_link_and_unknown_tokens(app, db, make_study):
    study = make_study()
    study.access = "tokens"
    db.session.commit()
    open_link = app.test_client().get(f"/s/{study.slug}/")
    assert open_link.status_code == 403 and "tautan pribadi" in open_link.get_data(as_text=True)
    unknown = app.test_client().get(f"/s/{study.slug}/?t=tidak-ada")
    assert unknown.status_code == 404
    token = generate_tokens(db.session, study, 1)[0]
    db.session.commit()
    assert answer_all(app.test_client(), study, f"?t={token}").status_code == 303
    assert count(db) == 1


def test_researcher_creates_tokens_downloads_links_and_qr_codes(client, db, owned_study):
    study = owned_study()
    page = client.get(f"/studies/{study.slug}/")
    response = client.post(f"/studies/{study.slug}/tokens",
                           data={"count": "3", "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 302
    download = client.get(f"/studies/{study.slug}/tokens.csv")
    assert download.data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert len(rows) == 3 and all(re.search(rf"/s/{study.slug}/\?t=", r["link"]) for r in rows)
    svg = client.get(f"/studies/{study.slug}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.data.startswith(b"<svg")
    png = client.get(f"/studies/{study.slug}/qr.png", query_string={"t": rows[0]["token"]})
    assert png.mimetype == "image/png" and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/studies/{study.slug}/qr.png", query_string={"t": "palsu"}).status_code == 404
    too_many = client.post(f"/studies/{study.slug}/tokens",
                           data={"count": "999999", "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert too_many.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(RespondentToken)) == 3


def test_closing_and_opening_collection(client, db, owned_study):
    study = owned_study()
    page = client.get(f"/studies/{study.slug}/")
    client.post(f"/studies/{study.slug}/collection", data={
        "status": "closed", "access": "public", "csrf_token": csrf_from(page.get_data(as_text=True))})
    db.session.refresh(study)
    assert study.status == "closed" and study.closed_at is not None
    assert client.get(f"/s/{study.slug}/").status_code == 410
