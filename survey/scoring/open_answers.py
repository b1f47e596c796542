"""Open answers grouped: identical after case, space and punctuation normalisation, most frequent first.

Reports and the results page print groups (with counts), never every answer: the page count and
the page weight must not grow with the number of respondents. Exports keep every answer verbatim.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterable

_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The grouping key: NFKC, lower case, punctuation dropped, runs of space collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def group_answers(texts: Iterable[str], limit: int | None = None) -> dict:
    """{"groups": [{"text", "count", "key"}...], "n_answers", "n_groups", "n_other"}.

    `text` is the group's most common spelling (ties: the first seen); groups are sorted by count,
    then by first appearance. With `limit`, only the first `limit` groups are listed and `n_other`
    counts the answers left out.
    """
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for raw in texts:
        if raw is None:
            continue
        text = str(raw).strip()
        key = normalise(text)
        if not key:
            continue
        counts[key] += 1
        spellings.setdefault(key, Counter())[text] += 1
    order = {key: i for i, key in enumerate(spellings)}
    ranked = sorted(counts, key=lambda key: (-counts[key], order[key]))
    shown = ranked if limit is None else ranked[:limit]
    groups = [{"text": spellings[key].most_common(1)[0][0], "count": counts[key], "key": key} for key in shown]
    total = sum(counts.values())
    return {"groups": groups, "n_answers": total, "n_groups": len(ranked),
            "n_other": total - sum(g["count"] for g in groups)}
