"""Sufficient statistics: folding the tallies of a split equals the tally of all responses, exactly,
and the scores document from a folded tally equals the one from every answer at once.

Random studies (seeded): 1-4 dimensions of 1-3 indicators of 1-3 statements with hyphenated
codes, reverse-keyed statements, 4/5/7-point scales, every method, alpha and overall rule, 15 %
missing answers, paired (importance-performance) instruments, and choice, integer (binned from
the observed range, and an age question) and free-text demographics with blanks and spellings
that print alike.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survey.instruments import build_instrument
from survey.scoring import score_study
from survey.scoring.statistics import Statistics, statistics_of
from survey.scoring.study import score_from_statistics

SEEDS = range(40)


def random_document(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    points = int(rng.choice([4, 5, 7]))
    methods = ["mean_interval", "ideal_percent"] + (["ikm_2017", "ikm_2004"] if points == 4 else [])
    dimensions, number = [], 0
    for d in range(int(rng.integers(1, 5))):
        indicators = []
        for i in range(int(rng.integers(1, 3))):
            items = []
            for k in range(int(rng.integers(1, 4))):
                number += 1
                items.append({"code": f"PLY-{d + 1}{i + 1}{k + 1}", "text": f"Petugas melayani dengan baik ({number}).",
                              **({"reverse": True} if rng.random() < 0.3 else {})})
            indicators.append({"code": f"PLY-{d + 1}-{i + 1}", "name": f"Indikator {d + 1}.{i + 1}", "items": items})
        dimensions.append({"code": f"DIM-{d + 1}", "name": f"Dimensi {d + 1}", "indicators": indicators})
    document = {
        "format": "survey-instrument/1", "title": "Studi Acak", "institution": "Kantor Uji", "language": "id",
        "scale": {"points": points, "labels": [f"Poin {p + 1}" for p in range(points)]},
        "method": str(rng.choice(methods)), "dimensions": dimensions,
        "analysis": {"alpha_rule": str(rng.choice(["listwise", "pairwise"])),
                     "overall": str(rng.choice(["dimension_means", "pooled"])),
                     "validity_rule": str(rng.choice(["r_item_total", "r_corrected", "r_fixed"]))},
        "demographics": [
            {"code": "gender", "label": "Jenis Kelamin", "type": "choice", "choices": ["Laki-laki", "Perempuan"]},
            {"code": "umur", "label": "Usia", "type": "integer"},
            {"code": "lama-tinggal", "label": "Lama tinggal (tahun)", "type": "integer"},
            {"code": "desa", "label": "Desa", "type": "text"}],
    }
    if rng.random() < 0.4:
        document["pairing"] = {"importance": {"name": "Harapan"}, "performance": {"name": "Kenyataan"}}
    return document


def random_responses(instrument, seed: int, n: int | None = None):
    """(answers, demographics, importance or None): raw answers as respondents gave them."""
    rng = np.random.default_rng(seed + 1000)
    n = int(rng.integers(0, 80)) if n is None else n
    codes = [item.code for item in instrument.items]
    points = instrument.scale.points
    person = rng.normal(0, 1, (n, 1))
    values = np.clip(np.rint(points / 2 + person + rng.normal(0, 1, (n, len(codes)))), 1, points)
    values[rng.random(values.shape) < 0.15] = np.nan
    index = pd.Index(np.sort(rng.choice(np.arange(1, 10 * n + 2), n, replace=False)), name="response_id")
    answers = pd.DataFrame(values, columns=codes, index=index)
    demographics = pd.DataFrame({
        "gender": rng.choice(np.array(["Laki-laki", "Perempuan", None, "Lainnya"], dtype=object), n),
        "umur": np.where(rng.random(n) < 0.1, np.nan, rng.integers(17, 80, n)),
        "lama-tinggal": np.where(rng.random(n) < 0.1, np.nan, rng.integers(0, 30, n)),
        "desa": rng.choice(np.array(["Sukamaju", " Sukamaju", "Cibiru", "", None]
                                    + [f"Desa {i}" for i in range(40)], dtype=object), n)}, index=index)
    importance = None
    if instrument.pairing is not None:
        other = np.clip(np.rint(points * 0.7 + rng.normal(0, 1, (n, len(codes)))), 1, points)
        other[rng.random(other.shape) < 0.1] = np.nan
        importance = pd.DataFrame(other, columns=codes, index=index)
    return answers, demographics, importance


def _part(frames, rows):
    answers, demographics, importance = frames
    return (answers.iloc[rows], demographics.iloc[rows], None if importance is None else importance.iloc[rows])


@pytest.mark.parametrize("seed", SEEDS)
def test_folding_a_split_equals_the_tally_of_all_and_gives_the_same_document(seed):
    instrument = build_instrument(random_document(seed))
    frames = random_responses(instrument, seed)
    n = len(frames[0])
    whole = statistics_of(instrument, *frames)
    rng = np.random.default_rng(seed)
    cuts = sorted(rng.integers(0, n + 1, size=2))
    parts = [statistics_of(instrument, *_part(frames, slice(a, b)))
             for a, b in ((0, cuts[0]), (cuts[0], cuts[1]), (cuts[1], n))]
    folded = (parts[0] + parts[1]) + parts[2]
    assert folded == whole
    assert parts[0] + (parts[1] + parts[2]) == whole  # associative
    assert folded.n_responses == n
    document = score_study(instrument, *frames[:2], slug="acak", importance=frames[2])
    assert score_from_statistics(instrument, folded, slug="acak") == document
    assert (document["ipa"] is None) == (instrument.pairing is None)


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_one_response_at_a_time(seed):
    instrument = build_instrument(random_document(seed))
    frames = random_responses(instrument, seed, n=25)
    folded = statistics_of(instrument, *_part(frames, slice(0, 0)))
    for row in range(25):
        folded = folded + statistics_of(instrument, *_part(frames, slice(row, row + 1)))
    assert folded == statistics_of(instrument, *frames)
    assert score_from_statistics(instrument, folded) == score_study(instrument, *frames[:2], importance=frames[2])


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_a_stored_tally_reads_back_exactly(seed):
    instrument = build_instrument(random_document(seed))
    whole = statistics_of(instrument, *random_responses(instrument, seed))
    again = Statistics.from_bytes(whole.to_bytes())
    assert again == whole
    assert score_from_statistics(instrument, again) == score_from_statistics(instrument, whole)


def test_the_tally_does_not_grow_with_the_responses():
    instrument = build_instrument(random_document(3))
    small = statistics_of(instrument, *random_responses(instrument, 3, n=50)[:1])
    large = statistics_of(instrument, *random_responses(instrument, 3, n=5000)[:1])
    assert len(large.to_bytes()) == len(small.to_bytes())


def test_a_late_integer_answer_moves_the_groups_as_a_full_recount_does():
    """Integer groups are formed from the observed range: a new oldest respondent widens them."""
    instrument = build_instrument(random_document(1))
    answers, demographics, importance = random_responses(instrument, 1, n=40)
    demographics["lama-tinggal"] = 5.0
    extra = answers.iloc[:1].copy()
    extra.index = pd.Index([10_000], name="response_id")
    extra_demo = demographics.iloc[:1].copy()
    extra_demo.index = extra.index
    extra_demo["lama-tinggal"] = 61.0
    extra_importance = None if importance is None else importance.iloc[:1].set_axis(extra.index)
    before = statistics_of(instrument, answers, demographics, importance)
    folded = before + statistics_of(instrument, extra, extra_demo, extra_importance)
    everything = (pd.concat([answers, extra]), pd.concat([demographics, extra_demo]),
                  None if importance is None else pd.concat([importance, extra_importance]))
    document = score_from_statistics(instrument, folded)
    assert document == score_study(instrument, *everything[:2], importance=everything[2])
    rows = next(p for p in document["demographics"]["profiles"] if p["code"] == "lama-tinggal")["rows"]
    assert [row["value"] for row in rows] == ["5–16", "17–28", "29–40", "41–52", "53–61"]
    assert [row["n"] for row in rows] == [40, 0, 0, 0, 1]
    alone = score_from_statistics(instrument, before)["demographics"]["profiles"]
    assert [row["value"] for row in next(p for p in alone if p["code"] == "lama-tinggal")["rows"]] == ["5"]


def test_an_answer_off_the_scale_is_refused_on_either_side():
    instrument = build_instrument({**random_document(0), "pairing": {"importance": {"name": "Harapan"},
                                                                      "performance": {"name": "Kenyataan"}}})
    answers, demographics, _ = random_responses(instrument, 0, n=5)
    bad = answers.fillna(1.0).copy()
    bad.iloc[0, 0] = instrument.scale.points + 1
    with pytest.raises(ValueError, match="is not a point"):
        statistics_of(instrument, bad, demographics)
    with pytest.raises(ValueError, match="is not a point"):
        statistics_of(instrument, answers.fillna(1.0), demographics, importance=bad)
