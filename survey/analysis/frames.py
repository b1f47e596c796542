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

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, ColumnElement, Connection, Integer, cast, extract, select, true
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


def _sheets(snapshot: Snapshot, study_id: int, item_count: int, after: ColumnElement | None):
    """(response ids, sides, bytes matrix: a row of characters per sheet) of the study's answer
    sheets (of the responses matching `after`)."""
    statement = select(AnswerSheet.response_id, AnswerSheet.side, AnswerSheet.answers)
    if after is None:
        statement = statement.where(AnswerSheet.study_id == study_id)
    else:
        statement = (statement.join(Response, Response.id == AnswerSheet.response_id)
                     .where(Response.study_id == study_id, after))
    rows = _rows(snapshot, statement)
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty((0, item_count), dtype=np.uint8)
    ids, sides, texts = zip(*rows)
    # Every sheet of a study has one character per statement (a database check), so the joined
    # characters are a sheets x statements matrix.
    matrix = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8).reshape(len(rows), item_count)
    return np.array(ids, dtype=np.int64), np.array(sides, dtype=np.int64), matrix


def load_answers(snapshot: Snapshot, study: Study, instrument: Instrument, response_ids: np.ndarray,
                 after: ColumnElement | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Responses x items raw answers (performance or only side; importance side or None) of the
    given responses, read in the snapshot they came from (`after`: only responses matching it)."""
    codes = [item.code for item in instrument.items]
    paired = instrument.pairing is not None
    values = np.full((2 if paired else 1, len(response_ids), len(codes)), np.nan)
    if len(response_ids):
        sheet_of, side_of, matrix = _sheets(snapshot, study.id, len(codes), after)
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


def _table(snapshot: Snapshot, statement, names: list[str]) -> pd.DataFrame:
    """A query's rows as a frame (column names given)."""
    return pd.DataFrame.from_records(_rows(snapshot, statement), columns=names)


def _response_meta(snapshot: Snapshot, study_id: int, after: ColumnElement | None = None) -> pd.DataFrame:
    """id, channel, simulated, submitted_at of the study's responses (those matching `after`)."""
    postgresql = snapshot.pg_snapshot is not None
    # PostgreSQL: times as integer microseconds and the flag as 0/1 (exact, no parsing of dates).
    submitted = (cast(extract("epoch", Response.submitted_at) * 1_000_000, BigInteger) if postgresql
                 else Response.submitted_at)
    rows = _table(snapshot, select(Response.id, Response.channel, cast(Response.simulated, Integer), submitted)
                  .where(Response.study_id == study_id, after if after is not None else true())
                  .order_by(Response.id), ["response_id", "channel", "simulated", "submitted_at"])
    if postgresql:
        times = pd.to_datetime(rows["submitted_at"].to_numpy(dtype=np.int64), unit="us", utc=True)
    else:
        times = pd.to_datetime(rows["submitted_at"].astype(object), utc=True, format="mixed")
    return pd.DataFrame({"response_id": rows["response_id"].to_numpy(dtype=np.int64),
                         "channel": rows["channel"].astype(object).to_numpy(),
                         "simulated": rows["simulated"].to_numpy(dtype=np.int64).astype(bool),
                         "submitted_at": pd.Series(times).reset_index(drop=True)})


def _of_responses(statement, response_id, study_id: int, after: ColumnElement | None):
    """Restrict a statement over rows of a response (`response_id` column) to those matching `after`."""
    if after is None:
        return statement
    return statement.join(Response, Response.id == response_id).where(Response.study_id == study_id, after)


def frames_in(snapshot: Snapshot, study: Study, instrument: Instrument, *, after: ColumnElement | None = None,
              open_answers: bool = True) -> StudyFrames:
    """The study's frames as the snapshot sees it (callers reading more use the same snapshot):
    every response, or with `after` (a condition on Response) only those matching it (the
    responses a stored tally has not seen, survey/analysis/service.py); `open_answers=False`
    leaves the open answers out."""
    meta = _response_meta(snapshot, study.id, after)
    meta = meta.set_index("response_id")
    response_ids = meta.index.to_numpy(dtype=np.int64)
    answers, importance = load_answers(snapshot, study, instrument, response_ids, after)

    demo_long = pd.DataFrame()
    if instrument.demographics and len(response_ids):
        demo_long = _table(snapshot, _of_responses(
            select(DemographicAnswer.response_id, DemographicQuestion.code, DemographicAnswer.value)
            .join(DemographicQuestion, DemographicQuestion.id == DemographicAnswer.question_id)
            .where(DemographicQuestion.study_id == study.id), DemographicAnswer.response_id, study.id, after),
            ["response_id", "code", "value"])
        demo_long["response_id"] = demo_long["response_id"].astype(np.int64)
    demographics = (demo_long.pivot(index="response_id", columns="code", values="value")
                    if len(demo_long) else pd.DataFrame())
    demographics = demographics.reindex(index=meta.index,
                                        columns=[q.code for q in instrument.demographics])
    for question in instrument.demographics:
        if question.type == "integer":
            demographics[question.code] = pd.to_numeric(demographics[question.code], errors="coerce")
    demographics.columns.name = None

    texts = open_texts(snapshot, study, after) if open_answers and len(response_ids) else []
    return StudyFrames(answers=answers, demographics=demographics, responses=meta,
                       open_answers=texts, importance=importance)


def open_texts(snapshot: Snapshot, study: Study, after: ColumnElement | None = None) -> list[dict]:
    """{"response_id", "code", "text"} of the study's open answers (of the responses matching
    `after`), verbatim, by question and response."""
    statement = _of_responses(
        select(OpenAnswer.response_id, OpenQuestion.code, OpenAnswer.text)
        .join(OpenQuestion, OpenQuestion.id == OpenAnswer.question_id)
        .where(OpenQuestion.study_id == study.id), OpenAnswer.response_id, study.id, after)
    rows = _rows(snapshot, statement.order_by(OpenQuestion.position, OpenAnswer.response_id))
    return [{"response_id": r, "code": c, "text": t} for r, c, t in rows]
