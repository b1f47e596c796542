"""A paired study (importance-performance) answered by link: each statement once, with two
labelled answer rows, importance first; the form fields are the sided keys "TAN-01:importance"
and "TAN-01:performance"; both sides are stored (answer.side 1 and 0)."""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from survey.collect import flow
from survey.instruments import build_instrument
from survey.models import IMPORTANCE, PERFORMANCE, Response
from tests.collect.test_questionnaire import checked, csrf_token, url
from tests.conftest import instrument_doc, stored_answers

IMPORTANCE_LABELS = ["Sangat Tidak Penting", "Tidak Penting", "Cukup Penting", "Penting", "Sangat Penting"]
PAIRING = {"importance": {"name": "Tingkat kepentingan", "labels": IMPORTANCE_LABELS},
           "performance": {"name": "Tingkat kinerja"}}
DIMENSIONS = [
    {"code": "TAN", "name": "Bukti Fisik (Tangibles)", "indicators": [
        {"code": "TAN-A", "name": "Sarana", "items": [
            {"code": "TAN-01", "text": "Ruang tunggu kantor bersih dan nyaman."},
            {"code": "TAN-02", "text": "Loket pelayanan sulit ditemukan oleh pengunjung.", "reverse": True},
        ]}]},
    {"code": "RES", "name": "Daya Tanggap (Responsiveness)", "indicators": [
        {"code": "RES-A", "name": "Kecepatan", "items": [
            {"code": "RES-01", "text": "Petugas segera melayani ketika saya datang."},
            {"code": "RES-02", "text": "Keluhan saya ditanggapi pada hari yang sama."},
        ]}]},
]
# Pages: 1 intro, 2 demographics, 3 TAN, 4 RES, 5 open questions.
DEMOGRAPHICS = {"gender": "Laki-laki", "age": "47"}
TAN = {"TAN-01:importance": "5", "TAN-01:performance": "3", "TAN-02:importance": "4", "TAN-02:performance": "2"}
RES = {"RES-01:importance": "5", "RES-01:performance": "4", "RES-02:importance": "3", "RES-02:performance": "1"}
OPEN = {"saran": "Tambah petugas di loket pada jam sibuk."}


def paired_doc(**overrides) -> dict:
    return instrument_doc(dimensions=DIMENSIONS, pairing=PAIRING, **overrides)


@pytest.fixture
def paired_study(make_study):
    return make_study(dimensions=DIMENSIONS, pairing=PAIRING)


def post(client, study, number: int, data: dict):
    form = {**data, "csrf_token": csrf_token(client.get(url(study, number)).text)}
    return client.post(url(study, number), data=form)


def answer_until(client, study, last_page: int) -> None:
    for number, data in enumerate([{}, DEMOGRAPHICS, TAN, RES, OPEN][:last_page], start=1):
        response = post(client, study, number, data)
        assert response.status_code == 303, (number, response.text[:2000])


def statement(page: str, code: str) -> str:
    """The outer <fieldset> of one paired statement (it holds the two side fieldsets)."""
    match = re.search(r'<fieldset class="q paired[^"]*">((?:(?!<fieldset class="q).)*?'
                      + re.escape(f'name="{code}:performance"') + r".*?</fieldset>\s*</fieldset>)", page, re.S)
    assert match, f"no paired statement for {code}"
    return match.group(0)


def side(page: str, key: str) -> str:
    """The inner <fieldset> of one side."""
    for block in re.findall(r'<fieldset class="side.*?</fieldset>', page, re.S):
        if f'name="{key}"' in block:
            return block
    raise AssertionError(f"no side fieldset for {key}")


def labels(block: str) -> list[str]:
    return [html.unescape(text) for text in
            re.findall(r'<label class="opt"><input type="radio"[^>]*><span>([^<]+)</span></label>', block)]


def stored_by_side(db) -> dict[tuple[str, int], int]:
    return {(code, side_): value for _, code, side_, value in stored_answers(db.session)}


def test_each_statement_shows_once_with_importance_then_performance_rows(client, paired_study):
    intro = client.get(url(paired_study)).text
    assert "Setiap pernyataan dijawab dua kali, yaitu Tingkat kepentingan dan Tingkat kinerja." in intro
    answer_until(client, paired_study, 2)
    page = client.get(url(paired_study, 3)).text
    assert page.count("Ruang tunggu kantor bersih dan nyaman.") == 1
    block = statement(page, "TAN-01")
    assert '<legend><span class="n">1.</span> Ruang tunggu kantor bersih dan nyaman.</legend>' in block
    # Importance first, then performance, each a fieldset named by its side.
    assert block.index("<legend>Tingkat kepentingan</legend>") < block.index("<legend>Tingkat kinerja</legend>")
    assert labels(side(page, "TAN-01:importance")) == IMPORTANCE_LABELS
    assert labels(side(page, "TAN-01:performance")) == list(instrument_doc()["scale"]["labels"])
    assert 'id="x-TAN-01:importance"' in block and 'id="x-TAN-01:performance"' in block
    assert 'name="TAN-01"' not in page  # no plain, unsided field
    assert "pilih satu jawaban untuk Tingkat kepentingan dan satu jawaban untuk Tingkat kinerja" in page
    assert '<legend><span class="n">2.</span> Loket pelayanan sulit ditemukan' in statement(page, "TAN-02")


def test_whole_paired_flow_stores_both_sides_once(client, db, paired_study):
    answer_until(client, paired_study, 4)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    token = csrf_token(client.get(url(paired_study, 5)).text)
    final = client.post(url(paired_study, 5), data={**OPEN, "csrf_token": token})
    assert final.status_code == 303 and final.headers["Location"].endswith("/selesai")
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    expected = {}
    for key, value in (TAN | RES).items():
        code, _, side_name = key.partition(":")
        expected[(code, IMPORTANCE if side_name == "importance" else PERFORMANCE)] = int(value)
    # Raw values as given on both sides: the reverse-keyed TAN-02 is stored as 4 and 2.
    assert stored_by_side(db) == expected
    assert expected[("TAN-02", 1)] == 4 and expected[("TAN-02", 0)] == 2
    # A replayed final submit stores nothing more.
    again = client.post(url(paired_study, 5), data={**OPEN, "csrf_token": token})
    assert again.status_code == 303 and again.headers["Location"].endswith("/selesai")
    assert len(stored_answers(db.session)) == 8


def test_a_missing_side_is_named_beside_that_side_and_nothing_is_stored(client, db, paired_study):
    answer_until(client, paired_study, 2)
    partial = {"TAN-01:importance": "5", "TAN-02:importance": "4", "TAN-02:performance": "2"}
    response = post(client, paired_study, 3, partial)
    assert response.status_code == 422
    page = response.text
    missing = side(page, "TAN-01:performance")
    assert 'class="side invalid"' in missing and 'aria-describedby="e-TAN-01:performance"' in missing
    assert '<p class="error" id="e-TAN-01:performance">Silakan pilih salah satu jawaban.</p>' in missing
    assert "error" not in side(page, "TAN-01:importance")  # the answered side is fine
    assert 'class="q paired invalid"' in statement(page, "TAN-01")
    assert 'class="q paired"' in statement(page, "TAN-02")
    # The summary names the statement and the side, and links to its first option.
    assert ('<a href="#x-TAN-01:performance">Pernyataan 1, Tingkat kinerja: Silakan pilih salah satu '
            'jawaban.</a>') in page
    # What was given stays chosen.
    assert checked(page, "TAN-01:importance") == "5" and checked(page, "TAN-01:performance") is None
    assert checked(page, "TAN-02:importance") == "4" and checked(page, "TAN-02:performance") == "2"
    assert client.get(url(paired_study, 4)).headers["Location"].endswith(url(paired_study, 3))
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_the_error_summary_has_one_line_per_statement(client, paired_study):
    answer_until(client, paired_study, 2)
    response = post(client, paired_study, 3, {"TAN-01:importance": "7", "TAN-02:importance": "4"})
    assert response.status_code == 422
    lines = re.findall(r'<li><a href="(#x-[^"]+)">([^<]+)</a></li>', response.text)
    assert lines == [
        ("#x-TAN-01:importance", "Pernyataan 1, Tingkat kepentingan: Jawaban harus antara 1 dan 5. "
                                 "Tingkat kinerja: Silakan pilih salah satu jawaban."),
        ("#x-TAN-02:performance", "Pernyataan 2, Tingkat kinerja: Silakan pilih salah satu jawaban."),
    ]
    assert post(client, paired_study, 3, TAN).status_code == 303
    empty = post(client, paired_study, 4, {})
    assert re.findall(r'<li><a href="(#x-[^"]+)">([^<]+)</a></li>', empty.text) == [
        ("#x-RES-01:importance", "Pernyataan 3 (Tingkat kepentingan dan Tingkat kinerja): Silakan pilih salah satu jawaban."),
        ("#x-RES-02:importance", "Pernyataan 4 (Tingkat kepentingan dan Tingkat kinerja): Silakan pilih salah satu jawaban."),
    ]


def test_a_forged_value_or_a_plain_code_is_refused(client, db, paired_study):
    answer_until(client, paired_study, 2)
    forged = post(client, paired_study, 3, TAN | {"TAN-01:importance": "9", "TAN-02:performance": "0"})
    assert forged.status_code == 422
    assert "Jawaban harus antara 1 dan 5." in side(forged.text, "TAN-01:importance")
    assert "Jawaban harus antara 1 dan 5." in side(forged.text, "TAN-02:performance")
    assert checked(forged.text, "TAN-01:performance") == "3"
    with client.session_transaction() as session:
        kept = session["q"][str(paired_study.id)]["a"]
    assert "TAN-01:i" not in kept and kept["TAN-01:p"] == 3  # only the valid side is kept
    # The unpaired field name does not answer a paired statement.
    plain = post(client, paired_study, 3, {"TAN-01": "4", "TAN-02": "4"})
    assert plain.status_code == 422 and plain.text.count("Silakan pilih salah satu jawaban.") >= 4
    token = csrf_token(client.get(url(paired_study, 3)).text)
    final = client.post(url(paired_study, 5), data={**OPEN, "csrf_token": token})
    assert final.status_code == 303 and final.headers["Location"].endswith(url(paired_study, 3))
    assert len(stored_answers(db.session)) == 0


def test_back_and_forward_keep_both_sides(client, paired_study):
    answer_until(client, paired_study, 3)
    tan = client.get(url(paired_study, 3)).text
    assert all(checked(tan, key) == value for key, value in TAN.items())
    # "Kembali" keeps what was chosen on the page being left, one side only included.
    back = post(client, paired_study, 4, {"RES-01:performance": "2", "nav": "back"})
    assert back.status_code == 303 and back.headers["Location"].endswith(url(paired_study, 3))
    res = client.get(url(paired_study, 4)).text
    assert checked(res, "RES-01:performance") == "2" and checked(res, "RES-01:importance") is None
    # Changing one side replaces only that side.
    post(client, paired_study, 3, TAN | {"TAN-01:performance": "1"})
    tan = client.get(url(paired_study, 3)).text
    assert checked(tan, "TAN-01:performance") == "1" and checked(tan, "TAN-01:importance") == "5"


def test_a_four_point_paired_scale_shows_four_options_per_side(client, make_study):
    study = make_study(dimensions=DIMENSIONS, scale={"points": 4, "labels": [
        "Tidak Baik", "Kurang Baik", "Baik", "Sangat Baik"]}, method="ikm_2017",
        pairing={"importance": {"name": "Harapan", "labels": ["Tidak Penting", "Kurang Penting", "Penting",
                                                            "Sangat Penting"]},
                 "performance": {"name": "Kenyataan"}})
    answer_until(client, study, 2)
    page = client.get(url(study, 3)).text
    assert labels(side(page, "TAN-01:importance")) == ["Tidak Penting", "Kurang Penting", "Penting", "Sangat Penting"]
    assert labels(side(page, "TAN-01:performance")) == ["Tidak Baik", "Kurang Baik", "Baik", "Sangat Baik"]
    refused = post(client, study, 3, TAN)  # 5 is beyond a 4-point scale
    assert refused.status_code == 422 and "Jawaban harus antara 1 dan 4." in side(refused.text, "TAN-01:importance")


def test_english_paired_study_speaks_english(client, make_study):
    study = make_study(dimensions=DIMENSIONS, language="en",
                       pairing={"importance": {"name": "Importance"}, "performance": {"name": "Performance"}})
    answer_until(client, study, 2)
    response = post(client, study, 3, {"TAN-01:importance": "4"})
    assert response.status_code == 422
    assert "Statement 1, Performance: Please choose one answer." in response.text
    assert "Each statement is answered twice: choose one answer for Importance and one for Performance." in response.text


def test_the_preview_shows_the_paired_rows(client, db, make_user, login_as, paired_study):
    researcher = make_user("researcher")
    paired_study.owner_id = researcher.id
    db.session.commit()
    login_as(researcher)
    page = client.get(f"/studies/{paired_study.slug}/preview/3").text
    assert "<legend>Tingkat kepentingan</legend>" in page and 'name="TAN-01:performance"' in page


def test_pages_carry_the_sided_keys_and_the_cookie_shortens_them():
    instrument = build_instrument(paired_doc())
    pages = flow.build_pages(instrument)
    assert pages[2].keys == ("TAN-01:importance", "TAN-01:performance", "TAN-02:importance", "TAN-02:performance")
    state = flow.State.start()
    state.answers = {"TAN-01:importance": 5, "TAN-01:performance": 3}
    assert state.to_cookie()["a"] == {"TAN-01:i": 5, "TAN-01:p": 3}
    assert flow.State.from_cookie(state.to_cookie()) == state
    unpaired = flow.State.start()
    unpaired.answers = {"Q1": 4}
    assert unpaired.to_cookie()["a"] == {"Q1": 4}  # unpaired cookies are as before


def test_a_45_statement_paired_questionnaire_fits_the_cookie(app):
    """Both sides of every statement of the benchmark instrument, signed as Flask would."""
    from bench._data import bench_instrument
    from survey.instruments import to_document
    doc = to_document(bench_instrument())
    doc["pairing"] = PAIRING
    instrument = build_instrument(doc)
    state = flow.State.start()
    state.consent = True
    state.answers = {key: 3 + i % 3 for i, key in enumerate(instrument.answer_keys)}
    state.demographics = {"gender": "Perempuan", "age": "44"}
    session: dict = {}
    flow.save_state(session, 123, state)
    cookie = app.session_interface.get_signing_serializer(app).dumps(session)
    assert len(instrument.answer_keys) == 90 and len(cookie) < 2000
