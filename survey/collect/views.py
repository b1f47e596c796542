"""Respondent questionnaire views (placeholder until the questionnaire lands)."""
from flask import abort

from . import bp


@bp.get("/s/<slug>/")
def questionnaire(slug: str):
    abort(404)
