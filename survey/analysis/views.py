"""The researcher's results page for a study."""
from __future__ import annotations

from flask import current_app, render_template

from ..auth.access import researcher_study_or_404, role_required
from ..extensions import db
from ..studies.service import instrument_of
from . import bp
from .charts import dimension_means_chart, likert_chart
from .service import study_scores


@bp.get("/studies/<slug>/results")
@role_required("researcher", "admin")
def results(slug: str):
    study = researcher_study_or_404(slug)
    instrument = instrument_of(study)
    try:
        scores, frames = study_scores(db.session, study)
    except ValueError as exc:
        return render_template("analysis/results.html", study=study, instrument=instrument,
                               scores=None, problem=str(exc)), 200
    charts = {dimension["code"]: likert_chart(dimension, scores) for dimension in scores["dimensions"]}
    period = None
    if len(frames.responses):
        submitted = frames.responses["submitted_at"]
        period = (submitted.min(), submitted.max())
    open_answers = {}
    for row in frames.open_answers:
        open_answers.setdefault(row["code"], []).append(row["text"])
    return render_template("analysis/results.html", study=study, instrument=instrument, scores=scores,
                           charts=charts, means_chart=dimension_means_chart(scores), period=period,
                           open_answers=open_answers, problem=None,
                           has_report="reports" in current_app.blueprints)
