"""The JSON submission API: exactly once, validated like the web form."""
from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from survey.models import Response
from tests.conftest import csrf_from, stored_answers

NOW = datetime.now(timezone(timedelta(hours=8)))  # an enumerator in WITA; the study opened two days ago
PAYLOAD = {"answers": {"Q1": 4, "Q2": 2, "Q3": 5, "Q4": 4}, "demographics": {"gender": "Perempuan", "age": "34"},
           "open_answers": {"saran": "Antrean di loket dua terlalu panjang."}, "consent": True,
           "started_at": (NOW - timedelta(minutes=70)).isoformat(timespec="seconds"),
           "finished_at": (NOW - timedelta(minutes=60)).isoformat(timespec="seconds"),
           "channel": "enumerator"}


@pytest.fixture
def enumerator_client(client, make_study, make_user, login_as, db):
    study = make_study()
    study.published_at = (NOW - timedelta(days=2)).astimezone(timezone.utc)
    enumerator = make_user("enumerator")
    study.enumerators.append(enumerator)
    db.session.commit()
    login_as(enumerator)
    page = client.get(f"/e/{study.slug}/")
    assert page.status_code == 200
    token = csrf_from(page.get_data(as_text=True)) if 'name="csrf_token"' in page.get_data(as_text=True) else None
    html = page.get_data(as_text=True)
    token = html.split('data-csrf="', 1)[1].split('"', 1)[0]

    def send(payload, slug=None):
        return client.post(f"/api/v1/studies/{slug or study.slug}/responses", json=payload,
                           headers={"X-CSRFToken": token})
    send.study, send.enumerator, send.client, send.token = study, enumerator, client, token
    return send


def count(db, model=Response):
    return db.session.scalar(select(func.count()).select_from(model))


def test_created_then_identical_resend_then_conflict(enumerator_client, db):
    payload = PAYLOAD | {"uuid": str(uuid.uuid4())}
    first = enumerator_client(payload)
    assert first.status_code == 201 and first.json["status"] == "created"
    again = enumerator_client(payload)
    assert again.status_code == 200 and again.json["status"] == "duplicate"
    changed = payload | {"answers": PAYLOAD["answers"] | {"Q1": 1}}
    conflict = enumerator_client(changed)
    assert conflict.status_code == 409
    assert count(db) == 1 and len(stored_answers(db.session)) == 4
    response = db.session.scalar(select(Response))
    assert response.channel == "enumerator" and response.enumerator_id == enumerator_client.enumerator.id
    assert response.finished_at is not None and response.started_at is not None


@pytest.mark.parametrize("change, status, fragment", [
    ({"answers": PAYLOAD["answers"] | {"Q1": 9}}, 422, "Jawaban harus antara 1 dan 5."),
    ({"answers": PAYLOAD["answers"] | {"Q77": 3}}, 422, "tidak dikenal"),
    ({"answers": {"Q1": 4}}, 422, "Silakan pilih salah satu jawaban."),
    ({"demographics": {}}, 422, "wajib dijawab"),
    ({"uuid": "not-a-uuid"}, 400, "uuid"),
    ({"extra": 1}, 400, "Kunci tidak dikenal"),
    ({"answers": [1, 2]}, 400, "objek JSON"),
])
def test_bad_payloads_store_nothing(enumerator_client, db, change, status, fragment):
    payload = PAYLOAD | {"uuid": str(uuid.uuid4())} | change
    response = enumerator_client(payload)
    assert response.status_code == status, response.json
    assert fragment in str(response.json)
    assert count(db) == 0


def test_wrong_or_unassigned_study_is_404(enumerator_client, make_study, db):
    other = make_study(slug="lain")
    assert enumerator_client(PAYLOAD | {"uuid": str(uuid.uuid4())}, slug=other.slug).status_code == 404
    assert enumerator_client(PAYLOAD | {"uuid": str(uuid.uuid4())}, slug="tidak-ada").status_code == 404
    assert count(db) == 0


def test_closed_study_accepts_only_interviews_finished_before_closing(enumerator_client, db):
    study = enumerator_client.study
    study.status, study.closed_at = "closed", (NOW - timedelta(minutes=30)).astimezone(timezone.utc)
    db.session.commit()
    late = PAYLOAD | {"uuid": str(uuid.uuid4()), "finished_at": (NOW - timedelta(minutes=10)).isoformat()}
    assert enumerator_client(late).status_code == 410
    early = PAYLOAD | {"uuid": str(uuid.uuid4())}
    assert enumerator_client(early).status_code == 201


def test_missing_csrf_header_or_login_is_refused(client, enumerator_client, db):
    response = client.post(f"/api/v1/studies/{enumerator_client.study.slug}/responses",
                           json=PAYLOAD | {"uuid": str(uuid.uuid4())})
    assert response.status_code == 400 and response.json["error"] == "CSRF"
    assert count(db) == 0


def test_twenty_concurrent_sends_of_one_uuid_store_one_row(app, enumerator_client, db):
    """Through the HTTP layer, each thread its own client session (same account)."""
    payload = PAYLOAD | {"uuid": str(uuid.uuid4())}
    statuses, barrier = [], threading.Barrier(20)

    def send():
        barrier.wait(timeout=10)
        statuses.append(enumerator_client(payload).status_code)

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert count(db) == 1 and len(stored_answers(db.session)) == 4
    assert statuses.count(201) == 1
    if db.engine.dialect.name == "postgresql":
        assert sorted(statuses) == [200] * 19 + [201]
