"""Respondent profile (frequency tables) and dimension means broken down by demographic group.

Choice demographics are tabulated per choice; integer ones in groups given by their `bins`
(lower edges), by default age groups for an age question, otherwise about five equal-width
groups between the lowest and highest value. Breakdowns hide groups with fewer than
MIN_GROUP respondents so that nobody can be singled out.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..instruments.model import Demographic
from .plain import number

MIN_GROUP = 5
AGE_BINS = (17, 26, 36, 46, 56)
AGE_CODE = re.compile(r"(^|[^a-z])(age|ages|usia|umur)([^a-z]|$)", re.IGNORECASE)
EQUAL_GROUPS = 5
TEXT_ROWS = 30  # most frequent free-text values listed; the rest are counted together


@dataclass
class Grouping:
    """Group of each respondent (-1 = no answer) and the description of each group."""
    codes: np.ndarray
    groups: list[dict]  # {"value": label, ...extra keys such as lower/upper}


def integer_edges(question: Demographic, values: pd.Series) -> tuple[tuple[int, ...], bool]:
    """(lower edges, last group open-ended) for an integer demographic."""
    if question.bins:
        return tuple(question.bins), True
    if AGE_CODE.search(question.code):
        return AGE_BINS, True
    observed = values.dropna()
    low = question.min if question.min is not None else (int(observed.min()) if len(observed) else None)
    high = question.max if question.max is not None else (int(observed.max()) if len(observed) else None)
    if len(observed):
        low, high = min(low, int(math.floor(observed.min()))), max(high, int(math.ceil(observed.max())))
    if low is None or high is None:
        return (), True
    width = max(1, math.ceil((high - low + 1) / EQUAL_GROUPS))
    return tuple(range(low, high + 1, width)), False


def integer_grouping(question: Demographic, column: pd.Series) -> Grouping:
    values = pd.to_numeric(column, errors="coerce")
    edges, open_ended = integer_edges(question, values)
    numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
    known = ~np.isnan(numbers)
    codes = np.full(len(numbers), -1, dtype=np.int64)
    if not edges:
        return Grouping(codes, [])
    # Group 0 holds values below the first edge; it is listed only when someone is in it.
    codes[known] = np.searchsorted(np.asarray(edges, dtype=np.float64), numbers[known], side="right")
    high = int(np.floor(numbers[known].max())) if known.any() else None
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


def _name(value) -> str:
    """A stored answer as text ("2" for a choice that arrived as the number 2.0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def choice_grouping(question: Demographic, column: pd.Series, free_text: bool = False) -> Grouping:
    # factorize works in C over the respondents; only the distinct answers are handled in Python.
    codes, distinct = pd.factorize(column, use_na_sentinel=True)
    names = [_name(value) for value in distinct]
    sizes = np.bincount(codes[codes >= 0], minlength=len(names))
    totals: dict[str, int] = {}
    for name, size in zip(names, sizes):
        if name:
            totals[name] = totals.get(name, 0) + int(size)
    if free_text:
        order = sorted(totals, key=lambda name: (-totals[name], name))
    else:
        order = list(question.choices) + sorted(name for name in totals if name not in question.choices)
    position = {name: i for i, name in enumerate(order)}
    # The extra last entry maps the missing code (-1) to -1.
    lookup = np.array([position.get(name, -1) for name in names] + [-1], dtype=np.int64)
    return Grouping(lookup[codes], [{"value": name} for name in order])


def grouping_of(question: Demographic, column: pd.Series) -> Grouping:
    if question.type == "integer":
        return integer_grouping(question, column)
    return choice_grouping(question, column, free_text=question.type == "text")


def profile(question: Demographic, grouping: Grouping) -> dict:
    """Frequency table: n and percent of those who answered this question, per group."""
    answered = grouping.codes[grouping.codes >= 0]
    sizes = np.bincount(answered, minlength=len(grouping.groups))
    n = int(len(answered))
    rows = [{**group, "n": int(size), "percent": number(100 * size / n) if n else None}
            for group, size in zip(grouping.groups, sizes)]
    other_values = other_n = 0
    if question.type == "text" and len(rows) > TEXT_ROWS:
        other_values = len(rows) - TEXT_ROWS
        other_n = sum(row["n"] for row in rows[TEXT_ROWS:])
        rows = rows[:TEXT_ROWS]
    return {"code": question.code, "label": question.label, "type": question.type, "n": n,
            "n_missing": int(len(grouping.codes) - n), "rows": rows,
            "other_values": other_values, "other_n": other_n}


def breakdown(question: Demographic, grouping: Grouping, dimension_codes: list[str],
              sums: np.ndarray, answered: np.ndarray) -> dict:
    """Pooled dimension means per group; groups under MIN_GROUP respondents are hidden."""
    size, width = len(grouping.groups), sums.shape[1]
    member = grouping.codes >= 0
    codes = grouping.codes[member]
    people = np.bincount(codes, minlength=size)
    # One bincount per matrix: cell (group, dimension) gets bin group * width + dimension.
    cells = (codes[:, None] * width + np.arange(width)).ravel()
    group_sums = np.bincount(cells, weights=sums[member].ravel(), minlength=size * width).reshape(size, width)
    group_counts = np.bincount(cells, weights=answered[member].ravel(),
                               minlength=size * width).reshape(size, width)
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


def demographics_document(questions: tuple[Demographic, ...], frame: pd.DataFrame | None,
                          index: pd.Index, dimension_codes: list[str], sums: np.ndarray,
                          answered: np.ndarray) -> dict:
    """The `demographics` block; `sums`/`answered` are respondents x dimensions."""
    if frame is None:
        frame = pd.DataFrame(index=index)
    frame = frame.reindex(index=index)
    profiles, breakdowns = [], []
    for question in questions:
        column = frame[question.code] if question.code in frame.columns else pd.Series(None, index=index,
                                                                                       dtype=object)
        grouping = grouping_of(question, column)
        profiles.append(profile(question, grouping))
        if question.type != "text":
            breakdowns.append(breakdown(question, grouping, dimension_codes, sums, answered))
    return {"profiles": profiles, "breakdowns": breakdowns, "min_group": MIN_GROUP}
