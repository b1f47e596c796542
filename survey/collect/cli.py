"""`flask --app wsgi responses ...`"""
from __future__ import annotations

from pathlib import Path

import click

from ..extensions import db
from ..studies.cli import find_study_or_fail
from ..studies.service import instrument_of

responses_cli = click.Group("responses", help="Import responses into a study.")


@responses_cli.command("import")
@click.argument("slug")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["id", "en"]), default="en", show_default=True,
              help="language of the report")
def import_command(slug: str, csv_file: Path, lang: str) -> None:
    """Import a CSV or XLSX of responses (ours, KoboToolbox's, ODK's): all rows or none."""
    from .csv_import import ImportError_, import_file  # pandas only for this command
    study = find_study_or_fail(slug)
    try:
        result = import_file(db.session, study, instrument_of(study), csv_file.read_bytes(),
                             filename=csv_file.name, lang=lang)
    except ImportError_ as exc:
        db.session.rollback()
        for line in exc.problems:
            click.echo(line, err=True)
        if exc.total > len(exc.problems):
            click.echo(f"... and {exc.total - len(exc.problems)} more problems" if lang == "en" else
                       f"... dan {exc.total - len(exc.problems)} masalah lain", err=True)
        raise click.ClickException(f"nothing imported: {exc.total} problem(s) in {csv_file.name}" if lang == "en"
                                   else f"tidak ada yang diimpor: {exc.total} masalah di {csv_file.name}")
    db.session.commit()
    for note in result.notes:
        click.echo(note)
    click.echo(f"Imported {result.count} responses into {slug}." if lang == "en"
               else f"{result.count} jawaban diimpor ke {slug}.")
