"""Report preview, PDF download, and the page where the researcher edits the draft."""
from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from ..auth.access import researcher_study_or_404, role_required
from ..extensions import db
from ..i18n import tr
from . import bp
from .data import ROMAN, report_data
from .render import DOCUMENTS, document_filename, report_html
from .service import BadEdit, check_form, save_edits


class CsrfForm(FlaskForm):
    """CSRF only: the edit page's fields are many and dynamic."""


@bp.get("/<slug>/report")
@role_required("researcher", "admin")
def preview(slug: str):
    return report_html(report_data(db.session, researcher_study_or_404(slug)), for_pdf=False)


@bp.get("/<slug>/report.pdf", defaults={"extension": "pdf"})
@bp.get("/<slug>/report.docx", defaults={"extension": "docx"})
@role_required("researcher", "admin")
def document(slug: str, extension: str):
    """The report as PDF or Word, in the request (large studies go through the jobs instead)."""
    study = researcher_study_or_404(slug)
    mimetype, render = DOCUMENTS[extension]
    return HttpResponse(render(report_data(db.session, study)), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{document_filename(study.slug, extension)}"'})


@bp.route("/<slug>/report/edit", methods=("GET", "POST"))
@role_required("researcher", "admin")
def edit(slug: str):
    study = researcher_study_or_404(slug)
    form = CsrfForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        data = report_data(db.session, study)
        try:
            check_form(data, request.form)
        except BadEdit as problem:
            abort(400, description=f"{tr('Isian tidak sah', 'Invalid input')}: {problem}")
        save_edits(db.session, study, data, request.form)
        db.session.commit()
        flash(tr("Perubahan disimpan.", "Changes saved."), "success")
        anchor = "saran" if request.form.get("move") else None
        return redirect(url_for(".edit", slug=slug, _anchor=anchor))
    return render_template("reports/edit.html", r=report_data(db.session, study), form=form,
                           chapters=list(ROMAN))
