"""Scored values and categories: reverse keying, scale checks, class intervals, ideal percent."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from survey.scoring import score_study


def only_item(result: dict) -> dict:
    return result["dimensions"][0]["indicators"][0]["items"][0]


@pytest.mark.parametrize("counts, mean, category_index", [
    ({1: 20, 2: 80}, 1.80, 0),  # 180 / 100 = 1.80: upper bound of class 1, inclusive
    ({1: 19, 2: 81}, 1.81, 1),  # 1.81 opens class 2
    ({1: 39, 2: 161}, 1.805, 1),  # printed 1.81 (half-up), so class 2
    ({1: 1951, 2: 8049}, 1.8049, 0),  # printed 1.80
    ({2: 40, 3: 60}, 2.60, 1),
    ({2: 39, 3: 61}, 2.61, 2),
    ({4: 80, 5: 20}, 4.20, 3),
    ({4: 79, 5: 21}, 4.21, 4),
])
def test_class_interval_edges_on_a_five_point_scale(likert, one_item, counts, mean, category_index):
    instrument = likert({"D": [["Q1"]]})
    item = only_item(score_study(instrument, one_item("Q1", counts)))
    assert item["mean"] == pytest.approx(mean, abs=1e-12)
    assert item["category_index"] == category_index
    assert item["category"] == ("Sangat Tidak Baik", "Tidak Baik", "Cukup Baik", "Baik",
                                "Sangat Baik")[category_index]


def test_four_point_scale_classes_and_overridden_categories(likert, one_item):
    four = likert({"D": [["Q1"]]}, points=4)
    assert only_item(score_study(four, one_item("Q1", {1: 25, 2: 75})))["category_index"] == 0  # 1.75
    assert only_item(score_study(four, one_item("Q1", {1: 24, 2: 76})))["category_index"] == 1  # 1.76
    custom = likert({"D": [["Q1"]]}, categories={"labels": ["Rendah", "Sedang", "Tinggi"],
                                                  "bounds": [2.33, 3.66, 5]})
    result = score_study(custom, one_item("Q1", {2: 67, 3: 33}))  # mean 2.33
    assert only_item(result)["category"] == "Rendah"
    assert only_item(score_study(custom, one_item("Q1", {2: 66, 3: 34})))["category"] == "Sedang"
    assert result["categories"]["labels"] == ["Rendah", "Sedang", "Tinggi"]
    assert result["categories"]["bounds"] == [2.33, 3.66, 5.0]


@pytest.mark.parametrize("counts, percent, category_index", [
    ({1: 100}, 20.0, 0),
    ({1: 95, 2: 5}, 21.0, 1),  # mean 1.05
    ({4: 100}, 80.0, 3),
    ({4: 95, 5: 5}, 81.0, 4),
    ({3: 100}, 60.0, 2),
    ({3: 1999, 4: 1}, 60.01, 3),  # mean 3.0005 -> 60.01 % printed
])
def test_ideal_percent_bands(likert, one_item, counts, percent, category_index):
    instrument = likert({"D": [["Q1"]]}, method="ideal_percent")
    result = score_study(instrument, one_item("Q1", counts))
    item = only_item(result)
    assert item["percent_ideal"] == pytest.approx(percent)
    assert item["category_index"] == category_index
    assert result["categories"]["basis"] == "percent_ideal"
    assert any("20 %" in note for note in result["notes"])  # a 1-5 scale never falls below 20 %


def test_reverse_items_are_scored_min_plus_max_minus_value_first(likert):
    instrument = likert({"D": [["POS", "NEG"]]}, reverse=("NEG",))
    raw = pd.DataFrame({"POS": [5.0, 4.0, 4.0, np.nan], "NEG": [1.0, 2.0, 1.0, 5.0]})
    result = score_study(instrument, raw)
    items = {item["code"]: item for item in result["dimensions"][0]["indicators"][0]["items"]}
    negative = items["NEG"]
    assert negative["reverse"] is True
    assert negative["mean"] == pytest.approx((5 + 4 + 5 + 1) / 4)
    assert negative["counts"] == [1, 0, 0, 1, 2]  # scored 5, 4, 5, 1
    assert negative["agree_percent"] == pytest.approx(75.0)
    dimension = result["dimensions"][0]
    assert dimension["mean"] == pytest.approx((5 + 4 + 4 + 5 + 4 + 5 + 1) / 7)
    assert raw["NEG"].tolist() == [1.0, 2.0, 1.0, 5.0]  # the caller's frame is left untouched
    assert any("NEG" in note for note in result["notes"])


@pytest.mark.parametrize("bad", [5.0, 0.0, 2.5])
def test_answers_outside_the_scale_are_refused(likert, bad):
    instrument = likert({"D": [["Q1", "Q2"]]}, points=4)
    answers = pd.DataFrame({"Q1": [1.0, 2.0], "Q2": [3.0, bad]})
    with pytest.raises(ValueError, match="Q2.*1-4 scale"):
        score_study(instrument, answers)


def test_missing_item_column_is_refused(likert):
    with pytest.raises(ValueError, match="Q2"):
        score_study(likert({"D": [["Q1", "Q2"]]}), pd.DataFrame({"Q1": [1.0]}))


@pytest.mark.parametrize("method", ["ikm_2017", "ikm_2004"])
def test_ikm_is_refused_on_a_scale_other_than_one_to_four(likert, one_item, method):
    five = dataclasses.replace(likert({"D": [["Q1"]]}), method=method)  # the parser would refuse it too
    with pytest.raises(ValueError, match=r"needs a 1-4 scale.*1-5 scale"):
        score_study(five, one_item("Q1", {4: 3}))
