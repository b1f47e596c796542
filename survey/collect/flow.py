"""The respondent's questionnaire as a sequence of pages, and its state between pages.

Pages: introduction (with consent) -> demographics -> one page per dimension -> open questions.
Pages without content (no demographics, no open questions) are left out.

The state of one response in progress lives in the Flask session (a signed cookie), keyed by
study id, with short keys and item codes -> ints so the cookie stays well under 4 KB:
`{"u": uuid, "t": started (epoch s), "c": consent, "a": {item: value}, "d": {code: text}}`;
`{"u": uuid, "f": 1}` once the response has been stored. Open answers are not kept in the
cookie (up to 5,000 characters each): they are posted on the last page, which submits.

A paired study (importance-performance) answers each statement on both sides; the form fields and
the state use the sided keys of `Instrument.answer_keys` ("TAN-01:importance",
"TAN-01:performance"), shortened in the cookie to "TAN-01:i" / "TAN-01:p" (codes never hold ":").

Rules for answers are those of `submission.py` (one set for every channel); this module only
decides which rules apply to which page.
"""
from __future__ import annotations

import time
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..instruments import SIDES, Instrument, side_key
from ..instruments.model import Dimension, Item, Side
from .submission import (Submission, message, new_response_uuid, validate_demographics,
                         validate_items, validate_open_answers, validate_submission)

SESSION_KEY = "q"
SESSION_TEXT_LIMIT = 200  # characters of a demographic text answer carried in the cookie
INTRO, DEMOGRAPHICS, DIMENSION, OPEN = "intro", "demographics", "dimension", "open"


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, as shown in "Bagian 2 dari 6"
    kind: str  # intro | demographics | dimension | open
    dimension: Dimension | None = None
    first_statement: int = 1  # number of the page's first statement across the questionnaire
    keys: tuple[str, ...] = ()  # answer names of its statements (both sides of a paired study)


def statement_keys(instrument: Instrument, dimension: Dimension) -> tuple[str, ...]:
    """The answer names of a dimension's statements, in the order they are asked."""
    if instrument.pairing is None:
        return tuple(item.code for item in dimension.items)
    return tuple(side_key(item.code, side) for item in dimension.items for side in SIDES)


def answer_rows(instrument: Instrument, item: Item) -> tuple[tuple[str, Side], ...]:
    """The answer rows of a paired statement as (answer name, Side), importance first; empty
    for an unpaired study (its one row is the item's own, named by its code)."""
    if instrument.pairing is None:
        return ()
    return tuple((side_key(item.code, side), instrument.pairing.side(side)) for side in SIDES)


def paired_errors(instrument: Instrument, page: Page, errors: Mapping[str, str]
                  ) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """The error summary of a paired statement page, one line per statement: (its number, the
    answer name to link to, [(side name, message)] of the sides in error)."""
    lines = []
    for number, item in enumerate(page.dimension.items, start=page.first_statement):
        wrong = [(key, side) for key, side in answer_rows(instrument, item) if key in errors]
        if wrong:
            lines.append((number, wrong[0][0], [(side.name, errors[key]) for key, side in wrong]))
    return lines


def build_pages(instrument: Instrument) -> tuple[Page, ...]:
    kinds: list[tuple[str, Dimension | None]] = [(INTRO, None)]
    if instrument.demographics:
        kinds.append((DEMOGRAPHICS, None))
    kinds.extend((DIMENSION, dimension) for dimension in instrument.dimensions)
    if instrument.open_questions:
        kinds.append((OPEN, None))
    pages, statement = [], 1
    for number, (kind, dimension) in enumerate(kinds, start=1):
        keys = statement_keys(instrument, dimension) if dimension is not None else ()
        pages.append(Page(number, kind, dimension, statement, keys))
        if dimension is not None:
            statement += len(dimension.items)
    return tuple(pages)


def availability(study) -> str | None:
    """None when the study takes answers by link, else why not: unknown | draft | closed."""
    if study is None:
        return "unknown"
    if study.status != "open":
        return study.status
    return None


@dataclass
class State:
    """One response in progress (or just stored, when `finished`)."""
    uuid: str
    started: int = 0
    consent: bool = False
    answers: dict[str, int] = field(default_factory=dict)
    demographics: dict[str, str] = field(default_factory=dict)
    finished: bool = False

    @classmethod
    def start(cls) -> State:
        return cls(uuid=new_response_uuid(), started=int(time.time()))

    @property
    def started_at(self) -> datetime | None:
        return datetime.fromtimestamp(self.started, timezone.utc) if self.started else None

    def to_cookie(self) -> dict:
        if self.finished:
            return {"u": self.uuid, "f": 1}
        return {"u": self.uuid, "t": self.started, "c": int(self.consent),
                "a": {_short(key): value for key, value in self.answers.items()},
                "d": self.demographics}

    @classmethod
    def from_cookie(cls, data: Mapping) -> State:
        return cls(uuid=data["u"], started=data.get("t", 0), consent=bool(data.get("c")),
                   answers={_long(key): value for key, value in data.get("a", {}).items()},
                   demographics=dict(data.get("d", {})), finished=bool(data.get("f")))


_SHORT = {f":{side}": f":{side[0]}" for side in SIDES}  # ":importance" -> ":i"
_LONG = {short: full for full, short in _SHORT.items()}


def _short(key: str) -> str:
    code, colon, side = key.partition(":")
    return code + _SHORT.get(colon + side, colon + side)


def _long(key: str) -> str:
    code, colon, side = key.partition(":")
    return code + _LONG.get(colon + side, colon + side)


def load_state(session: Mapping, study_id: int) -> State | None:
    data = session.get(SESSION_KEY, {}).get(str(study_id))
    try:
        return State.from_cookie(data) if data else None
    except (KeyError, TypeError, ValueError):
        return None  # a cookie from an older layout: start again


def save_state(session: MutableMapping, study_id: int, state: State) -> None:
    # Assign a new dict so the session notices the change.
    session[SESSION_KEY] = {**session.get(SESSION_KEY, {}), str(study_id): state.to_cookie()}


def finish(session: MutableMapping, study_id: int, state: State) -> None:
    """Forget the answers once stored; keep only the uuid so a replayed submit is recognised."""
    save_state(session, study_id, State(uuid=state.uuid, finished=True))


def read_page(instrument: Instrument, page: Page, form: Mapping[str, object]
              ) -> tuple[dict, dict[str, str]]:
    """Validate what one page posted: (clean values, errors by field name)."""
    if page.kind == INTRO:
        consent = form.get("consent") == "yes"
        if instrument.consent and not consent:
            return {"consent": False}, {"consent": message(instrument.language, "consent")}
        return {"consent": True}, {}
    if page.kind == DEMOGRAPHICS:
        clean, errors = validate_demographics(instrument, form)
        for question in instrument.demographics:
            # The cookie carries these until the last page; a long text would overflow it.
            if question.type == "text" and len(clean.get(question.code, "")) > SESSION_TEXT_LIMIT:
                del clean[question.code]
                errors[question.code] = message(instrument.language, "long", n=SESSION_TEXT_LIMIT)
        return clean, errors
    if page.kind == DIMENSION:
        return validate_items(instrument, form, list(page.keys), required=True)
    return validate_open_answers(instrument, form)


def remember(state: State, page: Page, clean: dict) -> None:
    """Keep a page's valid answers in the state (open answers are posted with the submit)."""
    if page.kind == INTRO:
        state.consent = clean["consent"]
    elif page.kind == DEMOGRAPHICS:
        state.demographics = clean
    elif page.kind == DIMENSION:
        keys = set(page.keys)
        state.answers = {key: value for key, value in state.answers.items() if key not in keys}
        state.answers.update(clean)


def page_values(page: Page, state: State | None) -> dict[str, str]:
    """What the page shows pre-filled from the state, as form strings."""
    if state is None:
        return {}
    if page.kind == INTRO:
        return {"consent": "yes"} if state.consent else {}
    if page.kind == DEMOGRAPHICS:
        return dict(state.demographics)
    if page.kind == DIMENSION:
        return {key: str(state.answers[key]) for key in page.keys if key in state.answers}
    return {}


def page_errors(instrument: Instrument, page: Page, state: State) -> dict[str, str]:
    """What is still missing or wrong on a page according to the state."""
    if page.kind == OPEN:
        return {}  # posted with the submit, never kept
    return read_page(instrument, page, page_values(page, state))[1]


def first_incomplete(instrument: Instrument, pages: tuple[Page, ...], state: State) -> Page | None:
    return next((page for page in pages if page_errors(instrument, page, state)), None)


def submission(instrument: Instrument, state: State, open_answers: Mapping[str, str]
               ) -> tuple[Submission | None, dict[str, str]]:
    """The whole response from the state plus the last page, through the shared rules."""
    return validate_submission(instrument, state.answers, state.demographics, open_answers,
                               consent=state.consent)
