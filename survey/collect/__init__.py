"""Collecting responses: the respondent link, CSV import (and later enumerators, sync)."""
from flask import Blueprint

bp = Blueprint("collect", __name__)

from . import uploads, views  # noqa: E402,F401  (routes register on bp)
