"""The landing page: lists only the open studies whose researcher chose to list them."""
from flask import Blueprint, render_template
from sqlalchemy import select

from ..extensions import db
from ..models import Study

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    studies = db.session.scalars(select(Study).where(Study.status == "open", Study.listed.is_(True))
                                 .order_by(Study.created_at.desc()).limit(20)).all()
    return render_template("home/index.html", studies=studies)
