"""Respondent profile and dimension means per demographic group."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survey.scoring import score_study

DEMOGRAPHICS = [
    {"code": "sex", "label": "Jenis Kelamin", "type": "choice", "choices": ["Laki-laki", "Perempuan", "Lainnya"]},
    {"code": "usia", "label": "Usia", "type": "integer", "min": 17, "max": 90},
    {"code": "visits", "label": "Kunjungan", "type": "integer", "min": 1, "max": 20},
    {"code": "school", "label": "Pendidikan", "type": "choice", "choices": ["SD", "SMP", "SMA", "S1"]},
    {"code": "job", "label": "Pekerjaan", "type": "text"},
]


@pytest.fixture
def study(likert, random_answers):
    instrument = likert({"A": [["A1", "A2"]], "B": [["B1", "B2"]]}, reverse=("B2",), demographics=DEMOGRAPHICS)
    answers = random_answers(instrument, 60, missing=0.1, seed=4)
    rng = np.random.default_rng(8)
    demographics = pd.DataFrame({
        "sex": ["Laki-laki"] * 33 + ["Perempuan"] * 24 + ["Lainnya"] * 2 + [None],
        "usia": rng.integers(17, 70, size=60).astype(float),
        "visits": rng.integers(1, 21, size=60).astype(float),
        "school": ["SMA"] * 40 + ["S1"] * 20,
        "job": ["Petani"] * 30 + ["Guru"] * 20 + [" Guru "] * 5 + [""] * 5,
    }, index=answers.index)
    demographics.loc[answers.index[:3], "usia"] = np.nan
    return instrument, answers, demographics


def test_choice_profile_lists_every_choice_with_percent_of_those_who_answered(study):
    instrument, answers, demographics = study
    profiles = {p["code"]: p for p in score_study(instrument, answers, demographics)["demographics"]["profiles"]}
    sex = profiles["sex"]
    assert [(row["value"], row["n"]) for row in sex["rows"]] == [("Laki-laki", 33), ("Perempuan", 24), ("Lainnya", 2)]
    assert (sex["n"], sex["n_missing"]) == (59, 1)
    assert sex["rows"][0]["percent"] == pytest.approx(100 * 33 / 59)
    assert [row["n"] for row in profiles["school"]["rows"]] == [0, 0, 40, 20]
    assert [(row["value"], row["n"]) for row in profiles["job"]["rows"]] == [("Petani", 30), ("Guru", 25)]
    assert profiles["job"]["n_missing"] == 5


def test_age_uses_default_groups_and_other_integers_equal_groups(study):
    instrument, answers, demographics = study
    profiles = {p["code"]: p for p in score_study(instrument, answers, demographics)["demographics"]["profiles"]}
    age = profiles["usia"]
    assert [row["value"] for row in age["rows"]] == ["17–25", "26–35", "36–45", "46–55", "56+"]
    ages = demographics["usia"].dropna()
    expected = [((ages >= lo) & (ages <= hi)).sum() for lo, hi in [(17, 25), (26, 35), (36, 45), (46, 55), (56, 200)]]
    assert [row["n"] for row in age["rows"]] == expected
    assert age["n_missing"] == 3
    visits = profiles["visits"]
    assert [row["value"] for row in visits["rows"]] == ["1–4", "5–8", "9–12", "13–16", "17–20"]
    assert sum(row["n"] for row in visits["rows"]) == 60


def test_configured_bins_and_values_below_the_first_edge(likert, one_item):
    instrument = likert({"D": [["Q1"]]}, demographics=[
        {"code": "umur", "label": "Umur", "type": "integer", "bins": [20, 40, 60]}])
    answers = one_item("Q1", {3: 6})
    demographics = pd.DataFrame({"umur": [15, 20, 39, 40, 61, 75]}, index=answers.index)
    rows = score_study(instrument, answers, demographics)["demographics"]["profiles"][0]["rows"]
    assert [(row["value"], row["n"]) for row in rows] == [("< 20", 1), ("20–39", 2), ("40–59", 1), ("60+", 2)]


def test_breakdown_hides_groups_under_five_and_pools_the_means(study):
    instrument, answers, demographics = study
    result = score_study(instrument, answers, demographics)
    breakdowns = {b["code"]: b for b in result["demographics"]["breakdowns"]}
    assert "job" not in breakdowns  # free text is profiled, not broken down
    sex = breakdowns["sex"]
    assert [group["value"] for group in sex["groups"]] == ["Laki-laki", "Perempuan"]
    assert (sex["hidden_groups"], sex["hidden_n"]) == (1, 2)  # "Lainnya" has 2 respondents
    scored = answers.copy()
    scored["B2"] = 6 - scored["B2"]
    for group in sex["groups"]:
        rows = scored[demographics["sex"] == group["value"]]
        assert group["n"] == len(rows)
        assert group["dimensions"]["A"] == pytest.approx(np.nanmean(rows[["A1", "A2"]].to_numpy()))
        assert group["dimensions"]["B"] == pytest.approx(np.nanmean(rows[["B1", "B2"]].to_numpy()))
        assert group["overall"] == pytest.approx(np.nanmean(rows.to_numpy()))
    assert [g["value"] for g in breakdowns["school"]["groups"]] == ["SMA", "S1"]
    assert breakdowns["school"]["hidden_groups"] == 0  # empty choices are not "hidden"
    assert any("5" in note for note in result["notes"])


def test_unexpected_values_and_no_demographics_frame(likert, one_item):
    instrument = likert({"D": [["Q1"]]}, demographics=[
        {"code": "sex", "label": "Jenis Kelamin", "type": "choice", "choices": ["L", "P"]}])
    answers = one_item("Q1", {3: 6})
    frame = pd.DataFrame({"sex": ["L", "P", "X", "L", None, np.nan]}, index=answers.index)
    rows = score_study(instrument, answers, frame)["demographics"]["profiles"][0]["rows"]
    assert [(row["value"], row["n"]) for row in rows] == [("L", 2), ("P", 1), ("X", 1)]
    empty = score_study(instrument, answers)["demographics"]["profiles"][0]
    assert (empty["n"], empty["n_missing"]) == (0, 6)
