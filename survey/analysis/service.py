"""Scores of a stored study: frames from the database, then the pure scoring package."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Study
from ..scoring import score_study
from ..studies.service import instrument_of
from .frames import StudyFrames, load_frames


def study_scores(session: Session, study: Study) -> tuple[dict, StudyFrames]:
    """The scores document of a study (docs/scores.md) and the frames it was computed from."""
    instrument = instrument_of(study)
    frames = load_frames(session, study, instrument)
    scores = score_study(instrument, frames.answers, frames.demographics, slug=study.slug)
    return scores, frames
