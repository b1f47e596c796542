"""`flask --app wsgi user ...`: accounts from the command line. Passwords never come from argv."""
from __future__ import annotations

import sys

import click

from ..extensions import db
from ..models import ROLES
from ..studies.cli import find_study_or_fail
from .users import AccountError, create_user, find_user, set_password

user_cli = click.Group("user", help="Manage accounts.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("no password on standard input")
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_command(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create an account; the password is prompted for (or read from stdin)."""
    try:
        user = create_user(db.session, email, _read_password(password_stdin), role, name)
    except AccountError as exc:
        raise click.ClickException(str(exc))
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}")


@user_cli.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True)
def set_password_command(email: str, password_stdin: bool) -> None:
    user = find_user(db.session, email) or _fail(f"no account {email}")
    try:
        set_password(user, _read_password(password_stdin))
    except AccountError as exc:
        raise click.ClickException(str(exc))
    db.session.commit()
    click.echo(f"Password changed for {user.email}")


@user_cli.command("list")
def list_command() -> None:
    from sqlalchemy import select

    from ..models import User
    for user in db.session.scalars(select(User).order_by(User.role, User.email)):
        click.echo(f"{user.email}\t{user.role}\t{'active' if user.active else 'inactive'}\t{user.name}")


@user_cli.command("assign")
@click.argument("email")
@click.argument("slug")
def assign_command(email: str, slug: str) -> None:
    """Assign an enumerator to a study."""
    user = find_user(db.session, email) or _fail(f"no account {email}")
    if user.role != "enumerator":
        raise click.ClickException(f"{user.email} is a {user.role}, not an enumerator")
    study = find_study_or_fail(slug)
    if study not in user.assigned_studies:
        user.assigned_studies.append(study)
    db.session.commit()
    click.echo(f"{user.email} collects for {study.slug}")


def _fail(message: str):
    raise click.ClickException(message)
