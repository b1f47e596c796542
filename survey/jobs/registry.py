"""The kinds of background job: a name -> a callable(study_id, **params) -> (filename, bytes or path).

A kind runs inside an app context with a database session (survey.extensions.db); it may call
`report_progress(fraction)` as it goes. The PDF, the exports and (at merge) the Word report
register here; nothing else in survey/jobs knows what a kind does.
"""
from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

Result = tuple[str, "bytes | Path"]


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Callable[..., Result]
    title: tuple[str, str]  # Indonesian, English: what the progress page says is being made
    mimetype: str
    inline_url: Callable[[str, dict], str] | None = None  # endpoint for small studies (no job)


KINDS: dict[str, JobKind] = {}
_progress: ContextVar[Callable[[float], None] | None] = ContextVar("job_progress", default=None)


def register(name: str, *, title: tuple[str, str], mimetype: str,
             inline_url: Callable[[str, dict], str] | None = None):
    """Decorator: make `run(study_id, **params)` available as job kind `name`."""
    def decorator(run: Callable[..., Result]) -> Callable[..., Result]:
        KINDS[name] = JobKind(name, run, title, mimetype, inline_url)
        return run
    return decorator


def report_progress(fraction: float) -> None:
    """Tell the running job's page how far it is (0..1); a no-op outside a job."""
    callback = _progress.get()
    if callback is not None:
        callback(max(0.0, min(1.0, float(fraction))))
