"""Responses and their answers.

Integrity is enforced by the database as well as by the code. A response's Likert answers are
stored as one **answer sheet** per side: a row of characters in statement order (the study's
items by position), one character per statement (`sheet_text`). The sheet refers to its
response together with the response's study, and to the study's answer layout (how many
statements, how many scale points): the database checks that a sheet has exactly one
character per statement and that every answer is a point of the scale, and refuses to change
the layout of a study that has answers. One sheet per response and side is the key.

Why sheets and not one row per answer: a 100,000-respondent study of 45 statements is 100,000
rows instead of 4.5 million, so an import is one COPY of 100,000 rows (PostgreSQL checked the
4.5 million answer rows' foreign keys one by one: 70 s), a submission writes one row, and a
score reads 45 times fewer rows.

A paired study (importance-performance) answers every statement twice; `side` says which:
PERFORMANCE (0) is the only side of an unpaired study and the performance side of a paired one,
so every unpaired reader keeps reading side 0; IMPORTANCE (1) exists only in paired studies.
Every response has a sheet for each side of its study (all answers may be missing).
"""
from __future__ import annotations

from datetime import datetime

from collections.abc import Iterable

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, ForeignKeyConstraint,
                        Index, Integer, SmallInteger, String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

CHANNELS = ("link", "enumerator", "import")
PERFORMANCE, IMPORTANCE = 0, 1  # answer.side
SIDE_NUMBER = {"performance": PERFORMANCE, "importance": IMPORTANCE}

# An answer sheet's characters: value v is chr(SHEET_ZERO + v) ("1".."9", ":" for 10, ";" for
# 11; scales have 2..11 points), a missing answer is SHEET_MISSING (SPSS's system-missing dot).
SHEET_ZERO = ord("0")
SHEET_MISSING = "."
SHEET_ALPHABET = SHEET_MISSING + "".join(chr(SHEET_ZERO + v) for v in range(1, 12))


def sheet_text(values: Iterable[int | None]) -> str:
    """Answers in statement order (None = missing) as an answer sheet stores them."""
    return "".join(SHEET_MISSING if value is None else chr(SHEET_ZERO + value) for value in values)


def sheet_values(text: str) -> list[int | None]:
    """The answers of a stored answer sheet, in statement order (None = missing)."""
    return [None if char == SHEET_MISSING else ord(char) - SHEET_ZERO for char in text]


class Response(Base):
    __tablename__ = "response"
    __table_args__ = (
        CheckConstraint(f"channel IN {CHANNELS}", name="channel"),
        UniqueConstraint("id", "study_id", name="uq_response_id_study"),
        # A respondent id is unique within its study: an import may carry ids another study uses.
        UniqueConstraint("study_id", "uuid", name="uq_response_study_uuid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by the composite keys and indexes that begin with it (study_id, uuid / id / xact_id).
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"))
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
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # PostgreSQL fills it (a server default set by migration 0008, not declared here: SQLite has
    # no transaction ids and leaves it NULL). A stored score tally remembers the snapshot it saw;
    # the responses it did not see are those whose transaction was still running or had not
    # begun then (survey/analysis/service.py), found through ix_response_study_id_xact_id.
    xact_id: Mapped[int | None] = mapped_column(
        BigInteger, comment="PostgreSQL: the inserting transaction (pg_current_xact_id)")

    sheets: Mapped[list[AnswerSheet]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    demographic_answers: Mapped[list[DemographicAnswer]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)
    open_answers: Mapped[list[OpenAnswer]] = relationship(cascade="all, delete-orphan",
                                                          passive_deletes=True)


class AnswerSheet(Base):
    """A response's Likert answers on one side, one character per statement (`sheet_text`)."""
    __tablename__ = "answer_sheet"
    __table_args__ = (
        ForeignKeyConstraint(["response_id", "study_id"], ["response.id", "response.study_id"],
                             ondelete="CASCADE", name="fk_answer_sheet_response"),
        ForeignKeyConstraint(["study_id", "item_count", "points"],
                             ["study.id", "study.item_count", "study.points"],
                             ondelete="CASCADE", name="fk_answer_sheet_layout"),
        CheckConstraint("side IN (0, 1)", name="side"),
        CheckConstraint("length(answers) = item_count", name="one_per_statement"),
        # Every character is "." or a point of the scale: trimming the allowed characters
        # leaves nothing (trim(text, characters) is the same function in PostgreSQL and SQLite).
        CheckConstraint(f"trim(answers, substr('{SHEET_ALPHABET}', 1, points + 1)) = ''", name="in_scale"),
    )

    response_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    side: Mapped[int] = mapped_column(SmallInteger, primary_key=True, default=PERFORMANCE,
                                      comment="0 performance (or the only side), 1 importance")
    study_id: Mapped[int] = mapped_column(Integer, index=True)
    item_count: Mapped[int] = mapped_column(Integer, comment="the study's statements, for the length check")
    points: Mapped[int] = mapped_column(Integer, comment="the study's scale points, for the range check")
    answers: Mapped[str] = mapped_column(
        String, comment="one character per statement in item position order: '1'.. for 1.., '.' missing")


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


Index("ix_response_study_id_xact_id", Response.study_id, Response.xact_id)
