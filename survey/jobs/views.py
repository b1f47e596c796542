"""Job routes: start (small studies go straight to the inline download), progress page, JSON
status, download. Every route checks the role and that the study is the researcher's own."""
from __future__ import annotations

import os

from flask import Response as HttpResponse
from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from ..auth.access import may_read, researcher_study_or_404, role_required
from ..extensions import db
from ..models import Job, Response, Study
from . import bp
from .registry import KINDS
from .runner import create_job, fail_if_lost, housekeeping, start

INLINE_MAX_RESPONSES = 5000  # default of JOBS_INLINE_MAX_RESPONSES: above it, a background job


class StartForm(FlaskForm):
    """CSRF only: starting a job is a POST."""


def inline_limit() -> int:
    value = current_app.config.get("JOBS_INLINE_MAX_RESPONSES") or os.environ.get("JOBS_INLINE_MAX_RESPONSES")
    return int(value) if value not in (None, "") else INLINE_MAX_RESPONSES


def _params(kind: str) -> dict:
    if kind == "export":
        from .kinds import EXPORT_FORMATS
        fmt = request.values.get("fmt", "")
        if fmt not in EXPORT_FORMATS:
            abort(404)
        return {"fmt": fmt}
    return {}


def _job_or_404(job_id: str) -> Job:
    """A job of a study the current researcher owns (admins see all); others get 404."""
    job = db.session.get(Job, job_id)
    if job is None or not may_read(db.session.get(Study, job.study_id)):
        abort(404)
    if fail_if_lost(job):  # its thread died with an app restart: say so rather than spin forever
        db.session.commit()
    return job


@bp.route("/studies/<slug>/jobs/<kind>", methods=("GET", "POST"))
@role_required("researcher", "admin")
def begin(slug: str, kind: str):
    """GET: small studies are served inline; large ones get a page that starts the job (POST)."""
    study = researcher_study_or_404(slug)
    if kind not in KINDS:
        abort(404)
    params = _params(kind)
    form = StartForm()
    if request.method == "GET":
        responses = db.session.scalar(select(func.count()).select_from(Response)
                                      .where(Response.study_id == study.id))
        if responses <= inline_limit() and KINDS[kind].inline_url:
            return redirect(KINDS[kind].inline_url(study.slug, params))
        return render_template("jobs/start.html", study=study, kind=KINDS[kind], params=params, form=form,
                               responses=responses)
    if not form.validate_on_submit():
        abort(400)
    housekeeping()
    job = create_job(kind, study.id, current_user.id, params)
    db.session.commit()
    start(current_app._get_current_object(), job.id)
    return redirect(url_for(".show", job_id=job.id), code=303)


@bp.get("/jobs/<job_id>")
@role_required("researcher", "admin")
def show(job_id: str):
    job = _job_or_404(job_id)
    study = db.session.get(Study, job.study_id)
    return render_template("jobs/show.html", job=job, study=study, kind=KINDS.get(job.kind),
                           status=status_of(job))


@bp.get("/jobs/<job_id>/status")
@role_required("researcher", "admin")
def status(job_id: str):
    response = jsonify(status_of(_job_or_404(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/jobs/<job_id>/download")
@role_required("researcher", "admin")
def download(job_id: str):
    job = _job_or_404(job_id)
    if job.status != "done":
        abort(409)
    data = db.session.scalar(select(Job.result).where(Job.id == job.id))  # deferred on the row
    return HttpResponse(data, mimetype=job.mimetype or "application/octet-stream",
                        headers={"Content-Disposition": f'attachment; filename="{job.filename}"'})


def status_of(job: Job) -> dict:
    """What the progress page polls."""
    return {"id": job.id, "kind": job.kind, "status": job.status, "progress": round(job.progress or 0.0, 3),
            "message": job.message, "filename": job.filename,
            "download_url": url_for(".download", job_id=job.id) if job.status == "done" else None}
