"""Background jobs (the PDF report, large exports): their state lives in the database so any
app server can answer a status request, whichever process runs the job (survey/jobs)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, Float, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from .base import Base, utcnow

JOB_STATUSES = ("queued", "running", "done", "failed")


class Job(Base):
    __tablename__ = "job"
    __table_args__ = (CheckConstraint(f"status IN {JOB_STATUSES}", name="status"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, comment="random hex: not guessable")
    kind: Mapped[str] = mapped_column(String(40), comment="registry name, e.g. report_pdf, export")
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                comment="who asked for it")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0, comment="0..1")
    message: Mapped[str | None] = mapped_column(Text, comment="why it failed")
    filename: Mapped[str | None] = mapped_column(Text, comment="download name of the result")
    mimetype: Mapped[str | None] = mapped_column(String(120))
    result: Mapped[bytes | None] = deferred(mapped_column(
        LargeBinary, comment="the finished file, in the database so every app server can serve it"))
    runner: Mapped[str | None] = mapped_column(
        String(120), comment='"rq", or "thread:<host>:<pid>:<process start>" of the app process')
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
