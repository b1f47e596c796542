"""`/healthz` (the process answers) and `/readyz` (it can serve: database reachable, schema at
the latest migration). A load balancer sends traffic only to ready servers."""
from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, jsonify
from sqlalchemy import text

from .config import ROOT
from .extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


@bp.get("/readyz")
def readyz():
    try:
        with db.engine.connect() as connection:
            current = {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
    except Exception as exc:  # noqa: BLE001  (any failure means: not ready)
        return jsonify({"status": "unavailable", "database": "unreachable",
                        "detail": type(exc).__name__}), 503, {"Retry-After": "10"}
    heads = migration_heads()
    if current != heads:
        return jsonify({"status": "unavailable", "database": "ok", "migrations": sorted(current),
                        "expected": sorted(heads)}), 503, {"Retry-After": "10"}
    return jsonify({"status": "ready", "database": "ok", "migrations": sorted(current)})
