"""Cronbach's alpha against pingouin: listwise (the default, what SPSS prints) and pairwise
(`analysis.alpha_rule: pairwise`, pingouin's and R psych::alpha's default)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest

from survey.scoring import score_study


@pytest.fixture
def study(likert, random_answers):
    instrument = likert({"A": [["A1", "A2"], ["A3", "A4"]], "B": [["B1", "B2", "B3"]], "C": [["C1", "C2"]]},
                        reverse=("A3", "B2"))
    raw = random_answers(instrument, 150, missing=0.12, seed=11)
    scored = raw.copy()
    scored[["A3", "B2"]] = 6 - scored[["A3", "B2"]]
    return instrument, raw, scored


def pairwise(instrument):
    from survey.instruments import build_instrument
    return build_instrument({**instrument.source, "analysis": {"alpha_rule": "pairwise"}})


def test_default_alpha_is_listwise_as_spss_prints_it(study):
    instrument, raw, scored = study
    assert raw.isna().any(axis=1).sum() > 50  # listwise deletion gives other numbers than pairwise
    result = score_study(instrument, raw)
    assert result["alpha_rule"]["rule"] == "listwise" and "listwise" in result["alpha_rule"]["description"]
    for dim in result["dimensions"]:
        codes = [item["code"] for ind in dim["indicators"] for item in ind["items"]]
        expected, _ = pingouin.cronbach_alpha(scored[codes], nan_policy="listwise")
        assert dim["alpha"] == pytest.approx(expected, rel=1e-10)
        assert dim["alpha_n"] == int(scored[codes].notna().all(axis=1).sum()) == dim["n_complete"]
        assert dim["alpha"] != pytest.approx(pingouin.cronbach_alpha(scored[codes])[0], rel=1e-6)
        assert dim["reliable"] == (expected >= 0.60)
    expected, _ = pingouin.cronbach_alpha(scored, nan_policy="listwise")
    assert result["overall"]["alpha"] == pytest.approx(expected, rel=1e-10)
    assert result["overall"]["alpha_n"] == int(scored.notna().all(axis=1).sum())


def test_alpha_by_hand_listwise_drops_the_incomplete_respondent(likert):
    instrument = likert({"A": [["A1", "A2", "A3"]]})
    raw = pd.DataFrame({"A1": [4, 5, 3, 4, 2.0], "A2": [4, 4, 3, 5, 1], "A3": [5, 5, 2, 4, np.nan]})
    # Listwise: the first four rows. Item variances 2/3, 2/3, 2; totals 13, 14, 8, 13 -> variance 22/3.
    result = score_study(instrument, raw)
    assert result["dimensions"][0]["alpha"] == pytest.approx(1.5 * (1 - (2 / 3 + 2 / 3 + 2) / (22 / 3)), rel=1e-12)
    assert result["dimensions"][0]["alpha_n"] == 4


def test_pairwise_alpha_per_dimension_and_overall_match_pingouin(study):
    instrument, raw, scored = study
    result = score_study(pairwise(instrument), raw)
    assert result["alpha_rule"]["rule"] == "pairwise"
    for dim in result["dimensions"]:
        codes = [item["code"] for ind in dim["indicators"] for item in ind["items"]]
        expected, _ = pingouin.cronbach_alpha(scored[codes])
        assert dim["alpha"] == pytest.approx(expected, rel=1e-10)
    expected, _ = pingouin.cronbach_alpha(scored)
    assert result["overall"]["alpha"] == pytest.approx(expected, rel=1e-10)


def test_listwise_alpha_if_deleted_uses_the_same_complete_cases(study):
    instrument, raw, scored = study
    result = score_study(instrument, raw)
    for dim in result["dimensions"]:
        codes = [item["code"] for ind in dim["indicators"] for item in ind["items"]]
        complete = scored[codes].dropna()
        for ind in dim["indicators"]:
            for item in ind["items"]:
                rest = [code for code in codes if code != item["code"]]
                if len(rest) >= 2:
                    expected, _ = pingouin.cronbach_alpha(complete[rest])
                    assert item["alpha_if_deleted"] == pytest.approx(expected, rel=1e-10)


def test_alpha_if_deleted_matches_pingouin_on_the_remaining_items(study):
    instrument, raw, scored = study
    result = score_study(pairwise(instrument), raw)
    for dim in result["dimensions"]:
        codes = [item["code"] for ind in dim["indicators"] for item in ind["items"]]
        for ind in dim["indicators"]:
            for item in ind["items"]:
                rest = [code for code in codes if code != item["code"]]
                if len(rest) < 2:
                    assert item["alpha_if_deleted"] is None  # one item left has no alpha
                else:
                    expected, _ = pingouin.cronbach_alpha(scored[rest])
                    assert item["alpha_if_deleted"] == pytest.approx(expected, rel=1e-10)


def test_reverse_items_left_unreversed_would_change_alpha(study):
    instrument, raw, scored = study
    result = score_study(instrument, raw)
    unreversed, _ = pingouin.cronbach_alpha(raw[["A1", "A2", "A3", "A4"]])
    assert result["dimensions"][0]["alpha"] > unreversed + 0.1


def test_threshold_is_configurable(likert, random_answers):
    outline = {"A": [["A1", "A2", "A3"]]}
    raw = random_answers(likert(outline), 80, seed=2)
    alpha = score_study(likert(outline), raw)["dimensions"][0]["alpha"]
    above = likert(outline, analysis={"alpha_threshold": round(alpha - 0.01, 2)})
    below = likert(outline, analysis={"alpha_threshold": round(alpha + 0.01, 2)})
    assert score_study(above, raw)["dimensions"][0]["reliable"] is True
    assert score_study(below, raw)["dimensions"][0]["reliable"] is False
    assert score_study(below, raw)["alpha_threshold"] == round(alpha + 0.01, 2)


def test_one_item_dimension_has_no_alpha_and_says_why(likert, random_answers):
    instrument = likert({"A": [["A1", "A2"]], "S": [["S1"]]})
    result = score_study(instrument, random_answers(instrument, 30))
    single = result["dimensions"][1]
    assert single["alpha"] is None and single["reliable"] is None
    assert "satu butir" in single["alpha_note"].lower()
    assert result["dimensions"][0]["alpha_note"] is None


def test_constant_answers_give_no_alpha(likert):
    instrument = likert({"A": [["A1", "A2"]]})
    result = score_study(instrument, pd.DataFrame({"A1": [3.0] * 5, "A2": [4.0] * 5}))
    assert result["dimensions"][0]["alpha"] is None
    assert result["dimensions"][0]["alpha_note"]
    assert np.isfinite(result["overall"]["mean"])
