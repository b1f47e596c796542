"""The printable findings: report data, the researcher's edits, HTML preview and PDF (CLI `report`)."""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/studies")

from . import views  # noqa: E402,F401  (routes register on bp)
