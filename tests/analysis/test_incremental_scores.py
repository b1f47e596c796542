"""Incremental scores from the database: the stored tally plus the responses it has not seen
gives the same document as scoring every answer again, including responses that commit while a
tally is being made (on PostgreSQL also with a lower id), and anything the fold must not build
on (deleted or changed responses, another instrument version) makes a rebuild. Run on SQLite
and on PostgreSQL (TEST_DATABASE_URL)."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from survey.analysis.frames import load_frames
from survey.analysis.service import study_results, study_scores
from survey.collect.submission import store_submission, validate_submission
from survey.models import Response, StudyStatistics
from survey.scoring import score_study
from survey.scoring.open_answers import group_answers
from survey.scoring.statistics import Statistics, statistics_of
from survey.studies.service import drop_statistics, instrument_of, replace_instrument
from tests.conftest import instrument_doc

PAIRING = {"importance": {"name": "Harapan"}, "performance": {"name": "Kenyataan"}}
GENDERS = ("Laki-laki", "Perempuan")


def answers_of(instrument, k: int) -> dict:
    """Response k: varied answers, Q2 (reverse-keyed) and Q4 sometimes missing; both sides when paired."""
    values = {"Q1": 1 + k % 5, "Q2": 1 + (k * 3) % 5, "Q3": 1 + (k * 7) % 5, "Q4": 1 + (k // 2) % 5}
    if k % 4 == 1:
        del values["Q2"]
    if k % 6 == 5:
        del values["Q4"]
    if instrument.pairing is None:
        return values
    answers = {f"{code}:performance": value for code, value in values.items()}
    answers.update({f"{code}:importance": 1 + (value + k) % 5 for code, value in values.items() if k % 5 != 2})
    return answers


def submit(db, study, k: int, response_id: int | None = None) -> int:
    instrument = instrument_of(study)
    demographics = {"gender": GENDERS[k % 2]}  # required; age is optional
    if k % 3:
        demographics["age"] = str(18 + (k * 11) % 60)
    submission, errors = validate_submission(instrument, answers_of(instrument, k), demographics,
                                             {"saran": f"Antrean perlu dipercepat ({k % 4})"} if k % 3 == 0 else {},
                                             require_all_items=False)
    assert not errors, errors
    stored = store_submission(db.session, study, submission, channel="link",
                              extra={"id": response_id} if response_id is not None else None)
    db.session.commit()
    return stored.response_id


def full_recount(db, study) -> dict:
    instrument = instrument_of(study)
    frames = load_frames(db.session, study, instrument)
    return score_study(instrument, frames.answers, frames.demographics, slug=study.slug,
                       importance=frames.importance)


def every_group(db, study, limit: int = 10) -> dict[str, dict]:
    """Each open question's first groups from every answer at once (what the fold must equal)."""
    frames = load_frames(db.session, study, instrument_of(study))
    by_code = {q.code: [] for q in instrument_of(study).open_questions}
    for answer in frames.open_answers:
        by_code[answer["code"]].append(answer["text"])
    grouped = {code: group_answers(texts, limit=limit) for code, texts in by_code.items()}
    for summary in grouped.values():
        for group in summary["groups"]:
            del group["key"]
    return grouped


def stored_tally(db, study) -> StudyStatistics | None:
    db.session.expire_all()
    return db.session.scalar(select(StudyStatistics).where(StudyStatistics.study_id == study.id))


@pytest.fixture(params=["unpaired", "paired"])
def study(request, make_study):
    return make_study(**({"pairing": PAIRING} if request.param == "paired" else {}))


def test_new_responses_are_folded_into_the_stored_tally(db, study):
    for k in range(30):
        submit(db, study, k)
    scores, first = study_results(db.session, study)
    assert first.source == "rebuilt" and first.n_responses == 30
    assert scores == full_recount(db, study)
    assert stored_tally(db, study).n_responses == 30

    for k in range(30, 41):
        submit(db, study, k)
    scores, again = study_results(db.session, study)
    assert again.source == "folded" and again.n_responses == 41
    assert scores == full_recount(db, study)  # bit for bit: the same document as every answer at once
    assert scores["n_responses"] == 41 and (scores["ipa"] is None) == (instrument_of(study).pairing is None)
    assert again.open_groups["saran"] == every_group(db, study)["saran"]
    assert again.open_groups["saran"]["n_answers"] == sum(1 for k in range(41) if k % 3 == 0)

    row = stored_tally(db, study)
    instrument = instrument_of(study)
    frames = load_frames(db.session, study, instrument)
    assert Statistics.from_bytes(row.data) == statistics_of(instrument, frames.answers, frames.demographics,
                                                            frames.importance)
    assert (row.n_responses, row.max_response_id, row.answers_revision) == (41, int(frames.answers.index.max()), 0)
    assert (row.pg_snapshot is not None) == (db.engine.dialect.name == "postgresql")

    unchanged, third = study_results(db.session, study)
    assert third.source == "stored" and unchanged == scores


def test_deleted_responses_are_noticed_and_the_tally_rebuilt(db, study):
    ids = [submit(db, study, k) for k in range(25)]
    study_results(db.session, study)
    # A removal that forgot drop_statistics: the database raised the study's answers revision.
    db.session.execute(delete(Response).where(Response.id.in_(ids[3:6])))
    db.session.commit()
    scores, collected = study_results(db.session, study)
    assert collected.source == "rebuilt" and scores["n_responses"] == 22
    assert scores == full_recount(db, study)
    # The hook for removals: the tally is dropped in the deleting transaction.
    db.session.execute(delete(Response).where(Response.id == ids[10]))
    drop_statistics(db.session, study)
    db.session.commit()
    assert stored_tally(db, study) is None
    scores, collected = study_results(db.session, study)
    assert collected.source == "rebuilt" and scores == full_recount(db, study) and scores["n_responses"] == 21


def test_a_changed_answer_sheet_makes_a_rebuild(db, study):
    from survey.models import AnswerSheet
    ids = [submit(db, study, k) for k in range(12)]
    study_results(db.session, study)
    db.session.execute(update(AnswerSheet).where(AnswerSheet.response_id == ids[4], AnswerSheet.side == 0)
                       .values(answers="1111"))
    db.session.commit()
    scores, collected = study_results(db.session, study)
    assert collected.source == "rebuilt" and scores == full_recount(db, study)


def test_a_response_committing_while_the_tally_is_made_is_folded_later(db, study):
    """A submission still in its transaction when a tally is read and saved: the tally does not
    hold it, and the next read folds it in once it commits (PostgreSQL: its transaction was in
    the tally's snapshot's in-progress list; SQLite: the writer holds the lock, the save gives up,
    and the next read rebuilds)."""
    from sqlalchemy.orm import Session

    for k in range(20):
        submit(db, study, k)
    with Session(db.engine) as writer:  # a second connection: another worker's submission
        instrument = instrument_of(study)
        submission, errors = validate_submission(instrument, answers_of(instrument, 20), {"gender": GENDERS[0]},
                                                 require_all_items=False)
        assert not errors
        store_submission(writer, writer.get(type(study), study.id), submission, channel="link")
        scores, during = study_results(db.session, study)
        assert during.n_responses == 20 and scores["n_responses"] == 20  # not committed: not seen
        writer.commit()
    scores, after = study_results(db.session, study)
    assert after.n_responses == 21 and scores == full_recount(db, study)
    if db.engine.dialect.name == "postgresql":
        assert after.source == "folded"


@pytest.mark.postgresql
def test_a_lower_id_committed_after_the_tally_is_folded(db, study):
    """PostgreSQL hands out ids before commit: a response whose id is lower than the tally's
    highest can commit after it. Its transaction is later than the tally's snapshot, so it is
    folded in, not missed."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite gives every new row the next id; only PostgreSQL commits ids out of order")
    for k in range(20):
        submit(db, study, k, response_id=1000 + 2 * k)  # 1000, 1002, ..., 1038
    study_results(db.session, study)
    assert stored_tally(db, study).max_response_id == 1038
    submit(db, study, 20, response_id=1011)  # lower than the tally's highest id
    submit(db, study, 21, response_id=1050)
    scores, collected = study_results(db.session, study)
    assert collected.source == "folded"
    assert scores["n_responses"] == 22 and scores == full_recount(db, study)


def test_a_tally_of_another_instrument_version_is_never_folded(db, study):
    for k in range(12):
        submit(db, study, k)
    study_results(db.session, study)
    db.session.execute(update(StudyStatistics).where(StudyStatistics.study_id == study.id)
                       .values(version="an older instrument"))
    db.session.commit()
    scores, collected = study_results(db.session, study)
    assert collected.source == "rebuilt" and scores == full_recount(db, study)


def test_replacing_the_instrument_drops_the_tally(db, make_study):
    from survey.instruments import build_instrument
    study = make_study(status="draft")
    study_results(db.session, study)
    assert stored_tally(db, study) is not None
    replace_instrument(db.session, study, build_instrument(instrument_doc(pairing=PAIRING)))
    db.session.commit()
    assert stored_tally(db, study) is None
    scores, collected = study_results(db.session, study)
    assert collected.source == "rebuilt" and scores["ipa"] is not None and scores["n_responses"] == 0


def test_a_failed_save_does_not_fail_the_read(db, study, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import survey.analysis.service as service
    for k in range(9):
        submit(db, study, k)

    def locked(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))
    monkeypatch.setattr(service, "_replace", locked)
    scores, collected = study_results(db.session, study)
    assert collected.source == "rebuilt" and scores == full_recount(db, study)
    assert stored_tally(db, study) is None


def test_study_scores_with_every_answer_saves_the_tally_the_page_folds(db, study):
    for k in range(15):
        submit(db, study, k)
    scores, frames = study_scores(db.session, study)
    assert len(frames.answers) == 15 and stored_tally(db, study).n_responses == 15
    submit(db, study, 15)
    folded, collected = study_results(db.session, study)
    assert collected.source == "folded" and folded == full_recount(db, study)
    submitted = load_frames(db.session, study, instrument_of(study)).responses["submitted_at"]
    assert collected.period == (submitted.min().to_pydatetime(), submitted.max().to_pydatetime())
    assert collected.period[0].tzinfo is not None


def test_results_page_and_cli_read_the_folded_tally(db, client, owned_study, runner):
    import json
    study = owned_study()
    for k in range(10):
        submit(db, study, k)
    assert client.get(f"/studies/{study.slug}/results").status_code == 200
    for k in range(10, 14):
        submit(db, study, k)
    page = client.get(f"/studies/{study.slug}/results")
    assert page.status_code == 200 and "Antrean perlu dipercepat" in page.get_data(as_text=True)
    result = runner.invoke(args=["study", "scores", study.slug, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(json.dumps(full_recount(db, study)))
    assert stored_tally(db, study).n_responses == 14


def test_a_rebuild_in_parts_equals_every_answer_at_once(db, study, monkeypatch):
    """A large study's tally is rebuilt a part of its responses at a time (memory flat in N):
    the parts fold into exactly the document of every answer at once."""
    import survey.analysis.service as service
    monkeypatch.setattr(service, "REBUILD_PART", 7)
    for k in range(30):
        submit(db, study, k)
    scores, collected = study_results(db.session, study)
    assert collected.source == "rebuilt" and collected.n_responses == 30
    assert scores == full_recount(db, study)
    submitted = load_frames(db.session, study, instrument_of(study)).responses["submitted_at"]
    assert collected.period == (submitted.min().to_pydatetime(), submitted.max().to_pydatetime())


def test_open_answer_groups_fold_exactly(db, study):
    """The first groups of an open question, folded read after read from the stored groups and
    the newer answers, equal the grouping of every answer at once: counts, order (most answers,
    then first given), the spelling that names a group (most common, then first) and the totals."""
    import random

    from survey.studies.service import instrument_of as instrument_for
    rng = random.Random(14)
    phrases = ["Antrean lama", "antrean LAMA!", "Antrean  lama.", "Petugas ramah", "petugas ramah",
               "Parkir sempit", "Tambah kursi", "tambah kursi!!", "Toilet kotor"]
    instrument = instrument_for(study)
    k = 0
    for batch, limit in ((12, 3), (5, 3), (9, 2), (1, 3), (20, 4)):
        for _ in range(batch):
            text = rng.choice(phrases) if rng.random() < 0.8 else f"Saran unik {k}"
            submission, errors = validate_submission(instrument, answers_of(instrument, k), {"gender": GENDERS[k % 2]},
                                                     {"saran": text}, require_all_items=False)
            assert not errors
            store_submission(db.session, study, submission, channel="link")
            db.session.commit()
            k += 1
        scores, collected = study_results(db.session, study, groups_shown=limit)
        assert collected.open_groups == every_group(db, study, limit), (batch, collected.source)
    assert collected.source == "folded"
