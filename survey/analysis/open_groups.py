"""A study's open-answer groups as of its stored tally (`open_answer_group`), read and written
beside it (survey/analysis/service.py), so the results page lists each question's most frequent
groups without reading every answer.

The groups are rows, not part of the tally's blob: there is one per distinct answer, so they grow
with the respondents, and a read needs only a question's first few (by the `rank` index) and the
groups its newer answers touch (by key). Those are folded in memory (scoring/open_answers.py
`first_after_fold`: exact); the save writes the touched groups, or every group after a rebuild.
"""
from __future__ import annotations

from sqlalchemy import delete, insert, select, tuple_

from ..models import OpenAnswer, OpenAnswerGroup, OpenQuestion
from ..scoring.open_answers import Group, first_after_fold, summary

IN_BATCH = 500  # keys per IN list
RANK_STEP = 2 ** 32  # rank = first response id - answers * RANK_STEP: ascending is the display order


def question_ids(connection, study_id: int) -> dict[str, int]:
    return dict(connection.execute(select(OpenQuestion.code, OpenQuestion.id)
                                   .where(OpenQuestion.study_id == study_id)).all())


def _group(row) -> Group:
    return Group(row.answers, row.first_response_id, {name: list(value) for name, value in row.spellings.items()})


def stored(connection, question_id: int, digests) -> dict[str, Group]:
    """The stored groups of a question with these key digests."""
    digests = list(digests)
    found = {}
    for start in range(0, len(digests), IN_BATCH):
        rows = connection.execute(select(OpenAnswerGroup).where(
            OpenAnswerGroup.question_id == question_id,
            OpenAnswerGroup.key_digest.in_(digests[start:start + IN_BATCH])))
        found.update({row.key_digest: _group(row) for row in rows})
    return found


def stored_first(connection, question_id: int, count: int) -> dict[str, Group]:
    """A question's first `count` stored groups (most answers, then earliest)."""
    rows = connection.execute(select(OpenAnswerGroup).where(OpenAnswerGroup.question_id == question_id)
                              .order_by(OpenAnswerGroup.rank).limit(count))
    return {row.key_digest: _group(row) for row in rows}


def summaries(connection, ids: dict[str, int], counts: dict[str, list[int]],
              changes: dict[str, dict[str, Group]], texts: dict[str, str], *, every: bool,
              limit: int) -> dict[str, dict]:
    """Per open question (`ids`: code -> id) the scoring/open_answers.py `summary` of its first `limit` groups:
    `changes` are the groups the read's newer answers touched, already folded (with `every`: all
    of the question's groups), `counts` [answers, groups] per code, `texts` the verbatim spellings
    the read saw (by digest); other spellings are read from the answers that gave them first."""
    codes = list(ids)
    ranked = {}
    for code in codes:
        touched = changes.get(code, {})
        first = {} if every else stored_first(connection, ids[code], limit + len(touched))
        ranked[code] = [group for _, group in first_after_fold(first, touched, limit)]
    wanted = [(ids[code], group.shown()) for code in codes for group in ranked[code]]
    missing = {(question, first) for question, (name, first) in wanted if name not in texts}
    found = _texts_of(connection, missing)
    named = dict(texts)
    for question, (name, first) in wanted:
        named.setdefault(name, found.get((question, first), ""))
    return {code: summary(ranked[code], named, *counts.get(code, [0, 0])) for code in codes}


def _texts_of(connection, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Verbatim open answers by (question id, response id)."""
    pairs = sorted(pairs)
    found = {}
    for start in range(0, len(pairs), IN_BATCH):
        rows = connection.execute(select(OpenAnswer.question_id, OpenAnswer.response_id, OpenAnswer.text).where(
            tuple_(OpenAnswer.question_id, OpenAnswer.response_id).in_(pairs[start:start + IN_BATCH])))
        found.update({(q, r): text.strip() for q, r, text in rows})
    return found


def write(connection, ids: dict[str, int], changes: dict[str, dict[str, Group]], *, every: bool) -> None:
    """Store groups (in the caller's transaction, the tally's) of the open questions `ids` (code ->
    id): the touched ones replace their stored rows; with `every`, all of them are replaced."""
    if every:
        connection.execute(delete(OpenAnswerGroup).where(OpenAnswerGroup.question_id.in_(list(ids.values()))))
    for code, groups in changes.items():
        digests = list(groups)
        if not every:
            for start in range(0, len(digests), IN_BATCH):
                connection.execute(delete(OpenAnswerGroup).where(
                    OpenAnswerGroup.question_id == ids[code],
                    OpenAnswerGroup.key_digest.in_(digests[start:start + IN_BATCH])))
        rows = [{"question_id": ids[code], "key_digest": name, "answers": group.answers,
                 "first_response_id": group.first, "rank": group.first - group.answers * RANK_STEP,
                 "spellings": group.spellings} for name, group in groups.items()]
        for start in range(0, len(rows), 10_000):
            connection.execute(insert(OpenAnswerGroup), rows[start:start + 10_000])
