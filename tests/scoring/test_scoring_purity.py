"""The scoring package is pure: importing it loads neither Flask, SQLAlchemy nor the models."""
from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import survey.scoring

ROOT = Path(__file__).resolve().parents[2]


def test_importing_scoring_loads_no_web_or_database_code():
    modules = ["survey.scoring"] + [f"survey.scoring.{m.name}" for m in pkgutil.iter_modules(survey.scoring.__path__)]
    assert len(modules) > 8
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n")
    loaded = json.loads(subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout)
    assert set(modules) <= set(loaded)
    forbidden = [name for name in loaded
                 if name.split(".")[0] in ("flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug")
                 or name == "survey.models" or name.startswith("survey.models.")]
    assert forbidden == []
