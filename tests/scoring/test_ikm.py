"""The SKM index: weight exactly 1/k, x 25, half-up rounding, both regulation tables."""
from __future__ import annotations

import math
from fractions import Fraction

import pytest

from survey.scoring import score_study
from survey.scoring.ikm import grade, ikm_document

UNSUR = [f"U{i}" for i in range(1, 10)]


@pytest.fixture
def skm(likert):
    """Nine unsur of one statement each on the 1-4 scale."""
    def build(method: str = "ikm_2017", language: str = "id"):
        return likert({code: [[f"{code}_1"]] for code in UNSUR}, points=4, method=method, language=language)
    return build


@pytest.mark.parametrize("value, expected", [
    (64.99, "D"), (65.00, "C"), (76.60, "C"), (76.61, "B"), (88.30, "B"), (88.31, "A"),
    (25.00, "D"), (100.00, "A"), (64.994, "D"), (64.995, "C"),
])
def test_2017_band_edges(value, expected):
    assert grade(value, "ikm_2017")[0] == expected


@pytest.mark.parametrize("value, expected", [
    (43.75, "D"), (43.76, "C"), (62.50, "C"), (62.51, "B"), (81.25, "B"), (81.26, "A"),
])
def test_2004_band_edges(value, expected):
    assert grade(value, "ikm_2004")[0] == expected


@pytest.mark.parametrize("n, total, value, expected", [
    (2500, 58491, 64.99, "D"),   # sum of NRR 23.3964
    (5, 117, 65.00, "C"),        # 23.4
    (5000, 116991, 65.00, "C"),  # 64.995 exactly: half-up to 65.00
    (125, 3447, 76.60, "C"),
    (2500, 68949, 76.61, "B"),
    (250, 7947, 88.30, "B"),
    (2500, 79479, 88.31, "A"),
])
def test_index_from_answers_at_the_band_edges(skm, with_total, n, total, value, expected):
    result = score_study(skm(), with_total([f"{u}_1" for u in UNSUR], n, total))
    ikm = result["ikm"]
    assert ikm["value"] == value
    assert ikm["grade"] == expected
    assert result["overall"]["category"] == ikm["label"]
    exact = Fraction(total, n) / 9
    assert ikm["value_1_4"] == float(exact)


def test_weight_is_exactly_one_ninth_and_the_conversion_is_times_25(skm, with_total):
    result = score_study(skm(), with_total([f"{u}_1" for u in UNSUR], 7, 7 * 9 * 2 + 40))
    ikm = result["ikm"]
    assert ikm["k"] == 9
    assert ikm["weight"] == 1 / 9 and ikm["weight_text"] == "1/9"
    nrr = [Fraction(dim["mean"]).limit_denominator(7) for dim in result["dimensions"]]
    assert [row["nrr"] for row in ikm["unsur"]] == [float(x) for x in nrr]
    assert [row["nrr_weighted"] for row in ikm["unsur"]] == [float(x / 9) for x in nrr]
    exact = sum(nrr) / 9
    assert ikm["value_1_4"] == float(exact)
    assert ikm["value"] == math.floor(exact * 25 * 100 + Fraction(1, 2)) / 100
    for shortcut in (0.111, 0.11):  # weights found in the wild shift the index
        assert abs(sum(float(x) * shortcut for x in nrr) * 25 - ikm["value"]) > 0.05


def test_unsur_have_their_own_grades(skm, with_total):
    answers = with_total([f"{u}_1" for u in UNSUR], 10, 9 * 10 * 3)  # all 3s
    answers["U1_1"] = 4.0
    answers["U2_1"] = 1.0
    result = score_study(skm(), answers)
    unsur = {row["code"]: row for row in result["ikm"]["unsur"]}
    assert (unsur["U1"]["nrr"], unsur["U1"]["nrr_converted"], unsur["U1"]["grade"]) == (4.0, 100.0, "A")
    assert (unsur["U2"]["nrr_converted"], unsur["U2"]["grade"], unsur["U2"]["label"]) == (25.0, "D", "Tidak Baik")
    assert (unsur["U3"]["nrr_converted"], unsur["U3"]["grade"]) == (75.0, "C")
    dims = {dim["code"]: dim for dim in result["dimensions"]}
    assert dims["U3"]["category"] == "Kurang Baik" and dims["U1"]["category"] == "Sangat Baik"


def test_same_data_is_b_under_2004_and_c_under_2017(skm, with_total):
    answers = with_total([f"{u}_1" for u in UNSUR], 5, 126)  # sum of NRR 25.2 -> 70.00
    old = score_study(skm("ikm_2004"), answers)["ikm"]
    new = score_study(skm("ikm_2017"), answers)["ikm"]
    assert old["value"] == new["value"] == 70.0
    assert (old["grade"], new["grade"]) == ("B", "C")
    assert (old["regulation"], new["regulation"]) == ("KepMenPAN 25/2004", "Permen PANRB 14/2017")


def test_english_labels_and_missing_unsur(skm, with_total):
    answers = with_total([f"{u}_1" for u in UNSUR], 5, 126)
    assert score_study(skm(language="en"), answers)["ikm"]["label"] == "Fair"
    answers["U9_1"] = float("nan")
    result = score_study(skm(), answers)
    assert result["ikm"]["value"] is None and result["ikm"]["grade"] is None
    assert result["ikm"]["unsur"][8]["nrr"] is None
    assert any("U9" in note for note in result["notes"])


def test_ikm_document_refuses_other_methods():
    with pytest.raises(ValueError):
        ikm_document("mean_interval", [("U1", "Unsur", 10, 4)])


def test_no_ikm_block_for_other_methods(likert, one_item):
    assert score_study(likert({"D": [["Q1"]]}), one_item("Q1", {3: 5}))["ikm"] is None
