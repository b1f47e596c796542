"""The only bridge from database rows to pandas frames (everything after it is pure).

Everything one computation reads comes from ONE consistent snapshot of the database
(`read_snapshot`): responses, answers, demographic and open answers, item ids. A response
committed while a score, page, report or export is being computed is either wholly in it or
wholly out of it. On PostgreSQL the snapshot is a REPEATABLE READ, read-only transaction; the
answer rows come through asyncpg's binary COPY, which joins that same snapshot
(`pg_export_snapshot()` / `SET TRANSACTION SNAPSHOT`), so the fast path is consistent too.
asyncpg reads the COPY stream in C, while psycopg hands each row to Python (4.4 million rows:
0.8 s against 2.1 s, bench/scores.py). On SQLite the snapshot is one read transaction.

Answers are placed into a responses x items array with numpy indexing, not a pandas pivot.
"""
from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from ..instruments import Instrument
from ..models import (DemographicAnswer, DemographicQuestion, Item, OpenAnswer, OpenQuestion,
                      Response, Study)


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
    postgresql_id: str | None = None  # the exported snapshot other connections can join


# pg_export_snapshot() returns e.g. "00000003-0000001B-1"; it is spliced into SQL, so check it.
_SNAPSHOT_ID = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9]+)?")


@contextmanager
def read_snapshot(session: Session) -> Iterator[Snapshot]:
    """A consistent read of committed data on a connection of its own (never the session's:
    its transaction may have begun before, and an isolation level is set before the first query)."""
    engine = session.get_bind()
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            with connection.begin():
                connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                snapshot_id = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
                if not _SNAPSHOT_ID.fullmatch(snapshot_id):
                    raise RuntimeError(f"unexpected snapshot id {snapshot_id!r}")
                yield Snapshot(connection, snapshot_id)
        return
    with engine.connect() as connection:
        # pysqlite opens transactions only before writes; without BEGIN every SELECT would
        # see its own instant. The read transaction holds SQLite's shared lock until rollback.
        connection.exec_driver_sql("BEGIN")
        try:
            yield Snapshot(connection)
        finally:
            connection.rollback()


# PostgreSQL binary COPY: 19-byte header, then per row a field count and (length, value) pairs.
# Every column is NOT NULL and fixed width, so the rows are fixed-size records.
_BINARY_HEADER, _BINARY_TRAILER = 19, 2
_BINARY_ROW = np.dtype([("fields", ">i2"), ("len_r", ">i4"), ("response_id", ">i4"),
                        ("len_i", ">i4"), ("item_id", ">i4"), ("len_s", ">i4"), ("side", ">i2"),
                        ("len_v", ">i4"), ("value", ">i2")])


def _answer_rows_postgresql(snapshot: Snapshot, study_id: int, since_id: int = 0):
    """(response ids, item ids, sides, values) of a study's answers (of responses after `since_id`)
    through asyncpg's binary COPY, inside the snapshot (the exporting transaction stays open
    while this runs)."""
    import asyncpg

    url = snapshot.connection.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    buffer = io.BytesIO()

    async def copy_out() -> None:  # returns nothing: asyncio may repr a task's (100 MB) result
        connection = await asyncpg.connect(url)
        try:
            async with connection.transaction(isolation="repeatable_read", readonly=True):
                await connection.execute(f"SET TRANSACTION SNAPSHOT '{snapshot.postgresql_id}'")
                await connection.copy_from_query(
                    "SELECT response_id::int4, item_id::int4, side::int2, value::int2 FROM answer "
                    "WHERE study_id = $1 AND response_id > $2", study_id, since_id, output=buffer, format="binary")
        finally:
            await connection.close()

    _run_coroutine(copy_out)
    raw = buffer.getbuffer()
    rows = np.frombuffer(raw, dtype=_BINARY_ROW, offset=_BINARY_HEADER,
                         count=(len(raw) - _BINARY_HEADER - _BINARY_TRAILER) // _BINARY_ROW.itemsize)
    return rows["response_id"], rows["item_id"], rows["side"], rows["value"]


SQLITE_FETCH_ROWS = 250_000  # answer rows turned into numpy at a time: 4.5 million tuples at once took 1.5 GB


def _answer_rows_plain(snapshot: Snapshot, study_id: int, since_id: int = 0):
    # The DB-API cursor of the snapshot's own connection (same read transaction): SQLAlchemy's
    # row objects cost 45 s for 4.5 million answers, plain tuples 2.8 s.
    cursor = snapshot.connection.connection.driver_connection.cursor()
    mark = "%s" if snapshot.postgresql_id is not None else "?"
    chunks = []
    try:
        cursor.execute("SELECT response_id, item_id, side, value FROM answer "
                       f"WHERE study_id = {mark} AND response_id > {mark}", (study_id, since_id))
        while rows := cursor.fetchmany(SQLITE_FETCH_ROWS):
            chunks.append(np.array(rows, dtype=np.int64))
    finally:
        cursor.close()
    if not chunks:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty, empty
    array = np.concatenate(chunks)
    return array[:, 0], array[:, 1], array[:, 2], array[:, 3]


def _run_coroutine(make) -> None:
    """Run a coroutine to completion from synchronous code, even when this thread already runs
    an event loop (an async server, Playwright's sync API): then on a short-lived worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(make())
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(make())).result()


def load_answers(snapshot: Snapshot, study: Study, instrument: Instrument,
                 response_ids: np.ndarray, since_id: int = 0) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Responses x items raw answers (performance or only side; importance side or None),
    read in the snapshot the response ids came from (those after `since_id`, when given)."""
    connection = snapshot.connection
    codes = [item.code for item in instrument.items]
    item_ids = dict(connection.execute(select(Item.code, Item.id).where(Item.study_id == study.id)).all())
    if since_id and not len(response_ids):  # nothing after a stored tally: no answer to read
        response_of = item_of = side_of = value = np.empty(0, dtype=np.int64)
    elif snapshot.postgresql_id is not None and not since_id:
        response_of, item_of, side_of, value = _answer_rows_postgresql(snapshot, study.id, since_id)
    else:  # SQLite, or the few responses after a stored tally (no second connection to open)
        response_of, item_of, side_of, value = _answer_rows_plain(snapshot, study.id, since_id)
    paired = instrument.pairing is not None
    values = np.full((2 if paired else 1, len(response_ids), len(codes)), np.nan)
    if len(value):
        # Direct lookup tables (id -> row, id -> column): one pass, no sorting or hashing. Both
        # sides come from one snapshot, so every answer's response is among response_ids.
        column_of = np.full(max(item_ids.values()) + 1, -1, dtype=np.int64)
        for position, code in enumerate(codes):
            column_of[item_ids[code]] = position
        row_of = np.full(int(response_ids.max()) + 1, -1, dtype=np.int64)
        row_of[response_ids] = np.arange(len(response_ids))
        if not paired:  # an unpaired study has side 0 only (the submission code writes no other)
            values[0, row_of[response_of], column_of[item_of]] = value
        else:
            values[side_of, row_of[response_of], column_of[item_of]] = value
    index = pd.Index(response_ids, name="response_id")
    frames = [pd.DataFrame(side, index=index, columns=codes) for side in values]
    return frames[0], (frames[1] if paired else None)


def load_frames(session: Session, study: Study, instrument: Instrument) -> StudyFrames:
    """Every committed response of a study as frames ready for scoring, from one snapshot."""
    with read_snapshot(session) as snapshot:
        return frames_in(snapshot, study, instrument)


def _response_meta(snapshot: Snapshot, study_id: int, since_id: int = 0) -> pd.DataFrame:
    """id, channel, simulated, submitted_at of the study's responses (after `since_id`), built
    column-wise (a frame from 100,000 row tuples with datetimes took a second)."""
    connection = snapshot.connection
    if snapshot.postgresql_id is not None:  # times as integer microseconds: exact, no parsing
        rows = connection.exec_driver_sql(
            "SELECT id, channel, simulated, (extract(epoch FROM submitted_at) * 1000000)::int8 "
            "FROM response WHERE study_id = %(study)s AND id > %(since)s ORDER BY id",
            {"study": study_id, "since": since_id}).fetchall()
    else:
        rows = connection.execute(
            select(Response.id, Response.channel, Response.simulated, Response.submitted_at)
            .where(Response.study_id == study_id, Response.id > since_id).order_by(Response.id)).all()
    ids, channels, simulated, submitted = zip(*rows) if rows else ((), (), (), ())
    if snapshot.postgresql_id is not None:
        times = pd.to_datetime(np.array(submitted, dtype=np.int64), unit="us", utc=True)
    else:
        times = pd.to_datetime(pd.Series(submitted, dtype=object), utc=True, format="mixed")
    return pd.DataFrame({"response_id": np.array(ids, dtype=np.int64),
                         "channel": pd.Series(channels, dtype=object),
                         "simulated": np.array(simulated, dtype=bool),
                         "submitted_at": pd.Series(times).reset_index(drop=True)})


def frames_in(snapshot: Snapshot, study: Study, instrument: Instrument, *, since_id: int = 0,
              open_answers: bool = True) -> StudyFrames:
    """The study's frames as the snapshot sees it (callers reading more use the same snapshot):
    every response, or with `since_id` only those with a higher id (the responses after a stored
    tally, survey/analysis/service.py); `open_answers=False` leaves the open answers out."""
    connection = snapshot.connection
    meta = _response_meta(snapshot, study.id, since_id)
    meta = meta.set_index("response_id")
    response_ids = meta.index.to_numpy(dtype=np.int64)
    answers, importance = load_answers(snapshot, study, instrument, response_ids, since_id)

    demo_rows = connection.execute(
        select(DemographicAnswer.response_id, DemographicQuestion.code, DemographicAnswer.value)
        .join(DemographicQuestion, DemographicQuestion.id == DemographicAnswer.question_id)
        .where(DemographicQuestion.study_id == study.id, DemographicAnswer.response_id > since_id)).all()
    demo_long = pd.DataFrame(demo_rows, columns=["response_id", "code", "value"])
    demographics = (demo_long.pivot(index="response_id", columns="code", values="value")
                    if len(demo_long) else pd.DataFrame())
    demographics = demographics.reindex(index=meta.index,
                                        columns=[q.code for q in instrument.demographics])
    for question in instrument.demographics:
        if question.type == "integer":
            demographics[question.code] = pd.to_numeric(demographics[question.code], errors="coerce")
    demographics.columns.name = None

    texts = open_texts(snapshot, study, since_id) if open_answers else []
    return StudyFrames(answers=answers, demographics=demographics, responses=meta,
                       open_answers=texts, importance=importance)


def open_texts(snapshot: Snapshot, study: Study, since_id: int = 0) -> list[dict]:
    """{"response_id", "code", "text"} of the study's open answers, verbatim, by question and response."""
    rows = snapshot.connection.execute(
        select(OpenAnswer.response_id, OpenQuestion.code, OpenAnswer.text)
        .join(OpenQuestion, OpenQuestion.id == OpenAnswer.question_id)
        .where(OpenQuestion.study_id == study.id, OpenAnswer.response_id > since_id)
        .order_by(OpenQuestion.position, OpenAnswer.response_id)).all()
    return [{"response_id": r, "code": c, "text": t} for r, c, t in rows]
