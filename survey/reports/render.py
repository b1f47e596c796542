"""Report HTML from the report data; the same template serves the preview and the PDF."""
from __future__ import annotations

from flask import render_template, url_for

from .pdf import STATIC, render_pdf

# In the PDF, links resolve against the project folder (pdf.BASE_URL) and load through the
# static-only fetcher; in the browser preview the stylesheet comes from the static route.
PDF_STYLESHEET = "static/css/report.css"


def report_html(data: dict, for_pdf: bool) -> str:
    """The report as HTML; `for_pdf` only changes where the stylesheet is linked from."""
    css_href = PDF_STYLESHEET if for_pdf else url_for("static", filename="css/report.css")
    return render_template("reports/report.html", r=data, css_href=css_href)


def standalone_html(data: dict) -> str:
    """The report as one self-contained HTML file (stylesheet inlined): needs no request, no server."""
    css = (STATIC / "css" / "report.css").read_text(encoding="utf-8")
    return render_template("reports/report.html", r=data, css_href=None, css_inline=css)


def report_pdf(data: dict) -> bytes:
    return render_pdf(report_html(data, for_pdf=True))


def _docx(data: dict) -> bytes:
    from .docx import report_docx  # python-docx and matplotlib on first use
    return report_docx(data)


# The downloadable report documents: (mimetype, renderer) by extension; one table for the
# download routes, the CLI and the background jobs.
DOCUMENTS = {
    "pdf": ("application/pdf", report_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx),
}


def document_filename(slug: str, extension: str) -> str:
    return f"{slug}-laporan.{extension}"
