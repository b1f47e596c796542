"""One snapshot per computation: scores, results page and exports read while responses arrive.

A writer thread commits responses one by one through the real submission path; meanwhile the
test reads in a loop. No read may fail, and every result must be exactly the scores of the
responses committed up to some instant (a prefix of the commit order: one writer).
"""
from __future__ import annotations

import threading

import numpy as np
import pandas as pd

from survey.analysis.frames import load_frames
from survey.analysis.service import study_scores
from survey.collect.submission import store_submission, validate_submission
from survey.scoring import score_study
from survey.studies.service import instrument_of

WRITES = 60


def answers_of(k: int) -> dict:
    """Response k's answers: varied values, Q2 (reverse-keyed) and Q4 sometimes missing."""
    answers = {"Q1": 1 + k % 5, "Q2": 1 + (k * 3) % 5, "Q3": 1 + (k * 7) % 5, "Q4": 1 + (k // 2) % 5}
    if k % 4 == 1:
        del answers["Q2"]
    if k % 6 == 5:
        del answers["Q4"]
    return answers


def _writer(app, study_id: int, committed: list[tuple[int, dict]], failures: list) -> None:
    from survey.extensions import db
    from survey.models import Study
    with app.app_context():
        try:
            study = db.session.get(Study, study_id)
            instrument = instrument_of(study)
            for k in range(WRITES):
                submission, errors = validate_submission(
                    instrument, answers_of(k), {"gender": "Perempuan" if k % 2 else "Laki-laki"},
                    {"saran": f"saran {k}"} if k % 3 == 0 else {}, require_all_items=False)
                assert not errors, errors
                stored = store_submission(db.session, study, submission, channel="link")
                db.session.commit()
                committed.append((stored.response_id, answers_of(k)))
        except Exception as exc:  # reported by the test, not lost in the thread
            failures.append(exc)
        finally:
            db.session.remove()


def _expected_answers(instrument, committed: list[tuple[int, dict]]) -> pd.DataFrame:
    codes = [item.code for item in instrument.items]
    frame = pd.DataFrame([{code: answers.get(code, np.nan) for code in codes} for _, answers in committed],
                         index=pd.Index([rid for rid, _ in committed], dtype=np.int64, name="response_id"), columns=codes,
                         dtype=np.float64)
    return frame


def test_reads_while_responses_arrive_see_one_instant(app, db, client, owned_study):
    study = owned_study()
    instrument = instrument_of(study)
    committed: list[tuple[int, dict]] = []
    failures: list = []
    writer = threading.Thread(target=_writer, args=(app, study.id, committed, failures))
    seen = []  # (response ids, scores, frames)
    pages = []
    writer.start()
    try:
        while writer.is_alive() or not seen:
            scores, frames = study_scores(db.session, study)
            seen.append((frames.answers.index.tolist(), scores, frames))
            page = client.get(f"/studies/{study.slug}/results")
            pages.append(page.status_code)
            export = client.get(f"/studies/{study.slug}/export/csv")
            pages.append(export.status_code)
            export.close()
    finally:
        writer.join()
    assert not failures, failures
    assert set(pages) == {200}
    assert len(committed) == WRITES
    order = [rid for rid, _ in committed]
    sizes = set()
    for ids, scores, frames in seen:
        k = len(ids)
        sizes.add(k)
        assert ids == order[:k]  # exactly the responses committed up to one instant
        expected = _expected_answers(instrument, committed[:k])
        pd.testing.assert_frame_equal(frames.answers, expected, check_names=False)
        assert frames.demographics.index.tolist() == ids
        assert {a["response_id"] for a in frames.open_answers} <= set(ids)
        assert len(frames.open_answers) == sum(1 for j in range(k) if j % 3 == 0)
        assert scores == score_study(instrument, expected, frames.demographics, slug=study.slug)
    assert len(sizes) > 1, "the reads never overlapped the writes"
    final = load_frames(db.session, study, instrument)
    assert final.answers.index.tolist() == order


def test_a_snapshot_ignores_a_later_commit(app, db, owned_study):
    """Inside one snapshot, a response committed after it began is not seen by any query."""
    from survey.analysis.frames import frames_in, read_snapshot
    study = owned_study("Q1,Q2,Q3,Q4,gender\n5,1,4,4,Laki-laki\n")
    instrument = instrument_of(study)
    committed, failures = [], []
    with read_snapshot(db.session) as snapshot:
        before = frames_in(snapshot, study, instrument)
        if db.engine.dialect.name == "postgresql":  # SQLite's reader would hold the writer off
            writer = threading.Thread(target=_writer, args=(app, study.id, committed, failures))
            writer.start()
            writer.join()
            assert not failures and len(committed) == WRITES
        again = frames_in(snapshot, study, instrument)
    pd.testing.assert_frame_equal(before.answers, again.answers)
    assert len(load_frames(db.session, study, instrument).answers) == 1 + len(committed)
