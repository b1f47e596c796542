"""`flask --app wsgi report pdf|docx|html SLUG -o FILE`."""
from __future__ import annotations

from pathlib import Path

import click

from ..extensions import db
from ..studies.cli import find_study_or_fail
from .data import report_data
from .render import DOCUMENTS, standalone_html

report_cli = click.Group("report", help="The printable findings of a study.")


@report_cli.command("pdf")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def pdf_command(slug: str, output: Path) -> None:
    """Write the report as PDF."""
    _write_document(slug, "pdf", output)


@report_cli.command("docx")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def docx_command(slug: str, output: Path) -> None:
    """Write the report as a Word document (.docx)."""
    _write_document(slug, "docx", output)


def _write_document(slug: str, extension: str, output: Path) -> None:
    _, render = DOCUMENTS[extension]
    output.write_bytes(render(report_data(db.session, find_study_or_fail(slug))))
    click.echo(f"Wrote {output} ({output.stat().st_size // 1024} KB)")


@report_cli.command("html")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def html_command(slug: str, output: Path) -> None:
    """Write the report as one HTML file (the stylesheet inlined)."""
    data = report_data(db.session, find_study_or_fail(slug))
    output.write_text(standalone_html(data), encoding="utf-8")
    click.echo(f"Wrote {output}")
