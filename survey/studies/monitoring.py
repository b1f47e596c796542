"""Collection monitoring: responses per day, per enumerator and per channel, and progress
towards the sample size (Slovin, Krejcie-Morgan) for the population the researcher entered."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Response, Study, User
from ..scoring.sample_size import krejcie_morgan, slovin


def monitoring(session: Session, study: Study) -> dict:
    by_day = session.execute(
        select(func.date(Response.submitted_at), func.count()).where(Response.study_id == study.id)
        .group_by(func.date(Response.submitted_at)).order_by(func.date(Response.submitted_at))).all()
    by_channel = session.execute(select(Response.channel, func.count()).where(Response.study_id == study.id)
                                 .group_by(Response.channel).order_by(Response.channel)).all()
    by_enumerator = session.execute(
        select(User.email, func.count()).select_from(Response).join(User, User.id == Response.enumerator_id)
        .where(Response.study_id == study.id).group_by(User.email).order_by(func.count().desc())).all()
    total = sum(n for _, n in by_channel)
    target = None
    if study.population:
        target = {"population": study.population, "slovin": slovin(study.population),
                  "krejcie_morgan": krejcie_morgan(study.population)}
    peak = max((n for _, n in by_day), default=0)
    return {"total": total, "target": target, "peak_day": peak,
            "by_day": [{"day": str(day), "n": n} for day, n in by_day],
            "by_channel": [{"channel": channel, "n": n} for channel, n in by_channel],
            "by_enumerator": [{"email": email, "n": n} for email, n in by_enumerator]}
