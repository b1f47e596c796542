"""A study and its instrument.

The instrument document (canonical `survey-instrument/1` JSON) is the source of truth for the
questionnaire; the Dimension/Indicator/Item/... rows, and the study's answer layout (how many
statements, how many scale points), are materialised from it when the study is created, so
answer sheets are checked by the database (survey/models/response.py) and questions can be
referred to with real foreign keys.

The document is loaded only when asked for (a submission never needs it): its digest, kept beside
it, names the parsed instrument cached per process (survey/studies/service.py instrument_of).
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, false,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .base import Base, utcnow

STUDY_STATUSES = ("draft", "open", "closed")
STUDY_ACCESS = ("public", "tokens")  # who may answer while open: anyone with the link, or token holders


class Study(Base):
    __tablename__ = "study"
    __table_args__ = (CheckConstraint(f"status IN {STUDY_STATUSES}", name="status"),
                      CheckConstraint(f"access IN {STUDY_ACCESS}", name="access"),
                      # What answer sheets refer to, so a study with answers cannot change its layout
                      # (a unique index, not a constraint: SQLite adds it without rebuilding the table).
                      Index("uq_study_answer_layout", "id", "item_count", "points", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(Text)
    institution: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    method: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="open")
    access: Mapped[str] = mapped_column(String(10), default="public", server_default="public")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                 index=True)
    instrument: Mapped[dict] = mapped_column(JSON, deferred=True, comment="canonical survey-instrument/1 document")
    instrument_digest: Mapped[str] = mapped_column(
        String(32), comment="digest of the instrument document: any edit changes it (set with the document)")
    item_count: Mapped[int] = mapped_column(Integer, comment="statements: the length of every answer sheet")
    points: Mapped[int] = mapped_column(Integer, comment="scale points: answers are 1..points")
    answers_revision: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0",
        comment="raised by the database whenever a stored response or answer is changed or deleted")
    population: Mapped[int | None] = mapped_column(Integer, comment="population size N, for the sample-size target")
    submissions_per_hour: Mapped[int | None] = mapped_column(
        Integer, comment="public-link submissions accepted per address per hour (NULL: the app default)")
    simulated: Mapped[bool] = mapped_column(Boolean, default=False,
                                            comment="demo study whose responses are simulated")
    listed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(),
                                         comment="shown on the public home page while open (opt-in)")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    enumerators = relationship("User", secondary="study_enumerator", back_populates="assigned_studies")
    dimensions: Mapped[list[Dimension]] = relationship(
        back_populates="study", order_by="Dimension.position", cascade="all, delete-orphan")
    items: Mapped[list[Item]] = relationship(
        back_populates="study", order_by="Item.position", cascade="all, delete-orphan")
    demographic_questions: Mapped[list[DemographicQuestion]] = relationship(
        order_by="DemographicQuestion.position", cascade="all, delete-orphan")
    open_questions: Mapped[list[OpenQuestion]] = relationship(
        order_by="OpenQuestion.position", cascade="all, delete-orphan")

    @validates("instrument")
    def _set_digest(self, _key, document: dict) -> dict:
        self.instrument_digest = document_digest(document)
        return document

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def document_digest(document: dict) -> str:
    """A short digest of an instrument document: its version."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()


class Dimension(Base):
    __tablename__ = "dimension"
    __table_args__ = (UniqueConstraint("study_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    study: Mapped[Study] = relationship(back_populates="dimensions")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="dimension", order_by="Indicator.position", cascade="all, delete-orphan")


class Indicator(Base):
    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("dimension_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("dimension.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    dimension: Mapped[Dimension] = relationship(back_populates="indicators")
    items: Mapped[list[Item]] = relationship(back_populates="indicator", order_by="Item.position")


class Item(Base):
    """A Likert statement. (id, study_id, points) is unique so answers can reference all three."""
    __tablename__ = "item"
    __table_args__ = (
        UniqueConstraint("study_id", "code"),
        UniqueConstraint("id", "study_id", "points", name="uq_item_id_study_points"),
        CheckConstraint("points BETWEEN 2 AND 11", name="points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    reverse: Mapped[bool] = mapped_column(Boolean, default=False, comment="negatively keyed")
    points: Mapped[int] = mapped_column(Integer, comment="scale points; answers are 1..points")
    position: Mapped[int] = mapped_column(Integer)

    study: Mapped[Study] = relationship(back_populates="items")
    indicator: Mapped[Indicator] = relationship(back_populates="items")


class DemographicQuestion(Base):
    __tablename__ = "demographic_question"
    __table_args__ = (UniqueConstraint("study_id", "code"),
                      CheckConstraint("type IN ('choice', 'integer', 'text')", name="type"))

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(10))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer)


class OpenQuestion(Base):
    __tablename__ = "open_question"
    __table_args__ = (UniqueConstraint("study_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(Text)
    dimension_code: Mapped[str | None] = mapped_column(String(64), comment="dimension it speaks to")
    position: Mapped[int] = mapped_column(Integer)
