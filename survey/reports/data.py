"""Everything the report shows, as plain data (never ORM objects): study, scores, findings with
the researcher's edits, statement tables, charts, open answers."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..analysis.charts import dimension_means_chart, likert_chart
from ..analysis.ipa_chart import ipa_chart
from ..analysis.service import study_results
from ..instruments import Instrument
from ..models import FindingEdit, ReportSettings, Study
from ..narrative import draft_findings
from ..narrative.numbers import format_number
from ..studies.service import instrument_of
from .edits import apply_edits, saran_groups
from .results import results_chapter

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
RESULTS_TITLE = {"id": "HASIL PENELITIAN DAN PEMBAHASAN", "en": "RESULTS AND DISCUSSION"}
DEFAULT_SETTINGS = {"chapter": "VI", "results_chapter": "IV", "results_title": "", "heading_style": "numbered", "period": "", "researcher": "",
                    "affiliation": "", "target_category": None, "margin_left_cm": 4.0, "margin_top_cm": 4.0,
                    "margin_right_cm": 3.0, "margin_bottom_cm": 3.0}
METHOD_NAMES = {
    "id": {"mean_interval": "rata-rata dengan interval kelas", "ideal_percent": "persentase skor ideal",
           "ikm_2017": "Indeks Kepuasan Masyarakat (Permen PANRB 14/2017)",
           "ikm_2004": "Indeks Kepuasan Masyarakat (KepMenPAN 25/2004)"},
    "en": {"mean_interval": "mean with class intervals", "ideal_percent": "percentage of the ideal score",
           "ikm_2017": "Community Satisfaction Index (Permen PANRB 14/2017)",
           "ikm_2004": "Community Satisfaction Index (KepMenPAN 25/2004)"},
}
MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def settings_of(session: Session, study: Study) -> dict:
    """The study's report settings, defaults filled in."""
    row = session.get(ReportSettings, study.id)
    if row is None:
        return dict(DEFAULT_SETTINGS)
    return {key: getattr(row, key) if getattr(row, key) is not None else value
            for key, value in DEFAULT_SETTINGS.items()}


def edits_of(session: Session, study: Study) -> dict[str, dict]:
    """The researcher's edits keyed by finding id."""
    rows = session.scalars(select(FindingEdit).where(FindingEdit.study_id == study.id))
    return {row.finding_id: {"text": row.text, "addressee": row.addressee, "fingerprint": row.fingerprint,
                             "position": row.position, "removed": row.removed, "added": row.added}
            for row in rows}


def report_data(session: Session, study: Study) -> dict:
    """The report of a study as plain data; the same dict feeds the preview, the PDF and the edit page.
    Scores come from the study's stored tally (analysis/service.py study_results), with every open
    answer: the narrative quotes and groups them; the Likert answers are not read again."""
    instrument = instrument_of(study)
    scores, results = study_results(session, study, open_texts=True)
    collected = (results.period[0].date(), results.period[1].date()) if results.period else None
    return build_report(instrument, scores, results.open_answers, settings_of(session, study),
                        edits_of(session, study),
                        {"slug": study.slug, "title": study.title, "institution": study.institution,
                         "simulated": study.simulated}, collected)


def build_report(instrument: Instrument, scores: dict, open_answers: list[dict], settings: dict,
                 edits: dict[str, dict], study: dict, collected: tuple[date, date] | None = None,
                 today: date | None = None) -> dict:
    """The template's data from plain parts (pure: no database, no Flask)."""
    lang = instrument.language if instrument.language in METHOD_NAMES else "id"
    today = today or datetime.now(timezone.utc).date()
    drafted = draft_findings(scores, instrument, open_answers, {"target_category": settings["target_category"]})
    findings = apply_edits(drafted, edits)
    answered = scores["n_responses"] > 0
    rule = scores["validity_rule"]
    results_number = ROMAN.get(str(settings["results_chapter"]).upper(), 4)
    blocks = results_chapter(
        scores, {"lang": lang, "variable": instrument.variable or instrument.title,
                 "numbered": settings["heading_style"] != "lettered",
                 "open_questions": [{"code": q.code, "label": q.label} for q in instrument.open_questions]},
        open_answers, results_number, today.year) if answered else []
    period = settings["period"] or (date_range(*collected, lang) if collected else "")
    return {
        "language": lang,
        "study": {**study, "variable": instrument.variable, "framework": instrument.framework,
                  "citation": instrument.citation, "method": METHOD_NAMES[lang][instrument.method],
                  "period": period},
        "settings": settings,
        "chapter_number": ROMAN.get(str(settings["chapter"]).upper(), 6),
        "results": {"chapter": str(settings["results_chapter"]).upper(), "number": results_number,
                    "title": settings["results_title"] or RESULTS_TITLE[lang], "blocks": blocks,
                    "tables": [b for b in blocks if b["kind"] == "table"],
                    "figures": [b for b in blocks if b["kind"] == "figure"]},
        "scores": scores,
        "findings": findings,
        "saran_groups": saran_groups(findings["saran"]),
        "category_ranges": category_ranges(scores["categories"], lang),
        "validity": {"key": "r_corrected" if rule["rule"] == "r_corrected" else "r_item_total",
                     "fixed": rule.get("r_minimum") if rule["rule"] == "r_fixed" else None},
        "charts": {"means": dimension_means_chart(scores) if answered else "",
                   "dimensions": {d["code"]: likert_chart(d, scores) for d in scores["dimensions"]}
                   if answered else {},
                   # paired studies: the importance–performance Cartesian diagram
                   "ipa": ipa_chart(scores["ipa"], scores["scale"], lang) if answered and scores.get("ipa") else ""},
        "instrument": appendix(instrument),
        # SKM studies say unsur (Permen PANRB 14/2017), others dimensi
        "unit": "Unsur" if instrument.method.startswith("ikm") else ("Dimension" if lang == "en" else "Dimensi"),
        "scale_labels": list(instrument.scale.labels),
        "has_reverse": any(item.reverse for item in instrument.items),
        "year": today.year,
        "generated_at": long_date(today, lang),
    }


def appendix(instrument: Instrument) -> list[dict]:
    """The instrument's statements for the appendix; own answer labels where they differ from the scale's."""
    scale = tuple(instrument.scale.labels)
    return [{"code": d.code, "name": d.name, "indicators": [
        {"code": i.code, "name": i.name,
         "items": [{"code": t.code, "text": t.text, "reverse": t.reverse,
                    "labels": list(t.labels) if tuple(t.labels) != scale else None} for t in i.items]}
        for i in d.indicators]} for d in instrument.dimensions]


def category_ranges(categories: dict, lang: str) -> list[str]:
    """"1,00–1,80" per category (percent bases get " %")."""
    suffix = "" if categories.get("basis", "mean") == "mean" else (" %" if lang == "id" else "%")
    return [f"{format_number(low, 2, lang)}–{format_number(high, 2, lang)}{suffix}"
            for low, high in zip(categories["lower_bounds"], categories["bounds"])]


def long_date(day: date, lang: str) -> str:
    """23 November 2026."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def date_range(first: date, last: date, lang: str) -> str:
    """"3–20 Maret 2026", "28 Februari – 3 Maret 2026", or one date."""
    if first == last:
        return long_date(first, lang)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{long_date(last, lang)}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[lang][first.month - 1]} – {long_date(last, lang)}"
    return f"{long_date(first, lang)} – {long_date(last, lang)}"
