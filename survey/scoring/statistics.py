"""Sufficient statistics of a study: exact integer tallies every figure of the scores document
comes from, so new responses are folded in without re-reading the old ones.

Design (issue 14, item 2):

- `statistics_of(instrument, answers, demographics, importance)` tallies a set of responses;
  `a + b` is the statistics of both sets. Every field is an integer array (or an int), and
  folding is plain integer addition, so it is exact and associative: the statistics of all
  responses equal the fold of the statistics of any split of them, array for array.
- `score_study` (study.py) computes the whole document FROM the statistics
  (`score_from_statistics`), whether they were tallied from every answer at once or folded
  from a stored tally and the responses after it: both give the same document, bit for bit.
- What is kept (K items, P scale points, D dimensions, I indicators):
  * `counts` K x P: scored answers per scale point (what respondents ticked is the reverse of
    a reverse-keyed item's row): every n, mean, sd, percentage, category, the IKM and the
    overall rules (dimension means are pooled means, i.e. counts too);
  * `both`, `sums`, `cross` K x K over pairwise-complete respondents (answered i and j):
    respondents, sum of item i, sum of products: pairwise covariances (pairwise alpha) and its n;
  * per dimension, and for all items together (last), over complete cases (every item of the
    block answered): `complete_n`, `complete_sums` (k) and `complete_cross` (k x k): item-total
    r (validity), listwise alpha and alpha if deleted;
  * `reached_dimension` (D), `reached_indicator` (I), `reached_any`: respondents who answered at
    least one item of each dimension / indicator / the instrument;
  * per demographic question a `Tally` per distinct answer (its respondents, and their summed
    dimension totals and answer counts): integer groups are formed from the observed lowest and
    highest value and text lists the most frequent values, so the groups are formed when the
    document is made, from the distinct values;
  * for a paired study `ipa` 3 x K: per statement the respondents who answered both sides and
    the two totals of scored values over them.
- Nothing needs rows: there are no medians or other order statistics in the document.
- The size is independent of the number of responses (except demographic free-text and integer
  answers: one entry per distinct value).

`to_bytes` / `from_bytes` store a tally (numpy .npz, no pickle).
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from ..instruments import Instrument
from ..instruments.model import Demographic
from .scales import scored_answers

FORMAT = "survey-statistics/1"  # bump when the tally changes: stored tallies are then rebuilt


@dataclass(eq=False)
class Tally:
    """One demographic question: per distinct answer (sorted), its respondents and their sums.

    `keys`: names (choice and text answers as printed, "2" for a choice stored as 2.0) or numbers
    (integer questions, float64); `people` per key; `sums` / `answered` per key and dimension: the
    total of the scored answers and the number of answers its respondents gave in the dimension.
    """
    keys: np.ndarray
    people: np.ndarray
    sums: np.ndarray
    answered: np.ndarray

    def __add__(self, other: Tally) -> Tally:
        keys = np.union1d(self.keys, other.keys)  # sorted, like every tally's keys
        people = np.zeros(len(keys), dtype=np.int64)
        width = self.sums.shape[1]
        sums = np.zeros((len(keys), width), dtype=np.int64)
        answered = np.zeros((len(keys), width), dtype=np.int64)
        for part in (self, other):
            at = np.searchsorted(keys, part.keys)
            people[at] += part.people
            sums[at] += part.sums
            answered[at] += part.answered
        return Tally(keys, people, sums, answered)

    def __eq__(self, other) -> bool:
        return isinstance(other, Tally) and all(
            a.dtype == b.dtype and np.array_equal(a, b) for a, b in
            zip(_arrays(self), _arrays(other)))


@dataclass(eq=False)
class Statistics:
    """Exact tallies of a set of responses (module docstring); `a + b` folds two sets."""
    n_responses: int
    counts: np.ndarray  # items x scale points, scored values
    both: np.ndarray  # items x items: respondents who answered i and j
    sums: np.ndarray  # [i, j]: sum of scored item i over respondents who answered i and j
    cross: np.ndarray  # [i, j]: sum of scored i x scored j over those respondents
    complete_n: np.ndarray  # per dimension, then all items: complete cases
    complete_sums: tuple[np.ndarray, ...]  # per block: item sums over its complete cases
    complete_cross: tuple[np.ndarray, ...]  # per block: sums of products over its complete cases
    reached_dimension: np.ndarray
    reached_indicator: np.ndarray
    reached_any: int
    demographics: tuple[Tally, ...]  # in instrument order
    ipa: np.ndarray | None  # 3 x items: answered pairs, importance totals, performance totals

    def __add__(self, other: Statistics) -> Statistics:
        if (self.ipa is None) != (other.ipa is None) or len(self.demographics) != len(other.demographics):
            raise ValueError("statistics of different instruments cannot be folded")
        return Statistics(
            n_responses=self.n_responses + other.n_responses,
            counts=self.counts + other.counts, both=self.both + other.both,
            sums=self.sums + other.sums, cross=self.cross + other.cross,
            complete_n=self.complete_n + other.complete_n,
            complete_sums=tuple(a + b for a, b in zip(self.complete_sums, other.complete_sums)),
            complete_cross=tuple(a + b for a, b in zip(self.complete_cross, other.complete_cross)),
            reached_dimension=self.reached_dimension + other.reached_dimension,
            reached_indicator=self.reached_indicator + other.reached_indicator,
            reached_any=self.reached_any + other.reached_any,
            demographics=tuple(a + b for a, b in zip(self.demographics, other.demographics)),
            ipa=None if self.ipa is None else self.ipa + other.ipa)

    def __eq__(self, other) -> bool:
        """Exact equality, array for array (dtypes included)."""
        if not isinstance(other, Statistics):
            return NotImplemented
        if (self.n_responses, self.reached_any) != (other.n_responses, other.reached_any):
            return False
        if (self.ipa is None) != (other.ipa is None) or self.demographics != other.demographics:
            return False
        mine, theirs = _arrays(self), _arrays(other)
        return len(mine) == len(theirs) and all(
            a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(mine, theirs))

    def to_bytes(self) -> bytes:
        """The tally as a .npz archive (integer arrays, names as unicode arrays; no pickle)."""
        arrays = {"format": np.array(FORMAT), "n_responses": np.array(self.n_responses, dtype=np.int64),
                  "reached_any": np.array(self.reached_any, dtype=np.int64),
                  "counts": self.counts, "both": self.both, "sums": self.sums, "cross": self.cross,
                  "complete_n": self.complete_n, "reached_dimension": self.reached_dimension,
                  "reached_indicator": self.reached_indicator,
                  "blocks": np.array(len(self.complete_sums)), "questions": np.array(len(self.demographics))}
        for b, (s, c) in enumerate(zip(self.complete_sums, self.complete_cross)):
            arrays[f"complete_sums_{b}"], arrays[f"complete_cross_{b}"] = s, c
        for q, tally in enumerate(self.demographics):
            for name in ("keys", "people", "sums", "answered"):
                arrays[f"demographic_{q}_{name}"] = getattr(tally, name)
        if self.ipa is not None:
            arrays["ipa"] = self.ipa
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Statistics:
        """The tally `to_bytes` wrote; ValueError for another format."""
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            a = {name: archive[name] for name in archive.files}
        if str(a.get("format")) != FORMAT:
            raise ValueError(f"not a {FORMAT} tally")
        blocks, questions = int(a["blocks"]), int(a["questions"])
        return cls(
            n_responses=int(a["n_responses"]), counts=a["counts"], both=a["both"], sums=a["sums"],
            cross=a["cross"], complete_n=a["complete_n"],
            complete_sums=tuple(a[f"complete_sums_{b}"] for b in range(blocks)),
            complete_cross=tuple(a[f"complete_cross_{b}"] for b in range(blocks)),
            reached_dimension=a["reached_dimension"], reached_indicator=a["reached_indicator"],
            reached_any=int(a["reached_any"]),
            demographics=tuple(Tally(*(a[f"demographic_{q}_{name}"] for name in ("keys", "people", "sums", "answered")))
                               for q in range(questions)),
            ipa=a.get("ipa"))


def _arrays(value) -> list[np.ndarray]:
    out = []
    for f in fields(value):
        item = getattr(value, f.name)
        if isinstance(item, np.ndarray):
            out.append(item)
        elif isinstance(item, tuple) and item and isinstance(item[0], np.ndarray):
            out.extend(item)
    return out


def block_columns(instrument: Instrument) -> list[list[int]]:
    """Item columns of each complete-case block: every dimension, then all items."""
    column = {item.code: i for i, item in enumerate(instrument.items)}
    blocks = [[column[item.code] for item in dim.items] for dim in instrument.dimensions]
    return blocks + [list(range(len(column)))]


def _columns(cols: list[int]) -> slice | list[int]:
    """A block's columns as a slice when they are adjacent (a dimension's items usually are):
    numpy then views them instead of copying."""
    if cols and cols == list(range(cols[0], cols[-1] + 1)):
        return slice(cols[0], cols[-1] + 1)
    return cols


def membership(instrument: Instrument, groups) -> np.ndarray:
    """Items x groups 0/1 matrix: which items belong to each dimension / indicator."""
    column = {item.code: i for i, item in enumerate(instrument.items)}
    matrix = np.zeros((len(column), len(groups)))
    for g, group in enumerate(groups):
        matrix[[column[item.code] for item in group.items], g] = 1.0
    return matrix


def _integers(matrix: np.ndarray) -> np.ndarray:
    """Float products of small integers (exact below 2**53) as int64."""
    return np.rint(matrix).astype(np.int64)


def statistics_of(instrument: Instrument, answers: pd.DataFrame, demographics: pd.DataFrame | None = None,
                  importance: pd.DataFrame | None = None) -> Statistics:
    """The tally of a set of responses. `answers`: one row per response, a column per item code,
    raw answers (NaN = missing; the performance side of a paired study, `importance` the other);
    `demographics`: same index, a column per demographic code. Raises ValueError for an answer
    that is not a point of the scale (either side)."""
    scored = scored_answers(instrument, answers)
    values, answered = scored.values, scored.answered
    n = values.shape[0]
    present = answered.astype(np.float64)
    zeroed = np.where(answered, values, 0.0)  # a missing answer adds nothing to a sum
    # Matrix products of 0/1 and scale points: exact integers in float64 below 2**53 (billions
    # of responses), far faster than integer products.
    both, sums, cross = present.T @ present, zeroed.T @ present, zeroed.T @ zeroed

    complete_n, complete_sums, complete_cross = [], [], []
    for cols in block_columns(instrument):
        # A respondent who answered every item of the block counts with weight 1, anyone else 0:
        # sums and products over complete cases without copying their rows out.
        columns = _columns(cols)
        complete = answered[:, columns].all(axis=1)
        block = zeroed[:, columns] * complete[:, None]
        complete_n.append(int(np.count_nonzero(complete)))
        complete_sums.append(_integers(block.sum(axis=0)))
        complete_cross.append(_integers(block.T @ block))

    in_dimension = membership(instrument, instrument.dimensions)
    answered_per_dimension = present @ in_dimension
    sums_per_dimension = zeroed @ in_dimension
    reached_indicator = np.count_nonzero(present @ membership(instrument, instrument.indicators), axis=0)
    reached_any = int(np.count_nonzero(answered_per_dimension.sum(axis=1))) if n else 0

    frame = demographics if demographics is not None else pd.DataFrame(index=answers.index)
    frame = frame.reindex(index=answers.index)
    tallies = tuple(_tally(question, frame[question.code] if question.code in frame.columns
                           else pd.Series(None, index=answers.index, dtype=object),
                           _integers(sums_per_dimension), _integers(answered_per_dimension))
                    for question in instrument.demographics)

    return Statistics(
        n_responses=n, counts=scored.counts.astype(np.int64), both=_integers(both), sums=_integers(sums),
        cross=_integers(cross), complete_n=np.array(complete_n, dtype=np.int64),
        complete_sums=tuple(complete_sums), complete_cross=tuple(complete_cross),
        reached_dimension=np.count_nonzero(answered_per_dimension, axis=0).astype(np.int64),
        reached_indicator=reached_indicator.astype(np.int64), reached_any=reached_any,
        demographics=tallies, ipa=_ipa_totals(instrument, importance, values, answers.index))


def _ipa_totals(instrument: Instrument, importance: pd.DataFrame | None, performance: np.ndarray,
                index: pd.Index) -> np.ndarray | None:
    """3 x items: pairs answered on both sides, importance and performance totals over them."""
    if instrument.pairing is None:
        return None
    if importance is None:
        importance = pd.DataFrame(np.nan, index=index, columns=[item.code for item in instrument.items])
    importance_values = scored_answers(instrument, importance).values  # the same scale checks
    both = ~np.isnan(importance_values) & ~np.isnan(performance)
    return np.stack([np.count_nonzero(both, axis=0),
                     _integers(np.where(both, importance_values, 0).sum(axis=0)),
                     _integers(np.where(both, performance, 0).sum(axis=0))]).astype(np.int64)


def _name(value) -> str:
    """A stored answer as text ("2" for a choice that arrived as the number 2.0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _tally(question: Demographic, column: pd.Series, sums: np.ndarray, answered: np.ndarray) -> Tally:
    """Per distinct answer of one question: respondents and their dimension sums and counts.
    Unanswered (and, for names, blank) answers are left out."""
    if question.type == "integer":
        numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        known = ~np.isnan(numbers)
        keys, codes = np.unique(numbers[known], return_inverse=True)
        keys = keys.astype(np.float64)
    else:
        # factorize works in C over the respondents; only the distinct answers are named in Python.
        factor, distinct = pd.factorize(column, use_na_sentinel=True)
        names = [_name(value) for value in distinct]
        keys = np.array(sorted({name for name in names if name}), dtype=str)
        position = {name: i for i, name in enumerate(keys.tolist())}
        lookup = np.array([position.get(name, -1) for name in names] + [-1], dtype=np.int64)
        named = lookup[factor]  # factor -1 (missing) picks the extra last entry
        known = named >= 0
        codes = named[known]
    size, width = len(keys), sums.shape[1]
    people = np.bincount(codes, minlength=size).astype(np.int64)
    cells = (codes[:, None] * width + np.arange(width)).ravel()
    group_sums = np.bincount(cells, weights=sums[known].ravel(), minlength=size * width)
    group_answered = np.bincount(cells, weights=answered[known].ravel(), minlength=size * width)
    return Tally(keys, people, _integers(group_sums).reshape(size, width),
                 _integers(group_answered).reshape(size, width))


def study_digest(instrument_digest: str) -> str:
    """What a stored tally must match to be folded: the tally format and the instrument version."""
    return json.dumps([FORMAT, instrument_digest])
