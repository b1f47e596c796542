"""Report HTML from the report data; the same template serves the preview and the PDF."""
from __future__ import annotations

from flask import render_template, url_for

from .pdf import render_pdf


def report_html(data: dict, for_pdf: bool) -> str:
    css_href = "css/report.css" if for_pdf else url_for("static", filename="css/report.css")
    return render_template("reports/report.html", r=data, css_href=css_href)


def report_pdf(data: dict) -> bytes:
    return render_pdf(report_html(data, for_pdf=True))
