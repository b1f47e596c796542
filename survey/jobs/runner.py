"""Running jobs: on RQ with Redis when REDIS_URL is set (an `rq worker` process), else in a
thread of the app (the embedded default). Either way the job's row is the truth: status,
progress, message and the finished file."""
from __future__ import annotations

import os
import secrets
import threading
import traceback
from pathlib import Path

from flask import Flask, current_app, has_app_context

from ..extensions import db
from ..models import Job
from ..models.base import utcnow
from .registry import KINDS, _progress

QUEUE = "survey"
JOB_TIMEOUT = 3600  # seconds an RQ worker gives one job


def redis_url(app: Flask) -> str | None:
    return app.config.get("REDIS_URL") or os.environ.get("REDIS_URL") or None


def create_job(kind: str, study_id: int, user_id: int | None, params: dict) -> Job:
    """A queued job row (flushed; the caller commits, then calls `start`)."""
    if kind not in KINDS:
        raise KeyError(kind)
    job = Job(id=secrets.token_hex(16), kind=kind, study_id=study_id, user_id=user_id, params=params,
              status="queued", progress=0.0)
    db.session.add(job)
    db.session.flush()
    return job


def start(app: Flask, job_id: str) -> None:
    """Hand a committed job to RQ, or to a thread of this app."""
    url = redis_url(app)
    if url:
        from redis import Redis
        from rq import Queue
        Queue(QUEUE, connection=Redis.from_url(url)).enqueue(
            "survey.jobs.runner.run_job", job_id, job_id=f"survey-{job_id}", job_timeout=JOB_TIMEOUT)
        return
    thread = threading.Thread(target=_run_in_app, args=(app, job_id), name=f"job-{job_id[:8]}", daemon=True)
    thread.start()


def run_job(job_id: str) -> None:
    """Entry point of the RQ worker (and of the thread): run one job in an app context."""
    if has_app_context():
        execute(job_id)
        return
    _run_in_app(_worker_app(), job_id)


_app_for_worker: Flask | None = None


def _worker_app() -> Flask:
    """The app an `rq worker` process runs jobs in, built once from the environment."""
    global _app_for_worker
    if _app_for_worker is None:
        from .. import create_app
        # Jobs are the long work taken off web requests: no web statement timeout here.
        _app_for_worker = create_app({"DB_STATEMENT_TIMEOUT_MS": 0})
    return _app_for_worker


def _run_in_app(app: Flask, job_id: str) -> None:
    with app.app_context():
        try:
            execute(job_id)
        finally:
            db.session.remove()


def execute(job_id: str) -> None:
    """Run a job to the end, keeping its row up to date; failures are recorded, not raised."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != "queued":
        return  # unknown, or another worker took it
    job.status, job.started_at, job.progress = "running", utcnow(), 0.0
    db.session.commit()
    kind = KINDS[job.kind]
    token = _progress.set(lambda fraction: _save_progress(job_id, fraction))
    try:
        filename, result = kind.run(job.study_id, **(job.params or {}))
        data = Path(result).read_bytes() if isinstance(result, (str, Path)) else bytes(result)
    except Exception as exc:  # the job page says it failed; the log has the traceback
        db.session.rollback()
        current_app.logger.error("job %s (%s) failed:\n%s", job_id, job.kind, traceback.format_exc())
        job = db.session.get(Job, job_id)
        job.status, job.message, job.finished_at = "failed", str(exc)[:500] or type(exc).__name__, utcnow()
        db.session.commit()
        return
    finally:
        _progress.reset(token)
    db.session.rollback()  # end the kind's read transaction before writing the result
    from .kinds import mimetype_of
    job = db.session.get(Job, job_id)
    job.status, job.progress, job.finished_at = "done", 1.0, utcnow()
    job.filename, job.mimetype, job.result = filename, mimetype_of(job.kind, job.params or {}), data
    db.session.commit()


def _save_progress(job_id: str, fraction: float) -> None:
    """Progress on a connection of its own: the job's session may be mid-transaction."""
    with db.engine.begin() as connection:
        connection.execute(Job.__table__.update().where(Job.__table__.c.id == job_id)
                           .values(progress=fraction))
