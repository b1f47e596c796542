"""The drafted Kesimpulan and Saran on edge cases, from real scores of small data sets."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from survey.instruments import build_instrument
from survey.narrative import draft_findings
from survey.narrative.numbers import format_number, format_percent, join_list
from survey.scoring import score_study
from tests.conftest import instrument_doc


def findings_for(rows: list[list[float]], **doc_changes):
    instrument = build_instrument(instrument_doc(**doc_changes))
    codes = [item.code for item in instrument.items]
    answers = pd.DataFrame(rows, columns=codes, dtype=float)
    scores = score_study(instrument, answers)
    return draft_findings(scores, instrument), scores


def saran_text(findings) -> str:
    return " ".join(s["text"] for s in findings["saran"])


def test_numbers_and_lists_read_the_indonesian_way():
    assert format_number(3.615) == "3,62" and format_number(1234.5, 1) == "1.234,5"
    assert format_number(3.615, 2, "en") == "3.62" and format_number(None) == "–"
    assert format_percent(72.44) == "72,4\u00a0%" and format_percent(72.44, 1, "en") == "72.4%"
    assert join_list(["A"]) == "A" and join_list(["A", "B"]) == "A dan B"
    assert join_list(["A", "B", "C"]) == "A, B, dan C" and join_list(["A", "B", "C"], "en") == "A, B and C"


def test_all_very_good_and_all_poor_read_differently():
    good, _ = findings_for([[5, 1, 5, 5]] * 6)
    poor, _ = findings_for([[1, 5, 1, 1]] * 6)
    assert "Sangat Baik" in good["kesimpulan"]["opening"]["text"] and "sudah berjalan dengan baik" in good["kesimpulan"]["opening"]["text"]
    assert "Sangat Tidak Baik" in poor["kesimpulan"]["opening"]["text"]
    assert "belum sepenuhnya memenuhi harapan" in poor["kesimpulan"]["opening"]["text"]
    assert "Seluruh dimensi berada pada kategori yang sama" in good["kesimpulan"]["opening"]["text"]
    # Nothing below target: one "maintain" recommendation; everything below: one per indicator.
    assert [s["id"] for s in good["saran"]] == ["saran.maintain"]
    assert [s["id"] for s in poor["saran"]] == ["saran.institution.KUAL-1", "saran.institution.WAKTU-1"]


def test_saran_only_for_weak_indicators_weakest_first():
    findings, scores = findings_for([[5, 1, 2, 2], [4, 2, 1, 2], [5, 1, 2, 1]])
    ids = [s["id"] for s in findings["saran"]]
    assert ids == ["saran.institution.WAKTU-1"]
    assert "1,67" in findings["saran"][0]["text"] and "Baik" in findings["saran"][0]["text"]
    findings, _ = findings_for([[2, 4, 1, 1], [2, 4, 2, 1]])  # both weak; WAKTU weaker
    assert [s["id"] for s in findings["saran"]][:2] == ["saran.institution.WAKTU-1", "saran.institution.KUAL-1"]


def test_target_category_override_changes_the_saran():
    instrument = build_instrument(instrument_doc())
    answers = pd.DataFrame([[4, 2, 4, 4]] * 5, columns=["Q1", "Q2", "Q3", "Q4"], dtype=float)
    scores = score_study(instrument, answers)
    assert draft_findings(scores, instrument)["saran"][0]["id"] == "saran.maintain"
    strict = draft_findings(scores, instrument, settings={"target_category": "Sangat Baik"})
    assert {s["id"] for s in strict["saran"]} == {"saran.institution.KUAL-1", "saran.institution.WAKTU-1"}


def test_ties_single_indicator_and_agreement_shares():
    doc = instrument_doc()
    doc["dimensions"][0]["indicators"].append(
        {"code": "KUAL-2", "name": "Kerapian", "items": [{"code": "Q5", "text": "Berkas rapi."}]})
    instrument = build_instrument(doc)
    answers = pd.DataFrame([[4, 2, 4, 4, 4]] * 4, columns=["Q1", "Q2", "Q3", "Q4", "Q5"], dtype=float)
    findings = draft_findings(score_study(instrument, answers), instrument)
    kual, waktu = (d["paragraphs"][0]["text"] for d in findings["kesimpulan"]["dimensions"])
    assert "Semua indikatornya memperoleh rata-rata yang sama" in kual
    assert "satu indikator" in waktu and "Kecepatan penyelesaian" in waktu
    assert "100,0\u00a0% jawaban responden menyatakan setuju" in kual


def test_a_dimension_without_answers_says_so():
    findings, _ = findings_for([[4, 2, np.nan, np.nan]] * 3)
    waktu = findings["kesimpulan"]["dimensions"][1]["paragraphs"][0]["text"]
    assert "Belum ada jawaban untuk dimensi Ketepatan Waktu" in waktu


def test_no_responses_at_all():
    findings, _ = findings_for([])
    assert "belum memiliki jawaban" in findings["kesimpulan"]["opening"]["text"]
    assert findings["saran"] == []


def test_ikm_study_mentions_index_and_grade():
    labels = ["Tidak Baik", "Kurang Baik", "Baik", "Sangat Baik"]
    findings, scores = findings_for([[4, 1, 3, 3]] * 5, method="ikm_2017", scale={"points": 4, "labels": labels})
    opening = findings["kesimpulan"]["opening"]["text"]
    assert "Indeks Kepuasan Masyarakat (IKM)" in opening and scores["ikm"]["grade"] in opening
    assert format_number(scores["ikm"]["value"]) in opening


def test_english_study():
    findings, _ = findings_for([[2, 4, 2, 2]] * 4, language="en",
                               scale={"points": 5, "labels": ["SD", "D", "N", "A", "SA"]})
    assert findings["kesimpulan"]["opening"]["text"].startswith("Based on the study of community perceptions")
    assert "should improve" in saran_text(findings)


def test_ids_are_stable_and_fingerprints_follow_the_numbers():
    first, _ = findings_for([[4, 2, 4, 4]] * 3)
    same, _ = findings_for([[4, 2, 4, 4]] * 3)
    changed, _ = findings_for([[4, 2, 4, 4]] * 3 + [[1, 5, 4, 4]])
    assert first["kesimpulan"]["dimensions"][0]["paragraphs"][0]["id"] == "kesimpulan.dim.KUAL"
    fp = lambda f, i: f["kesimpulan"]["dimensions"][i]["paragraphs"][0]["fingerprint"]  # noqa: E731
    assert fp(first, 0) == fp(same, 0)
    assert fp(first, 0) != fp(changed, 0)
    assert fp(first, 1) == fp(changed, 1)  # WAKTU's numbers did not change


def test_open_answers_tagged_to_a_dimension_are_quoted():
    doc = instrument_doc()
    doc["open_questions"][0]["dimension"] = "WAKTU"
    instrument = build_instrument(doc)
    answers = pd.DataFrame([[4, 2, 2, 2]] * 3, columns=["Q1", "Q2", "Q3", "Q4"], dtype=float)
    findings = draft_findings(score_study(instrument, answers), instrument,
                              [{"code": "saran", "text": "Antrean terlalu lama di loket"}])
    assert "“Antrean terlalu lama di loket”" in findings["kesimpulan"]["dimensions"][1]["paragraphs"][0]["text"]


def test_other_addressees_from_the_instrument():
    findings, _ = findings_for([[4, 2, 4, 4]] * 3, recommendations=[{"addressee": "Masyarakat", "text": "Warga aktif."}])
    assert findings["saran"][-1] == findings["saran"][-1] | {"id": "saran.other.0", "addressee": "Masyarakat"}


@pytest.mark.parametrize("module", ["survey.narrative", "survey.scoring"])
def test_pure_packages_import_neither_flask_nor_sqlalchemy(module):
    code = (f"import sys, {module}; bad = [m for m in sys.modules if m.split('.')[0] in "
            "('flask', 'sqlalchemy', 'flask_sqlalchemy') or m.startswith('survey.models')]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
