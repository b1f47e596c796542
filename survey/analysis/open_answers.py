"""Every open answer of a study, grouped, page by page: /studies/<slug>/open-answers/<code>?page=N.

The results page lists the most frequent groups of each open question only (its weight must not
grow with the number of respondents); this page lists them all, GROUPS_PER_PAGE at a time, most
frequent first, each group in full. The CSV export keeps every answer verbatim.

One page reads the question's answers in one statement (consistent by itself) and groups them
(survey/scoring/open_answers.py). The grouping is kept per question while its answers are
unchanged (same count and last response id), so turning pages does not regroup.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from flask import abort, render_template, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..auth.access import researcher_study_or_404, role_required
from ..extensions import db
from ..models import OpenAnswer, OpenQuestion, Study
from ..scoring.open_answers import group_answers
from . import bp

GROUPS_PER_PAGE = 25  # full texts (up to 5,000 characters each): a page stays well under 200 KB
_KEPT = 8  # groupings kept per process
_KEPT_CHARACTERS = 5_000_000  # larger groupings are recomputed per page rather than kept
_cache: OrderedDict[tuple, dict] = OrderedDict()
_lock = threading.Lock()


def grouped_answers(session: Session, question_id: int) -> dict:
    """group_answers() of every answer to one open question (see the module docstring)."""
    count, last = session.execute(select(func.count(), func.max(OpenAnswer.response_id))
                                  .where(OpenAnswer.question_id == question_id)).one()
    key = (session.get_bind().url.render_as_string(hide_password=True), question_id, count, last)
    with _lock:
        grouped = _cache.get(key)
        if grouped is not None:
            _cache.move_to_end(key)
            return grouped
    texts = session.scalars(select(OpenAnswer.text).where(OpenAnswer.question_id == question_id)
                            .order_by(OpenAnswer.response_id))
    grouped = group_answers(texts)
    if sum(len(g["text"]) for g in grouped["groups"]) <= _KEPT_CHARACTERS:
        with _lock:
            _cache[key] = grouped
            while len(_cache) > _KEPT:
                _cache.popitem(last=False)
    return grouped


def page_of(grouped: dict, page: int, per_page: int = GROUPS_PER_PAGE) -> dict:
    """One page of groups: {"groups", "page", "pages", "first" (1-based rank of the first)}."""
    pages = max(1, -(-len(grouped["groups"]) // per_page))
    page = min(max(page, 1), pages)
    start = (page - 1) * per_page
    return {"groups": grouped["groups"][start:start + per_page], "page": page, "pages": pages,
            "first": start + 1}


@bp.get("/studies/<slug>/open-answers/<code>")
@role_required("researcher", "admin")
def open_answers(slug: str, code: str):
    study: Study = researcher_study_or_404(slug)
    question = db.session.scalar(select(OpenQuestion).where(OpenQuestion.study_id == study.id,
                                                            OpenQuestion.code == code))
    if question is None:
        abort(404)
    page = request.args.get("page", 1, type=int) or 1
    grouped = grouped_answers(db.session, question.id)
    return render_template("analysis/open_answers.html", study=study, question=question,
                           grouped=grouped, shown=page_of(grouped, page))
