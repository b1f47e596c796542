"""Respondent profile (frequency tables) and dimension means broken down by demographic group.

Choice demographics are tabulated per choice; integer ones in groups given by their `bins`
(lower edges), by default age groups for an age question, otherwise about five equal-width
groups between the lowest and highest value. Breakdowns hide groups with fewer than
MIN_GROUP respondents so that nobody can be singled out.

Everything is computed from the tallies per distinct answer of the study's statistics
(statistics.py), so the groups follow the answers seen so far without re-reading them.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from ..instruments.model import Demographic
from .plain import number
from .statistics import Tally

MIN_GROUP = 5
AGE_BINS = (17, 26, 36, 46, 56)
AGE_CODE = re.compile(r"(^|[^a-z])(age|ages|usia|umur)([^a-z]|$)", re.IGNORECASE)
EQUAL_GROUPS = 5
TEXT_ROWS = 30  # most frequent free-text values listed; the rest are counted together


@dataclass
class Grouping:
    """The group of each distinct answer (-1 = none) and the description of each group."""
    codes: np.ndarray  # one entry per key of the tally
    groups: list[dict]  # {"value": label, ...extra keys such as lower/upper}


def integer_edges(question: Demographic, observed: np.ndarray) -> tuple[tuple[int, ...], bool]:
    """(lower edges, last group open-ended) for an integer demographic; `observed`: the distinct
    answers given."""
    if question.bins:
        return tuple(question.bins), True
    if AGE_CODE.search(question.code):
        return AGE_BINS, True
    low = question.min if question.min is not None else (int(observed.min()) if len(observed) else None)
    high = question.max if question.max is not None else (int(observed.max()) if len(observed) else None)
    if len(observed):
        low, high = min(low, int(math.floor(observed.min()))), max(high, int(math.ceil(observed.max())))
    if low is None or high is None:
        return (), True
    width = max(1, math.ceil((high - low + 1) / EQUAL_GROUPS))
    return tuple(range(low, high + 1, width)), False


def integer_grouping(question: Demographic, tally: Tally) -> Grouping:
    numbers = tally.keys.astype(np.float64)
    edges, open_ended = integer_edges(question, numbers)
    codes = np.full(len(numbers), -1, dtype=np.int64)
    if not edges:
        return Grouping(codes, [])
    # Group 0 holds values below the first edge; it is listed only when someone is in it.
    codes[:] = np.searchsorted(np.asarray(edges, dtype=np.float64), numbers, side="right")
    high = int(np.floor(numbers.max())) if len(numbers) else None
    groups = [{"value": f"< {edges[0]}", "lower": None, "upper": edges[0] - 1}]
    for i, lower in enumerate(edges):
        upper = edges[i + 1] - 1 if i + 1 < len(edges) else None
        if upper is None and not open_ended:
            upper = max(high if high is not None else lower, question.max or lower)
        label = (f"{lower}+" if upper is None else str(lower) if upper == lower else f"{lower}–{upper}")
        groups.append({"value": label, "lower": lower, "upper": upper})
    if not (codes == 0).any():  # nobody below the first edge: drop that group
        codes[codes > 0] -= 1
        groups = groups[1:]
    return Grouping(codes, groups)


def choice_grouping(question: Demographic, tally: Tally, free_text: bool = False) -> Grouping:
    names = tally.keys.tolist()  # distinct non-blank names, each answered at least once
    totals = dict(zip(names, (int(p) for p in tally.people)))
    if free_text:
        order = sorted(totals, key=lambda name: (-totals[name], name))
    else:
        order = list(question.choices) + sorted(name for name in totals if name not in question.choices)
    position = {name: i for i, name in enumerate(order)}
    return Grouping(np.array([position.get(name, -1) for name in names], dtype=np.int64),
                    [{"value": name} for name in order])


def grouping_of(question: Demographic, tally: Tally) -> Grouping:
    if question.type == "integer":
        return integer_grouping(question, tally)
    return choice_grouping(question, tally, free_text=question.type == "text")


def _per_group(grouping: Grouping, per_key: np.ndarray) -> np.ndarray:
    """Sum a per-key array (1-D or keys x dimensions) over the keys of each group."""
    member = grouping.codes >= 0
    out = np.zeros((len(grouping.groups),) + per_key.shape[1:], dtype=per_key.dtype)
    np.add.at(out, grouping.codes[member], per_key[member])
    return out


def profile(question: Demographic, grouping: Grouping, tally: Tally, n_responses: int) -> dict:
    """Frequency table: n and percent of those who answered this question, per group."""
    sizes = _per_group(grouping, tally.people)
    n = int(sizes.sum())
    rows = [{**group, "n": int(size), "percent": number(100 * size / n) if n else None}
            for group, size in zip(grouping.groups, sizes)]
    other_values = other_n = 0
    if question.type == "text" and len(rows) > TEXT_ROWS:
        other_values = len(rows) - TEXT_ROWS
        other_n = sum(row["n"] for row in rows[TEXT_ROWS:])
        rows = rows[:TEXT_ROWS]
    return {"code": question.code, "label": question.label, "type": question.type, "n": n,
            "n_missing": int(n_responses - n), "rows": rows,
            "other_values": other_values, "other_n": other_n}


def breakdown(question: Demographic, grouping: Grouping, tally: Tally, dimension_codes: list[str]) -> dict:
    """Pooled dimension means per group; groups under MIN_GROUP respondents are hidden."""
    people = _per_group(grouping, tally.people)
    # Integer totals as floats (exact below 2**53), divided as floats.
    group_sums = _per_group(grouping, tally.sums).astype(np.float64)
    group_counts = _per_group(grouping, tally.answered).astype(np.float64)
    groups, hidden, hidden_n = [], 0, 0
    for g, group in enumerate(grouping.groups):
        n = int(people[g])
        if n == 0:
            continue
        if n < MIN_GROUP:
            hidden, hidden_n = hidden + 1, hidden_n + n
            continue
        means = {code: number(group_sums[g, d] / group_counts[g, d]) if group_counts[g, d] else None
                 for d, code in enumerate(dimension_codes)}
        total, count = group_sums[g].sum(), group_counts[g].sum()
        groups.append({"value": group["value"], "n": n, "dimensions": means,
                       "overall": number(total / count) if count else None})
    return {"code": question.code, "label": question.label, "groups": groups,
            "hidden_groups": hidden, "hidden_n": hidden_n}


def demographics_document(questions: tuple[Demographic, ...], tallies: tuple[Tally, ...],
                          n_responses: int, dimension_codes: list[str]) -> dict:
    """The `demographics` block from the tallies of the study's statistics (statistics.py)."""
    profiles, breakdowns = [], []
    for question, tally in zip(questions, tallies):
        grouping = grouping_of(question, tally)
        profiles.append(profile(question, grouping, tally, n_responses))
        if question.type != "text":
            breakdowns.append(breakdown(question, grouping, tally, dimension_codes))
    return {"profiles": profiles, "breakdowns": breakdowns, "min_group": MIN_GROUP}
