"""One response: validate it against the instrument, store it exactly once.

Every channel (respondent link, enumerator sync, CSV import) goes through the same rules, so an
answer the web form refuses is refused everywhere. Validation is pure; storing only flushes.
"""
from __future__ import annotations

import hashlib
import json
import re
import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from functools import lru_cache

from sqlalchemy import (Integer, SmallInteger, String, Text, bindparam, case, cast, insert, literal_column, select, true,
                        union_all)
from sqlalchemy.orm import Session

from ..instruments import SIDES, Instrument, side_key
from ..models.base import utcnow
from ..models import (IMPORTANCE, PERFORMANCE, AnswerSheet, DemographicAnswer, DemographicQuestion, OpenAnswer,
                      OpenQuestion, Response, Study, sheet_text)

MAX_TEXT = 5000  # characters kept from one open or text answer

MESSAGES = {
    "id": {
        "required": "Pertanyaan ini wajib dijawab.",
        "choose": "Silakan pilih salah satu jawaban.",
        "number": "Isikan angka bulat.",
        "range": "Jawaban harus antara {lo} dan {hi}.",
        "choice": "Pilihan tidak dikenal.",
        "long": "Jawaban terlalu panjang (maksimal {n} karakter).",
        "unknown": "Pertanyaan tidak dikenal dalam kuesioner ini.",
        "consent": "Persetujuan responden diperlukan untuk melanjutkan.",
    },
    "en": {
        "required": "This question must be answered.",
        "choose": "Please choose one answer.",
        "number": "Enter a whole number.",
        "range": "The answer must be between {lo} and {hi}.",
        "choice": "Unknown choice.",
        "long": "The answer is too long (at most {n} characters).",
        "unknown": "This question is not part of the questionnaire.",
        "consent": "The respondent's consent is needed to continue.",
    },
}


@dataclass
class Submission:
    """A validated response: item code -> raw value (the performance side of a paired study,
    `importance` the other side); demographic and open answers as text."""
    answers: dict[str, int] = field(default_factory=dict)
    demographics: dict[str, str] = field(default_factory=dict)
    open_answers: dict[str, str] = field(default_factory=dict)
    consent: bool = True
    importance: dict[str, int] = field(default_factory=dict)

    def content_hash(self) -> str:
        content = [self.answers, self.demographics, self.open_answers, self.consent]
        if self.importance:  # appended only when present: unpaired hashes stay what they were
            content.append(self.importance)
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


def message(language: str, key: str, **values) -> str:
    return MESSAGES.get(language, MESSAGES["id"])[key].format(**values)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_INTEGER = re.compile(r"[+-]?[0-9]{1,12}")  # ASCII digits: not "²", "--3" or 5,000 digits


def parse_integer(value: object) -> int | None:
    """An integer from a form or JSON value ("4", 4, 4.0); None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e15 else None
    text = str(value).strip()
    if _INTEGER.fullmatch(text):
        return int(text)
    return None


def validate_items(instrument: Instrument, values: Mapping[str, object], codes: list[str],
                   *, required: bool) -> tuple[dict[str, int], dict[str, str]]:
    """Check Likert answers for the given item codes; returns (answers, errors by code)."""
    lang, points = instrument.language, instrument.scale.points
    answers, errors = {}, {}
    for code in codes:
        raw = values.get(code)
        if _blank(raw):
            if required:
                errors[code] = message(lang, "choose")
            continue
        value = parse_integer(raw)
        if value is None:
            errors[code] = message(lang, "number")
        elif not 1 <= value <= points:
            errors[code] = message(lang, "range", lo=1, hi=points)
        else:
            answers[code] = value
    return answers, errors


def _check_value(kind: str, question, text: str, lang: str) -> tuple[str | None, str | None]:
    """(clean text, None) or (None, message) for one non-blank answer of a given kind."""
    if kind == "choice":
        return (text, None) if text in question.choices else (None, message(lang, "choice"))
    if kind == "integer":
        number = parse_integer(text)
        if number is None:
            return None, message(lang, "number")
        lo = question.min if question.min is not None else -10**9
        hi = question.max if question.max is not None else 10**9
        return (str(number), None) if lo <= number <= hi else (None, message(lang, "range", lo=lo, hi=hi))
    return (text, None) if len(text) <= MAX_TEXT else (None, message(lang, "long", n=MAX_TEXT))


def _validate_questions(questions, values: Mapping[str, object], lang: str, kind_of
                        ) -> tuple[dict[str, str], dict[str, str]]:
    clean, errors = {}, {}
    for question in questions:
        raw = values.get(question.code)
        if _blank(raw):
            if question.required:
                errors[question.code] = message(lang, "required")
            continue
        text, error = _check_value(kind_of(question), question, str(raw).strip(), lang)
        if error:
            errors[question.code] = error
        else:
            clean[question.code] = text
    return clean, errors


def validate_demographics(instrument: Instrument, values: Mapping[str, object]
                          ) -> tuple[dict[str, str], dict[str, str]]:
    return _validate_questions(instrument.demographics, values, instrument.language, lambda q: q.type)


def validate_open_answers(instrument: Instrument, values: Mapping[str, object]
                          ) -> tuple[dict[str, str], dict[str, str]]:
    return _validate_questions(instrument.open_questions, values, instrument.language, lambda q: "text")


def validate_submission(instrument: Instrument, answers: Mapping[str, object],
                        demographics: Mapping[str, object] | None = None,
                        open_answers: Mapping[str, object] | None = None, *,
                        consent: bool = True, require_all_items: bool = True,
                        ) -> tuple[Submission | None, dict[str, str]]:
    """Validate a whole response; unknown codes are errors. Returns (submission, errors)."""
    errors: dict[str, str] = {}
    item_codes = list(instrument.answer_keys)  # for a paired study "<code>:importance" and ":performance"
    known = set(item_codes)
    for code in answers:
        if code not in known:
            errors[code] = message(instrument.language, "unknown")
    for given, questions in ((demographics or {}, instrument.demographics),
                             (open_answers or {}, instrument.open_questions)):
        codes = {q.code for q in questions}
        errors.update({code: message(instrument.language, "unknown") for code in given if code not in codes})
    clean_answers, item_errors = validate_items(instrument, answers, item_codes,
                                                required=require_all_items)
    clean_demo, demo_errors = validate_demographics(instrument, demographics or {})
    clean_open, open_errors = validate_open_answers(instrument, open_answers or {})
    errors.update(item_errors | demo_errors | open_errors)
    if not consent and instrument.consent:
        errors["consent"] = message(instrument.language, "consent")
    if errors:
        return None, errors
    clean_answers, importance = split_sides(instrument, clean_answers)
    return Submission(clean_answers, clean_demo, clean_open, consent, importance), {}


def split_sides(instrument: Instrument, answers: dict[str, int]) -> tuple[dict[str, int], dict[str, int]]:
    """(performance or only side, importance) by plain item code, from answers keyed by
    `Instrument.answer_keys`."""
    if instrument.pairing is None:
        return answers, {}
    sides = {side: {} for side in SIDES}
    for item in instrument.items:
        for side in SIDES:
            key = side_key(item.code, side)
            if key in answers:
                sides[side][item.code] = answers[key]
    return sides["performance"], sides["importance"]


@dataclass
class Stored:
    response_id: int
    created: bool  # False: the same submission had already been stored (a resend)
    conflict: bool = False  # the uuid is known with *different* content


def new_response_uuid() -> str:
    return str(uuid_module.uuid4())


@dataclass(frozen=True)
class _Shape:
    """What a submission's statements depend on: they are built once per shape (building one
    cost as much CPU as running it), with every value a parameter."""
    columns: tuple[str, ...]  # the response row's columns
    sides: tuple[int, ...]  # its answer sheets
    demographics: int  # demographic answers given
    open_answers: int  # open answers given


@lru_cache(maxsize=64)
def _response_insert(shape: _Shape, dialect: str):
    """INSERT a response unless its uuid is known in its study (ON CONFLICT DO NOTHING) RETURNING its id."""
    if dialect == "postgresql":  # the dialect's module loads with the first submission, not at start
        from sqlalchemy.dialects.postgresql import insert as insert_fn
    else:
        from sqlalchemy.dialects.sqlite import insert as insert_fn
    table = Response.__table__  # a Core insert: no ORM bookkeeping for a row nobody reads back
    return (insert_fn(table).values({column: bindparam(column) for column in shape.columns})
            .on_conflict_do_nothing(index_elements=["study_id", "uuid"]).returning(table.c.id))


def _answer_inserts(shape: _Shape, new=None) -> list:
    """INSERT ... SELECTs of the answer sheets and the demographic and open answers of the
    response whose id is the parameter `response`, or the one the WITH clause `new` inserted.
    Questions are found by their codes inside the statement: no round trip for their ids."""
    response_id = bindparam("response", type_=Integer) if new is None else new.c.id
    study = bindparam("study_id", type_=Integer)
    sheets = [select(response_id, cast(literal_column(str(int(side))), SmallInteger), study,
                     bindparam("item_count", type_=Integer),
                     bindparam("points", type_=Integer), bindparam(f"sheet_{side}", type_=String))
              for side in shape.sides]
    inserts = [insert(AnswerSheet.__table__).from_select(
        ["response_id", "side", "study_id", "item_count", "points", "answers"],
        sheets[0] if len(sheets) == 1 else union_all(*sheets))]
    for kind, table, questions, count in (("demographic", DemographicAnswer.__table__, DemographicQuestion,
                                           shape.demographics),
                                          ("open", OpenAnswer.__table__, OpenQuestion, shape.open_answers)):
        if not count:
            continue
        codes = [bindparam(f"{kind}_code_{i}", type_=String) for i in range(count)]
        value = case(*[(questions.code == code, bindparam(f"{kind}_value_{i}", type_=Text))
                       for i, code in enumerate(codes)])
        column = "value" if kind == "demographic" else "text"
        chosen = select(response_id, questions.id, value).select_from(questions)
        if new is not None:  # the one inserted response, beside each question
            chosen = chosen.join(new, true())
        inserts.append(insert(table).from_select(
            ["response_id", "question_id", column],
            chosen.where(questions.study_id == study, questions.code.in_(codes))))
    return inserts


@lru_cache(maxsize=64)
def _sqlite_answer_inserts(shape: _Shape) -> list:
    return _answer_inserts(shape)


@lru_cache(maxsize=64)
def _one_statement(shape: _Shape, dialect) -> str:
    """PostgreSQL: the whole submission as one statement, the answers' inserts chained to the
    response's in a WITH (no rows when the uuid is known: ON CONFLICT DO NOTHING returns none).
    Compiled here once: SQLAlchemy does not cache the dialect's INSERT ... ON CONFLICT and
    compiled it on every submission (0.8 ms of CPU). Every value is a named parameter."""
    new = _response_insert(shape, "postgresql").cte("new_response")
    chained = [statement.cte(f"new_answers_{i}") for i, statement in enumerate(_answer_inserts(shape, new))]
    return str(select(new.c.id).add_cte(*chained).compile(dialect=dialect))


def store_submission(session: Session, study: Study, submission: Submission, *, channel: str,
                     response_uuid: str | None = None, started_at: datetime | None = None,
                     simulated: bool = False, extra: dict | None = None) -> Stored:
    """Insert a response and its answers once per uuid; flushes, the caller commits.

    The uuid's uniqueness within the study is enforced by the database with INSERT ... ON CONFLICT
    DO NOTHING, so two concurrent sends of one uuid cannot create two rows. On PostgreSQL the
    response, its answer sheets and its demographic and open answers are ONE statement (inserts
    chained in a WITH): a round trip is most of a submission's cost. SQLite runs them in turn.
    """
    from ..studies.service import instrument_of

    response = {"study_id": study.id, "uuid": response_uuid or new_response_uuid(), "channel": channel,
                "consent": submission.consent, "simulated": simulated, "content_hash": submission.content_hash(),
                "started_at": started_at, "submitted_at": utcnow(), **(extra or {})}
    # One answer sheet per side of the study, one character per statement in instrument order
    # (the items' positions): all of a response's Likert answers in one row.
    instrument = instrument_of(study)
    codes = [item.code for item in instrument.items]
    sides = [(PERFORMANCE, submission.answers)]
    if instrument.pairing is not None:
        sides.append((IMPORTANCE, submission.importance))
    parameters = {**response, "item_count": study.item_count, "points": study.points}
    for side, given in sides:
        parameters[f"sheet_{side}"] = sheet_text(given.get(code) for code in codes)
    for kind, given in (("demographic", submission.demographics), ("open", submission.open_answers)):
        for i, (code, value) in enumerate(given.items()):
            parameters |= {f"{kind}_code_{i}": code, f"{kind}_value_{i}": value}
    shape = _Shape(tuple(response), tuple(side for side, _ in sides), len(submission.demographics),
                   len(submission.open_answers))
    dialect = session.get_bind().dialect
    if dialect.name == "postgresql":
        response_id = session.connection().exec_driver_sql(_one_statement(shape, dialect), parameters).scalar()
    else:
        response_id = session.execute(_response_insert(shape, "sqlite"), parameters).scalar()
        if response_id is not None:
            parameters["response"] = response_id
            for statement in _sqlite_answer_inserts(shape):
                session.execute(statement, parameters)
    if response_id is None:  # the uuid is known: a resend of the same content, or a conflict
        existing = session.execute(select(Response.id, Response.content_hash).where(
            Response.study_id == study.id, Response.uuid == response["uuid"])).one()
        return Stored(existing.id, created=False, conflict=existing.content_hash != response["content_hash"])
    session.flush()
    return Stored(response_id, created=True)
