"""Scores of a stored study: frames from the database, then the pure scoring package.

numpy, pandas and scipy are imported on first use: most commands and requests score nothing.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ..models import Study
from ..studies.service import instrument_of

if TYPE_CHECKING:
    from .frames import StudyFrames


def study_scores(session: Session, study: Study) -> tuple[dict, StudyFrames]:
    """The scores document of a study (docs/scores.md) and the frames it was computed from."""
    from ..scoring import score_study
    from .frames import load_frames

    instrument = instrument_of(study)
    frames = load_frames(session, study, instrument)
    scores = score_study(instrument, frames.answers, frames.demographics, slug=study.slug,
                         importance=frames.importance)
    return scores, frames
