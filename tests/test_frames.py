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
