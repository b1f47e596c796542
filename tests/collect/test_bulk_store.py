"""The bulk store of `responses import`: every row in, in file order, all or nothing, and the
database's own checks still hold (bench/import_responses.py measures its speed)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from survey.analysis.frames import load_frames
from survey.collect.bulk_store import store_responses
from survey.collect.csv_import import ImportError_, import_responses, parse_responses, read_csv
from survey.models import Response
from tests.conftest import stored_answers
from survey.studies.service import instrument_of


def _csv(n: int, seed: int = 3) -> tuple[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    values = rng.integers(1, 6, size=(n, 4)).astype(float)
    values[rng.random(values.shape) < 0.15] = np.nan  # missing answers, Q2 reverse-keyed stays raw
    frame = pd.DataFrame(values, columns=["Q1", "Q2", "Q3", "Q4"])
    out = frame.astype("Int64")
    out["gender"] = np.where(rng.random(n) < 0.5, "Laki-laki", "Perempuan")
    out["saran"] = np.where(rng.random(n) < 0.2, "Antrean, perlu \"dipercepat\"", "")
    out["uuid"] = [f"kobo-{i:05d}" for i in range(n)]
    out["submitted_at"] = [f"2026-03-{1 + i % 28:02d}T10:15" for i in range(n)]
    return out.to_csv(index=False), frame


def test_rows_stored_in_file_order_with_missing_answers_and_profile(db, make_study):
    study = make_study()
    instrument = instrument_of(study)
    text, expected = _csv(700)
    assert import_responses(db.session, study, instrument, text) == 700
    db.session.commit()
    frames = load_frames(db.session, study, instrument)
    got = frames.answers.reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_names=False)
    uuids = db.session.scalars(select(Response.uuid).where(Response.study_id == study.id)
                               .order_by(Response.id)).all()
    assert uuids == [f"kobo-{i:05d}" for i in range(700)]
    assert frames.responses["submitted_at"].iloc[30].isoformat() == "2026-03-03T10:15:00+00:00"
    assert frames.demographics["gender"].notna().all()
    assert all(a["text"] == 'Antrean, perlu "dipercepat"' for a in frames.open_answers)
    assert set(frames.responses["channel"]) == {"import"}


def test_the_same_uuids_again_are_refused_and_nothing_is_added(db, make_study):
    study = make_study()
    text, _ = _csv(50)
    import_responses(db.session, study, instrument_of(study), text)
    db.session.commit()
    with pytest.raises(ImportError_) as refused:
        import_responses(db.session, study, instrument_of(study), text)
    db.session.rollback()
    assert refused.value.total == 50
    assert refused.value.problems[0] == "row 2, column uuid: already imported (kobo-00000)"
    assert db.session.scalar(select(func.count()).select_from(Response)) == 50


def test_the_database_still_refuses_an_answer_outside_the_scale(db, make_study):
    """Even if a bad value slipped past the CSV checks, nothing of the file is stored."""
    study = make_study()
    instrument = instrument_of(study)
    parsed = parse_responses(instrument, read_csv("Q1,Q2,Q3,Q4,gender\n1,2,3,4,Laki-laki\n5,5,5,5,Perempuan\n"))
    parsed.answers.loc[1, "Q3"] = 9
    with pytest.raises((ImportError_, IntegrityError)):
        store_responses(db.session, study, instrument, parsed)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    assert len(stored_answers(db.session)) == 0


@pytest.mark.postgresql
def test_a_bulk_import_runs_without_the_web_statement_timeout(db, make_study):
    """The 15 s statement timeout protects web workers; the INSERT ... SELECT of 4.5 million
    answers takes longer (bench/import_responses.py), so the import's transaction lifts it."""
    from sqlalchemy import text
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the statement timeout is PostgreSQL's")
    study = make_study()
    db.session.execute(text("SET statement_timeout = 15000"))
    try:
        assert import_responses(db.session, study, instrument_of(study), _csv(300)[0]) == 300
        assert db.session.scalar(text("SHOW statement_timeout")) == "0"  # for the rest of this transaction
        db.session.commit()
        assert db.session.scalar(text("SHOW statement_timeout")) == "15s"  # SET LOCAL ends with it
    finally:
        db.session.execute(text("SET statement_timeout = DEFAULT"))
