"""A paired study scored from the database (SQLite and PostgreSQL): responses stored through the
submission path with `<code>:importance` / `<code>:performance` keys, read back by the frames and
scored by `study_scores`; the `ipa` block equals the hand computation of tests/scoring/test_ipa.py
to 1e-12, and `flask study scores SLUG --json` prints it."""
from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from survey.analysis.service import study_scores
from survey.collect.submission import store_submission, validate_submission
from survey.instruments import build_instrument, side_key
from survey.scoring import score_study
from survey.scoring.ipa import ipa_document
from survey.studies.service import create_study, instrument_of
from tests.scoring.conftest import likert_doc
from tests.scoring.test_ipa import CODES, IMPORTANCE, PERFORMANCE, _by_hand

ROOT = Path(__file__).resolve().parents[2]
OUTLINE = {"TAN": [["TAN-01", "TAN-02"]], "REL": [["REL-01", "REL-02", "REL-03"]],
           "RES": [["RES-01", "RES-02"]], "ASS": [["ASS-01", "ASS-02"]], "EMP": [["EMP-01"]]}
SIDES = {"importance": "Harapan", "performance": "Kenyataan"}
# Quadrants of the hand-computed case, points on the cut lines included (test_ipa.py).
QUADRANTS = {"TAN-01": 2, "TAN-02": 4, "REL-01": 1, "REL-02": 1, "REL-03": 4, "RES-01": 2, "RES-02": 2,
             "ASS-01": 3, "ASS-02": 2, "EMP-01": 4}


def paired_instrument():
    doc = likert_doc(OUTLINE, reverse=("REL-02",),
                     pairing={side: {"name": name} for side, name in SIDES.items()})
    doc["demographics"] = [{"code": "jk", "label": "Jenis Kelamin", "type": "choice",
                            "choices": ["Laki-laki", "Perempuan"]}]
    return build_instrument(doc)


def _answers(row: int) -> dict[str, object]:
    """One respondent's answers as a form sends them: a missing side is simply absent."""
    answers: dict[str, object] = {}
    for j, code in enumerate(CODES):
        for side, table in (("importance", IMPORTANCE), ("performance", PERFORMANCE)):
            value = table[row][j]
            if not math.isnan(value):
                answers[side_key(code, side)] = str(int(value))
    return answers


@pytest.fixture
def paired_study(db):
    instrument = paired_instrument()
    study = create_study(db.session, instrument, slug="servqual-berpasangan")
    for row in range(len(IMPORTANCE)):
        submission, errors = validate_submission(instrument, _answers(row),
                                                 {"jk": ["Laki-laki", "Perempuan"][row % 2]},
                                                 require_all_items=False)
        assert errors == {}
        store_submission(db.session, study, submission, channel="link")
    db.session.commit()
    return study


def test_stored_paired_responses_score_as_the_hand_computation(db, paired_study):
    scores, frames = study_scores(db.session, paired_study)
    ipa = scores["ipa"]
    assert scores["n_responses"] == 4 and ipa["sides"] == SIDES
    hand = {code: _by_hand(code) for code in CODES}
    assert ipa["x_mean"] == pytest.approx(float(sum(p for _, _, p in hand.values()) / 10), abs=1e-12)
    assert ipa["y_mean"] == pytest.approx(float(sum(i for _, i, _ in hand.values()) / 10), abs=1e-12)
    assert (ipa["x_mean"], ipa["y_mean"]) == (3.5, 4.25)
    for row in ipa["items"]:
        n, importance, performance = hand[row["code"]]
        assert row["n"] == n
        assert row["importance_mean"] == pytest.approx(float(importance), abs=1e-12)
        assert row["performance_mean"] == pytest.approx(float(performance), abs=1e-12)
        assert (row["importance_total"], row["performance_total"]) == (importance * n, performance * n)
        assert row["conformity_percent"] == pytest.approx(float(100 * performance / importance), abs=1e-12)
        assert row["gap"] == pytest.approx(float(performance - importance), abs=1e-12)
    assert {row["code"]: row["quadrant"] for row in ipa["items"]} == QUADRANTS
    rows = {row["code"]: row for row in ipa["items"]}
    assert rows["TAN-02"]["n"] == 3  # respondent 2 left its performance side blank
    assert (rows["REL-02"]["importance_total"], rows["REL-02"]["performance_total"]) == (18, 10)  # reverse
    # The frames hold both sides as given (raw, not reverse scored), missing sides as NaN.
    assert frames.importance is not None and frames.importance.shape == frames.answers.shape == (4, 10)
    assert frames.importance["REL-02"].tolist() == [2, 1, 2, 1]
    assert frames.answers["TAN-02"].isna().tolist() == [False, True, False, False]
    assert frames.importance["ASS-01"].isna().sum() == 1


def test_the_database_path_equals_the_pure_scoring_of_the_same_answers(db, paired_study):
    instrument = instrument_of(paired_study)
    scores, frames = study_scores(db.session, paired_study)
    importance = pd.DataFrame(IMPORTANCE, columns=CODES, dtype="float64").set_axis(frames.answers.index)
    performance = pd.DataFrame(PERFORMANCE, columns=CODES, dtype="float64").set_axis(frames.answers.index)
    pure = score_study(instrument, performance, frames.demographics, slug=paired_study.slug, importance=importance)
    assert scores == pure
    assert scores["ipa"] == ipa_document(instrument, importance, performance, names=SIDES)
    # The usual sections describe the performance side only.
    assert scores["dimensions"] == score_study(instrument, performance)["dimensions"]


def test_scores_cli_prints_the_ipa_block(runner, paired_study):
    result = runner.invoke(args=["study", "scores", paired_study.slug, "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    schema = json.loads((ROOT / "docs" / "scores.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(scores, schema)
    ipa = scores["ipa"]
    assert ipa["x_mean"] == 3.5 and ipa["y_mean"] == 4.25
    assert ipa["quadrants"]["1"] == ["REL-01", "REL-02"] and ipa["quadrant_labels"]["1"] == "Prioritas Utama"
    tan = next(row for row in ipa["items"] if row["code"] == "TAN-01")
    assert (tan["importance_total"], tan["performance_total"], tan["gap"]) == (18, 14, -1.0)
    assert tan["conformity_percent"] == pytest.approx(100 * 14 / 18, abs=1e-12)
    assert ipa["overall"]["n_pairs"] == sum(row["n"] for row in ipa["items"]) == 36


def test_an_unpaired_study_has_no_ipa_and_no_importance_frame(db, runner):
    doc = likert_doc({"A": [["A-01", "A-02"]]})
    instrument = build_instrument(copy.deepcopy(doc))
    study = create_study(db.session, instrument, slug="tanpa-pasangan")
    submission, errors = validate_submission(instrument, {"A-01": "4", "A-02": "3"})
    assert errors == {}
    store_submission(db.session, study, submission, channel="link")
    db.session.commit()
    scores, frames = study_scores(db.session, study)
    assert scores["ipa"] is None and frames.importance is None
    result = runner.invoke(args=["study", "scores", study.slug, "--json"])
    assert json.loads(result.output)["ipa"] is None


def test_a_plain_code_is_refused_for_a_paired_study_and_nothing_is_stored(db, paired_study):
    from sqlalchemy import func, select

    from survey.models import Response
    from tests.conftest import stored_answers
    instrument = instrument_of(paired_study)
    before = len(stored_answers(db.session))
    submission, errors = validate_submission(instrument, {"TAN-01": "4", side_key("TAN-02", "importance"): "9"},
                                             require_all_items=False)
    assert submission is None and set(errors) == {"TAN-01", "TAN-02:importance"}
    assert len(stored_answers(db.session)) == before
    assert db.session.scalar(select(func.count()).select_from(Response)) == 4
