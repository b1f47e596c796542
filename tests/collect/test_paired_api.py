"""The JSON submission API and the enumerator page for a paired study: answers keyed
"<code>:importance" / "<code>:performance", exactly once, errors naming the sided key."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta, timezone

import pytest
from sqlalchemy import func, select

from survey.models import IMPORTANCE, PERFORMANCE, Response
from tests.conftest import stored_answers
from tests.collect.test_api import NOW, PAYLOAD
from tests.collect.test_paired_questionnaire import DIMENSIONS, IMPORTANCE_LABELS, PAIRING

ANSWERS = {"TAN-01:importance": 5, "TAN-01:performance": 3, "TAN-02:importance": 4, "TAN-02:performance": 2,
           "RES-01:importance": 5, "RES-01:performance": 4, "RES-02:importance": 3, "RES-02:performance": 1}


@pytest.fixture
def paired_client(client, make_study, make_user, login_as, db):
    study = make_study(dimensions=DIMENSIONS, pairing=PAIRING)
    study.published_at = (NOW - timedelta(days=2)).astimezone(timezone.utc)
    enumerator = make_user("enumerator")
    study.enumerators.append(enumerator)
    db.session.commit()
    login_as(enumerator)
    page = client.get(f"/e/{study.slug}/").get_data(as_text=True)
    token = page.split('data-csrf="', 1)[1].split('"', 1)[0]

    def send(payload):
        return client.post(f"/api/v1/studies/{study.slug}/responses", json=payload,
                           headers={"X-CSRFToken": token})
    send.study, send.page = study, page
    return send


def count(db, model=Response) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_paired_submission_stores_both_sides_and_a_resend_is_not_doubled(paired_client, db):
    payload = PAYLOAD | {"uuid": str(uuid.uuid4()), "answers": ANSWERS}
    first = paired_client(payload)
    assert first.status_code == 201, first.json
    stored = {(code, side): value for _, code, side, value in stored_answers(db.session)}
    assert stored[("TAN-01", IMPORTANCE)] == 5 and stored[("TAN-01", PERFORMANCE)] == 3
    assert stored[("TAN-02", IMPORTANCE)] == 4 and stored[("TAN-02", PERFORMANCE)] == 2  # reverse: as given
    assert len(stored) == 8
    again = paired_client(payload)  # a device that missed the acknowledgement
    assert again.status_code == 200 and again.json["status"] == "duplicate"
    # The same uuid with one side changed is a conflict, not a second response.
    changed = payload | {"answers": ANSWERS | {"RES-02:importance": 5}}
    assert paired_client(changed).status_code == 409
    assert count(db) == 1 and len(stored_answers(db.session)) == 8


@pytest.mark.parametrize("answers, key, fragment", [
    ({k: v for k, v in ANSWERS.items() if k != "TAN-01:performance"}, "TAN-01:performance",
     "Silakan pilih salah satu jawaban."),
    (ANSWERS | {"RES-01:importance": 6}, "RES-01:importance", "Jawaban harus antara 1 dan 5."),
    (ANSWERS | {"RES-01:importance": 0}, "RES-01:importance", "Jawaban harus antara 1 dan 5."),
    (ANSWERS | {"TAN-01:kinerja": 4}, "TAN-01:kinerja", "tidak dikenal"),
    (ANSWERS | {"TAN-01": 4}, "TAN-01", "kirim TAN-01:importance dan TAN-01:performance"),
])
def test_refused_paired_answers_name_the_sided_key_and_store_nothing(paired_client, db, answers, key, fragment):
    response = paired_client(PAYLOAD | {"uuid": str(uuid.uuid4()), "answers": answers})
    assert response.status_code == 422, response.json
    assert fragment in response.json["errors"][key]
    assert count(db) == 0 and len(stored_answers(db.session)) == 0


def test_plain_codes_only_say_which_keys_a_paired_study_takes(paired_client, db):
    plain = {"TAN-01": 5, "TAN-02": 4, "RES-01": 5, "RES-02": 3}
    response = paired_client(PAYLOAD | {"uuid": str(uuid.uuid4()), "answers": plain})
    errors = response.json["errors"]
    assert response.status_code == 422
    assert errors["TAN-01"] == "Studi ini berpasangan: kirim TAN-01:importance dan TAN-01:performance, bukan TAN-01."
    assert errors["TAN-01:importance"] == "Silakan pilih salah satu jawaban."
    assert count(db) == 0


def test_a_long_item_code_still_fits_its_sided_key(client, make_study, make_user, login_as, db):
    code = "K" * 64  # the longest code the format allows
    dimensions = [{"code": "TAN", "name": "Bukti Fisik", "indicators": [{"code": "TAN-A", "name": "Sarana",
                   "items": [{"code": code, "text": "Ruang tunggu kantor bersih dan nyaman."}]}]}]
    study = make_study(dimensions=dimensions, pairing=PAIRING)
    study.published_at = (NOW - timedelta(days=2)).astimezone(timezone.utc)
    enumerator = make_user("enumerator")
    study.enumerators.append(enumerator)
    db.session.commit()
    login_as(enumerator)
    token = client.get(f"/e/{study.slug}/").get_data(as_text=True).split('data-csrf="', 1)[1].split('"', 1)[0]
    payload = PAYLOAD | {"uuid": str(uuid.uuid4()),
                         "answers": {f"{code}:importance": 4, f"{code}:performance": 2}}
    response = client.post(f"/api/v1/studies/{study.slug}/responses", json=payload, headers={"X-CSRFToken": token})
    assert response.status_code == 201, response.json
    too_long = payload | {"uuid": str(uuid.uuid4()), "answers": {"K" * 77: 4}}
    response = client.post(f"/api/v1/studies/{study.slug}/responses", json=too_long, headers={"X-CSRFToken": token})
    assert response.status_code == 400 and "maksimal 76 karakter" in response.json["message"]


def test_the_enumerator_page_has_two_required_rows_per_statement(paired_client):
    page = paired_client.page
    assert "Setiap pernyataan ditanyakan dua kali, yaitu Tingkat kepentingan dan Tingkat kinerja." in page
    assert page.count("Ruang tunggu kantor bersih dan nyaman.") == 1
    block = re.search(r'<fieldset class="q paired">\s*<legend>Ruang tunggu.*?</fieldset>\s*</fieldset>', page, re.S).group(0)
    sides = re.findall(r'<fieldset class="side" data-required>\s*<legend>([^<]+)</legend>(.*?)</fieldset>', block, re.S)
    assert [name for name, _ in sides] == ["Tingkat kepentingan", "Tingkat kinerja"]
    importance, performance = (body for _, body in sides)
    assert re.findall(r'name="([^"]+)"', importance) == ["item:TAN-01:importance"] * 5
    assert re.findall(r'name="([^"]+)"', performance) == ["item:TAN-01:performance"] * 5
    assert re.findall(r"<span>([^<]+)</span>", importance) == IMPORTANCE_LABELS
    assert '<p class="error" hidden></p>' in importance and '<p class="error" hidden></p>' in performance
    assert 'name="item:TAN-01"' not in page
