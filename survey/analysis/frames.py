"""The only bridge from database rows to pandas frames (everything after it is pure).

Everything one computation reads comes from ONE consistent snapshot of the database
(`read_snapshot`): responses, answer sheets, demographic and open answers. A response committed
while a score, page, report or export is being computed is either wholly in it or wholly out of
it. On PostgreSQL the snapshot is a REPEATABLE READ, read-only transaction (the answer sheets of
a whole study come through a binary COPY on that same connection); on SQLite it is one read
transaction.

Answer sheets (survey/models/response.py) are decoded with numpy: one character per statement,
so a study's sheets are a responses x statements byte matrix, placed by response id.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, ColumnElement, Connection, cast, extract, select, true
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


FETCH_ROWS = 100_000  # answer sheets turned into numpy at a time on the row-by-row path


def _sheets_copy(snapshot: Snapshot, study_id: int, item_count: int):
    """(response ids, sides, bytes matrix) of every answer sheet of a study, through PostgreSQL's
    binary COPY on the snapshot's own connection: every sheet of a study has the same length, so
    the rows are fixed-size records numpy reads in place (no per-row Python)."""
    record = np.dtype([("fields", ">i2"), ("len_r", ">i4"), ("response_id", ">i4"), ("len_s", ">i4"),
                       ("side", ">i2"), ("len_a", ">i4"), ("answers", "u1", (item_count,))])
    buffer = io.BytesIO()
    cursor = snapshot.connection.connection.driver_connection.cursor()
    try:
        with cursor.copy("COPY (SELECT response_id::int4, side::int2, answers FROM answer_sheet "
                         f"WHERE study_id = {int(study_id)}) TO STDOUT (FORMAT binary)") as copy:
            for block in copy:
                buffer.write(block)
    finally:
        cursor.close()
    raw = buffer.getbuffer()
    header = 19 + int.from_bytes(raw[15:19], "big")  # signature, flags, header extension
    rows = np.frombuffer(raw, dtype=record, offset=header, count=(len(raw) - header - 2) // record.itemsize)
    if len(rows) and not (rows["len_a"] == item_count).all():
        raise ValueError("an answer sheet does not have one answer per statement")
    return rows["response_id"], rows["side"], rows["answers"]


def _sheets_fetched(snapshot: Snapshot, study_id: int, item_count: int, after: ColumnElement | None):
    """The same, row by row: SQLite, and the few responses after a stored tally."""
    statement = select(AnswerSheet.response_id, AnswerSheet.side, AnswerSheet.answers)
    if after is None:
        statement = statement.where(AnswerSheet.study_id == study_id)
    else:
        statement = (statement.join(Response, Response.id == AnswerSheet.response_id)
                     .where(Response.study_id == study_id, after))
    ids, sides, texts = [], [], []
    result = snapshot.connection.execute(statement)
    while rows := result.fetchmany(FETCH_ROWS):
        chunk_ids, chunk_sides, chunk_texts = zip(*rows)
        ids.append(np.array(chunk_ids, dtype=np.int64))
        sides.append(np.array(chunk_sides, dtype=np.int64))
        texts.append("".join(chunk_texts))
    if not ids:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty((0, item_count), dtype=np.uint8)
    matrix = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8).reshape(-1, item_count)
    return np.concatenate(ids), np.concatenate(sides), matrix


def load_answers(snapshot: Snapshot, study: Study, instrument: Instrument, response_ids: np.ndarray,
                 after: ColumnElement | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Responses x items raw answers (performance or only side; importance side or None) of the
    given responses, read in the snapshot they came from (`after`: only responses matching it)."""
    codes = [item.code for item in instrument.items]
    paired = instrument.pairing is not None
    values = np.full((2 if paired else 1, len(response_ids), len(codes)), np.nan)
    if len(response_ids):
        if snapshot.pg_snapshot is not None and after is None:
            sheet_of, side_of, matrix = _sheets_copy(snapshot, study.id, len(codes))
        else:
            sheet_of, side_of, matrix = _sheets_fetched(snapshot, study.id, len(codes), after)
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


def _response_meta(snapshot: Snapshot, study_id: int, after: ColumnElement | None = None) -> pd.DataFrame:
    """id, channel, simulated, submitted_at of the study's responses (those matching `after`),
    built column-wise (a frame from 100,000 row tuples with datetimes took a second)."""
    postgresql = snapshot.pg_snapshot is not None
    # PostgreSQL: times as integer microseconds (exact, no parsing of 100,000 datetimes).
    submitted = (cast(extract("epoch", Response.submitted_at) * 1_000_000, BigInteger) if postgresql
                 else Response.submitted_at)
    rows = snapshot.connection.execute(
        select(Response.id, Response.channel, Response.simulated, submitted)
        .where(Response.study_id == study_id, after if after is not None else true())
        .order_by(Response.id)).all()
    ids, channels, simulated, times = zip(*rows) if rows else ((), (), (), ())
    if postgresql:
        times = pd.to_datetime(np.array(times, dtype=np.int64), unit="us", utc=True)
    else:
        times = pd.to_datetime(pd.Series(times, dtype=object), utc=True, format="mixed")
    return pd.DataFrame({"response_id": np.array(ids, dtype=np.int64),
                         "channel": pd.Series(channels, dtype=object),
                         "simulated": np.array(simulated, dtype=bool),
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

    if instrument.demographics and len(response_ids):
        demo_rows = snapshot.connection.execute(_of_responses(
            select(DemographicAnswer.response_id, DemographicQuestion.code, DemographicAnswer.value)
            .join(DemographicQuestion, DemographicQuestion.id == DemographicAnswer.question_id)
            .where(DemographicQuestion.study_id == study.id), DemographicAnswer.response_id, study.id, after)).all()
    else:
        demo_rows = []
    demo_long = pd.DataFrame(demo_rows, columns=["response_id", "code", "value"])
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
    rows = snapshot.connection.execute(statement.order_by(OpenQuestion.position, OpenAnswer.response_id)).all()
    return [{"response_id": r, "code": c, "text": t} for r, c, t in rows]
