"""Accounts and roles: login, logout, admin user management, access helpers (CLI group `user`)."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import views  # noqa: E402,F401  (routes register on bp)
