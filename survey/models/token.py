"""Single-use respondent tokens: each accepts exactly one submission."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class RespondentToken(Base):
    __tablename__ = "respondent_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(32), unique=True, comment="secret part of the link")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("response.id", ondelete="SET NULL"), unique=True,
        comment="the one response this token was used for")
