"""What a respondent's pages need of a study, kept per process for a few seconds.

A questionnaire of eight pages is sixteen requests (each page shown, then posted), and every one
of them used to open a database transaction just to read the study's row again: that was two
thirds of the CPU a completion cost. The answers themselves travel in the signed session cookie
until the last page (survey/collect/flow.py), so with the study kept here for a few seconds
(PUBLIC_STUDY_SECONDS, a setting) a page touches no database at all. The last page reads the
study again inside the transaction that stores the response (views._post), so a study closed a
moment ago refuses the submission at once; its pages may show for those few seconds more. A
researcher's change in this process (publish, close, access, instrument) drops the entry at once.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..instruments import Instrument
from ..models import Study
from ..studies.service import instrument_of

_KEPT = 1024  # slugs (unknown ones too, so guessing slugs cannot grow the cache without bound)
_cache: OrderedDict[tuple[str, str], tuple[float, PublicStudy | None]] = OrderedDict()  # (database, slug)
_lock = threading.Lock()


@dataclass(frozen=True)
class PublicStudy:
    """The study's fields a respondent's page and its checks read, and its parsed instrument
    (`questionnaire`: not `Study.instrument`, which is the stored document)."""
    id: int
    slug: str
    title: str
    institution: str
    language: str
    status: str
    access: str
    submissions_per_hour: int | None
    questionnaire: Instrument


def public_study(session: Session, slug: str, seconds: float) -> PublicStudy | None:
    """The study of a respondent link as seen at most `seconds` ago (None: no such study)."""
    now, key = time.monotonic(), (str(session.get_bind().url), slug)
    with _lock:
        kept = _cache.get(key)
    if kept is not None and now - kept[0] < seconds:
        return kept[1]
    study = session.scalar(select(Study).where(Study.slug == slug))
    found = None if study is None else PublicStudy(
        study.id, study.slug, study.title, study.institution, study.language, study.status, study.access,
        study.submissions_per_hour, instrument_of(study))
    with _lock:
        _cache[key] = (now, found)
        _cache.move_to_end(key)
        while len(_cache) > _KEPT:
            _cache.popitem(last=False)
    return found


def forget(slug: str | None = None) -> None:
    """Drop a study (or, without a slug, every study) from this process's cache: its researcher
    changed it here."""
    with _lock:
        for key in [key for key in _cache if slug is None or key[1] == slug]:
            del _cache[key]
