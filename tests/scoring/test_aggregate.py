"""Item statistics and pooled indicator / dimension / overall scores."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survey.scoring import score_study


def test_item_statistics_match_pandas(likert, random_answers):
    instrument = likert({"A": [["A1", "A2"], ["A3"]], "B": [["B1", "B2", "B3"]]}, reverse=("A2", "B3"))
    raw = random_answers(instrument, 300, missing=0.15)
    result = score_study(instrument, raw)
    scored = raw.copy()
    scored[["A2", "B3"]] = 6 - scored[["A2", "B3"]]
    items = [item for dim in result["dimensions"] for ind in dim["indicators"] for item in ind["items"]]
    assert [item["code"] for item in items] == list(raw.columns)
    for item in items:
        column = scored[item["code"]]
        assert item["n"] == column.count()
        assert item["n_missing"] == column.isna().sum()
        assert item["mean"] == pytest.approx(column.mean(), rel=1e-12)
        assert item["sd"] == pytest.approx(column.std(ddof=1), rel=1e-12)
        assert item["counts"] == [int((column == p).sum()) for p in range(1, 6)]
        assert item["percents"] == pytest.approx([100 * (column == p).sum() / column.count() for p in range(1, 6)])
        assert item["percent_ideal"] == pytest.approx(100 * column.mean() / 5)
        assert item["agree_percent"] == pytest.approx(100 * (column > 3).sum() / column.count())
        assert item["disagree_percent"] == pytest.approx(100 * (column < 3).sum() / column.count())


def test_indicator_dimension_and_overall_means_are_pooled_not_means_of_means(likert):
    instrument = likert({"A": [["A1"], ["A2", "A3"]], "B": [["B1"]]})
    raw = pd.DataFrame({"A1": [5.0, 5.0, 5.0, 5.0], "A2": [1.0, np.nan, np.nan, np.nan],
                        "A3": [3.0, 3.0, np.nan, np.nan], "B1": [2.0, 4.0, np.nan, np.nan]})
    result = score_study(instrument, raw)
    dim_a = result["dimensions"][0]
    # Pooled: (5 * 4 + 1 + 3 * 2) / 7, not the mean of the item means (5 + 1 + 3) / 3.
    assert dim_a["mean"] == pytest.approx(27 / 7)
    assert dim_a["n_answers"] == 7
    assert dim_a["n"] == 4
    assert dim_a["n_complete"] == 1
    assert dim_a["counts"] == [1, 0, 2, 0, 4]
    assert dim_a["sd"] == pytest.approx(np.std([5, 5, 5, 5, 1, 3, 3], ddof=1))
    assert dim_a["percent_ideal"] == pytest.approx(100 * 27 / 7 / 5)
    second = dim_a["indicators"][1]
    assert (second["mean"], second["n"], second["n_answers"]) == (pytest.approx(7 / 3), 2, 3)
    overall = result["overall"]
    # The variable's mean: by default the mean of the dimension means (27/7 and 3); pooled kept beside it.
    assert result["overall_rule"]["rule"] == "dimension_means"
    assert overall["mean"] == pytest.approx((27 / 7 + 3) / 2)
    assert overall["percent_ideal"] == pytest.approx(100 * (27 / 7 + 3) / 2 / 5)
    assert overall["pooled_mean"] == pytest.approx((27 + 6) / 9)
    pooled = score_study(likert({"A": [["A1"], ["A2", "A3"]], "B": [["B1"]]}, analysis={"overall": "pooled"}), raw)
    assert pooled["overall_rule"]["rule"] == "pooled"
    assert pooled["overall"]["mean"] == pooled["overall"]["pooled_mean"] == pytest.approx((27 + 6) / 9)
    assert overall["n_answers"] == 9
    assert overall["agree_percent"] == pytest.approx(100 * 5 / 9)  # the 3s are neither
    assert overall["disagree_percent"] == pytest.approx(100 * 2 / 9)


def test_a_dimension_without_any_answer_has_no_score(likert):
    instrument = likert({"A": [["A1", "A2"]], "B": [["B1", "B2"]]})
    raw = pd.DataFrame({"A1": [4.0, 5.0, 3.0], "A2": [4.0, 4.0, 2.0], "B1": np.nan, "B2": np.nan})
    result = score_study(instrument, raw)
    empty = result["dimensions"][1]
    assert (empty["n"], empty["n_answers"], empty["mean"], empty["sd"]) == (0, 0, None, None)
    assert (empty["category"], empty["category_index"], empty["percent_ideal"]) == (None, None, None)
    assert empty["percents"] == [None] * 5
    assert empty["alpha"] is None and empty["alpha_note"]
    item = empty["indicators"][0]["items"][0]
    assert (item["n"], item["n_missing"], item["mean"], item["r_item_total"], item["valid"]) == (0, 3, None, None, None)
    assert result["overall"]["mean"] == pytest.approx((4 + 5 + 3 + 4 + 4 + 2) / 6)


def test_zero_responses_give_an_empty_but_complete_document(likert):
    instrument = likert({"A": [["A1", "A2"]], "B": [["B1"]]}, method="ideal_percent",
                        demographics=[{"code": "sex", "label": "Jenis Kelamin", "type": "choice",
                                       "choices": ["L", "P"]}])
    result = score_study(instrument, pd.DataFrame(columns=["A1", "A2", "B1"], dtype=float))
    assert result["n_responses"] == 0
    assert result["overall"]["mean"] is None and result["overall"]["alpha"] is None
    for dim in result["dimensions"]:
        assert (dim["n"], dim["mean"], dim["category"], dim["r_table"]) == (0, None, None, None)
    profile = result["demographics"]["profiles"][0]
    assert profile["n"] == 0 and [row["n"] for row in profile["rows"]] == [0, 0]
    assert result["demographics"]["breakdowns"][0]["groups"] == []
