"""IPA / SERVQUAL gap: a hand-computed paired case (missing sides, a reverse item, cut-line points)."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from survey.scoring.ipa import ipa_document, quadrant

N = np.nan
CODES = ["TAN-01", "TAN-02", "REL-01", "REL-02", "REL-03", "RES-01", "RES-02", "ASS-01", "ASS-02", "EMP-01"]
# Four respondents; rows = respondents, columns = CODES. REL-2 is negatively worded (reverse).
IMPORTANCE = [
    [5, 4, 5, 2, 4, 5, 3, 4, 5, 4],
    [4, 4, 5, 1, N, 5, 4, 4, 4, 4],
    [5, 3, 4, 2, 4, 4, 5, N, 4, 4],
    [4, 5, 4, 1, 4, 4, 5, 4, 4, 4],
]
PERFORMANCE = [
    [3, 4, 2, 4, 4, 4, 5, 3, 4, 4],
    [4, N, 3, 3, 4, 4, 4, 3, 3, 4],
    [4, 4, 2, 4, 4, 3, 4, 3, 4, 4],
    [3, 4, 3, 3, N, 3, 4, 3, 4, 4],
]


@pytest.fixture
def paired(likert):
    instrument = likert({"TAN": [["TAN-01", "TAN-02"]], "REL": [["REL-01", "REL-02", "REL-03"]],
                         "RES": [["RES-01", "RES-02"]], "ASS": [["ASS-01", "ASS-02"]], "EMP": [["EMP-01"]]},
                        reverse=("REL-02",))
    importance = pd.DataFrame(IMPORTANCE, columns=CODES, dtype="float64")
    performance = pd.DataFrame(PERFORMANCE, columns=CODES, dtype="float64")
    return instrument, ipa_document(instrument, importance, performance,
                                    names={"importance": "Harapan", "performance": "Kenyataan"})


def _by_hand(code: str) -> tuple[int, Fraction, Fraction]:
    """n, importance mean, performance mean over the pairs, reverse scored 6 - x: plain loops."""
    j = CODES.index(code)
    pairs = [(i[j], p[j]) for i, p in zip(IMPORTANCE, PERFORMANCE) if i[j] == i[j] and p[j] == p[j]]
    if code == "REL-02":
        pairs = [(6 - i, 6 - p) for i, p in pairs]
    return (len(pairs), Fraction(int(sum(i for i, _ in pairs)), len(pairs)),
            Fraction(int(sum(p for _, p in pairs)), len(pairs)))


def test_items_equal_the_hand_computation(paired):
    _, ipa = paired
    hand = {code: _by_hand(code) for code in CODES}
    x_mean = sum(p for _, _, p in hand.values()) / len(CODES)
    y_mean = sum(i for _, i, _ in hand.values()) / len(CODES)
    assert ipa["x_mean"] == pytest.approx(float(x_mean), abs=1e-12)
    assert ipa["y_mean"] == pytest.approx(float(y_mean), abs=1e-12)
    for row in ipa["items"]:
        n, importance, performance = hand[row["code"]]
        assert row["n"] == n
        assert row["importance_mean"] == pytest.approx(float(importance), abs=1e-12)
        assert row["performance_mean"] == pytest.approx(float(performance), abs=1e-12)
        assert row["importance_total"] == importance * n and row["performance_total"] == performance * n
        assert row["conformity_percent"] == pytest.approx(float(100 * performance / importance), abs=1e-12)
        assert row["gap"] == pytest.approx(float(performance - importance), abs=1e-12)


def test_worked_values_and_cut_lines(paired):
    _, ipa = paired
    rows = {row["code"]: row for row in ipa["items"]}
    # TAN-01: importance 5+4+5+4 = 18, performance 3+4+4+3 = 14 over 4 pairs.
    assert (rows["TAN-01"]["importance_total"], rows["TAN-01"]["performance_total"]) == (18, 14)
    assert rows["TAN-01"]["conformity_percent"] == pytest.approx(100 * 14 / 18, abs=1e-12)
    assert rows["TAN-01"]["gap"] == pytest.approx(-1.0, abs=1e-12)
    # TAN-2 loses respondent 2 (no performance answer): 3 pairs, 4+3+5 = 12 and 4+4+4 = 12.
    assert rows["TAN-02"]["n"] == 3 and rows["TAN-02"]["conformity_percent"] == pytest.approx(100.0)
    # REL-2 is reverse keyed on both sides: importance 2,1,2,1 -> 4,5,4,5; performance 4,3,4,3 -> 2,3,2,3.
    assert (rows["REL-02"]["importance_total"], rows["REL-02"]["performance_total"]) == (18, 10)
    # Cut lines: performance means sum to 35 over 10 items, importance means to 42.5.
    assert ipa["x_mean"] == pytest.approx(3.5, abs=1e-12) and ipa["y_mean"] == pytest.approx(4.25, abs=1e-12)


def test_quadrants_including_points_exactly_on_the_cut_lines(paired):
    _, ipa = paired
    rows = {row["code"]: row for row in ipa["items"]}
    expected = {"TAN-01": 2, "TAN-02": 4, "REL-01": 1, "REL-02": 1, "REL-03": 4, "RES-01": 2, "RES-02": 2,
                "ASS-01": 3, "ASS-02": 2, "EMP-01": 4}
    assert {code: row["quadrant"] for code, row in rows.items()} == expected
    # On the performance cut line (x = 3,5): counts as high performance.
    assert rows["RES-01"]["performance_mean"] == pytest.approx(3.5) and rows["TAN-01"]["performance_mean"] == 3.5
    # On the importance cut line (y = 4,25): counts as high importance.
    assert rows["RES-02"]["importance_mean"] == 4.25 and rows["ASS-02"]["importance_mean"] == 4.25
    assert ipa["quadrants"]["1"] == [row["code"] for row in ipa["items"] if row["quadrant"] == 1]
    assert ipa["quadrant_labels"]["1"] == "Prioritas Utama"
    assert quadrant(Fraction(21, 5), Fraction(7, 2), Fraction(21, 5), Fraction(7, 2)) == 2


def test_dimensions_and_overall_pool_the_answered_pairs(paired):
    _, ipa = paired
    rel = next(d for d in ipa["dimensions"] if d["code"] == "REL")
    rows = [row for row in ipa["items"] if row["dimension"] == "REL"]
    pairs = sum(r["n"] for r in rows)
    importance = sum(r["importance_total"] for r in rows)
    performance = sum(r["performance_total"] for r in rows)
    assert rel["n_pairs"] == pairs == 10
    assert rel["importance_mean"] == pytest.approx(importance / pairs, abs=1e-12)
    assert rel["performance_mean"] == pytest.approx(performance / pairs, abs=1e-12)
    assert rel["conformity_percent"] == pytest.approx(100 * performance / importance, abs=1e-12)
    assert rel["gap"] == pytest.approx((performance - importance) / pairs, abs=1e-12)
    assert ipa["overall"]["n_pairs"] == sum(r["n"] for r in ipa["items"])


def test_a_statement_nobody_answered_on_both_sides_has_no_quadrant(likert):
    instrument = likert({"A": [["A-01", "A-02"]]})
    importance = pd.DataFrame({"A-01": [4.0, 5.0], "A-02": [N, 3.0]})
    performance = pd.DataFrame({"A-01": [3.0, 3.0], "A-02": [2.0, N]})
    ipa = ipa_document(instrument, importance, performance)
    empty = ipa["items"][1]
    assert empty["n"] == 0 and empty["quadrant"] is None and empty["gap"] is None
    assert ipa["x_mean"] == pytest.approx(3.0) and ipa["items"][0]["quadrant"] == 2


def test_the_scores_document_carries_ipa_for_paired_studies_only(paired, likert):
    import json
    from pathlib import Path

    from jsonschema import Draft202012Validator

    from survey.instruments import build_instrument, to_document
    from survey.scoring import score_study
    instrument, expected = paired
    document = to_document(instrument)
    document["pairing"] = {"importance": {"name": "Harapan"}, "performance": {"name": "Kenyataan"}}
    instrument = build_instrument(document)
    importance = pd.DataFrame(IMPORTANCE, columns=CODES, dtype="float64")
    performance = pd.DataFrame(PERFORMANCE, columns=CODES, dtype="float64")
    scores = score_study(instrument, performance, importance=importance)
    # The whole block, the hand-checked items, cut lines, quadrants, dimensions and overall alike.
    assert scores["ipa"] == expected
    assert scores["ipa"]["sides"] == {"importance": "Harapan", "performance": "Kenyataan"}
    assert {row["code"]: row["quadrant"] for row in scores["ipa"]["items"]}["RES-02"] == 2  # on the y cut line
    schema = json.loads((Path(__file__).parents[2] / "docs" / "scores.schema.json").read_text())
    Draft202012Validator(schema).validate(json.loads(json.dumps(scores)))
    assert score_study(likert({"A": [["A-01", "A-02"]]}), performance.iloc[:, :2].set_axis(["A-01", "A-02"], axis=1))["ipa"] is None
    with pytest.raises(ValueError):  # the importance side is checked against the scale too
        score_study(instrument, performance, importance=importance.replace(5.0, 7.0))
