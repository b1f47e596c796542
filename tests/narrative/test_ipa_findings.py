"""The Penutup of a paired study: the Kesimpulan names the quadrant-I statements (Prioritas Utama)
with their tingkat kesesuaian and states the overall kesesuaian and gap; the Saran start with the
quadrant-I statements' actions; numbers as the IPA tables print them."""
from __future__ import annotations

import copy
import re

import pytest

from survey.narrative import draft_findings
from survey.narrative.numbers import format_number, format_percent
from tests.narrative import style
from tests.reports.fixtures import report_dict
from tests.reports.paired import paired_instrument, paired_scores

ACTIONS = {"RES-01": "menyediakan petugas khusus yang menanggapi keluhan pada hari yang sama",
           "TAN-01": "menata ruang tunggu agar nyaman bagi warga",
           "KEH-02": "menetapkan dan menaati batas waktu penyelesaian setiap layanan"}


@pytest.fixture(params=["id", "en"])
def paired(request):
    instrument = paired_instrument(request.param)
    scores = paired_scores(instrument)
    return request.param, instrument, scores, draft_findings(scores, instrument)


def test_kesimpulan_names_the_quadrant_one_statements_with_their_kesesuaian(paired):
    lang, _, scores, findings = paired
    ipa = scores["ipa"]
    [section] = findings["kesimpulan"]["ipa"]
    text = section["paragraphs"][0]["text"]
    overall = ipa["overall"]
    assert format_percent(overall["conformity_percent"], 2, lang) in text  # 82,48 % / 82.48%
    assert f"gap {format_number(overall['gap'], 2, lang)}" in text  # −0,71
    assert ("82,48\u00a0%" if lang == "id" else "82.48%") in text
    rows = {row["code"]: row for row in ipa["items"]}
    assert ipa["quadrants"]["1"] == ["TAN-01", "KEH-02", "RES-01"]
    for code in ipa["quadrants"]["1"]:
        assert f"{code}, {'tingkat kesesuaian' if lang == 'id' else 'conformity'} " \
               f"{format_percent(rows[code]['conformity_percent'], 2, lang)})" in text
    # Lowest kesesuaian first: RES-01 (47,37 %) before TAN-01 and KEH-02 (50,00 %, instrument order).
    assert [m for m in re.findall(r"\(([A-Z]+-\d+),", text)] == ["RES-01", "TAN-01", "KEH-02"]
    # Statements outside quadrant I are not named there.
    assert "KEH-04" not in text and "TAN-03" not in text


def test_saran_start_with_the_quadrant_one_actions(paired):
    lang, instrument, scores, findings = paired
    saran = findings["saran"]
    assert [s["id"] for s in saran[:3]] == ["saran.ipa.RES-01", "saran.ipa.TAN-01", "saran.ipa.KEH-02"]
    for item in saran[:3]:
        code = item["basis"]["items"][0]
        assert ACTIONS[code] in item["text"] and item["basis"]["quadrant"] == 1
    # The rest are the usual Saran, without a second Saran for a quadrant-I statement.
    rest = [code for s in saran[3:] for code in s.get("basis", {}).get("items", [])]
    assert not set(rest) & set(ACTIONS) and "RES-02" in rest
    assert saran[-1]["id"] == "saran.public"


def test_paired_penutup_passes_the_style_checks(paired):
    lang, instrument, scores, findings = paired
    assert style.repeated_sentences(findings) == []
    assert style.doubled_punctuation(findings) == []
    assert style.capitals_mid_sentence(findings, style.names_of(instrument, scores, [])) == []
    for saran in [findings["saran_lead"], *(s["text"] for s in findings["saran"])]:
        assert not re.search(r"\d", saran), saran  # no statistics in a Saran


def _moved(scores: dict, quadrants: dict[str, int]) -> dict:
    """The scores with some statements moved to other quadrants (the narrative only reads them)."""
    scores = copy.deepcopy(scores)
    ipa = scores["ipa"]
    for row in ipa["items"]:
        row["quadrant"] = quadrants.get(row["code"], row["quadrant"])
    ipa["quadrants"] = {str(q): [r["code"] for r in ipa["items"] if r["quadrant"] == q] for q in (1, 2, 3, 4)}
    return scores


def test_a_negative_statement_in_quadrant_one_reads_as_a_complaint_with_its_action():
    instrument = paired_instrument()
    scores = _moved(paired_scores(instrument), {"TAN-01": 2, "KEH-02": 2, "RES-01": 2, "TAN-02": 1})
    findings = draft_findings(scores, instrument)
    text = findings["kesimpulan"]["ipa"][0]["paragraphs"][0]["text"]
    assert "satu-satunya" in text
    assert "keluhan bahwa responden kesulitan menemukan loket yang harus dituju (TAN-02, tingkat kesesuaian 97,30\u00a0%)" in text
    first = findings["saran"][0]
    assert first["id"] == "saran.ipa.TAN-02"
    assert first["text"] == ("Memprioritaskan upaya memasang petunjuk arah loket yang mudah dibaca, karena hal ini "
                             "dinilai penting oleh masyarakat tetapi kinerjanya masih di bawah rata-rata (kuadran "
                             "Prioritas Utama).")


def test_a_quadrant_one_statement_without_an_action_gets_the_fallback_sentence():
    instrument = paired_instrument()
    scores = _moved(paired_scores(instrument), {"TAN-01": 2, "KEH-02": 2, "RES-01": 2, "TAN-03": 1})
    first = draft_findings(scores, instrument)["saran"][0]
    assert first["id"] == "saran.ipa.TAN-03"
    assert first["text"].startswith("Memprioritaskan upaya meningkatkan sarana pelayanan, terutama agar petugas "
                                    "berpakaian rapi")


def test_no_quadrant_one_statement_says_so_and_the_saran_are_the_usual_ones():
    instrument = paired_instrument()
    scores = _moved(paired_scores(instrument), {"TAN-01": 2, "KEH-02": 2, "RES-01": 2})
    findings = draft_findings(scores, instrument)
    text = findings["kesimpulan"]["ipa"][0]["paragraphs"][0]["text"]
    assert "tidak ada pernyataan yang berada pada kuadran I" in text
    assert not any(s["id"].startswith("saran.ipa.") for s in findings["saran"])
    assert findings["saran"][0]["id"] == "saran.item.RES-01"  # the weakest statement, as before


def test_unpaired_study_has_no_ipa_in_the_penutup():
    findings = report_dict()["findings"]
    assert findings["kesimpulan"]["ipa"] == []
    assert not any(s["id"].startswith("saran.ipa.") for s in findings["saran"])


def test_many_quadrant_one_statements_are_named_by_code_with_their_kesesuaian():
    instrument = paired_instrument()
    scores = _moved(paired_scores(instrument), {"TAN-03": 1, "KEH-01": 1, "RES-03": 1})
    rows = {row["code"]: row for row in scores["ipa"]["items"]}
    findings = draft_findings(scores, instrument)
    text = findings["kesimpulan"]["ipa"][0]["paragraphs"][0]["text"]
    assert "enam pernyataan dinilai penting" in text
    for code in scores["ipa"]["quadrants"]["1"]:
        assert f"{code} ({format_percent(rows[code]['conformity_percent'], 2)})" in text
    assert [s["id"] for s in findings["saran"][:6]] == [f"saran.ipa.{code}" for code in
                                                       ("RES-01", "TAN-01", "KEH-02", "TAN-03", "KEH-01", "RES-03")]


def test_a_paired_skm_study_gives_each_quadrant_one_statement_one_saran_only():
    """SKM Saran come per unsur; a statement already given a quadrant-I Saran is not repeated there."""
    from survey.instruments import load_template, to_document, build_instrument
    from survey.scoring import score_study
    from survey.studies.demo import simulate_responses

    doc = to_document(load_template("skm_2017", institution="Dinas Kependudukan Kota Contoh"))
    doc["pairing"] = {"importance": {"name": "Tingkat kepentingan"}, "performance": {"name": "Tingkat kinerja"}}
    instrument = build_instrument(doc)
    frame = simulate_responses(instrument, 200, seed=3)
    sides = {side: frame[[f"{item.code}:{side}" for item in instrument.items]].set_axis(
        [item.code for item in instrument.items], axis=1).astype(float) for side in ("importance", "performance")}
    scores = score_study(instrument, sides["performance"], importance=sides["importance"])
    findings = draft_findings(scores, instrument)
    first = [s for s in findings["saran"] if s["id"].startswith("saran.ipa.")]
    assert first and findings["saran"][:len(first)] == first
    quadrant_one = {code for s in first for code in s["basis"]["items"]}
    assert quadrant_one == set(scores["ipa"]["quadrants"]["1"])
    later = [code for s in findings["saran"][len(first):] for code in s.get("basis", {}).get("items", [])]
    assert not quadrant_one & set(later)


def _texts(node) -> list[str]:
    if isinstance(node, dict):
        return ([node["text"]] if isinstance(node.get("text"), str) else []) + \
            [t for value in node.values() for t in _texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in _texts(value)]
    return []


def test_a_paired_kesimpulan_speaks_of_expectations_only_where_it_compares_the_two_sides(paired):
    """In a paired study "harapan" is the importance side: the category sentences must not say the
    service meets expectations next to an IPA paragraph saying performance falls short of them."""
    lang, _, _, findings = paired
    word = "harapan" if lang == "id" else "expectation"
    ipa = " ".join(_texts(findings["kesimpulan"]["ipa"]))
    rest = [t for key, value in findings["kesimpulan"].items() if key != "ipa" for t in _texts(value)]
    assert word in ipa.lower()
    assert rest and not [t for t in rest if word in t.lower()]
