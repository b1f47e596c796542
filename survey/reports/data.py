"""Everything the report shows, as plain data (never ORM objects): study, scores, findings with
the researcher's edits, charts, open answers."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..analysis.charts import dimension_means_chart, likert_chart
from ..analysis.service import study_scores
from ..models import FindingEdit, ReportSettings, Study
from ..narrative import draft_findings
from ..studies.service import instrument_of
from .edits import apply_edits, saran_groups

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
METHOD_NAMES = {
    "id": {"mean_interval": "rata-rata dengan interval kelas", "ideal_percent": "persentase skor ideal",
           "ikm_2017": "Indeks Kepuasan Masyarakat (Permen PANRB 14/2017)",
           "ikm_2004": "Indeks Kepuasan Masyarakat (KepMenPAN 25/2004)"},
    "en": {"mean_interval": "mean with class intervals", "ideal_percent": "percentage of the ideal score",
           "ikm_2017": "Community Satisfaction Index (Permen PANRB 14/2017)",
           "ikm_2004": "Community Satisfaction Index (KepMenPAN 25/2004)"},
}


def settings_of(session: Session, study: Study) -> dict:
    row = session.get(ReportSettings, study.id)
    defaults = {"chapter": "VI", "heading_style": "numbered", "period": "", "researcher": "", "affiliation": "",
                "target_category": None, "margin_left_cm": 4.0, "margin_top_cm": 4.0,
                "margin_right_cm": 3.0, "margin_bottom_cm": 3.0}
    if row is None:
        return defaults
    return {key: getattr(row, key) if getattr(row, key) is not None else value for key, value in defaults.items()}


def edits_of(session: Session, study: Study) -> dict[str, dict]:
    rows = session.scalars(select(FindingEdit).where(FindingEdit.study_id == study.id))
    return {row.finding_id: {"text": row.text, "addressee": row.addressee, "fingerprint": row.fingerprint,
                             "position": row.position, "removed": row.removed, "added": row.added}
            for row in rows}


def report_data(session: Session, study: Study) -> dict:
    """The report of a study as plain data; the same dict feeds the preview, the PDF and the edit page."""
    instrument = instrument_of(study)
    settings = settings_of(session, study)
    scores, frames = study_scores(session, study)
    drafted = draft_findings(scores, instrument, frames.open_answers,
                             {"target_category": settings["target_category"]})
    findings = apply_edits(drafted, edits_of(session, study))
    period = settings["period"]
    if not period and len(frames.responses):
        submitted = frames.responses["submitted_at"]
        period = f"{submitted.min():%d-%m-%Y} – {submitted.max():%d-%m-%Y}"
    open_answers = [{"code": q.code, "label": q.label,
                     "answers": [a["text"] for a in frames.open_answers if a["code"] == q.code]}
                    for q in instrument.open_questions]
    lang = instrument.language
    return {
        "language": lang,
        "study": {"slug": study.slug, "title": study.title, "institution": study.institution,
                  "variable": instrument.variable, "framework": instrument.framework,
                  "citation": instrument.citation, "simulated": study.simulated,
                  "method": METHOD_NAMES[lang][instrument.method], "period": period},
        "settings": settings,
        "chapter_number": ROMAN.get(settings["chapter"].upper(), 6),
        "scores": scores,
        "findings": findings,
        "saran_groups": saran_groups(findings["saran"]),
        "charts": {"means": dimension_means_chart(scores) if scores["n_responses"] else "",
                   "dimensions": {d["code"]: likert_chart(d, scores) for d in scores["dimensions"]}
                   if scores["n_responses"] else {}},
        "instrument": [{"code": d.code, "name": d.name, "indicators": [
            {"code": i.code, "name": i.name, "items": [{"code": t.code, "text": t.text, "reverse": t.reverse}
                                                       for t in i.items]} for i in d.indicators]}
            for d in instrument.dimensions],
        "open_answers": open_answers,
        "generated_at": datetime.now(timezone.utc).strftime("%d-%m-%Y"),
    }
