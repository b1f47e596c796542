"""The DB -> pandas bridge returns raw answers in instrument order, NaN for missing."""
import math

from survey.analysis.frames import load_frames
from survey.collect.csv_import import import_responses
from survey.studies.service import instrument_of

CSV = ("Q1,Q2,Q3,Q4,gender,age,saran\n"
       "5,1,4,4,Laki-laki,30,Tambah loket\n"
       "4,,3,2,Perempuan,,\n")


def test_frames_hold_raw_answers_demographics_and_open_answers(db, make_study):
    study = make_study()
    instrument = instrument_of(study)
    import_responses(db.session, study, instrument, CSV)
    db.session.commit()
    frames = load_frames(db.session, study, instrument)
    assert list(frames.answers.columns) == ["Q1", "Q2", "Q3", "Q4"]
    first, second = frames.answers.iloc[0], frames.answers.iloc[1]
    assert first.tolist() == [5.0, 1.0, 4.0, 4.0]  # Q2 is reverse-keyed but stays raw here
    assert second["Q1"] == 4 and math.isnan(second["Q2"])
    assert frames.demographics["gender"].tolist() == ["Laki-laki", "Perempuan"]
    assert frames.demographics["age"].iloc[0] == 30 and math.isnan(frames.demographics["age"].iloc[1])
    assert [a["text"] for a in frames.open_answers] == ["Tambah loket"]
    assert frames.responses["channel"].tolist() == ["import", "import"]


def test_frames_of_a_study_without_responses_are_empty(db, make_study):
    study = make_study()
    frames = load_frames(db.session, study, instrument_of(study))
    assert frames.answers.shape == (0, 4)
    assert frames.demographics.shape[0] == 0


PAIRING = {"importance": {"name": "Harapan"}, "performance": {"name": "Kenyataan"}}


def test_a_paired_response_is_stored_on_both_sides_and_read_back_side_by_side(db, make_study):
    """Both sides of a statement are two answers of one response; a missing side stays missing
    on that side only; resending the same uuid stores nothing twice."""
    from collections import Counter

    from sqlalchemy import select

    from survey.collect.submission import store_submission, validate_submission
    from survey.models import IMPORTANCE, PERFORMANCE, AnswerSheet
    from tests.conftest import stored_answers

    study = make_study(pairing=PAIRING)
    instrument = instrument_of(study)
    assert instrument.answer_keys[:2] == ("Q1:importance", "Q1:performance")
    given = {"Q1:importance": 5, "Q1:performance": 3, "Q2:importance": "4", "Q2:performance": 2,
             "Q3:performance": 4, "Q4:importance": 5, "Q4:performance": 5}
    submission, errors = validate_submission(instrument, given, {"gender": "Perempuan"},
                                             require_all_items=False)
    assert errors == {}
    assert submission.importance == {"Q1": 5, "Q2": 4, "Q4": 5}
    assert submission.answers == {"Q1": 3, "Q2": 2, "Q3": 4, "Q4": 5}
    first = store_submission(db.session, study, submission, channel="link", response_uuid="u-paired")
    again = store_submission(db.session, study, submission, channel="link", response_uuid="u-paired")
    db.session.commit()
    assert first.created and not again.created and not again.conflict
    sides = Counter(side for _, _, side, _ in stored_answers(db.session))
    assert sides == {PERFORMANCE: 4, IMPORTANCE: 3}
    assert sorted(db.session.scalars(select(AnswerSheet.answers))) == ["3245", "54.5"]  # one sheet per side

    frames = load_frames(db.session, study, instrument)
    assert frames.answers.iloc[0].tolist() == [3.0, 2.0, 4.0, 5.0]  # raw: Q2's reverse is for scoring
    importance = frames.importance.iloc[0]
    assert importance[["Q1", "Q2", "Q4"]].tolist() == [5.0, 4.0, 5.0] and math.isnan(importance["Q3"])

    # A plain code is not an answer of a paired study, and each side keeps the scale's range.
    _, errors = validate_submission(instrument, {"Q1": 3, "Q2:importance": 9}, require_all_items=False)
    assert {"Q1", "Q2:importance"} <= set(errors) and "Q2:performance" not in errors
    _, errors = validate_submission(instrument, {"Q1:importance": 5})
    assert "Q1:performance" in errors and "Q1:importance" not in errors


def test_unpaired_frames_have_no_importance_side(db, make_study):
    study = make_study()
    assert load_frames(db.session, study, instrument_of(study)).importance is None
