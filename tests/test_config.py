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
