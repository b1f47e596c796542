"""`flask --app wsgi export SLUG --format csv|csv-semicolon|xlsx|sav|codebook|yaml|xlsform -o FILE`.

The same files as the download buttons, for scripts and for studies too large to download
comfortably through a browser.
"""
from __future__ import annotations

from pathlib import Path

import click

from . import bp

FORMATS = ("csv", "csv-semicolon", "xlsx", "sav", "codebook", "yaml", "xlsform")


def write_export(study, fmt: str, out) -> None:
    """Write one export of a study to a binary file object."""
    from ..analysis.frames import load_frames
    from ..extensions import db
    from ..instruments import dump_instrument
    from ..instruments.xlsform import write_xlsform
    from ..studies.service import instrument_of
    from .data import EXPORTS, write_codebook_csv

    instrument = instrument_of(study)
    if fmt == "codebook":
        write_codebook_csv(instrument, out)
    elif fmt == "yaml":
        out.write(dump_instrument(instrument).encode("utf-8"))
    elif fmt == "xlsform":
        write_xlsform(instrument, out)
    else:
        EXPORTS[fmt][2](instrument, load_frames(db.session, study, instrument), out)


@bp.cli.command("export")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="the file to write")
def export_command(slug: str, fmt: str, output: Path) -> None:
    """Export a study's data, codebook or instrument to a file."""
    from ..studies.cli import find_study_or_fail
    study = find_study_or_fail(slug)
    with output.open("wb") as handle:
        write_export(study, fmt, handle)
    click.echo(f"Wrote {output} ({fmt}, {output.stat().st_size:,} bytes).")
