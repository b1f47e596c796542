"""Scores of a stored study: frames from the database, then the pure scoring package.

Incremental scores (issue 14, item 2). Every study keeps its sufficient statistics
(survey/scoring/statistics.py) in `study_statistics`: the exact tally of the responses one read
saw, and *which* responses those were (`Seen`). `study_results` reads, in ONE snapshot, the
stored tally and only the responses it has not seen, and folds them in; nothing it does grows
with the number of responses already tallied.

Which responses a tally has not seen:
- PostgreSQL hands out response ids before commit, so a response with a lower id can commit
  after a higher one: ids cannot tell. Every response row carries the id of the transaction
  that inserted it (`response.xact_id`, a server default), and a tally keeps the snapshot of its
  read (`pg_current_snapshot()`: xmin:xmax:in-progress list). The responses it did not see are
  exactly those whose transaction is at or past that snapshot's xmax or was in progress then:
  `xact_id >= xmax OR xact_id IN (in-progress)`, an index range on (study_id, xact_id).
- SQLite has one writer at a time and gives a new row the next id, so responses commit in id
  order: the unseen ones are those with a higher id than the tally's highest.
- A deleted or changed response, answer sheet, demographic or open answer makes the database
  itself raise the study's `answers_revision` (triggers of migration 0008). A tally remembers
  the revision its read saw and is folded only while the revision is unchanged; otherwise it is
  rebuilt from every answer, which is always correct. (A read that began before a deletion and
  saves after it saves the old revision: the next read rebuilds, nothing is counted twice.) A
  tally of another instrument version or tally format is never folded either.

The tally carries the study's open-answer groups (how many answers each question has, and its
groups as rows in `open_answer_group`, survey/analysis/open_groups.py), folded the same way, so
the results page lists the most frequent groups without reading every answer.

A large tally is rebuilt REBUILD_PART responses at a time (tallies fold exactly), so memory stays
flat in the number of responses. The refreshed tally is saved in a short write transaction of its
own after the snapshot; a failed save (a concurrent save, a locked SQLite file) costs only speed,
never the read. A fold is saved only onto the tally it was folded from.

numpy and pandas are imported on first use: most commands and requests score nothing.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, delete, insert, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..models import Response, Study, StudyStatistics
from ..models.base import utcnow
from ..studies.service import instrument_of

if TYPE_CHECKING:
    from ..scoring.open_answers import Group
    from ..scoring.statistics import Statistics
    from .frames import Snapshot, StudyFrames

log = logging.getLogger(__name__)
SAVE_LOCK_MS = 200  # how long saving a tally waits for a lock before giving up (the read never waits)
REBUILD_PART = 50_000  # responses read and tallied at a time when a tally is rebuilt
OPEN_GROUPS_SHOWN = 10  # open-answer groups per question in StudyResults (the results page)


@dataclass
class StudyResults:
    """What a view of the scores needs beside them, without any answer row."""
    n_responses: int
    period: tuple[datetime, datetime] | None  # first and last submission (None without responses)
    open_groups: dict[str, dict]  # per open question code: scoring/open_answers.py summary, first groups
    open_answers: list[dict]  # with open_texts=True: {"response_id", "code", "text"}, every answer
    source: str  # "stored" (nothing new), "folded" (stored tally + newer responses), "rebuilt" (every answer)


@dataclass(frozen=True)
class Seen:
    """Which responses a tally holds (module docstring): those a read saw."""
    max_response_id: int  # the highest id among them (0: none)
    pg_snapshot: str | None = None  # PostgreSQL: the read's pg_current_snapshot(), "xmin:xmax:xip,..."
    answers_revision: int = 0  # study.answers_revision in that read

    def unseen(self) -> ColumnElement:
        """The condition on Response of the responses committed after (or not seen by) that read."""
        if self.pg_snapshot is None:
            return Response.id > self.max_response_id
        _, xmax, in_progress = self.pg_snapshot.split(":")
        later = Response.xact_id >= int(xmax)
        running = [int(x) for x in in_progress.split(",") if x]
        return or_(later, Response.xact_id.in_(running)) if running else later

    def widened(self, response_ids, snapshot: Snapshot) -> Seen:
        """What a tally holds after folding in `response_ids`, read in `snapshot`."""
        highest = int(response_ids.max()) if len(response_ids) else 0
        return Seen(max(self.max_response_id, highest), snapshot.pg_snapshot, self.answers_revision)


@dataclass
class Tally:
    """A study's tally as one read made it: what it scores and what a save stores."""
    statistics: Statistics
    seen: Seen
    period: tuple[datetime, datetime] | None
    source: str  # "stored", "folded" or "rebuilt"
    question_ids: dict[str, int]  # open question code -> id, in the instrument's order
    open_counts: dict[str, list[int]]  # open question code -> [answers, groups]
    open_changes: dict[str, dict[str, Group]]  # code -> key digest -> group to store (rebuilt: every group)
    open_texts: dict[str, str] = field(default_factory=dict)  # spelling digest -> verbatim, of the answers read
    base: tuple | None = None  # the stored tally a fold started from: (n_responses, max_response_id, pg_snapshot)


def study_scores(session: Session, study: Study) -> tuple[dict, StudyFrames]:
    """The scores document of a study (docs/scores.md) and the frames it was computed from
    (every answer: for callers that need the rows, e.g. exports; views use `study_results`)."""
    from ..scoring.scales import classifier_for
    from ..scoring.statistics import statistics_of
    from ..scoring.study import score_from_statistics
    from .frames import frames_in, read_snapshot

    instrument = instrument_of(study)
    classifier_for(instrument)  # an IKM method on another scale is refused before the answers
    with read_snapshot(session) as snapshot:
        frames = frames_in(snapshot, study, instrument)
        seen = Seen(0, answers_revision=_revision(snapshot, study)).widened(frames.answers.index, snapshot)
        ids = _question_ids(snapshot, study, instrument)
    statistics = statistics_of(instrument, frames.answers, frames.demographics, frames.importance)
    scores = score_from_statistics(instrument, statistics, slug=study.slug)
    groups, texts = _open_groups(instrument, frames.open_answers)
    save_tally(session, study, Tally(statistics, seen, _period(frames.responses), "rebuilt", ids,
                                     _counts_of(groups), groups, texts))
    return scores, frames


def study_results(session: Session, study: Study, *, open_texts: bool = False,
                  groups_shown: int = OPEN_GROUPS_SHOWN) -> tuple[dict, StudyResults]:
    """The scores document of a study from its stored tally and the responses it has not seen
    (module docstring), with the response count, the collection period, each open question's
    first `groups_shown` groups and (with `open_texts`) every open answer, all from one snapshot."""
    from ..scoring.scales import classifier_for
    from ..scoring.study import score_from_statistics
    from . import open_groups
    from .frames import open_texts as every_open_answer
    from .frames import read_snapshot

    instrument = instrument_of(study)
    classifier_for(instrument)  # an IKM method on another scale: ValueError, as from score_study
    with read_snapshot(session) as snapshot:
        tally = _tally_in(snapshot, study, instrument)
        groups = open_groups.summaries(
            snapshot.connection, tally.question_ids, tally.open_counts, tally.open_changes, tally.open_texts,
            every=tally.source == "rebuilt", limit=groups_shown)
        texts = every_open_answer(snapshot, study) if open_texts and tally.statistics.n_responses else []
    scores = score_from_statistics(instrument, tally.statistics, slug=study.slug)
    if tally.source != "stored":
        save_tally(session, study, tally)
    return scores, StudyResults(tally.statistics.n_responses, tally.period, groups, texts, tally.source)


def _revision(snapshot: Snapshot, study: Study) -> int:
    return snapshot.connection.execute(select(Study.answers_revision).where(Study.id == study.id)).scalar_one()


def _question_ids(snapshot: Snapshot, study: Study, instrument) -> dict[str, int]:
    """The study's open questions' ids by code, in the instrument's order (no query without any)."""
    from . import open_groups
    if not instrument.open_questions:
        return {}
    found = open_groups.question_ids(snapshot.connection, study.id)
    return {question.code: found[question.code] for question in instrument.open_questions}


def _period(responses) -> tuple[datetime, datetime] | None:
    """(first, last) submission of a responses frame (frames.StudyFrames.responses), None if empty."""
    if not len(responses):
        return None
    submitted = responses["submitted_at"]
    return _utc(submitted.min().to_pydatetime()), _utc(submitted.max().to_pydatetime())


def _widen(period, other):
    if period is None or other is None:
        return period or other
    return min(period[0], other[0]), max(period[1], other[1])


def _utc(moment: datetime | None) -> datetime | None:
    """An aware UTC time (SQLite hands back naive UTC times, PostgreSQL the session's zone)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _version(study: Study) -> str:
    from ..scoring.statistics import study_digest
    return study_digest(study.instrument_digest)


def _open_groups(instrument, answers: list[dict]) -> tuple[dict[str, dict[str, Group]], dict[str, str]]:
    """Open answers ({"response_id", "code", "text"}) grouped per question code, and the texts."""
    from ..scoring.open_answers import groups_of
    by_code: dict[str, list[tuple[int, str]]] = {q.code: [] for q in instrument.open_questions}
    for answer in answers:
        by_code.setdefault(answer["code"], []).append((answer["response_id"], answer["text"]))
    groups, texts = {}, {}
    for code, pairs in by_code.items():
        groups[code], spellings = groups_of(pairs)
        texts.update(spellings)
    return groups, texts


def _counts_of(groups: dict[str, dict[str, Group]]) -> dict[str, list[int]]:
    """[answers, groups] per open question code, from every one of its groups."""
    return {code: [sum(g.answers for g in mine.values()), len(mine)] for code, mine in groups.items()}


def _counts_after(stored: dict[str, list[int]], new: dict[str, dict[str, Group]],
                  touched: dict[str, dict[str, Group]]) -> dict[str, list[int]]:
    """The stored [answers, groups] per open question code plus newer answers (`new`, their own
    groups): a touched group (already folded) that holds only new answers is a new group."""
    counts = {}
    for code, fresh in new.items():
        answers, groups = stored.get(code, [0, 0])
        started = sum(1 for name, group in touched.get(code, {}).items() if group.answers == fresh[name].answers)
        counts[code] = [answers + sum(g.answers for g in fresh.values()), groups + started]
    return counts


def _tally_in(snapshot: Snapshot, study: Study, instrument) -> Tally:
    """The tally of every response the snapshot sees: the stored one and the responses it has not
    seen, else rebuilt from every answer."""
    from ..scoring.open_answers import folded
    from ..scoring.statistics import Statistics, statistics_of
    from . import open_groups
    from .frames import Part, frames_in

    stored = snapshot.connection.execute(
        select(Study.answers_revision.label("revision"), StudyStatistics.version, StudyStatistics.answers_revision,
               StudyStatistics.n_responses, StudyStatistics.max_response_id, StudyStatistics.pg_snapshot,
               StudyStatistics.data, StudyStatistics.open_answers, StudyStatistics.first_submitted_at,
               StudyStatistics.last_submitted_at)
        .outerjoin(StudyStatistics, StudyStatistics.study_id == Study.id).where(Study.id == study.id)).one()
    revision = stored.revision
    postgresql = snapshot.pg_snapshot is not None
    if (stored.version == _version(study) and stored.answers_revision == revision
            and (stored.pg_snapshot is not None) == postgresql):
        try:
            tally = Statistics.from_bytes(stored.data)
        except (ValueError, OSError, KeyError) as exc:  # an unreadable blob: rebuild
            log.warning("study %s: stored statistics unreadable (%s), rebuilding", study.slug, exc)
        else:
            seen = Seen(stored.max_response_id, stored.pg_snapshot, revision)
            period = ((_utc(stored.first_submitted_at), _utc(stored.last_submitted_at))
                      if stored.first_submitted_at is not None else None)
            counts = stored.open_answers or {}
            question_ids = _question_ids(snapshot, study, instrument)
            tail = frames_in(snapshot, study, instrument, Part(after=seen.unseen()))
            ids = tail.answers.index
            if not len(ids):
                return Tally(tally, seen.widened(ids, snapshot), period, "stored", question_ids, counts, {})
            new, texts = _open_groups(instrument, tail.open_answers)
            touched = {code: folded(open_groups.stored(snapshot.connection, question_ids[code], groups), groups)
                       for code, groups in new.items() if groups}
            return Tally(tally + statistics_of(instrument, tail.answers, tail.demographics, tail.importance),
                         seen.widened(ids, snapshot), _widen(period, _period(tail.responses)), "folded",
                         question_ids, _counts_after(counts, new, touched), touched, texts,
                         base=(stored.n_responses, stored.max_response_id, stored.pg_snapshot))
    return _rebuilt(snapshot, study, instrument, revision)


def _rebuilt(snapshot: Snapshot, study: Study, instrument, revision: int) -> Tally:
    """The tally of every response the snapshot sees, read REBUILD_PART responses at a time
    (tallies and groups fold exactly): the answers' memory stays flat in the number of responses
    (the open-answer groups are one per distinct answer)."""
    from ..scoring.open_answers import folded
    from ..scoring.statistics import statistics_of
    from .frames import Part, frames_in, response_ids

    ids = response_ids(snapshot, study.id)
    empty = frames_in(snapshot, study, instrument, Part(ids=(0, -1)), open_answers=False)
    statistics = statistics_of(instrument, empty.answers, empty.demographics, empty.importance)
    period, groups, texts = None, {q.code: {} for q in instrument.open_questions}, {}
    for start in range(0, len(ids), REBUILD_PART):
        chunk = ids[start:start + REBUILD_PART]
        part = frames_in(snapshot, study, instrument, Part(ids=(int(chunk[0]), int(chunk[-1]))))
        statistics = statistics + statistics_of(instrument, part.answers, part.demographics, part.importance)
        period = _widen(period, _period(part.responses))
        more, spellings = _open_groups(instrument, part.open_answers)
        groups = {code: folded(groups.get(code, {}), more.get(code, {})) for code in groups.keys() | more.keys()}
        texts.update(spellings)
    seen = Seen(0, answers_revision=revision).widened(ids, snapshot)
    return Tally(statistics, seen, period, "rebuilt", _question_ids(snapshot, study, instrument),
                 _counts_of(groups), groups, texts)


def save_tally(session: Session, study: Study, tally: Tally) -> bool:
    """Store a study's tally and its open-answer groups in a short transaction of its own (never
    the caller's); False when it could not be saved (the study is gone, a lock is held, a fold's
    starting tally was replaced meanwhile) or a tally holding more is stored already."""
    version = _version(study)
    engine = session.get_bind()
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as connection:
            # Wait briefly for a lock, never long: the caller's own transaction may hold one.
            previous = connection.exec_driver_sql("PRAGMA busy_timeout").scalar() if sqlite else None
            try:
                if sqlite:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout = {SAVE_LOCK_MS}")
                    connection.commit()  # end the autobegun (empty) transaction of the pragmas
                    # Take the write lock first, so what is checked below cannot change before the write.
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                else:
                    connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{SAVE_LOCK_MS}ms'")
                saved = _replace(connection, study, version, tally)
                connection.commit()
                return saved
            finally:
                if sqlite:
                    connection.rollback()  # nothing is left open if the write failed
                    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(previous)}")
                    connection.commit()
    except SQLAlchemyError as exc:
        log.info("study %s: statistics not saved (%s: %s)", study.slug, exc.__class__.__name__, exc)
        return False


def _replace(connection, study: Study, version: str, tally: Tally) -> bool:
    """Replace the stored tally and groups, unless one of a later revision, or of the same
    revision holding more responses, is stored already (every tally holds exactly the responses
    its read saw, so that one is the better start); a fold only onto the tally it started from."""
    from . import open_groups

    seen, statistics, period = tally.seen, tally.statistics, tally.period
    current = connection.execute(
        select(StudyStatistics.version, StudyStatistics.answers_revision, StudyStatistics.n_responses,
               StudyStatistics.max_response_id, StudyStatistics.pg_snapshot)
        .where(StudyStatistics.study_id == study.id).with_for_update()).first()
    if tally.source == "folded":
        if current is None or (current.n_responses, current.max_response_id, current.pg_snapshot) != tally.base \
                or current.version != version or current.answers_revision != seen.answers_revision:
            return False
    elif current is not None and current.version == version and (
            (current.answers_revision, current.n_responses) > (seen.answers_revision, statistics.n_responses)):
        return False
    open_groups.write(connection, tally.question_ids, tally.open_changes, every=tally.source == "rebuilt")
    connection.execute(delete(StudyStatistics).where(StudyStatistics.study_id == study.id))
    connection.execute(insert(StudyStatistics).values(
        study_id=study.id, version=version, n_responses=statistics.n_responses,
        max_response_id=seen.max_response_id, pg_snapshot=seen.pg_snapshot,
        answers_revision=seen.answers_revision, data=statistics.to_bytes(), open_answers=tally.open_counts,
        updated_at=utcnow(), first_submitted_at=period[0] if period else None,
        last_submitted_at=period[1] if period else None))
    return True
