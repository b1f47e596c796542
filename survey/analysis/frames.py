"""The only bridge from database rows to pandas frames (everything after it is pure).

Everything one computation reads comes from ONE consistent snapshot of the database
(`read_snapshot`): responses, answer sheets, demographic and open answers. A response committed
while a score, page, report or export is being computed is either wholly in it or wholly out of
it. On PostgreSQL the snapshot is a REPEATABLE READ, read-only transaction; on SQLite it is one
read transaction. Rows come as plain DB-API tuples, never as SQLAlchemy row objects.

Answer sheets (survey/models/response.py) are decoded with numpy: one character per statement,
so a study's sheets are a responses x statements byte matrix, placed by response id.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, ColumnElement, Connection, Integer, cast, extract, select
from sqlalchemy.orm import Session

from ..instruments import Instrument
from ..models import (SHEET_MISSING, SHEET_ZERO, AnswerSheet, DemographicAnswer, DemographicQuestion,
                      OpenAnswer, OpenQuestion, Response, Study)


@dataclass
class StudyFrames:
    answers: pd.DataFrame  # index: response id; columns: item codes (instrument order); raw values, NaN = missing
    # (for a paired study the performance side; `importance`, same shape, the other; None if unpaired)
    demographics: pd.DataFrame  # index: response id; columns: demographic codes; integers as numbers
    responses: pd.DataFrame  # index: response id; channel, submitted_at, simulated, ...
    open_answers: list[dict] = field(default_factory=list)  # {"response_id", "code", "text"}, verbatim
    importance: pd.DataFrame | None = None


@dataclass
class Snapshot:
    """A read-only connection whose every query sees the database at one instant."""
    connection: Connection
    pg_snapshot: str | None = None  # PostgreSQL: pg_current_snapshot() of this read, as text


@contextmanager
def read_snapshot(session: Session) -> Iterator[Snapshot]:
    """A consistent read of committed data on a connection of its own (never the session's:
    its transaction may have begun before, and an isolation level is set before the first query)."""
    engine = session.get_bind()
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            with connection.begin():
                connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                # The first query takes the transaction's snapshot; this one also names it, so a
                # stored tally can later tell which responses it did not see (analysis/service.py).
                seen = connection.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar()
                yield Snapshot(connection, seen)
        return
    with engine.connect() as connection:
        # pysqlite opens transactions only before writes; without BEGIN every SELECT would
        # see its own instant. The read transaction holds SQLite's shared lock until rollback.
        connection.exec_driver_sql("BEGIN")
        try:
            yield Snapshot(connection)
        finally:
            connection.rollback()


def _rows(snapshot: Snapshot, statement) -> list[tuple]:
    """A query's rows as plain tuples from the DB-API cursor of the snapshot's connection:
    SQLAlchemy's row objects cost more than the query (100,000 responses: 0.55 s against
    0.1 s). The statement's parameters are inlined: they are integers (ids) chosen by the code."""
    sql = str(statement.compile(dialect=snapshot.connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = snapshot.connection.connection.driver_connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def _sheets(snapshot: Snapshot, study_id: int, item_count: int, part: Part):
    """(response ids, sides, bytes matrix: a row of characters per sheet) of the study's answer
    sheets (of the responses in `part`)."""
    statement = part.of(select(AnswerSheet.response_id, AnswerSheet.side, AnswerSheet.answers)
                        .where(AnswerSheet.study_id == study_id), AnswerSheet.response_id, study_id)
    ids, sides, texts = _columns(snapshot, statement, 3)
    # Every sheet of a study has one character per statement (a database check), so the joined
    # characters are a sheets x statements matrix.
    matrix = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8).reshape(len(ids), item_count)
    return np.array(ids, dtype=np.int64), np.array(sides, dtype=np.int64), matrix


def load_answers(snapshot: Snapshot, study: Study, instrument: Instrument, response_ids: np.ndarray,
                 part: Part | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Responses x items raw answers (performance or only side; importance side or None) of the
    given responses (those of `part`), read in the snapshot they came from."""
    codes = [item.code for item in instrument.items]
    paired = instrument.pairing is not None
    values = np.full((2 if paired else 1, len(response_ids), len(codes)), np.nan)
    if len(response_ids):
        sheet_of, side_of, matrix = _sheets(snapshot, study.id, len(codes), part or EVERY)
        if not paired:  # an unpaired study has side 0 only (the database refuses others' layout)
            keep = side_of == 0
            sheet_of, side_of, matrix = sheet_of[keep], side_of[keep], matrix[keep]
        decoded = matrix.astype(np.float64) - SHEET_ZERO
        decoded[matrix == ord(SHEET_MISSING)] = np.nan
        # A direct lookup table (id -> row): one pass, no sorting or hashing. Sheets and
        # responses come from one snapshot, so every sheet's response is among response_ids.
        row_of = np.full(int(response_ids.max()) + 1, -1, dtype=np.int64)
        row_of[response_ids] = np.arange(len(response_ids))
        values[side_of, row_of[sheet_of]] = decoded
    index = pd.Index(response_ids, name="response_id")
    frames = [pd.DataFrame(side, index=index, columns=codes) for side in values]
    return frames[0], (frames[1] if paired else None)


def load_frames(session: Session, study: Study, instrument: Instrument) -> StudyFrames:
    """Every committed response of a study as frames ready for scoring, from one snapshot."""
    with read_snapshot(session) as snapshot:
        return frames_in(snapshot, study, instrument)


def response_ids(snapshot: Snapshot, study_id: int) -> np.ndarray:
    """The ids of the study's responses, in order."""
    rows = _rows(snapshot, select(Response.id).where(Response.study_id == study_id).order_by(Response.id))
    return np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))


def _columns(snapshot: Snapshot, statement, width: int) -> tuple[tuple, ...]:
    """A query's rows as `width` columns (tuples of values): cheaper than a frame from records."""
    rows = _rows(snapshot, statement)
    return tuple(zip(*rows)) if rows else ((),) * width


def _response_meta(snapshot: Snapshot, study_id: int, part: Part) -> pd.DataFrame:
    """id, channel, simulated, submitted_at of the study's responses (those in `part`)."""
    postgresql = snapshot.pg_snapshot is not None
    # PostgreSQL: times as integer microseconds and the flag as 0/1 (exact, no parsing of dates).
    submitted = (cast(extract("epoch", Response.submitted_at) * 1_000_000, BigInteger) if postgresql
                 else Response.submitted_at)
    ids, channels, simulated, times = _columns(snapshot, part.of(
        select(Response.id, Response.channel, cast(Response.simulated, Integer), submitted)
        .where(Response.study_id == study_id), Response.id, study_id).order_by(Response.id), 4)
    if postgresql:
        times = pd.to_datetime(np.array(times, dtype=np.int64), unit="us", utc=True)
    else:
        times = pd.to_datetime(pd.Series(times, dtype=object), utc=True, format="mixed")
    return pd.DataFrame({"response_id": np.array(ids, dtype=np.int64),
                         "channel": np.array(channels, dtype=object),
                         "simulated": np.array(simulated, dtype=np.int64).astype(bool),
                         "submitted_at": pd.Series(times).reset_index(drop=True)})


@dataclass(frozen=True)
class Part:
    """Which of a study's responses a read takes: all of them, those with ids in `ids` (a rebuild
    reads a large study in parts), and/or those matching `after`, a condition on Response (the
    responses a stored tally has not seen, survey/analysis/service.py)."""
    ids: tuple[int, int] | None = None  # lowest and highest response id, inclusive
    after: ColumnElement | None = None

    def of(self, statement, response_id, study_id: int):
        """`statement` over rows of responses (their `response_id` column) limited to this part."""
        if self.ids is not None:
            statement = statement.where(response_id.between(*self.ids))
        if self.after is not None:
            if response_id is not Response.id:
                statement = statement.join(Response, Response.id == response_id)
            statement = statement.where(Response.study_id == study_id, self.after)
        return statement


EVERY = Part()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while rows become arrays. Hundreds of thousands
    of row tuples alive at once made the collector walk them again and again (half of a
    1,000,000-response read); rows hold no reference cycles, so nothing is kept longer."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def frames_in(snapshot: Snapshot, study: Study, instrument: Instrument, part: Part = EVERY, *,
              open_answers: bool = True) -> StudyFrames:
    """The study's frames as the snapshot sees it (callers reading more use the same snapshot):
    every response, or those of `part`; `open_answers=False` leaves the open answers out."""
    with _collector_paused():
        return _frames(snapshot, study, instrument, part, open_answers)


def _frames(snapshot: Snapshot, study: Study, instrument: Instrument, part: Part, open_answers: bool) -> StudyFrames:
    meta = _response_meta(snapshot, study.id, part)
    meta = meta.set_index("response_id")
    response_ids = meta.index.to_numpy(dtype=np.int64)
    answers, importance = load_answers(snapshot, study, instrument, response_ids, part)

    demographics = pd.DataFrame(index=meta.index)
    question_ids = _demographic_question_ids(snapshot, study.id) if instrument.demographics else {}
    for question in instrument.demographics:  # a column per question: no long frame to pivot
        answered, values = _columns(snapshot, part.of(
            select(DemographicAnswer.response_id, DemographicAnswer.value)
            .where(DemographicAnswer.question_id == question_ids[question.code]),
            DemographicAnswer.response_id, study.id), 2) if len(response_ids) else ((), ())
        column = pd.Series(np.array(values, dtype=object), index=np.array(answered, dtype=np.int64))
        column = column.reindex(meta.index)
        demographics[question.code] = (pd.to_numeric(column, errors="coerce") if question.type == "integer"
                                       else column)

    texts = open_texts(snapshot, study, part) if open_answers and len(response_ids) else []
    return StudyFrames(answers=answers, demographics=demographics, responses=meta,
                       open_answers=texts, importance=importance)


def _demographic_question_ids(snapshot: Snapshot, study_id: int) -> dict[str, int]:
    return dict(_rows(snapshot, select(DemographicQuestion.code, DemographicQuestion.id)
                      .where(DemographicQuestion.study_id == study_id)))


def open_texts(snapshot: Snapshot, study: Study, part: Part = EVERY) -> list[dict]:
    """{"response_id", "code", "text"} of the study's open answers (of the responses in `part`),
    verbatim, by question and response."""
    statement = part.of(
        select(OpenAnswer.response_id, OpenQuestion.code, OpenAnswer.text)
        .join(OpenQuestion, OpenQuestion.id == OpenAnswer.question_id)
        .where(OpenQuestion.study_id == study.id), OpenAnswer.response_id, study.id)
    rows = _rows(snapshot, statement.order_by(OpenQuestion.position, OpenAnswer.response_id))
    return [{"response_id": r, "code": c, "text": t} for r, c, t in rows]
