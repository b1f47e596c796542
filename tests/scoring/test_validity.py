"""Item validity: r item-total, corrected r, r tabel and the study's rule."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from survey.scoring import score_study
from survey.scoring.validity import r_table


@pytest.mark.parametrize("n, printed", [(30, 0.361), (20, 0.444), (50, 0.279), (100, 0.197)])
def test_r_table_matches_the_printed_tables(n, printed):
    assert round(r_table(n), 3) == printed


def test_r_table_is_the_critical_r_of_the_pearson_test():
    for n in (10, 30, 250):
        critical = r_table(n)
        t = critical * math.sqrt((n - 2) / (1 - critical ** 2))
        assert 2 * stats.t.sf(t, n - 2) == pytest.approx(0.05)
    assert r_table(2) is None


@pytest.mark.parametrize("n", [3, 4, 5, 12, 30, 31, 97, 400, 2_001, 50_000, 1_000_000, 10_000_000])
def test_r_table_agrees_with_scipys_student_t(n):
    """Computed without scipy (survey/scoring/validity.py): the same value as scipy's t quantile."""
    t = stats.t.ppf(0.975, n - 2)
    assert r_table(n) == pytest.approx(t / math.sqrt(n - 2 + t * t), rel=1e-9, abs=0)


def scored_frame(raw: pd.DataFrame, reverse: list[str]) -> pd.DataFrame:
    scored = raw.copy()
    scored[reverse] = 6 - scored[reverse]
    return scored


def test_item_total_correlations_over_complete_cases_match_numpy(likert, random_answers):
    instrument = likert({"A": [["A1", "A2"], ["A3", "A4"]], "B": [["B1", "B2", "B3"]]},
                        reverse=("A2", "B1"))
    raw = random_answers(instrument, 120, missing=0.08, seed=3)
    result = score_study(instrument, raw)
    scored = scored_frame(raw, ["A2", "B1"])
    for dim in result["dimensions"]:
        codes = [item["code"] for ind in dim["indicators"] for item in ind["items"]]
        complete = scored[codes].dropna()
        assert dim["n_complete"] == len(complete) < len(raw)
        assert dim["r_table"] == pytest.approx(r_table(len(complete)))
        total = complete.sum(axis=1)
        for ind in dim["indicators"]:
            for item in ind["items"]:
                column = complete[item["code"]]
                assert item["r_item_total"] == pytest.approx(np.corrcoef(column, total)[0, 1], rel=1e-10)
                assert item["r_corrected"] == pytest.approx(stats.pearsonr(column, total - column)[0], rel=1e-10)
                assert item["r_table"] == dim["r_table"]
                assert item["valid"] == (item["r_item_total"] > dim["r_table"])


def test_the_rule_chooses_the_correlation_and_the_threshold(likert, random_answers):
    outline = {"A": [["A1", "A2", "A3", "A4"]]}
    raw = random_answers(likert(outline), 60, missing=0.0, seed=5)
    raw["A4"] = np.random.default_rng(9).integers(1, 6, size=len(raw)).astype(float)  # unrelated item
    by_rule = {}
    for rule in ("r_item_total", "r_corrected", "r_fixed"):
        instrument = likert(outline, analysis={"validity_rule": rule, "r_minimum": 0.5})
        result = score_study(instrument, raw)
        assert result["validity_rule"]["rule"] == rule
        assert result["validity_rule"]["description"]
        by_rule[rule] = result["dimensions"][0]["indicators"][0]["items"]
    for i in range(4):
        item = by_rule["r_item_total"][i]
        assert by_rule["r_corrected"][i]["valid"] == (item["r_corrected"] > item["r_table"])
        assert by_rule["r_fixed"][i]["valid"] == (item["r_item_total"] >= 0.5)
    assert by_rule["r_corrected"][3]["valid"] is False  # noise does not correlate with the rest
    assert {by_rule[rule][0]["valid"] for rule in by_rule} == {True}


def test_constant_item_has_sd_zero_and_no_correlation(likert):
    instrument = likert({"A": [["A1", "A2", "A3"]]})
    raw = pd.DataFrame({"A1": [4.0] * 6, "A2": [1.0, 2, 3, 4, 5, 4], "A3": [2.0, 2, 3, 5, 5, 4]})
    result = score_study(instrument, raw)
    items = result["dimensions"][0]["indicators"][0]["items"]
    constant = items[0]
    assert constant["sd"] == 0.0
    assert (constant["r_item_total"], constant["r_corrected"], constant["valid"]) == (None, None, None)
    assert items[1]["r_item_total"] == pytest.approx(np.corrcoef(raw["A2"], raw.sum(axis=1))[0, 1])
    assert any("A1" in note for note in result["notes"])


def test_single_item_dimension_has_no_item_total_test(likert, random_answers):
    instrument = likert({"A": [["A1", "A2"]], "S": [["S1"]]})
    result = score_study(instrument, random_answers(instrument, 50))
    item = result["dimensions"][1]["indicators"][0]["items"][0]
    assert (item["r_item_total"], item["r_corrected"], item["valid"]) == (None, None, None)
    assert any("S" in note for note in result["notes"])
