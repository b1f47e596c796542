"""`responses import`: a CSV of responses, validated as a whole, stored all or nothing.

One row per respondent; columns are item codes (answers as respondents gave them, reverse
items not pre-reversed), demographic codes and open-question codes; an empty cell is a missing
answer. Optional columns: `uuid` (a stable respondent id, so the same file cannot be imported
twice) and `submitted_at` (ISO date/time). Row numbers in problems are the spreadsheet's: the
header is row 1, the first respondent row 2.

Validation is vectorised with pandas (100,000 rows x 45 items in seconds); storing is
collect/bulk_store.py (COPY into staging tables on PostgreSQL).
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from ..instruments import Instrument
from ..models import Study
from .bulk_store import store_responses
from .submission import MAX_TEXT

OPTIONAL_COLUMNS = ("uuid", "submitted_at")
MAX_PROBLEMS = 1000  # kept in full; the count of all problems is always exact


class ImportError_(ValueError):
    """The file was refused; nothing was stored. `problems` are "row N, column C: ..." lines."""

    def __init__(self, problems: list[str], total: int | None = None):
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__(f"{self.total} problem(s)")


@dataclass
class ParsedResponses:
    answers: pd.DataFrame  # item codes, nullable Int16, raw values
    demographics: pd.DataFrame  # demographic codes, text or <NA>
    open_answers: pd.DataFrame  # open-question codes, text or <NA>
    uuids: pd.Series
    submitted_at: pd.Series | None


class _Problems:
    def __init__(self):
        self.lines: list[str] = []
        self.total = 0

    def add(self, text: str) -> None:
        self.total += 1
        if len(self.lines) < MAX_PROBLEMS:
            self.lines.append(text)

    def add_cells(self, mask: pd.Series, column: str, text: str) -> None:
        """One problem per flagged cell; row numbers are spreadsheet rows (header = 1)."""
        rows = np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False)) + 2
        self.total += len(rows)
        room = MAX_PROBLEMS - len(self.lines)
        self.lines.extend(f"row {row}, column {column}: {text}" for row in rows[:max(room, 0)])


def read_csv(data: bytes | str) -> pd.DataFrame:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportError_(["file: not UTF-8 text (save the CSV as UTF-8)"]) from None
    sample = data[:4096]
    separator = ";" if sample.count(";") > sample.count(",") else ","  # Excel in id locale uses ;
    try:
        frame = pd.read_csv(io.StringIO(data), sep=separator, dtype=str, keep_default_na=False,
                            skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ImportError_([f"file: not a readable CSV ({exc})"]) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def parse_responses(instrument: Instrument, frame: pd.DataFrame) -> ParsedResponses:
    """Validate every cell; raise ImportError_ listing every problem, or return clean columns."""
    problems = _Problems()
    items = [item.code for item in instrument.items]
    demographics = {q.code: q for q in instrument.demographics}
    open_codes = [q.code for q in instrument.open_questions]
    known = set(items) | set(demographics) | set(open_codes) | set(OPTIONAL_COLUMNS)

    duplicated = frame.columns[frame.columns.duplicated()].unique()
    for column in duplicated:
        problems.add(f"column {column}: appears more than once")
    for column in frame.columns:
        if column not in known:
            problems.add(f"column {column}: unknown code (not an item, demographic or open question)")
    for code in items:
        if code not in frame.columns:
            problems.add(f"column {code}: missing (leave its cells empty for missing answers)")
    for code, question in demographics.items():
        if question.required and code not in frame.columns:
            problems.add(f"column {code}: missing (required demographic)")
    if problems.total:
        raise ImportError_(problems.lines, problems.total)
    if frame.empty:
        raise ImportError_(["file: no respondent rows"])

    cells = frame.apply(lambda col: col.str.strip())
    points = instrument.scale.points
    answers = {}
    for code in items:
        text = cells[code]
        blank = text.eq("")
        numbers = pd.to_numeric(text.where(~blank), errors="coerce")
        not_number = ~blank & numbers.isna()
        not_whole = numbers.notna() & (numbers % 1 != 0)
        out_of_range = numbers.notna() & ~not_whole & ((numbers < 1) | (numbers > points))
        problems.add_cells(not_number, code, f'"{_first(text, not_number)}" is not a number'
                           if not_number.sum() == 1 else "not a number")
        problems.add_cells(not_whole, code, "not a whole number")
        problems.add_cells(out_of_range, code, f"outside the scale 1–{points}")
        answers[code] = numbers.astype("Int16") if not (not_number | not_whole).any() else numbers

    demo_values = {}
    for code, question in demographics.items():
        if code not in cells:
            continue
        text = cells[code]
        blank = text.eq("")
        if question.required:
            problems.add_cells(blank, code, "missing (required)")
        if question.type == "choice":
            problems.add_cells(~blank & ~text.isin(question.choices), code,
                               f"not one of the choices ({', '.join(question.choices)})")
        elif question.type == "integer":
            numbers = pd.to_numeric(text.where(~blank), errors="coerce")
            bad = ~blank & (numbers.isna() | (numbers % 1 != 0))
            problems.add_cells(bad, code, "not a whole number")
            lo = question.min if question.min is not None else -np.inf
            hi = question.max if question.max is not None else np.inf
            problems.add_cells(~bad & numbers.notna() & ((numbers < lo) | (numbers > hi)), code,
                               f"outside {question.min}–{question.max}")
            text = numbers.astype("Int64").astype("string").where(~bad) if not bad.any() else text
        problems.add_cells(text.str.len() > MAX_TEXT, code, f"longer than {MAX_TEXT} characters")
        demo_values[code] = text.where(~blank, None)

    open_values = {}
    for code in open_codes:
        if code in cells:
            text = cells[code]
            problems.add_cells(text.str.len() > MAX_TEXT, code, f"longer than {MAX_TEXT} characters")
            open_values[code] = text.where(text.ne(""), None)

    if "uuid" in cells:
        uuids = cells["uuid"]
        blank = uuids.eq("")
        problems.add_cells(~blank & ~uuids.str.fullmatch(r"[A-Za-z0-9_.:-]{1,36}"), "uuid",
                           "not a valid id (letters, digits, - _ . :, at most 36 characters)")
        problems.add_cells(~blank & uuids.duplicated(keep="first"), "uuid", "the same id appears on an earlier row")
        uuids = uuids.where(~blank, None)
    else:
        uuids = pd.Series([None] * len(cells), index=cells.index, dtype=object)
    submitted = None
    if "submitted_at" in cells:
        text = cells["submitted_at"]
        submitted = pd.to_datetime(text.where(text.ne("")), errors="coerce", utc=True, format="mixed")
        problems.add_cells(text.ne("") & submitted.isna(), "submitted_at", "not a date/time (use 2026-03-31 or 2026-03-31T10:15)")

    if problems.total:
        raise ImportError_(problems.lines, problems.total)
    return ParsedResponses(pd.DataFrame(answers), pd.DataFrame(demo_values, index=cells.index),
                           pd.DataFrame(open_values, index=cells.index), uuids, submitted)


def _first(text: pd.Series, mask: pd.Series) -> str:
    return str(text[mask].iloc[0])[:40]


def import_responses(session: Session, study: Study, instrument: Instrument, data: bytes | str,
                     *, simulated: bool = False) -> int:
    """Validate and store a whole CSV in the caller's transaction; returns the number stored."""
    parsed = parse_responses(instrument, read_csv(data))
    return store_responses(session, study, instrument, parsed, simulated=simulated)
