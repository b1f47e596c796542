"""Download routes. CSV is streamed; the binary formats are built in memory (bench/exports.py)."""
from __future__ import annotations

import io

from flask import Response as HttpResponse
from flask import abort, stream_with_context

from ..auth.access import researcher_study_or_404, role_required
from ..extensions import db
from ..instruments import dump_instrument
from ..studies.service import instrument_of
from . import bp


def _attachment(study, suffix: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{study.slug}-{suffix}"'}


@bp.get("/<slug>/export/<fmt>")
@role_required("researcher", "admin")
def data(slug: str, fmt: str):
    from ..analysis.frames import load_frames  # numpy and pandas on first use, not at app start
    from .data import EXPORTS, csv_chunks
    study = researcher_study_or_404(slug)
    if fmt not in EXPORTS:
        abort(404)
    instrument = instrument_of(study)
    frames = load_frames(db.session, study, instrument)
    mimetype, extension, write = EXPORTS[fmt]
    if fmt == "csv":
        return HttpResponse(stream_with_context(csv_chunks(instrument, frames)), mimetype=mimetype,
                            headers=_attachment(study, "data.csv"))
    buffer = io.BytesIO()
    write(instrument, frames, buffer)
    return HttpResponse(buffer.getvalue(), mimetype=mimetype, headers=_attachment(study, f"data.{extension}"))


@bp.get("/<slug>/codebook.csv")
@role_required("researcher", "admin")
def codebook(slug: str):
    from .data import write_codebook_csv
    study = researcher_study_or_404(slug)
    buffer = io.BytesIO()
    write_codebook_csv(instrument_of(study), buffer)
    return HttpResponse(buffer.getvalue(), mimetype="text/csv", headers=_attachment(study, "codebook.csv"))


@bp.get("/<slug>/instrument.yaml")
@role_required("researcher", "admin")
def instrument_yaml(slug: str):
    study = researcher_study_or_404(slug)
    return HttpResponse(dump_instrument(instrument_of(study)), mimetype="application/yaml",
                        headers=_attachment(study, "instrumen.yaml"))


@bp.get("/<slug>/instrument.xlsx")
@role_required("researcher", "admin")
def instrument_xlsform(slug: str):
    """The instrument as an XLSForm, for KoboToolbox and ODK."""
    from ..instruments.xlsform import write_xlsform
    from .data import EXPORTS
    study = researcher_study_or_404(slug)
    buffer = io.BytesIO()
    write_xlsform(instrument_of(study), buffer)
    return HttpResponse(buffer.getvalue(), mimetype=EXPORTS["xlsx"][0], headers=_attachment(study, "xlsform.xlsx"))
