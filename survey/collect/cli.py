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
def import_command(slug: str, csv_file: Path) -> None:
    """Import a CSV of responses: all rows or none."""
    from .csv_import import ImportError_, import_responses  # pandas only for this command
    study = find_study_or_fail(slug)
    try:
        count = import_responses(db.session, study, instrument_of(study), csv_file.read_bytes())
    except ImportError_ as exc:
        db.session.rollback()
        for line in exc.problems:
            click.echo(line, err=True)
        if exc.total > len(exc.problems):
            click.echo(f"... and {exc.total - len(exc.problems)} more problems", err=True)
        raise click.ClickException(f"nothing imported: {exc.total} problem(s) in {csv_file.name}")
    db.session.commit()
    click.echo(f"Imported {count} responses into {slug}.")
