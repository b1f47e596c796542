"""Accounts: admins, researchers (own studies) and enumerators (assigned to studies)."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Column, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

ROLES = ("admin", "researcher", "enumerator")

study_enumerator = Table(
    "study_enumerator", Base.metadata,
    Column("study_id", ForeignKey("study.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, Base):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL
    __table_args__ = (CheckConstraint(f"role IN {ROLES}", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, comment="lower-cased")
    name: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(Text, comment="argon2id")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1",
                                                 comment="raised to end every session of the account")

    assigned_studies = relationship("Study", secondary=study_enumerator, back_populates="enumerators")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def can_collect(self, study) -> bool:
        """Enumerators collect for their assigned studies; researchers for their own; admins for all."""
        if self.role == "admin":
            return True
        if self.role == "researcher":
            return study.owner_id == self.id
        from sqlalchemy import exists, select
        from sqlalchemy.orm import object_session

        session = object_session(self)
        if session is None or "assigned_studies" in self.__dict__:  # detached, or already loaded
            return any(s.id == study.id for s in self.assigned_studies)
        # One EXISTS rather than loading every assigned study (each with its instrument document)
        # on every enumerator request; autoflush makes a pending assignment count.
        return bool(session.scalar(select(exists().where(study_enumerator.c.user_id == self.id,
                                                         study_enumerator.c.study_id == study.id))))

    def collectable_studies(self) -> list:
        from sqlalchemy import select

        from ..extensions import db
        from .study import Study
        query = select(Study).where(Study.status == "open").order_by(Study.created_at.desc())
        if self.role == "researcher":
            query = query.where(Study.owner_id == self.id)
        elif self.role == "enumerator":
            query = query.where(Study.id.in_([s.id for s in self.assigned_studies]))
        return list(db.session.scalars(query))
