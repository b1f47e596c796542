"""Heavy work off the request: the PDF report and exports of large studies as background jobs
with a progress page and a download (docs/deployment.md: RQ with Redis, or a thread)."""
from flask import Blueprint

bp = Blueprint("jobs", __name__)

from . import kinds, views  # noqa: E402,F401  (registers the kinds and the routes)
from .registry import KINDS, register, report_progress  # noqa: E402,F401
