"""Store validated CSV responses at the speed of the database, in the caller's transaction.

`responses import` hands over rows csv_import.parse_responses has already checked cell by
cell; this module only moves them in, all or nothing, keeping every constraint the schema
enforces (foreign keys, the answer's range check, unique uuids).

PostgreSQL: response ids are drawn from the sequence in one query; responses and answers are
COPY'd into temporary staging tables (answers in COPY's binary format, built with numpy, no
per-row Python), checked set-wise (uuids already imported, items of another study, values
outside the scale), then moved with one INSERT ... SELECT per table, in key order so the
indexes fill sequentially. SQLite: executemany in large chunks inside the one transaction.

A paired study's answers carry their side (answer.side: PERFORMANCE 0, IMPORTANCE 1), taken
from the parsed columns `<code>:importance` / `<code>:performance`; an unpaired study's are all
side 0.
"""
from __future__ import annotations

import io
import uuid as uuid_module

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..instruments import SIDES, Instrument, side_key
from ..models import SIDE_NUMBER, DemographicQuestion, Item, OpenQuestion, Response, Study
from ..models.base import utcnow

SQLITE_CHUNK_ROWS = 500_000  # answer rows per executemany: bounds the memory of Python tuples
MAX_PROBLEMS = 1000

# COPY binary: signature, flags, header extension length; each row: field count, then
# (length, big-endian value) per field; the file ends with a field count of -1.
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
_COPY_TRAILER = (-1).to_bytes(2, "big", signed=True)
_ANSWER_ROW = np.dtype([("fields", ">i2"), ("len_r", ">i4"), ("response_id", ">i4"),
                        ("len_i", ">i4"), ("item_id", ">i4"), ("len_s", ">i4"), ("side", ">i2"),
                        ("len_v", ">i4"), ("value", ">i2")])


def store_responses(session: Session, study: Study, instrument: Instrument, parsed, *,
                    simulated: bool = False) -> int:
    """Insert parsed responses (csv_import.ParsedResponses) with their answers; flushes only."""
    n = len(parsed.answers)
    given = parsed.uuids.tolist()
    uuids = [u if u is not None else str(uuid_module.uuid4()) for u in given]
    now = utcnow()
    if parsed.submitted_at is not None:
        submitted = [t.to_pydatetime() if t == t and t is not None else now for t in parsed.submitted_at]
    else:
        submitted = [now] * n
    connection = session.connection()
    item_id_of = dict(connection.execute(select(Item.code, Item.id).where(Item.study_id == study.id)).all())
    if instrument.pairing is None:
        keys = [item.code for item in instrument.items]
        item_ids = np.array([item_id_of[code] for code in keys], dtype=np.int64)
        sides = None
    else:  # answer_keys order: each statement's importance, then its performance
        pairs = [(side_key(item.code, side), item_id_of[item.code], SIDE_NUMBER[side])
                 for item in instrument.items for side in SIDES]
        keys = [key for key, _, _ in pairs]
        item_ids = np.array([item_id for _, item_id, _ in pairs], dtype=np.int64)
        sides = np.array([side for _, _, side in pairs], dtype=np.int16)
    values = parsed.answers[keys].to_numpy(dtype=np.float64, na_value=np.nan)
    rows, columns = np.nonzero(~np.isnan(values))  # row-major: by respondent, then answer key
    answer_values = values[rows, columns].astype(np.int16)
    postgresql = connection.dialect.name == "postgresql"
    store = _store_postgresql if postgresql else _store_sqlite
    ids = store(connection, study, instrument, uuids, given, submitted, simulated,
                rows, item_ids[columns], None if sides is None else sides[columns], answer_values)
    _store_profile(connection, study, parsed.demographics, DemographicQuestion, "demographic_answer", "value", ids)
    _store_profile(connection, study, parsed.open_answers, OpenQuestion, "open_answer", "text", ids)
    session.flush()
    return n


def _refuse(problems: list[str], total: int):
    from .csv_import import ImportError_  # the import's own error: its callers report it
    raise ImportError_(problems, total)


def _refuse_known_uuids(pairs: list[tuple[int, str]]) -> None:
    if pairs:
        pairs = sorted(pairs)
        _refuse([f"row {row + 2}, column uuid: already imported ({u})"
                            for row, u in pairs[:MAX_PROBLEMS]], len(pairs))


def _store_postgresql(connection, study, instrument, uuids, given, submitted, simulated,
                      rows, item_ids, sides, answer_values) -> np.ndarray:
    n = len(uuids)
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor:
        # A bulk load is long by nature (the answers' foreign keys are checked row by row: ~30 s for
        # 4.5 million); the statement timeout that protects web workers would cancel it.
        cursor.execute("SET LOCAL statement_timeout = 0")
        # Staging tables live until the commit: a second import in the same transaction starts afresh.
        cursor.execute("DROP TABLE IF EXISTS import_response, import_answer")
        cursor.execute("CREATE TEMPORARY TABLE import_response (row_number int4, id int4, uuid text, "
                       "submitted_at timestamptz) ON COMMIT DROP")
        cursor.execute("CREATE TEMPORARY TABLE import_answer (response_id int4, item_id int4, side int2, value int2) "
                       "ON COMMIT DROP")
        cursor.execute("SELECT nextval(pg_get_serial_sequence('response', 'id')) FROM generate_series(1, %s)", (n,))
        ids = np.fromiter((r[0] for r in cursor.fetchall()), dtype=np.int64, count=n)
        frame = pd.DataFrame({"row_number": np.arange(n), "id": ids, "uuid": uuids,
                              "submitted_at": [t.isoformat() for t in submitted]})
        with cursor.copy("COPY import_response FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(frame.to_csv(index=False, header=False, lineterminator="\n"))
        if any(u is not None for u in given):
            cursor.execute("SELECT s.row_number, s.uuid FROM import_response s "
                           "JOIN response r ON r.uuid = s.uuid AND r.study_id = %s", (study.id,))
            _refuse_known_uuids(cursor.fetchall())

        records = np.empty(len(rows), dtype=_ANSWER_ROW)
        records["fields"], records["len_r"], records["len_i"], records["len_s"], records["len_v"] = 4, 4, 4, 2, 2
        records["response_id"], records["item_id"], records["value"] = ids[rows], item_ids, answer_values
        records["side"] = 0 if sides is None else sides
        with cursor.copy("COPY import_answer FROM STDIN WITH (FORMAT binary)") as copy:
            copy.write(_COPY_HEADER)
            step = 1_000_000
            for start in range(0, len(records), step):
                copy.write(records[start:start + step].tobytes())
            copy.write(_COPY_TRAILER)
        del records
        # Set-wise check of what the constraints would refuse row by row, with a clear message.
        cursor.execute("SELECT count(*) FROM import_answer s LEFT JOIN item i ON i.id = s.item_id "
                       "AND i.study_id = %s WHERE i.id IS NULL OR s.value NOT BETWEEN 1 AND i.points",
                       (study.id,))
        bad = cursor.fetchone()[0]
        if bad:
            _refuse([f"{bad} answer(s) outside the study's items or scale"], bad)
        cursor.execute("INSERT INTO response (id, study_id, uuid, channel, consent, simulated, submitted_at) "
                       "SELECT id, %s, uuid, 'import', true, %s, submitted_at FROM import_response "
                       "ORDER BY id", (study.id, simulated))
        cursor.execute("INSERT INTO answer (response_id, item_id, side, study_id, points, value) "
                       "SELECT response_id, item_id, side, %s, %s, value FROM import_answer "
                       "ORDER BY response_id, item_id, side", (study.id, instrument.scale.points))
    return ids


def _store_sqlite(connection, study, instrument, uuids, given, submitted, simulated,
                  rows, item_ids, sides, answer_values) -> np.ndarray:
    known = [u for u in given if u is not None]
    if known:
        found = set()
        for start in range(0, len(known), 5000):
            found |= set(connection.execute(select(Response.uuid).where(
                Response.study_id == study.id, Response.uuid.in_(known[start:start + 5000]))).scalars())
        _refuse_known_uuids([(i, u) for i, u in enumerate(given) if u in found])
    as_stored = Response.__table__.c.submitted_at.type.dialect_impl(connection.dialect).bind_processor(
        connection.dialect)  # the text SQLAlchemy itself stores on SQLite
    connection.exec_driver_sql(
        "INSERT INTO response (study_id, uuid, channel, consent, simulated, submitted_at) "
        "VALUES (?, ?, 'import', 1, ?, ?)",
        [(study.id, u, int(simulated), as_stored(t)) for u, t in zip(uuids, submitted)])
    id_of = {}
    for start in range(0, len(uuids), 5000):  # read back by uuid: no assumption about the ids
        id_of.update(connection.execute(select(Response.uuid, Response.id).where(
            Response.study_id == study.id, Response.uuid.in_(uuids[start:start + 5000]))).all())
    ids = np.fromiter((id_of[u] for u in uuids), dtype=np.int64, count=len(uuids))
    points = instrument.scale.points
    for start in range(0, len(rows), SQLITE_CHUNK_ROWS):
        part = slice(start, start + SQLITE_CHUNK_ROWS)
        count = len(rows[part])
        if sides is None:  # an unpaired study: side 0, the column's default (one value fewer per row)
            connection.exec_driver_sql(
                "INSERT INTO answer (response_id, item_id, study_id, points, value) VALUES (?, ?, ?, ?, ?)",
                list(zip(ids[rows[part]].tolist(), item_ids[part].tolist(), [study.id] * count,
                         [points] * count, answer_values[part].tolist())))
        else:
            connection.exec_driver_sql(
                "INSERT INTO answer (response_id, item_id, side, study_id, points, value) VALUES (?, ?, ?, ?, ?, ?)",
                list(zip(ids[rows[part]].tolist(), item_ids[part].tolist(), sides[part].tolist(),
                         [study.id] * count, [points] * count, answer_values[part].tolist())))
    return ids


def _store_profile(connection, study, frame: pd.DataFrame, question_model, table: str, column: str,
                   ids: np.ndarray) -> None:
    """Demographic or open answers (one row per given answer): COPY on PostgreSQL, else executemany."""
    if frame.empty or frame.shape[1] == 0:
        return
    question_id = dict(connection.execute(select(question_model.code, question_model.id)
                                          .where(question_model.study_id == study.id)).all())
    long = frame.set_axis(ids).rename_axis("response_id").stack().reset_index()
    long.columns = ["response_id", "code", column]
    long = long[long[column].notna()]
    if long.empty:
        return
    rows = pd.DataFrame({"response_id": long["response_id"].to_numpy(),
                         "question_id": long["code"].map(question_id).to_numpy(dtype=np.int64),
                         column: long[column].astype(str).to_numpy()})
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        with driver.cursor() as cursor:
            with cursor.copy(f"COPY {table} (response_id, question_id, {column}) FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(rows.to_csv(index=False, header=False, lineterminator="\n"))
        return
    connection.exec_driver_sql(f"INSERT INTO {table} (response_id, question_id, {column}) VALUES (?, ?, ?)",
                               list(zip(rows["response_id"].tolist(), rows["question_id"].tolist(),
                                        rows[column].tolist())))
