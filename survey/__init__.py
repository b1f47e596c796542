"""survey: community perception studies of public services.

create_app() reads as the table of contents of the application.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

# numpy's BLAS runs one thread per process (set before numpy is first imported). Scores multiply
# small matrices (respondents x 45) in web workers that already share the cores: a second BLAS
# thread made a 100,000 x 45 product 2.5x slower on a quiet 2-core machine, and 50x slower
# while another process kept the other core busy (the threads spin waiting for each other).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from . import config as app_config
from .config import ROOT

if TYPE_CHECKING:  # Flask is imported when an app is built, so pure packages stay Flask-free
    from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    from flask import Flask

    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    configure(app, test_config)
    trust_proxies(app)
    init_extensions(app)
    init_edge(app)
    register_blueprints(app)
    register_template_filters(app)
    register_error_pages(app)
    register_cli(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(app_config.defaults(app.instance_path))
    app.config.from_mapping(app_config.from_environment())
    if test_config:
        app.config.from_mapping(test_config)
    serving, host = _serving()
    if not serving:  # imports, reports and scores from the command line may run for minutes
        app.config["DB_STATEMENT_TIMEOUT_MS"] = 0
    app_config.finish(app.config, app.debug)
    if serving:
        app_config.check(app.config, app.debug, host)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # the default SQLite file lives there


def _serving() -> tuple[bool, str | None]:
    """(serving, host): False unless the app is served -- by a WSGI server (gunicorn imports
    wsgi.py; its address is not known here) or `flask run` (whose --host is known). Other
    `flask` commands (imports, reports, user management) need no secret."""
    import click

    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return True, None
    if ctx.info_name == "run":
        return True, ctx.params.get("host") or "127.0.0.1"
    return False, None


def trust_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto/-Host only from the configured number of proxies in front
    (nginx: 1). With 0, the socket's address is the client's, whatever headers say."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def init_edge(app: Flask) -> None:
    from .edge import init_edge as init
    init(app)


def init_extensions(app: Flask) -> None:
    from .extensions import csrf, db, init_migrations, limiter, login_manager
    from . import models  # noqa: F401  (registers the tables on the metadata)

    db.init_app(app)
    init_migrations(app, directory=str(ROOT / "migrations"))  # Alembic loads on first use only
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from .auth.sessions import SignedCookieSessions
    app.session_interface = SignedCookieSessions()

    @login_manager.user_loader
    def load_user(user_id: str):
        from .auth.sessions import user_of_session
        return user_of_session(user_id)
    from .database import enable_sqlite_foreign_keys
    enable_sqlite_foreign_keys(app)
    from .i18n import init_i18n
    init_i18n(app)


def register_blueprints(app: Flask) -> None:
    from .analysis import bp as analysis_bp
    from .auth import bp as auth_bp
    from .collect import bp as collect_bp
    from .collect.api import api_bp
    from .collect.enumerator import bp as enumerator_bp
    from .exports import bp as exports_bp
    from .health import bp as health_bp
    from .home import bp as home_bp
    from .jobs import bp as jobs_bp
    from .reports import bp as reports_bp
    from .studies import bp as studies_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(collect_bp)
    app.register_blueprint(enumerator_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(studies_bp)
    app.register_blueprint(analysis_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(jobs_bp)


def register_template_filters(app: Flask) -> None:
    from .narrative.numbers import format_number, format_percent

    app.add_template_filter(lambda v, d=2, lang="id": format_number(v, d, lang), "num")
    app.add_template_filter(lambda v, d=1, lang="id": format_percent(v, d, lang), "pct")


def register_error_pages(app: Flask) -> None:
    from .errors import register
    register(app)


def register_cli(app: Flask) -> None:
    from .analysis import cli as _analysis_cli  # noqa: F401  (adds `study scores`, `study sample-size`)
    from .auth.cli import user_cli
    from .collect.cli import responses_cli
    from .reports.cli import report_cli
    from .studies.cli import demo_command, study_cli

    app.cli.add_command(study_cli)
    app.cli.add_command(responses_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(user_cli)
    app.cli.add_command(report_cli)
