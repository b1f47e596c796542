"""Running jobs: on RQ with Redis when REDIS_URL is set (an `rq worker` process), else in a
thread of the app (the embedded default). Either way the job's row is the truth: status,
progress, message and the finished file."""
from __future__ import annotations

import os
import secrets
import socket
import threading
import time
import traceback
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app, has_app_context

from ..extensions import db
from ..models import Job
from ..models.base import utcnow
from .registry import KINDS, _progress

QUEUE = "survey"
JOB_TIMEOUT = 3600  # seconds an RQ worker gives one job
KEEP_FINISHED = timedelta(days=7)  # finished jobs (and their files) are deleted after this
LOST_MESSAGE = "Dihentikan karena aplikasi dimulai ulang; silakan ulangi."
HOUSEKEEPING_EVERY = 300  # seconds between two clean-ups in one process


def redis_url(app: Flask) -> str | None:
    return app.config.get("REDIS_URL") or os.environ.get("REDIS_URL") or None


def create_job(kind: str, study_id: int, user_id: int | None, params: dict) -> Job:
    """A queued job row (flushed; the caller commits, then calls `start`)."""
    if kind not in KINDS:
        raise KeyError(kind)
    runner = "rq" if redis_url(current_app) else f"thread:{this_process()}"
    job = Job(id=secrets.token_hex(16), kind=kind, study_id=study_id, user_id=user_id, params=params,
              status="queued", progress=0.0, runner=runner)
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


# --- lost and old jobs --------------------------------------------------------------------------
# A thread-mode job lives in the app process that started it: when that process ends (restart,
# deploy, crash) the job can never finish. Its row names the process (host, pid and the pid's
# start time, so a reused pid does not pass for it); a queued or running job whose process is
# gone is marked failed with LOST_MESSAGE. RQ jobs survive app restarts and are left alone.

def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def this_process() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or 0}"


def runner_alive(runner: str | None) -> bool:
    """False only when the job ran in a thread of a process of this host that is gone."""
    if not runner or not runner.startswith("thread:"):
        return True  # RQ, or a row from before runners were recorded: nothing to judge by
    try:
        host, pid, started = runner[len("thread:"):].rsplit(":", 2)
        pid_number = int(pid)
    except ValueError:
        return True
    if host != socket.gethostname():
        return True  # another machine's process: it cannot be checked from here
    return _start_time(pid_number) == started


def fail_if_lost(job: Job) -> bool:
    """Mark this job failed if its thread's process is gone (flushes; caller commits)."""
    if job.status in ("queued", "running") and not runner_alive(job.runner):
        job.status, job.message, job.finished_at = "failed", LOST_MESSAGE, utcnow()
        db.session.flush()
        return True
    return False


def fail_lost_jobs() -> int:
    """Every queued or running thread-mode job whose process is gone, marked failed."""
    from sqlalchemy import select
    jobs = db.session.scalars(select(Job).where(Job.status.in_(("queued", "running")),
                                                Job.runner.like("thread:%")))
    return sum(fail_if_lost(job) for job in jobs)


def purge_finished(older_than: timedelta = KEEP_FINISHED) -> int:
    """Delete finished jobs (done or failed, with their stored files) older than `older_than`."""
    from sqlalchemy import delete
    result = db.session.execute(delete(Job).where(Job.status.in_(("done", "failed")),
                                                  Job.finished_at < utcnow() - older_than))
    return result.rowcount or 0


_last_housekeeping = [0.0]


def housekeeping(force: bool = False) -> None:
    """Lost jobs failed and old ones deleted, at most every HOUSEKEEPING_EVERY seconds per
    process (called from the job routes; commits)."""
    now = time.monotonic()
    if not force and now - _last_housekeeping[0] < HOUSEKEEPING_EVERY:
        return
    _last_housekeeping[0] = now
    lost, purged = fail_lost_jobs(), purge_finished()
    db.session.commit()
    if lost or purged:
        current_app.logger.info("jobs: %d lost with their process marked failed, %d finished jobs deleted",
                                lost, purged)
