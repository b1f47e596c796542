"""The researcher uploads a response file (CSV or XLSX; ours, KoboToolbox's or ODK's).

The same all-or-nothing import as `flask responses import`: the whole file is validated, then
stored in one transaction, or nothing is stored and every problem is listed by row and column.
Messages come in the researcher's language.
"""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from ..auth.access import researcher_study_or_404, role_required
from ..extensions import db
from ..i18n import tr
from ..studies.service import instrument_of
from ..studies import bp  # a researcher's study page: /studies/<slug>/..., checked like the others

MAX_RESPONSE_FILE_BYTES = 20 * 1024 * 1024  # a KoboToolbox export of ~100,000 interviews
SUFFIXES = (".csv", ".txt", ".xlsx")


class UploadForm(FlaskForm):
    """CSRF only; the file comes from request.files."""


@bp.route("/<slug>/responses/upload", methods=("GET", "POST"))
@role_required("researcher", "admin")
def upload_responses(slug: str):
    study = researcher_study_or_404(slug)
    form = UploadForm()
    problems: list[str] = []
    total = 0
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            problems, status = [tr("Formulir kedaluwarsa; muat ulang halaman lalu coba lagi.",
                                   "The form has expired; reload the page and try again.")], 400
        else:
            problems, total, status = _import(study)
            if not problems:
                return redirect(url_for(".show", slug=slug))
    instrument = instrument_of(study)
    return render_template("collect/upload_responses.html", study=study, form=form, problems=problems,
                           total=total or len(problems), max_mb=MAX_RESPONSE_FILE_BYTES // (1024 * 1024),
                           pairing=instrument.pairing, example=instrument.items[0].code), status


def _import(study) -> tuple[list[str], int, int]:
    """(problems, their total, HTTP status); on success the responses are committed and the
    report is flashed."""
    upload = request.files.get("responses")
    if upload is None or not upload.filename:
        return [tr("Pilih berkas CSV atau XLSX terlebih dahulu.", "Choose a CSV or XLSX file first.")], 1, 400
    if not upload.filename.lower().endswith(SUFFIXES):
        return [tr("Hanya berkas .csv atau .xlsx yang dapat diimpor.", "Only .csv or .xlsx files can be imported.")], 1, 400
    data = upload.read(MAX_RESPONSE_FILE_BYTES + 1)
    if len(data) > MAX_RESPONSE_FILE_BYTES:
        limit = MAX_RESPONSE_FILE_BYTES // (1024 * 1024)
        return [tr(f"Berkas lebih besar dari {limit} MB; bagi menjadi beberapa berkas.",
                   f"The file is larger than {limit} MB; split it into several files.")], 1, 413
    from .csv_import import ImportError_, import_file  # pandas: loaded by the first import, not at start

    lang = getattr(g, "lang", "id")
    try:
        result = import_file(db.session, study, instrument_of(study), data, filename=upload.filename, lang=lang)
    except ImportError_ as exc:
        db.session.rollback()
        return exc.problems, exc.total, 422
    db.session.commit()
    flash(tr(f"{result.count} jawaban dari {upload.filename} diimpor.",
             f"{result.count} responses imported from {upload.filename}."), "success")
    for note in result.notes:
        flash(note, "info")
    return [], 0, 200
