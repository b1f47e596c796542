"""`flask --app wsgi study ...` and `flask --app wsgi demo`."""
from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from ..extensions import db
from ..instruments import InstrumentError, library_names, load_instrument, load_template
from ..models import Study
from .service import create_study, get_study, response_counts

study_cli = click.Group("study", help="Create and list studies.")


def find_study_or_fail(slug: str) -> Study:
    study = get_study(db.session, slug)
    if study is None:
        raise click.ClickException(f'no study with slug "{slug}" (see `study list`)')
    return study


def _owner_id(email: str | None) -> int | None:
    if not email:
        return None
    from ..auth.users import find_user
    user = find_user(db.session, email)
    if user is None or user.role not in ("researcher", "admin"):
        raise click.ClickException(f"no researcher account {email} (see `user create`)")
    return user.id


@study_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--draft", is_flag=True, help="Create it as a draft instead of open for responses.")
@click.option("--slug", help="Use this slug instead of one made from the title.")
@click.option("--owner", help="Email of the researcher who owns the study.")
def import_command(file: Path, draft: bool, slug: str | None, owner: str | None) -> None:
    """Create a study from an instrument file; prints the slug last."""
    try:
        instrument = load_instrument(file.read_bytes())
    except InstrumentError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"{file.name}: {len(exc.problems)} problem(s); nothing stored")
    owner_id = _owner_id(owner)
    study = create_study(db.session, instrument, status="draft" if draft else "open", slug=slug)
    study.owner_id = owner_id
    db.session.commit()
    click.echo(f"Created study: {study.title} ({len(instrument.items)} statements)")
    click.echo(study.slug)


@study_cli.command("list")
def list_command() -> None:
    """List studies with status and response counts."""
    counts = response_counts(db.session)
    studies = db.session.scalars(select(Study).order_by(Study.created_at)).all()
    if not studies:
        click.echo("No studies yet. Try `flask --app wsgi demo` or `study import FILE`.")
    for study in studies:
        n, last = counts.get(study.id, (0, None))
        last_text = last.strftime("%Y-%m-%d %H:%M") if last else "-"
        mark = " [simulated]" if study.simulated else ""
        click.echo(f"{study.slug}\t{study.status}\t{n} responses\tlast {last_text}\t{study.title}{mark}")


@study_cli.command("templates")
def templates_command() -> None:
    """List the ready instruments shipped with the platform."""
    for name in library_names():
        instrument = load_template(name)
        click.echo(f"{name}\t{len(instrument.dimensions)} dimensions, {len(instrument.items)} "
                   f"statements, {instrument.method}\t{instrument.framework or instrument.title}")


@study_cli.command("new-from-template")
@click.argument("name")
@click.option("--institution", required=True, help="The office studied, e.g. \"Kantor Camat Kupang Barat\".")
@click.option("--draft", is_flag=True)
@click.option("--owner", help="Email of the researcher who owns the study.")
def new_from_template_command(name: str, institution: str, draft: bool, owner: str | None) -> None:
    """Create a study from a library instrument; prints the slug last."""
    try:
        instrument = load_template(name, institution=institution)
    except KeyError as exc:
        raise click.ClickException(str(exc.args[0]))
    owner_id = _owner_id(owner)
    study = create_study(db.session, instrument, status="draft" if draft else "open")
    study.owner_id = owner_id
    db.session.commit()
    click.echo(f"Created study: {study.title} — {study.institution}")
    click.echo(study.slug)


@click.command("demo")
@click.option("--responses", "n_responses", default=120, show_default=True)
def demo_command(n_responses: int) -> None:
    """Load the demo study with simulated responses (marked as simulated)."""
    from .demo import DEMO_ACCOUNTS, load_demo
    study = load_demo(db.session, n_responses)
    db.session.commit()
    click.echo(f"Demo study ready: /s/{study.slug}/ (simulated responses, marked as such)")
    for email, password, role in DEMO_ACCOUNTS:
        click.echo(f"  demo {role}: {email} / {password}  (local trial only)")
    click.echo(study.slug)
