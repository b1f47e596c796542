"""A study's stored sufficient statistics (survey/scoring/statistics.py): the tally of the
responses one read saw, and which responses those were, so a later score folds in only the
responses committed since (survey/analysis/service.py). A cache: deleting the row is always
safe (the next score rebuilds it). The database raises `study.answers_revision` whenever a stored
response or answer is changed or deleted (triggers of migration 0008); a tally of an earlier
revision is never folded."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .response import Response


class StudyStatistics(Base):
    __tablename__ = "study_statistics"

    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[str] = mapped_column(
        String(120), comment="tally format and instrument digest: another version is never folded")
    n_responses: Mapped[int] = mapped_column(Integer, comment="responses the tally holds")
    max_response_id: Mapped[int] = mapped_column(
        Integer, comment="the highest response id in the tally (SQLite: every later response has a higher id)")
    answers_revision: Mapped[int] = mapped_column(
        Integer, comment="study.answers_revision when it was read: another revision is never folded")
    pg_snapshot: Mapped[str | None] = mapped_column(
        Text, comment="PostgreSQL: pg_current_snapshot() of the read the tally was made in")
    data: Mapped[bytes] = mapped_column(LargeBinary, comment="the tally (.npz of integer arrays)")
    open_answers: Mapped[dict] = mapped_column(
        JSON, comment='per open question code [answers, groups]; the groups are in open_answer_group')
    first_submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OpenAnswerGroup(Base):
    """A group of a study's open answers (survey/scoring/open_answers.py Group), as of the study's
    stored tally: written with it, in the same transaction, and folded the same way."""
    __tablename__ = "open_answer_group"

    question_id: Mapped[int] = mapped_column(ForeignKey("open_question.id", ondelete="CASCADE"), primary_key=True)
    key_digest: Mapped[str] = mapped_column(String(24), primary_key=True, comment="digest of the normalised answer")
    answers: Mapped[int] = mapped_column(Integer)
    first_response_id: Mapped[int] = mapped_column(Integer, comment="the response that gave the first answer")
    rank: Mapped[int] = mapped_column(
        BigInteger, comment="first_response_id - answers * 2^32: ascending is most answers, then earliest")
    spellings: Mapped[dict] = mapped_column(JSON, comment="spelling digest -> [answers, first response id]")


# The first groups of a question, most answers first, by index.
Index("ix_open_answer_group_rank", OpenAnswerGroup.question_id, OpenAnswerGroup.rank)

# The responses after a tally on SQLite (a higher id), and every study's count, by index.
Index("ix_response_study_id_id", Response.study_id, Response.id)
