"""Report preview, PDF download, and the page where the researcher edits the draft."""
from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select

from ..auth.access import researcher_study_or_404, role_required
from ..extensions import db
from ..i18n import tr
from ..models import FindingEdit, ReportSettings
from ..models.base import utcnow
from . import bp
from .data import ROMAN, report_data
from .render import report_html, report_pdf

MAX_TEXT = 10_000


class CsrfForm(FlaskForm):
    """CSRF only: the edit page's fields are many and dynamic."""


@bp.get("/<slug>/report")
@role_required("researcher", "admin")
def preview(slug: str):
    return report_html(report_data(db.session, researcher_study_or_404(slug)), for_pdf=False)


@bp.get("/<slug>/report.pdf")
@role_required("researcher", "admin")
def pdf(slug: str):
    study = researcher_study_or_404(slug)
    return HttpResponse(report_pdf(report_data(db.session, study)), mimetype="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{study.slug}-laporan.pdf"'})


@bp.route("/<slug>/report/edit", methods=("GET", "POST"))
@role_required("researcher", "admin")
def edit(slug: str):
    study = researcher_study_or_404(slug)
    form = CsrfForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        data = report_data(db.session, study)
        _save(study, data, request.form)
        db.session.commit()
        flash(tr("Perubahan disimpan.", "Changes saved."), "success")
        return redirect(url_for(".edit", slug=slug))
    return render_template("reports/edit.html", study=study, r=report_data(db.session, study), form=form,
                           chapters=list(ROMAN))


def _edit_row(study_id: int, finding_id: str) -> FindingEdit:
    row = db.session.get(FindingEdit, (study_id, finding_id))
    if row is None:
        row = FindingEdit(study_id=study_id, finding_id=finding_id, removed=False, added=False)
        db.session.add(row)
    return row


def _clean(text: str | None) -> str:
    return (text or "").strip()[:MAX_TEXT]


def _save(study, data: dict, form) -> None:
    """Store what differs from the draft: rewritten text, removals, order, new Saran, settings."""
    findings = data["findings"]
    paragraphs = [findings["kesimpulan"]["opening"]] + [p for d in findings["kesimpulan"]["dimensions"]
                                                         for p in d["paragraphs"]]
    for paragraph in paragraphs + findings["saran"] + findings["removed"]:
        key = f"text:{paragraph['id']}"
        if key not in form:
            continue
        text = _clean(form[key])
        draft = paragraph.get("draft", paragraph["text"])
        row = db.session.get(FindingEdit, (study.id, paragraph["id"]))
        if text and text != draft:
            row = row or _edit_row(study.id, paragraph["id"])
            if row.text != text:
                row.text, row.fingerprint = text, paragraph["fingerprint"]
        elif row is not None and not row.added:
            row.text = None  # back to the draft
    for index, saran in enumerate(findings["saran"] + findings["removed"]):
        removed = form.get(f"remove:{saran['id']}") == "yes"
        position = form.get(f"position:{saran['id']}", "").strip()
        row = db.session.get(FindingEdit, (study.id, saran["id"]))
        if removed or position.isdigit() or row is not None:
            row = row or _edit_row(study.id, saran["id"])
            row.removed = removed
            row.position = int(position) if position.isdigit() else None
    new_text = _clean(form.get("new_saran"))
    if new_text:
        row = _edit_row(study.id, f"saran.own.{int(utcnow().timestamp() * 1000)}")
        row.text, row.added = new_text, True
        row.addressee = _clean(form.get("new_addressee")) or study.institution
        row.position = len(findings["saran"]) + 1
    settings = db.session.get(ReportSettings, study.id) or ReportSettings(study_id=study.id)
    db.session.add(settings)
    chapter = form.get("chapter", "VI").upper()
    settings.chapter = chapter if chapter in ROMAN else "VI"
    settings.heading_style = "lettered" if form.get("heading_style") == "lettered" else "numbered"
    for key in ("period", "researcher", "affiliation"):
        setattr(settings, key, _clean(form.get(key))[:300])
    target = form.get("target_category")
    settings.target_category = target if target in data["scores"]["categories"]["labels"] else None
    for key in ("margin_left_cm", "margin_top_cm", "margin_right_cm", "margin_bottom_cm"):
        try:
            value = float(form.get(key, "").replace(",", "."))
        except ValueError:
            continue
        if 1.0 <= value <= 6.0:
            setattr(settings, key, value)
