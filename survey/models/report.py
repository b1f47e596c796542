"""The researcher's report settings and edits to the drafted Kesimpulan and Saran."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ReportSettings(Base):
    __tablename__ = "report_settings"

    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), primary_key=True)
    chapter: Mapped[str] = mapped_column(String(8), default="VI", comment="Roman numeral of the closing chapter")
    heading_style: Mapped[str] = mapped_column(String(10), default="numbered", comment="numbered (6.1.1) or lettered (a.)")
    period: Mapped[str] = mapped_column(Text, default="", comment="period of data collection, as printed")
    researcher: Mapped[str] = mapped_column(Text, default="")
    affiliation: Mapped[str] = mapped_column(Text, default="")
    target_category: Mapped[str | None] = mapped_column(Text)
    margin_left_cm: Mapped[float] = mapped_column(Float, default=4.0)
    margin_top_cm: Mapped[float] = mapped_column(Float, default=4.0)
    margin_right_cm: Mapped[float] = mapped_column(Float, default=3.0)
    margin_bottom_cm: Mapped[float] = mapped_column(Float, default=3.0)
    results_chapter: Mapped[str | None] = mapped_column(String(8), comment="Roman numeral of the results chapter (default IV)")
    results_title: Mapped[str | None] = mapped_column(Text, comment="title of the results chapter, as printed")


class FindingEdit(Base):
    """A paragraph or recommendation the researcher rewrote, removed, reordered or added.

    Keyed by the narrative's stable id; `fingerprint` is that of the numbers when it was edited,
    so a later change of the numbers flags the edit for review.
    """
    __tablename__ = "finding_edit"

    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), primary_key=True)
    finding_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    text: Mapped[str | None] = mapped_column(Text, comment="None: the draft's text is kept")
    addressee: Mapped[str | None] = mapped_column(Text, comment="for the researcher's own recommendations")
    fingerprint: Mapped[str | None] = mapped_column(String(16))
    position: Mapped[int | None] = mapped_column(Integer, comment="order among the Saran")
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    added: Mapped[bool] = mapped_column(Boolean, default=False, comment="the researcher's own recommendation")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
