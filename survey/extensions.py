"""Flask extensions, created unbound and bound in create_app().

Flask-Migrate is the exception: importing it imports Alembic (a third of a command's start-up),
which only `flask db ...` and the tests' `upgrade()` need. init_migrations() registers a `db`
command group and an `app.extensions["migrate"]` that both load Flask-Migrate on first use.
"""
from __future__ import annotations

import hashlib

import click
from flask import request
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from .models.base import Base


def client_address() -> str:
    """The client's address as the trusted proxies reported it (ProxyFix), never a raw header."""
    return request.remote_addr or "unknown"


def _session_identifier() -> str:
    # Flask-Login's own identifier reads X-Forwarded-For straight from the client, so anyone
    # could forge the binding. The address ProxyFix settled on is the only input here.
    return hashlib.sha512(client_address().encode()).hexdigest()


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
limiter = Limiter(key_func=client_address, default_limits=[])
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = "strong"
login_manager._session_identifier_generator = _session_identifier
login_manager.login_message = "Silakan masuk untuk membuka halaman ini."


# --- migrations, loaded on first use --------------------------------------------------------------

MIGRATE_OPTIONS = {"render_as_batch": True}  # SQLite alters tables by copying them


def init_migrations(app, directory: str) -> None:
    """`flask db ...` and `app.extensions["migrate"]` (what flask_migrate.upgrade() and
    migrations/env.py read), without importing Flask-Migrate and Alembic until one is used."""
    app.extensions["migrate"] = _LazyMigrateConfig(app, directory)
    app.cli.add_command(_LazyMigrateGroup(app))


def load_migrations(app):
    """Bind Flask-Migrate to the app for real (once); returns its `db` command group."""
    from flask_migrate import Migrate
    from flask_migrate.cli import db as db_group

    if isinstance(app.extensions.get("migrate"), _LazyMigrateConfig):
        directory = app.extensions["migrate"].directory
        Migrate().init_app(app, db, directory=directory, **MIGRATE_OPTIONS)  # replaces the lazy entry
    return db_group


class _LazyMigrateConfig:
    """Stands in app.extensions["migrate"] until something reads it."""

    def __init__(self, app, directory: str):
        self.app, self.directory = app, directory

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        load_migrations(self.app)
        return getattr(self.app.extensions["migrate"], name)


class _LazyMigrateGroup(click.Group):
    """Flask-Migrate's `db` group, imported when `flask db ...` runs: the context it makes is
    the real group's, so its options, callback and subcommands are Flask-Migrate's own."""

    def __init__(self, app):
        super().__init__("db", help="Perform database migrations.")
        self.app = app

    def make_context(self, info_name, args, parent=None, **extra):
        return load_migrations(self.app).make_context(info_name, args, parent=parent, **extra)

    def get_command(self, ctx, name):
        return load_migrations(self.app).get_command(ctx, name)

    def list_commands(self, ctx):
        return load_migrations(self.app).list_commands(ctx)
