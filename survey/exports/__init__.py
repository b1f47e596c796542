"""Exports: response data (CSV, XLSX, SPSS .sav), codebook, and the instrument as YAML."""
from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/studies")

from . import views  # noqa: E402,F401  (routes register on bp)
