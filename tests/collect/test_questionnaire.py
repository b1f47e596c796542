"""The respondent's questionnaire by link, end to end with the test client (CSRF on)."""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from survey.models import (DemographicAnswer, DemographicQuestion, OpenAnswer,
                           OpenQuestion, Response)
from tests.conftest import MINIMAL_INSTRUMENT, stored_answers

CONSENT = "Jawaban Anda hanya dipakai untuk penelitian ini."
# Pages of the minimal instrument: 1 intro, 2 demographics, 3 KUAL, 4 WAKTU, 5 open questions.
PAGES = 5
DEMOGRAPHICS = {"gender": "Perempuan", "age": "31"}
KUAL = {"Q1": "5", "Q2": "1"}
WAKTU = {"Q3": "4", "Q4": "3"}
OPEN = {"saran": "Tambah kursi di ruang tunggu."}


def csrf_token(page: str) -> str:
    """The hidden CSRF token of a rendered form."""
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, "page has no CSRF token"
    return match.group(1)


def checked(page: str, name: str) -> str | None:
    """Value of the checked radio button `name`, if any."""
    match = re.search(rf'<input type="radio" name="{re.escape(name)}" value="([^"]*)"[^>]*\bchecked\b', page)
    return html.unescape(match.group(1)) if match else None


def fieldset(page: str, code: str) -> str:
    """The <fieldset> that holds the radios of `code`."""
    for block in re.findall(r"<fieldset.*?</fieldset>", page, re.S):
        if f'name="{code}"' in block:
            return block
    raise AssertionError(f"no fieldset for {code}")


def url(study, number: int | None = None) -> str:
    return f"/s/{study.slug}/" if number in (None, 1) else f"/s/{study.slug}/{number}"


def post(client, study, number: int, data: dict, *, token: bool = True):
    """GET the page (as a browser would), then POST it with the page's CSRF token."""
    form = dict(data)
    if token:
        form["csrf_token"] = csrf_token(client.get(url(study, number)).text)
    return client.post(url(study, number), data=form)


def answer_until(client, study, last_page: int, *, consent: bool = True) -> None:
    """Answer pages 1..last_page validly."""
    pages = [{"consent": "yes"} if consent else {}, DEMOGRAPHICS, KUAL, WAKTU, OPEN]
    for number, data in enumerate(pages[:last_page], start=1):
        response = post(client, study, number, data)
        assert response.status_code == 303, (number, response.text)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_whole_flow_stores_the_response_once_submitted(client, db, make_study):
    study = make_study(consent=CONSENT)
    intro = client.get(url(study))
    assert intro.status_code == 200 and CONSENT in intro.text
    for number, data in enumerate([{"consent": "yes"}, DEMOGRAPHICS, KUAL, WAKTU], start=1):
        response = post(client, study, number, data)
        assert response.status_code == 303
        assert response.headers["Location"].endswith(url(study, number + 1))
        assert count(db, Response) == 0  # nothing is stored before the final submit

    final = post(client, study, 5, OPEN)
    assert final.status_code == 303 and final.headers["Location"].endswith(f"/s/{study.slug}/selesai")
    thanks = client.get(final.headers["Location"])
    assert thanks.status_code == 200 and "Terima kasih" in thanks.text

    stored = db.session.scalars(select(Response)).one()
    assert stored.channel == "link" and stored.consent is True and stored.study_id == study.id
    assert stored.started_at is not None and len(stored.uuid) == 36
    answers = {code: value for _, code, _, value in stored_answers(db.session)}
    # Raw values as given: the reverse-keyed Q2 is stored as 1, not reversed.
    assert answers == {"Q1": 5, "Q2": 1, "Q3": 4, "Q4": 3}
    demographics = dict(db.session.execute(
        select(DemographicQuestion.code, DemographicAnswer.value)
        .join(DemographicQuestion, DemographicQuestion.id == DemographicAnswer.question_id)).all())
    assert demographics == DEMOGRAPHICS
    opened = dict(db.session.execute(select(OpenQuestion.code, OpenAnswer.text)
                                     .join(OpenQuestion, OpenQuestion.id == OpenAnswer.question_id)).all())
    assert opened == OPEN
    with client.session_transaction() as session:
        # The answers are gone from the cookie; only the uuid is kept to recognise a replay.
        assert session["q"][str(study.id)] == {"u": stored.uuid, "f": 1}


def test_progress_is_shown_on_every_page(client, make_study):
    study = make_study()
    assert "Bagian 1 dari 5" in client.get(url(study)).text
    answer_until(client, study, 2)
    page = client.get(url(study, 3)).text
    assert "Bagian 3 dari 5" in page and '<progress max="5" value="3"' in page


def test_pages_speak_the_study_language(client, make_study):
    study = make_study(language="en")
    page = client.get(url(study)).text
    assert '<html lang="en">' in page and "Part 1 of 5" in page and "Start" in page
    response = post(client, study, 1, {})
    answer_until(client, study, 2)
    response = post(client, study, 3, {"Q1": "2"})
    assert response.status_code == 422 and "Please choose one answer." in response.text


def test_each_statement_is_a_fieldset_with_labelled_radios_using_its_own_labels(client, make_study):
    dimensions = [dict(d) for d in MINIMAL_INSTRUMENT["dimensions"]]
    own = ["Sangat lambat", "Lambat", "Biasa", "Cepat", "Sangat cepat"]
    dimensions[1] = {**dimensions[1], "indicators": [{
        **dimensions[1]["indicators"][0],
        "items": [dimensions[1]["indicators"][0]["items"][0],
                  {**dimensions[1]["indicators"][0]["items"][1], "labels": own}]}]}
    study = make_study(dimensions=dimensions)
    answer_until(client, study, 3)
    page = client.get(url(study, 4)).text
    assert "<h1>Ketepatan Waktu</h1>" in page
    q3, q4 = fieldset(page, "Q3"), fieldset(page, "Q4")
    assert "<legend><span class=\"n\">3.</span> Urusan saya selesai sesuai waktu yang dijanjikan.</legend>" in q3
    assert "<legend><span class=\"n\">4.</span> Petugas datang tepat waktu.</legend>" in q4
    # Every radio sits inside its <label>, with the item's effective label text.
    labels = lambda block: re.findall(r'<label class="opt"><input type="radio"[^>]*><span>([^<]+)</span></label>', block)
    assert labels(q3) == list(MINIMAL_INSTRUMENT["scale"]["labels"])
    assert labels(q4) == own
    assert "Ketelitian pelayanan" not in page  # indicators are not shown to respondents


def test_consent_is_required_when_the_instrument_asks_for_it(client, db, make_study):
    study = make_study(consent=CONSENT)
    refused = post(client, study, 1, {})
    assert refused.status_code == 422
    assert "Persetujuan responden diperlukan untuk melanjutkan." in refused.text
    assert 'aria-describedby="e-consent"' in refused.text and 'href="#x-consent"' in refused.text
    # Not consenting does not open the rest of the questionnaire.
    skipped = client.get(url(study, 3))
    assert skipped.status_code == 302 and skipped.headers["Location"].endswith(url(study))
    assert post(client, study, 1, {"consent": "yes"}).status_code == 303
    assert client.get(url(study, 2)).status_code == 200


def test_no_consent_checkbox_without_consent_text(client, make_study):
    study = make_study()
    assert 'name="consent"' not in client.get(url(study)).text
    assert post(client, study, 1, {}).status_code == 303


def test_missing_answer_reshows_the_page_with_the_other_answers_kept(client, db, make_study):
    study = make_study()
    answer_until(client, study, 2)
    response = post(client, study, 3, {"Q1": "4"})
    assert response.status_code == 422
    page = response.text
    q2 = fieldset(page, "Q2")
    assert 'aria-describedby="e-Q2"' in q2
    assert '<p class="error" id="e-Q2">Silakan pilih salah satu jawaban.</p>' in q2
    assert "error" not in fieldset(page, "Q1")
    assert checked(page, "Q1") == "4" and checked(page, "Q2") is None
    # A focusable summary at the top links to the statement.
    assert re.search(r'<div class="errors" id="error-summary" role="alert" tabindex="-1"', page)
    assert '<a href="#x-Q2">Pernyataan 2: Silakan pilih salah satu jawaban.</a>' in page
    assert 'id="x-Q2"' in page
    assert count(db, Response) == 0


def test_out_of_range_value_posted_by_hand_is_refused_and_nothing_is_stored(client, db, make_study):
    study = make_study()
    answer_until(client, study, 2)
    response = post(client, study, 3, {"Q1": "9", "Q2": "3"})
    assert response.status_code == 422
    assert "Jawaban harus antara 1 dan 5." in fieldset(response.text, "Q1")
    assert checked(response.text, "Q2") == "3"
    with client.session_transaction() as session:
        assert "Q1" not in session["q"][str(study.id)]["a"]
    # The questionnaire cannot be finished around the refused answer.
    assert client.get(url(study, 4)).headers["Location"].endswith(url(study, 3))
    token = csrf_token(client.get(url(study, 3)).text)  # one token per session serves every page
    final = client.post(url(study, 5), data={**OPEN, "csrf_token": token})
    assert final.status_code == 303 and final.headers["Location"].endswith(url(study, 3))
    assert "Masih ada pertanyaan yang belum dijawab." in client.get(url(study, 3)).text
    assert count(db, Response) == 0 and len(stored_answers(db.session)) == 0


def test_forged_post_without_csrf_token_is_refused_and_stores_nothing(client, db, make_study):
    study = make_study()
    answer_until(client, study, 4)
    forged = post(client, study, 5, OPEN, token=False)
    assert forged.status_code == 400 and "Sesi formulir kedaluwarsa" in forged.text
    wrong = client.post(url(study, 5), data={**OPEN, "csrf_token": "forged"})
    assert wrong.status_code == 400
    assert count(db, Response) == 0
    # A fresh visitor cannot start either without a token.
    assert client.application.test_client().post(url(study), data={}).status_code == 400


def test_back_and_reload_show_earlier_answers(client, make_study):
    study = make_study()
    answer_until(client, study, 3)
    for _ in range(2):  # a reload shows the same
        kual = client.get(url(study, 3)).text
        assert checked(kual, "Q1") == "5" and checked(kual, "Q2") == "1"
    about = client.get(url(study, 2)).text
    assert checked(about, "gender") == "Perempuan" and 'value="31"' in about
    # "Kembali" keeps what was chosen on the page being left, even if incomplete.
    back = post(client, study, 4, {"Q3": "2", "nav": "back"})
    assert back.status_code == 303 and back.headers["Location"].endswith(url(study, 3))
    waktu = client.get(url(study, 4)).text
    assert checked(waktu, "Q3") == "2" and checked(waktu, "Q4") is None
    # Changing an earlier answer replaces it.
    post(client, study, 3, {"Q1": "2", "Q2": "1"})
    assert checked(client.get(url(study, 3)).text, "Q1") == "2"


def test_double_submit_stores_one_response(client, db, make_study):
    study = make_study()
    answer_until(client, study, 4)
    token = csrf_token(client.get(url(study, 5)).text)
    before = client.get_cookie("session").value
    first = client.post(url(study, 5), data={**OPEN, "csrf_token": token})
    # A double click: the second request carries the cookie from before the first answer.
    client.set_cookie("session", before)
    second = client.post(url(study, 5), data={**OPEN, "csrf_token": token})
    # A replay with the cookie after the first answer.
    third = client.post(url(study, 5), data={**OPEN, "csrf_token": token})
    for response in (first, second, third):
        assert response.status_code == 303 and response.headers["Location"].endswith("/selesai")
    assert count(db, Response) == 1 and len(stored_answers(db.session)) == 4 and count(db, OpenAnswer) == 1


def test_after_submit_the_pages_lead_to_thanks_and_a_new_respondent_starts_fresh(client, db, make_study):
    study = make_study()
    answer_until(client, study, 5)
    assert client.get(url(study, 3)).headers["Location"].endswith("/selesai")
    intro = client.get(url(study))
    assert intro.status_code == 200 and "data-draft" not in intro.text
    answer_until(client, study, 5)
    uuids = db.session.scalars(select(Response.uuid)).all()
    assert len(uuids) == 2 and uuids[0] != uuids[1]


def test_pages_cannot_be_skipped(client, make_study):
    study = make_study()
    response = client.get(url(study, 4))
    assert response.status_code == 302 and response.headers["Location"].endswith(url(study))
    answer_until(client, study, 2)
    assert client.get(url(study, 4)).headers["Location"].endswith(url(study, 3))
    assert client.get(f"/s/{study.slug}/9").status_code == 404


def test_a_lost_session_on_a_later_page_restarts_politely(client, db, make_study):
    study = make_study()
    token = csrf_token(client.get(url(study)).text)
    response = client.post(url(study, 3), data={**KUAL, "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith(url(study))
    assert "Silakan mulai lagi" in client.get(url(study)).text
    assert count(db, Response) == 0


def test_required_open_question_and_kept_text(client, db, make_study):
    study = make_study(open_questions=[
        {"code": "saran", "label": "Saran", "required": True},
        {"code": "hambatan", "label": "Faktor penghambat"}])
    answer_until(client, study, 4)
    response = post(client, study, 5, {"hambatan": "Antrean panjang"})
    assert response.status_code == 422 and "Pertanyaan ini wajib dijawab." in response.text
    assert ">Antrean panjang</textarea>" in response.text
    assert count(db, Response) == 0
    assert post(client, study, 5, {"saran": "Tambah loket", "hambatan": "Antrean"}).status_code == 303
    assert count(db, OpenAnswer) == 2


def test_demographic_answers_are_checked_with_their_hint(client, make_study):
    study = make_study()
    answer_until(client, study, 1)
    response = post(client, study, 2, {"gender": "Perempuan", "age": "12"})
    assert response.status_code == 422 and "Jawaban harus antara 17 dan 100." in response.text
    assert 'aria-describedby="h-age e-age"' in response.text and 'value="12"' in response.text
    assert checked(response.text, "gender") == "Perempuan"
    missing = post(client, study, 2, {"age": "40"})
    assert '<a href="#x-gender">Jenis Kelamin: Pertanyaan ini wajib dijawab.</a>' in missing.text


def test_long_demographic_text_is_refused_to_keep_the_cookie_small(client, make_study):
    study = make_study(demographics=[{"code": "job", "label": "Pekerjaan", "type": "text"}])
    answer_until(client, study, 1)
    response = post(client, study, 2, {"job": "x" * 201})
    assert response.status_code == 422 and "maksimal 200 karakter" in response.text
    assert post(client, study, 2, {"job": "Petani"}).status_code == 303


@pytest.mark.parametrize("status, code, text", [
    ("closed", 410, "Survei ini sudah ditutup"),
    ("draft", 404, "Survei ini belum dibuka"),
])
def test_a_study_not_open_shows_a_friendly_page(client, make_study, status, code, text):
    study = make_study(status=status)
    for response in (client.get(url(study)), client.get(url(study, 3)),
                     client.post(url(study), data={})):
        assert response.status_code in (code, 400)
    response = client.get(url(study))
    assert response.status_code == code and text in response.text and "Traceback" not in response.text


def test_an_unknown_study_shows_a_friendly_page(client):
    response = client.get("/s/tidak-ada/")
    assert response.status_code == 404 and "Survei tidak ditemukan" in response.text


def test_a_study_closed_while_answering_stores_nothing(client, db, make_study):
    study = make_study()
    answer_until(client, study, 4)
    token = csrf_token(client.get(url(study, 5)).text)
    study.status = "closed"
    db.session.commit()
    response = client.post(url(study, 5), data={**OPEN, "csrf_token": token})
    assert response.status_code == 410 and "Survei ini sudah ditutup" in response.text
    assert count(db, Response) == 0


def test_pages_load_only_our_own_assets(client, make_study):
    study = make_study()
    page = client.get(url(study)).text
    assets = [a for a in re.findall(r'(?:href|src)="([^"#]+)"', page) if not a.startswith("data:")]
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets)
    assert "<script>" not in page and " style=" not in page  # no inline code or style
