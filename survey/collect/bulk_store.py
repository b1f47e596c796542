"""Store validated CSV responses at the speed of the database, in the caller's transaction.

`responses import` hands over rows csv_import.parse_responses has already checked cell by
cell; this module only moves them in, all or nothing, keeping every constraint the schema
enforces (foreign keys, the answer's range check, unique uuids).

Each respondent's Likert answers become one answer sheet per side (survey/models/response.py:
one character per statement), encoded for all rows at once with numpy.

PostgreSQL: response ids are drawn from the sequence in one query; responses and answer sheets
are COPY'd into temporary staging tables (sheets in COPY's binary format, fixed-size records
built with numpy, no per-row Python), checked set-wise (uuids already imported, sheets outside
the study's statements or scale), then moved with one INSERT ... SELECT per table, in key order
so the indexes fill sequentially. SQLite: executemany inside the one transaction.

A paired study's sheets carry their side (PERFORMANCE 0, IMPORTANCE 1), taken from the parsed
columns `<code>:importance` / `<code>:performance`; an unpaired study has side 0 only.
"""
from __future__ import annotations

import uuid as uuid_module

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..instruments import SIDES, Instrument, side_key
from ..models import (PERFORMANCE, SHEET_ALPHABET, SHEET_MISSING, SHEET_ZERO, SIDE_NUMBER, DemographicQuestion, OpenQuestion,
                      Response, Study)
from ..models.base import utcnow

MAX_PROBLEMS = 1000

# COPY binary: signature, flags, header extension length; each row: field count, then
# (length, big-endian value) per field; the file ends with a field count of -1.
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
_COPY_TRAILER = (-1).to_bytes(2, "big", signed=True)


def store_responses(session: Session, study: Study, instrument: Instrument, parsed, *,
                    simulated: bool = False) -> int:
    """Insert parsed responses (csv_import.ParsedResponses) with their answers; flushes only."""
    n = len(parsed.answers)
    given = parsed.uuids.tolist()  # None where the file has no respondent id: one is made up
    submitted = ([None if t != t or t is None else t.to_pydatetime() for t in parsed.submitted_at]
                 if parsed.submitted_at is not None else [None] * n)  # None: the time of the import
    codes = [item.code for item in instrument.items]
    if instrument.pairing is None:
        sides = {PERFORMANCE: codes}
    else:
        sides = {SIDE_NUMBER[side]: [side_key(code, side) for code in codes] for side in SIDES}
    sheets = {side: sheet_bytes(parsed.answers[keys].to_numpy(dtype=np.float64, na_value=np.nan))
              for side, keys in sorted(sides.items())}
    connection = session.connection()
    store = _store_postgresql if connection.dialect.name == "postgresql" else _store_sqlite
    ids = store(connection, study, given, submitted, simulated, sheets)
    _store_profile(connection, study, parsed.demographics, DemographicQuestion, "demographic_answer", "value", ids)
    _store_profile(connection, study, parsed.open_answers, OpenQuestion, "open_answer", "text", ids)
    session.flush()
    return n


def sheet_bytes(values: np.ndarray) -> np.ndarray:
    """Respondents x statements raw answers (NaN missing) as answer-sheet characters (uint8)."""
    characters = np.where(np.isnan(values), ord(SHEET_MISSING), np.nan_to_num(values) + SHEET_ZERO)
    return np.ascontiguousarray(characters, dtype=np.uint8)  # a row's characters side by side


def _refuse(problems: list[str], total: int):
    from .csv_import import ImportError_  # the import's own error: its callers report it
    raise ImportError_(problems, total)


def _refuse_known_uuids(pairs: list[tuple[int, str]]) -> None:
    if pairs:
        pairs = sorted(pairs)
        _refuse([f"row {row + 2}, column uuid: already imported ({u})"
                            for row, u in pairs[:MAX_PROBLEMS]], len(pairs))


def _store_postgresql(connection, study, given, submitted, simulated, sheets) -> np.ndarray:
    n = len(given)
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor:
        # A bulk load may outlast the statement timeout that protects web workers.
        cursor.execute("SET LOCAL statement_timeout = 0")
        # Staging tables live until the commit: a second import in the same transaction starts afresh.
        # The database draws the response ids (the column default, as COPY fills each row).
        cursor.execute("DROP TABLE IF EXISTS import_response, import_sheet")
        cursor.execute("CREATE TEMPORARY TABLE import_response (row_number int4 PRIMARY KEY, "
                       "id int4 NOT NULL DEFAULT nextval(pg_get_serial_sequence('response', 'id')), "
                       "uuid text, submitted_at timestamptz) ON COMMIT DROP")
        cursor.execute("CREATE TEMPORARY TABLE import_sheet (response_id int4, side int2, answers text) "
                       "ON COMMIT DROP")
        frame = pd.DataFrame({"row_number": np.arange(n), "uuid": given,
                              "submitted_at": [None if t is None else t.isoformat() for t in submitted]})
        with cursor.copy("COPY import_response (row_number, uuid, submitted_at) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(frame.to_csv(index=False, header=False, lineterminator="\n"))
        if any(u is not None for u in given):
            cursor.execute("SELECT s.row_number, s.uuid FROM import_response s "
                           "JOIN response r ON r.uuid = s.uuid AND r.study_id = %s", (study.id,))
            _refuse_known_uuids(cursor.fetchall())
        cursor.execute("SELECT id FROM import_response ORDER BY row_number")
        ids = np.fromiter((r[0] for r in cursor.fetchall()), dtype=np.int64, count=n)

        item_count = study.item_count
        record = np.dtype([("fields", ">i2"), ("len_r", ">i4"), ("response_id", ">i4"), ("len_s", ">i4"),
                           ("side", ">i2"), ("len_a", ">i4"), ("answers", "u1", (item_count,))])
        with cursor.copy("COPY import_sheet FROM STDIN WITH (FORMAT binary)") as copy:
            copy.write(_COPY_HEADER)
            for side, characters in sheets.items():
                records = np.empty(n, dtype=record)
                records["fields"], records["len_r"], records["len_s"], records["len_a"] = 3, 4, 2, item_count
                records["response_id"], records["side"], records["answers"] = ids, side, characters
                copy.write(records.tobytes())
            copy.write(_COPY_TRAILER)
        # Set-wise check of what the constraints would refuse row by row, with a clear message.
        cursor.execute("SELECT count(*) FROM import_sheet WHERE length(answers) <> %s "
                       "OR trim(answers, substr(%s, 1, %s)) <> ''",
                       (item_count, SHEET_ALPHABET, study.points + 1))
        bad = cursor.fetchone()[0]
        if bad:
            _refuse([f"{bad} answer sheet(s) outside the study's statements or scale"], bad)
        cursor.execute("INSERT INTO response (id, study_id, uuid, channel, consent, simulated, submitted_at) "
                       "SELECT id, %s, coalesce(uuid, gen_random_uuid()::text), 'import', true, %s, "
                       "coalesce(submitted_at, now()) FROM import_response ORDER BY id", (study.id, simulated))
        cursor.execute("INSERT INTO answer_sheet (response_id, side, study_id, item_count, points, answers) "
                       "SELECT response_id, side, %s, %s, %s, answers FROM import_sheet "
                       "ORDER BY response_id, side", (study.id, item_count, study.points))
    return ids


def _store_sqlite(connection, study, given, submitted, simulated, sheets) -> np.ndarray:
    now = utcnow()
    uuids = [u if u is not None else str(uuid_module.uuid4()) for u in given]
    submitted = [now if t is None else t for t in submitted]
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
    for side, characters in sheets.items():
        texts = characters.view(f"S{characters.shape[1]}").ravel().astype(str)  # one string per row
        connection.exec_driver_sql(
            "INSERT INTO answer_sheet (response_id, side, study_id, item_count, points, answers) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(response_id, side, study.id, study.item_count, study.points, text)
             for response_id, text in zip(ids.tolist(), texts.tolist())])
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
