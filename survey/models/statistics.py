"""A study's stored sufficient statistics (survey/scoring/statistics.py): the tally of its
responses up to some response id, so a score folds in only the responses after it
(survey/analysis/service.py). A cache: deleting the row is always safe (the next score rebuilds it)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .response import Response


class StudyStatistics(Base):
    __tablename__ = "study_statistics"

    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[str] = mapped_column(
        String(120), comment="tally format and instrument digest: another version is never folded")
    n_responses: Mapped[int] = mapped_column(Integer, comment="responses the tally holds")
    max_response_id: Mapped[int] = mapped_column(Integer, comment="the highest response id in the tally")
    id_sum: Mapped[int] = mapped_column(BigInteger, comment="sum of the tallied response ids (a check)")
    data: Mapped[bytes] = mapped_column(LargeBinary, comment="the tally (.npz of integer arrays)")
    first_submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# The check every incremental score makes (count and sum of a study's response ids in the
# snapshot) reads only this index (an index-only scan on PostgreSQL), never the response rows.
Index("ix_response_study_id_id", Response.study_id, Response.id)
