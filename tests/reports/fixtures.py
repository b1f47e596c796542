"""Builders for report tests without a database: real scores and narrative of a small data set,
assembled into the report's plain data exactly as `report_data` does for a stored study."""
from __future__ import annotations

from datetime import date

import pandas as pd

from survey.instruments import Instrument, build_instrument
from survey.reports.data import DEFAULT_SETTINGS, build_report
from survey.scoring import score_study
from tests.conftest import instrument_doc

# KUAL-1 (Q1, Q2 reverse-keyed) is strong; WAKTU-1 (Q3, Q4) is weak.
STRONG_AND_WEAK = [[5, 1, 2, 2], [4, 2, 1, 2], [5, 1, 2, 1], [4, 1, 1, 2]]
TODAY = date(2026, 4, 30)


def make_instrument(**overrides) -> Instrument:
    return build_instrument(instrument_doc(**overrides))


def report_dict(rows: list[list[float]] | None = None, instrument: Instrument | None = None, *,
                settings: dict | None = None, edits: dict | None = None,
                open_answers: list[dict] | None = None, demographics: dict | None = None,
                collected: tuple[date, date] | None = (date(2026, 3, 2), date(2026, 3, 20))) -> dict:
    """The report data of `rows` (one list of raw answers per respondent, instrument order)."""
    instrument = instrument or make_instrument()
    rows = STRONG_AND_WEAK if rows is None else rows
    codes = [item.code for item in instrument.items]
    answers = pd.DataFrame(rows, columns=codes, dtype=float)
    frame = pd.DataFrame(demographics or {}, index=answers.index)
    scores = score_study(instrument, answers, frame, slug="fixture")
    study = {"slug": "fixture", "title": instrument.title, "institution": instrument.institution,
             "simulated": False}
    return build_report(instrument, scores, open_answers or [], {**DEFAULT_SETTINGS, **(settings or {})},
                        edits or {}, study, collected if rows else None, today=TODAY)
