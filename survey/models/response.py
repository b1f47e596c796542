"""Responses and their answers.

Integrity is enforced by the database as well as by the code: an answer references its item
together with the item's study and scale size, so the answer's value is checked against the
scale and cannot belong to another study's item; one answer per item, side and response is
the key.

A paired study (importance-performance) answers every statement twice; `side` says which:
PERFORMANCE (0) is the only side of an unpaired study and the performance side of a paired one,
so every unpaired reader keeps reading side 0; IMPORTANCE (1) exists only in paired studies.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (Boolean, CheckConstraint, DateTime, ForeignKey, ForeignKeyConstraint,
                        Integer, SmallInteger, String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

CHANNELS = ("link", "enumerator", "import")
PERFORMANCE, IMPORTANCE = 0, 1  # answer.side
SIDE_NUMBER = {"performance": PERFORMANCE, "importance": IMPORTANCE}


class Response(Base):
    __tablename__ = "response"
    __table_args__ = (
        CheckConstraint(f"channel IN {CHANNELS}", name="channel"),
        UniqueConstraint("id", "study_id", name="uq_response_id_study"),
        # A respondent id is unique within its study: an import may carry ids another study uses.
        UniqueConstraint("study_id", "uuid", name="uq_response_study_uuid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    uuid: Mapped[str] = mapped_column(
        String(36), comment="client-generated id: a resend to the same study is recognised, not duplicated")
    channel: Mapped[str] = mapped_column(String(12))
    consent: Mapped[bool] = mapped_column(Boolean, default=True)
    simulated: Mapped[bool] = mapped_column(Boolean, default=False)
    content_hash: Mapped[str | None] = mapped_column(String(64), comment="sha256 of the answers")
    enumerator_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True, comment="who recorded it")
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="end of the interview on the device (before any sync)")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    demographic_answers: Mapped[list[DemographicAnswer]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)
    open_answers: Mapped[list[OpenAnswer]] = relationship(cascade="all, delete-orphan",
                                                          passive_deletes=True)


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (
        ForeignKeyConstraint(["response_id", "study_id"], ["response.id", "response.study_id"],
                             ondelete="CASCADE", name="fk_answer_response"),
        ForeignKeyConstraint(["item_id", "study_id", "points"],
                             ["item.id", "item.study_id", "item.points"],
                             ondelete="CASCADE", name="fk_answer_item"),
        CheckConstraint("value >= 1 AND value <= points", name="value_in_scale"),
        CheckConstraint("side IN (0, 1)", name="side"),
    )

    response_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    side: Mapped[int] = mapped_column(SmallInteger, primary_key=True, default=PERFORMANCE,
                                      server_default="0",
                                      comment="0 performance (or the only side), 1 importance")
    study_id: Mapped[int] = mapped_column(Integer, index=True)
    points: Mapped[int] = mapped_column(SmallInteger, comment="the item's scale size, for the range check")
    value: Mapped[int] = mapped_column(SmallInteger, comment="as the respondent gave it (not reversed)")


class DemographicAnswer(Base):
    __tablename__ = "demographic_answer"

    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"),
                                             primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("demographic_question.id", ondelete="CASCADE"),
                                             primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OpenAnswer(Base):
    __tablename__ = "open_answer"

    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"),
                                             primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("open_question.id", ondelete="CASCADE"),
                                             primary_key=True)
    text: Mapped[str] = mapped_column(Text)
