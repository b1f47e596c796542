"""Create and look up studies. Services flush; the caller (view or command) commits."""
from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..instruments import Instrument, build_instrument, to_document
from ..models import (DemographicQuestion, Dimension, Indicator, Item, OpenQuestion, Response, Study,
                      StudyStatistics)
from ..models.base import utcnow


def slugify(text: str, max_length: int = 40) -> str:
    """A short, readable, URL-safe slug cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length + 1].rsplit("-", 1)[0]
    return slug[:max_length] or "studi"


def unique_slug(session: Session, base: str) -> str:
    base = slugify(base)
    taken = set(session.scalars(select(Study.slug).where(Study.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def create_study(session: Session, instrument: Instrument, *, status: str = "open",
                 slug: str | None = None, simulated: bool = False) -> Study:
    """Store a study with its instrument and materialise the rows answers refer to."""
    study = Study(
        slug=unique_slug(session, slug or f"{instrument.title} {instrument.institution}"),
        title=instrument.title, institution=instrument.institution,
        language=instrument.language, method=instrument.method, status=status,
        instrument=to_document(instrument), simulated=simulated,
        published_at=utcnow() if status == "open" else None)
    session.add(study)
    _materialise(study, instrument)
    session.flush()
    return study


def _materialise(study: Study, instrument: Instrument) -> None:
    """The rows answers refer to (dimensions, indicators, items, questions) and the study's answer
    layout (an answer sheet has one character per statement, each a point of the scale)."""
    study.item_count, study.points = len(instrument.items), instrument.scale.points
    position = 0
    for d, dim in enumerate(instrument.dimensions):
        dimension = Dimension(code=dim.code, name=dim.name, position=d)
        study.dimensions.append(dimension)
        for i, ind in enumerate(dim.indicators):
            indicator = Indicator(code=ind.code, name=ind.name, position=i)
            dimension.indicators.append(indicator)
            for item in ind.items:
                row = Item(code=item.code, text=item.text, reverse=item.reverse,
                           points=instrument.scale.points, position=position)
                indicator.items.append(row)
                study.items.append(row)
                position += 1
    study.demographic_questions.extend(
        DemographicQuestion(code=q.code, label=q.label, type=q.type, required=q.required, position=p)
        for p, q in enumerate(instrument.demographics))
    study.open_questions.extend(
        OpenQuestion(code=q.code, label=q.label, dimension_code=q.dimension, position=p)
        for p, q in enumerate(instrument.open_questions))


class InstrumentFrozen(Exception):
    """The instrument cannot change: responses already exist."""


def has_responses(session: Session, study: Study) -> bool:
    return session.scalar(select(func.count()).select_from(Response).where(Response.study_id == study.id)) > 0


def drop_statistics(session: Session, study: Study) -> None:
    """Forget a study's stored score tally (survey/analysis/service.py): call it in the
    transaction that deletes or changes responses or the instrument; the next score rebuilds it
    from every answer. (Reads also rebuild on their own when the responses no longer add up.)"""
    session.execute(delete(StudyStatistics).where(StudyStatistics.study_id == study.id))


def replace_instrument(session: Session, study: Study, instrument: Instrument) -> None:
    """Swap a study's instrument while no response exists (statements and scale are then free)."""
    if has_responses(session, study):
        raise InstrumentFrozen(study.slug)
    study.items.clear()
    session.flush()  # items first: they also hang from indicators
    study.dimensions.clear()
    study.demographic_questions.clear()
    study.open_questions.clear()
    session.flush()  # delete the old rows before their codes are used again
    study.instrument = to_document(instrument)
    drop_statistics(session, study)
    study.title, study.institution = instrument.title, instrument.institution
    study.language, study.method = instrument.language, instrument.method
    _materialise(study, instrument)
    session.flush()


# Parsed instruments by (study id, digest of the stored document). Validating a document
# against the JSON Schema took about half of an API submission; a study's instrument changes
# only through the editor before publishing, and any change gives a new digest, so an entry is
# never stale. Instruments are frozen dataclasses, safe to share between requests and threads.
_INSTRUMENTS: OrderedDict[tuple[int, str], Instrument] = OrderedDict()
_INSTRUMENTS_KEPT = 256  # studies; a parsed 45-statement instrument is ~100 KB
_instruments_lock = threading.Lock()


def instrument_of(study: Study) -> Instrument:
    """The study's instrument as plain objects, parsed and validated once per version."""
    key = (study.id, study.instrument_digest)  # the document itself is loaded only on a miss
    with _instruments_lock:
        instrument = _INSTRUMENTS.get(key)
        if instrument is not None:
            _INSTRUMENTS.move_to_end(key)
            return instrument
    instrument = build_instrument(study.instrument)  # outside the lock: it takes milliseconds
    with _instruments_lock:
        _INSTRUMENTS[key] = instrument
        while len(_INSTRUMENTS) > _INSTRUMENTS_KEPT:
            _INSTRUMENTS.popitem(last=False)
    return instrument


def get_study(session: Session, slug: str) -> Study | None:
    return session.scalar(select(Study).where(Study.slug == slug))


def response_counts(session: Session) -> dict[int, tuple[int, object]]:
    """Responses and the last submission time, per study id."""
    rows = session.execute(select(Response.study_id, func.count(), func.max(Response.submitted_at))
                           .group_by(Response.study_id))
    return {study_id: (count, last) for study_id, count, last in rows}
