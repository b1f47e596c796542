"""Analysis: the DB -> pandas bridge (frames.py), `study scores`, and the results page."""
from flask import Blueprint

bp = Blueprint("analysis", __name__)

from . import open_answers, views  # noqa: E402,F401  (routes register on bp)
