"""Scores of a stored study: frames from the database, then the pure scoring package.

Incremental scores (issue 14, item 2). Every study keeps its sufficient statistics
(survey/scoring/statistics.py) in `study_statistics`: the exact tally of its responses up to a
response id, with how many responses and the sum of their ids. `study_results` reads, in ONE
snapshot, the response count / id sum / period, the stored tally and only the responses with a
higher id, and folds them in. Before trusting the fold it checks that the tally plus the new
responses hold exactly the snapshot's responses (count and sum of ids): a response with a lower
id that committed late, or a deletion, makes them differ, and then the tally is rebuilt from
every answer, which is always correct. A tally of another instrument version or tally format
is never folded. The refreshed tally is saved in a short write transaction of its own after the
snapshot; a failed save (a concurrent save, a locked SQLite file) costs only speed, never the read.

numpy, pandas and scipy are imported on first use: most commands and requests score nothing.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..models import Response, Study, StudyStatistics
from ..models.base import utcnow
from ..studies.service import instrument_digest, instrument_of

if TYPE_CHECKING:
    from ..scoring.statistics import Statistics
    from .frames import Snapshot, StudyFrames

log = logging.getLogger(__name__)
SAVE_LOCK_MS = 200  # how long saving a tally waits for a lock before giving up (the read never waits)


@dataclass
class StudyResults:
    """What a view of the scores needs beside them, without any answer row."""
    n_responses: int
    period: tuple[datetime, datetime] | None  # first and last submission (None without responses)
    open_answers: list[dict]  # {"response_id", "code", "text"}, verbatim, by question and response
    source: str  # "stored" (nothing new), "folded" (stored tally + newer responses), "rebuilt" (every answer)


def study_scores(session: Session, study: Study) -> tuple[dict, StudyFrames]:
    """The scores document of a study (docs/scores.md) and the frames it was computed from
    (every answer: for callers that need the rows, e.g. exports; views use `study_results`)."""
    from ..scoring.scales import classifier_for
    from ..scoring.statistics import statistics_of
    from ..scoring.study import score_from_statistics
    from .frames import load_frames

    instrument = instrument_of(study)
    frames = load_frames(session, study, instrument)
    classifier_for(instrument)  # an IKM method on another scale is refused before the answers
    statistics = statistics_of(instrument, frames.answers, frames.demographics, frames.importance)
    scores = score_from_statistics(instrument, statistics, slug=study.slug)
    ids = frames.answers.index
    save_statistics(session, study, statistics, int(ids.max()) if len(ids) else 0, _id_sum(ids),
                    _period(frames.responses))
    return scores, frames


def study_results(session: Session, study: Study, *, open_answers: bool = True) -> tuple[dict, StudyResults]:
    """The scores document of a study from its stored tally and the responses after it (module
    docstring), with the response count, the collection period and (unless `open_answers` is
    False) the open answers, all from one snapshot."""
    from ..scoring.scales import classifier_for
    from ..scoring.study import score_from_statistics
    from .frames import open_texts, read_snapshot

    instrument = instrument_of(study)
    classifier_for(instrument)  # an IKM method on another scale: ValueError, as from score_study
    with read_snapshot(session) as snapshot:
        count, id_sum, max_id = _response_summary(snapshot, study.id)
        statistics, period, source = _statistics_in(snapshot, study, instrument, count, id_sum)
        texts = open_texts(snapshot, study) if open_answers else []
    scores = score_from_statistics(instrument, statistics, slug=study.slug)
    if source != "stored":
        save_statistics(session, study, statistics, max_id, id_sum, period)
    return scores, StudyResults(count, period if count else None, texts, source)


def _response_summary(snapshot: Snapshot, study_id: int) -> tuple[int, int, int]:
    """(count, sum of ids, highest id) of the study's responses: read from the (study_id, id)
    index alone (ix_response_study_id_id), not from the response rows."""
    count, id_sum, max_id = snapshot.connection.execute(
        select(func.count(), func.coalesce(func.sum(Response.id), 0), func.coalesce(func.max(Response.id), 0))
        .where(Response.study_id == study_id)).one()
    return int(count), int(id_sum), int(max_id)


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


def _id_sum(ids) -> int:
    """The sum of a frame's response ids (an integer pandas index)."""
    import numpy as np
    return int(np.asarray(ids, dtype=np.int64).sum())


def _version(study: Study) -> str:
    from ..scoring.statistics import study_digest
    return study_digest(instrument_digest(study.instrument))


def _statistics_in(snapshot: Snapshot, study: Study, instrument, count: int,
                   id_sum: int) -> tuple[Statistics, tuple[datetime, datetime] | None, str]:
    """The tally of every response the snapshot sees (stored + newer when that checks out, else
    rebuilt), the first and last submission, and how it was made."""
    from ..scoring.statistics import Statistics, statistics_of
    from .frames import frames_in

    stored = snapshot.connection.execute(
        select(StudyStatistics.version, StudyStatistics.n_responses, StudyStatistics.max_response_id,
               StudyStatistics.id_sum, StudyStatistics.data, StudyStatistics.first_submitted_at,
               StudyStatistics.last_submitted_at)
        .where(StudyStatistics.study_id == study.id)).first()
    if stored is not None and stored.version == _version(study) and stored.n_responses <= count:
        tail = frames_in(snapshot, study, instrument, since_id=stored.max_response_id, open_answers=False)
        ids = tail.answers.index
        if stored.n_responses + len(ids) == count and stored.id_sum + _id_sum(ids) == id_sum:
            try:
                tally = Statistics.from_bytes(stored.data)
            except (ValueError, OSError, KeyError) as exc:  # an unreadable blob: rebuild
                log.warning("study %s: stored statistics unreadable (%s), rebuilding", study.slug, exc)
            else:
                period = ((_utc(stored.first_submitted_at), _utc(stored.last_submitted_at))
                          if stored.first_submitted_at is not None else None)
                if not len(ids):
                    return tally, period, "stored"
                return (tally + statistics_of(instrument, tail.answers, tail.demographics, tail.importance),
                        _widen(period, _period(tail.responses)), "folded")
    frames = frames_in(snapshot, study, instrument, open_answers=False)
    return (statistics_of(instrument, frames.answers, frames.demographics, frames.importance),
            _period(frames.responses), "rebuilt")


def save_statistics(session: Session, study: Study, statistics: Statistics, max_id: int, id_sum: int,
                    period: tuple[datetime, datetime] | None = None) -> bool:
    """Store a study's tally in a short transaction of its own (never the caller's); False when
    it could not be saved (a concurrent save won, the study is gone, a lock is held) or a later
    tally is stored already."""
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
                with connection.begin():
                    if not sqlite:
                        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{SAVE_LOCK_MS}ms'")
                    return _replace(connection, study, version, statistics, max_id, id_sum, period)
            finally:
                if sqlite:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(previous)}")
                    connection.commit()
    except SQLAlchemyError as exc:
        log.info("study %s: statistics not saved (%s: %s)", study.slug, exc.__class__.__name__, exc)
        return False


def _replace(connection, study: Study, version: str, statistics: Statistics, max_id: int, id_sum: int,
             period: tuple[datetime, datetime] | None) -> bool:
    """Replace the stored tally unless a later one (of a higher response id) is stored already.
    Every tally saved was checked against its snapshot, so the later one is the better start."""
    current = connection.execute(
        select(StudyStatistics.version, StudyStatistics.max_response_id)
        .where(StudyStatistics.study_id == study.id)).first()
    if current is not None and current.version == version and current.max_response_id > max_id:
        return False
    connection.execute(delete(StudyStatistics).where(StudyStatistics.study_id == study.id))
    connection.execute(insert(StudyStatistics).values(
        study_id=study.id, version=version, n_responses=statistics.n_responses, max_response_id=max_id,
        id_sum=id_sum, data=statistics.to_bytes(), updated_at=utcnow(),
        first_submitted_at=period[0] if period else None, last_submitted_at=period[1] if period else None))
    return True
