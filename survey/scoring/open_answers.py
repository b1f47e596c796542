"""Open answers grouped: identical after case, space and punctuation normalisation, most frequent first.

Reports and the results page print groups (with counts), never every answer: the page count and
the page weight must not grow with the number of respondents. Exports keep every answer verbatim.

Groups fold like the score tally (survey/scoring/statistics.py): a `Group` knows how many answers
it has, the first response that gave one, and per spelling (by digest) its count and first
response, so the groups of the answers so far plus the groups of newer answers are exactly the
groups of all of them (`Group.__add__`). The results page keeps a study's groups stored and folds
only the answers its tally has not seen (survey/analysis/open_groups.py).

Order: most answers first, then the group whose first answer came first; a group is named by its
most common spelling (ties: the spelling given first).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The grouping key: NFKC, lower case, punctuation dropped, runs of space collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def digest(text: str) -> str:
    """A short fixed-size name of a key or spelling (stored instead of texts of up to 5,000 characters)."""
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


@dataclass
class Group:
    """Answers that are the same once normalised."""
    answers: int
    first: int  # the response (or position) of the first answer
    spellings: dict[str, list[int]] = field(default_factory=dict)  # spelling digest -> [count, first]

    def __add__(self, other: Group) -> Group:
        spellings = {name: list(value) for name, value in self.spellings.items()}
        for name, (count, first) in other.spellings.items():
            mine = spellings.setdefault(name, [0, first])
            mine[0] += count
            mine[1] = min(mine[1], first)
        return Group(self.answers + other.answers, min(self.first, other.first), spellings)

    @property
    def rank(self) -> tuple[int, int]:
        """Sorting key: most answers first, then the earliest first answer."""
        return -self.answers, self.first

    def shown(self) -> tuple[str, int]:
        """(digest, first response) of the spelling that names the group: the most common, ties
        the one given first."""
        name, (_, first) = min(self.spellings.items(), key=lambda item: (-item[1][0], item[1][1]))
        return name, first


def groups_of(answers: Iterable[tuple[int, str]]) -> tuple[dict[str, Group], dict[str, str]]:
    """Group (response id or position, text) pairs: the groups by key digest, and the verbatim
    text of every spelling digest seen. Blank answers are left out."""
    groups: dict[str, Group] = {}
    spellings: dict[str, str] = {}
    for first, raw in answers:
        if raw is None:
            continue
        text = str(raw).strip()
        key = normalise(text)
        if not key:
            continue
        name = digest(text)
        spellings.setdefault(name, text)
        group = groups.get(digest(key))
        if group is None:
            groups[digest(key)] = Group(1, first, {name: [1, first]})
            continue
        group.answers += 1
        group.first = min(group.first, first)
        seen = group.spellings.setdefault(name, [0, first])
        seen[0] += 1
        seen[1] = min(seen[1], first)
    return groups, spellings


def folded(groups: dict[str, Group], more: dict[str, Group]) -> dict[str, Group]:
    """Groups by key digest of two sets of answers, as one."""
    out = dict(groups)
    for name, group in more.items():
        out[name] = out[name] + group if name in out else group
    return out


def first_after_fold(stored_first: dict[str, Group], merged: dict[str, Group], limit: int) -> list[tuple[str, Group]]:
    """The first `limit` groups (by key digest) once newer answers are folded into stored groups,
    read from the stored groups' first `limit + len(merged)` (`stored_first`) and the groups the
    newer answers touched, already folded (`merged`). Exact: a group the new answers did not touch
    keeps its rank, and only the len(merged) touched groups can move ahead of it."""
    candidates = {**stored_first, **merged}
    return sorted(candidates.items(), key=lambda item: item[1].rank)[:limit]


def summary(ranked: list[Group], texts: dict[str, str], n_answers: int, n_groups: int) -> dict:
    """{"groups": [{"text", "count"}...], "n_answers", "n_groups", "n_other"} of the groups shown
    (already ranked and cut), each named by its shown spelling (`texts`: digest -> text)."""
    groups = [{"text": texts[group.shown()[0]], "count": group.answers} for group in ranked]
    return {"groups": groups, "n_answers": n_answers, "n_groups": n_groups,
            "n_other": n_answers - sum(g["count"] for g in groups)}


def group_answers(texts: Iterable[str], limit: int | None = None) -> dict:
    """{"groups": [{"text", "count", "key"}...], "n_answers", "n_groups", "n_other"} of a list of
    answers: every group, or with `limit` the first `limit` (`n_other` counts the answers left out)."""
    groups, spellings = groups_of(enumerate(texts))
    ranked = sorted(groups.values(), key=lambda group: group.rank)
    shown = ranked if limit is None else ranked[:limit]
    result = summary(shown, spellings, sum(g.answers for g in ranked), len(ranked))
    for row in result["groups"]:
        row["key"] = normalise(row["text"])
    return result
