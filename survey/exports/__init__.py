"""Exports: response data (CSV, XLSX, SPSS .sav), codebook, and the instrument as YAML."""
from flask import Blueprint

# cli_group=None: the blueprint's commands are top-level (`flask export ...`).
bp = Blueprint("exports", __name__, url_prefix="/studies", cli_group=None)

from . import cli, views  # noqa: E402,F401  (routes and the `export` command register on bp)
