"""Studies: creating them from instruments, the researcher's study pages (CLI group `study`)."""
from flask import Blueprint

bp = Blueprint("studies", __name__, url_prefix="/studies")

from . import views  # noqa: E402,F401  (routes register on bp)
