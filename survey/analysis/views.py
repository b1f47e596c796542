"""The researcher's results page for a study."""
from __future__ import annotations

from flask import current_app, render_template

from ..auth.access import researcher_study_or_404, role_required
from ..extensions import db
from ..studies.service import instrument_of
from . import bp
from .charts import dimension_means_chart, likert_chart
from .ipa_chart import ipa_chart
from .service import study_results

# Open answers on the page: each question's most frequent groups only (service.OPEN_GROUPS_SHOWN,
# kept with the study's tally), the rest paged and in the CSV export, so neither the page's weight
# nor its cost grows with the number of respondents (<= 200 KB, tests/analysis).


@bp.get("/studies/<slug>/results")
@role_required("researcher", "admin")
def results(slug: str):
    study = researcher_study_or_404(slug)
    instrument = instrument_of(study)
    try:
        scores, collected = study_results(db.session, study)
    except ValueError as exc:
        return render_template("analysis/results.html", study=study, instrument=instrument,
                               scores=None, problem=str(exc)), 200
    charts = {dimension["code"]: likert_chart(dimension, scores) for dimension in scores["dimensions"]}
    period = collected.period
    open_answers = {code: grouped for code, grouped in collected.open_groups.items() if grouped["n_answers"]}
    ipa = scores.get("ipa")  # paired studies only: importance vs performance of every statement
    ipa_view = ipa_sections(ipa) if ipa else None
    ipa_svg = ipa_chart(ipa, scores["scale"], study.language) if ipa else ""
    return render_template("analysis/results.html", study=study, instrument=instrument, scores=scores,
                           charts=charts, means_chart=dimension_means_chart(scores), period=period,
                           open_answers=open_answers, problem=None, ipa=ipa, ipa_view=ipa_view, ipa_svg=ipa_svg,
                           has_report="reports" in current_app.blueprints)


def ipa_sections(ipa: dict) -> dict:
    """The IPA block arranged for the page: statements under their dimension, the quadrant list."""
    items = {}
    for row in ipa["items"]:
        items.setdefault(row["dimension"], []).append(row)
    dimensions = [{**dimension, "items": items.get(dimension["code"], [])} for dimension in ipa["dimensions"]]
    texts = {row["code"]: row["text"] for row in ipa["items"]}
    quadrants = [{"key": key, "label": ipa["quadrant_labels"][key],
                  "items": [{"code": code, "text": texts[code]} for code in ipa["quadrants"][key]]}
                 for key in ("1", "2", "3", "4")]
    unpaired = [row["code"] for row in ipa["items"] if row["quadrant"] is None]
    return {"dimensions": dimensions, "quadrants": quadrants, "unpaired": unpaired}
