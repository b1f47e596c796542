import pytest

from survey import create_app
from survey.config import DEV_SECRET_KEY, ConfigError, check, normalise_database_url


def test_production_refuses_the_development_secret():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        check({"SECRET_KEY": DEV_SECRET_KEY}, debug=False)
    with pytest.raises(ConfigError):
        check({"SECRET_KEY": ""}, debug=False)
    check({"SECRET_KEY": DEV_SECRET_KEY}, debug=False, host="127.0.0.1")  # `flask run` on a laptop
    check({"SECRET_KEY": DEV_SECRET_KEY, "TESTING": True}, debug=False)
    check({"SECRET_KEY": "a-real-secret"}, debug=False)


def test_serving_app_without_secret_refuses_to_start(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigError):
        create_app()


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "1234")
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["MAX_CONTENT_LENGTH"] == 1234


def test_test_mapping_wins_over_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app({"TESTING": True, "SECRET_KEY": "from-test"})
    assert app.config["SECRET_KEY"] == "from-test"


def test_default_database_is_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/survey.sqlite3"


def test_normalise_database_url():
    assert normalise_database_url("postgresql://x/y") == "postgresql+psycopg://x/y"
    assert normalise_database_url("sqlite:///a.db") == "sqlite:///a.db"


# --- cheap starts (issue 14, item 6) ------------------------------------------------------------

HEAVY_AT_START = ("pandas", "numpy", "scipy", "weasyprint", "pyreadstat", "alembic", "flask_migrate",
                  "openpyxl", "docx", "jsonschema", "segno", "yaml", "argon2")


def _modules_after(code: str, tmp_path) -> set[str]:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, SECRET_KEY="a-secret-for-this-test-only", DATABASE_URL=f"sqlite:///{tmp_path}/s.db")
    probe = f"import sys\n{code}\nprint(' '.join(sorted(m for m in {HEAVY_AT_START!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    return set(out)


def test_creating_the_app_imports_no_heavy_package(tmp_path):
    """Commands and workers start without pandas, WeasyPrint, Alembic, ...: what a request or
    command needs is imported when it runs."""
    assert _modules_after("import wsgi", tmp_path) == set()


def test_the_entry_point_freezes_the_start_up_objects(tmp_path):
    """wsgi.py moves what start-up built into the collector's permanent generation (so exit and
    later full collections skip it), pins next to no garbage that way, and leaves the collector
    running. A plain import is gunicorn's way and the worst case: `flask` has imported Flask,
    and the garbage its imports leave, before it loads wsgi."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, SECRET_KEY="a-secret-for-this-test-only", DATABASE_URL=f"sqlite:///{tmp_path}/s.db")
    probe = ("import gc, sys, wsgi\nfrozen, enabled = gc.get_freeze_count(), gc.isenabled()\n"
             "gc.unfreeze()\ngc.set_debug(gc.DEBUG_SAVEALL)\ngc.collect()\n"
             "print(frozen, sum(sys.getsizeof(o) for o in gc.garbage), int(enabled))")
    frozen, garbage_bytes, enabled = map(int, subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True, check=True).stdout.split())
    assert frozen > 10_000
    assert garbage_bytes < 500_000
    assert enabled


def test_reading_the_migration_config_loads_flask_migrate(tmp_path):
    loaded = _modules_after("import wsgi\nwsgi.app.extensions['migrate'].configure_args", tmp_path)
    assert {"alembic", "flask_migrate"} <= loaded


def test_db_commands_work_through_the_lazy_group(tmp_path, monkeypatch):
    """`flask db upgrade`/`current` build the schema and report the head, with the group's own
    options (-d) intact."""
    from sqlalchemy import inspect

    from survey.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/cli.db"})
    runner = app.test_cli_runner()
    help_text = runner.invoke(args=["db", "--help"]).output
    assert "--directory" in help_text and "upgrade" in help_text
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert "response" in inspect(db.engine).get_table_names()
        db.engine.dispose()
    from survey.config import ROOT
    current = runner.invoke(args=["db", "-d", str(ROOT / "migrations"), "current"])
    assert current.exit_code == 0, current.output
    with app.app_context():
        from sqlalchemy import text
        assert db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.session.remove()
        db.engine.dispose()
