"""The job kinds of this application: the PDF report and the data exports."""
from __future__ import annotations

import io

from flask import url_for

from ..extensions import db
from ..models import Study
from ..reports.render import DOCUMENTS, document_filename
from .registry import register, report_progress


def _study(study_id: int) -> Study:
    study = db.session.get(Study, study_id)
    if study is None:
        raise LookupError(f"study {study_id} no longer exists")
    return study


REPORT_TITLES = {"pdf": ("Laporan PDF", "PDF report"), "docx": ("Laporan Word", "Word report")}


def _report_job(extension: str):
    """The job of one report document (reports.render.DOCUMENTS)."""
    def run(study_id: int) -> tuple[str, bytes]:
        from ..reports.data import report_data
        study = _study(study_id)
        report_progress(0.1)
        data = report_data(db.session, study)
        report_progress(0.4)  # the scores are done; the layout (WeasyPrint, python-docx) is the long part
        return document_filename(study.slug, extension), DOCUMENTS[extension][1](data)
    return run


def _inline_report(extension: str):
    return lambda slug, params: url_for("reports.document", slug=slug, extension=extension)


for _extension, (_mimetype, _) in DOCUMENTS.items():
    register(f"report_{_extension}", title=REPORT_TITLES[_extension], mimetype=_mimetype,
             inline_url=_inline_report(_extension))(_report_job(_extension))


EXPORT_FORMATS = ("csv", "csv-semicolon", "xlsx", "sav")


@register("export", title=("Ekspor data", "Data export"), mimetype="application/octet-stream",
          inline_url=lambda slug, params: url_for("exports.data", slug=slug, fmt=params["fmt"]))
def export_job(study_id: int, fmt: str) -> tuple[str, bytes]:
    from ..analysis.frames import load_frames
    from ..exports.data import EXPORTS
    from ..studies.service import instrument_of
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt}")
    study = _study(study_id)
    instrument = instrument_of(study)
    report_progress(0.1)
    frames = load_frames(db.session, study, instrument)
    report_progress(0.5)
    _, extension, write = EXPORTS[fmt]
    buffer = io.BytesIO()
    write(instrument, frames, buffer)
    return f"{study.slug}-data.{extension}", buffer.getvalue()


def mimetype_of(kind: str, params: dict) -> str:
    if kind == "export":
        from ..exports.data import EXPORTS
        return EXPORTS[params["fmt"]][0]
    from .registry import KINDS
    return KINDS[kind].mimetype
