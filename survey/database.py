"""Database engine settings shared by every feature."""
from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


def enable_sqlite_foreign_keys(app: Flask) -> None:
    """SQLite ignores foreign keys unless asked, per connection; the schema relies on them."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return

    @event.listens_for(Engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - trivial
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
