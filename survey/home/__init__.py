"""The landing page."""
from flask import Blueprint, render_template
from sqlalchemy import select

from ..extensions import db
from ..models import Study

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    studies = db.session.scalars(select(Study).where(Study.status == "open")
                                 .order_by(Study.created_at.desc()).limit(20)).all()
    return render_template("home/index.html", studies=studies)
