"""Plain objects for a parsed instrument (no Flask, no database).

Glossary: a *dimension* (dimensi/aspek/unsur) holds *indicators* (indikator), which hold
*items* (butir pernyataan) answered on a Likert scale.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

METHODS = ("mean_interval", "ideal_percent", "ikm_2017", "ikm_2004")
VALIDITY_RULES = ("r_item_total", "r_corrected", "r_fixed")
ALPHA_RULES = ("listwise", "pairwise")  # listwise: SPSS Reliability Analysis; pairwise: pingouin, psych
OVERALL_RULES = ("dimension_means", "pooled")  # the variable's overall mean
DEMOGRAPHIC_TYPES = ("choice", "integer", "text")
OPEN_QUESTION_ROLES = ("saran", "pendukung", "penghambat")
SARAN_RULES = ("below_target", "lowest_k")


@dataclass(frozen=True)
class Scale:
    points: int
    labels: tuple[str, ...]

    @property
    def min(self) -> int:
        return 1

    @property
    def max(self) -> int:
        return self.points


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    reverse: bool
    labels: tuple[str, ...]  # effective labels (own override, else indicator's, dimension's, scale's)
    own_labels: tuple[str, ...] | None = None  # override written on the item itself
    action: str | None = None  # what the institution should do when this statement is weak (a Saran)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    items: tuple[Item, ...]
    own_labels: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    indicators: tuple[Indicator, ...]
    description: str | None = None
    own_labels: tuple[str, ...] | None = None

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for ind in self.indicators for item in ind.items)


@dataclass(frozen=True)
class Demographic:
    code: str
    label: str
    type: Literal["choice", "integer", "text"]
    choices: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    required: bool = False
    bins: tuple[int, ...] | None = None  # lower edges of groups for integer demographics


@dataclass(frozen=True)
class OpenQuestion:
    code: str
    label: str
    dimension: str | None = None  # dimension code this question's answers speak to
    required: bool = False
    role: str | None = None  # saran | pendukung | penghambat: where the report uses the answers


@dataclass(frozen=True)
class Categories:
    """Category labels and inclusive upper bounds, lowest class first."""
    labels: tuple[str, ...] | None = None
    bounds: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Recommendation:
    """A recommendation the researcher addresses to a party other than the institution."""
    addressee: str
    text: str


@dataclass(frozen=True)
class Analysis:
    validity_rule: str = "r_item_total"
    r_minimum: float = 0.30  # used by the r_fixed rule
    alpha_threshold: float = 0.60
    target_category: str | None = None  # Saran for every statement below this category
    alpha_rule: str = "listwise"  # which respondents Cronbach's alpha uses (ALPHA_RULES)
    overall: str = "dimension_means"  # how overall.mean is formed (OVERALL_RULES)
    saran_rule: str = "below_target"  # below_target (and at least the lowest k) | lowest_k
    saran_lowest_k: int = 2  # the k of either rule
    saran_min_mentions: int = 3  # an open-answer group mentioned this often becomes a Saran


SIDES = ("importance", "performance")


def side_key(code: str, side: str) -> str:
    """How one side of a paired statement is named on every wire: form fields, the API, CSV
    columns, exports ("P-01:importance"). Unpaired statements keep their plain code."""
    return f"{code}:{side}"


@dataclass(frozen=True)
class Side:
    """One side of a paired study: its name as shown to respondents and its answer labels."""
    name: str
    labels: tuple[str, ...]  # effective labels (own, else the scale's)
    own_labels: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Pairing:
    """Importance (harapan / kepentingan) and performance (kenyataan / kinerja) of every statement."""
    importance: Side
    performance: Side

    def side(self, name: str) -> Side:
        return getattr(self, name)


@dataclass(frozen=True)
class Instrument:
    title: str
    institution: str
    language: Literal["id", "en"]
    scale: Scale
    method: str
    dimensions: tuple[Dimension, ...]
    variable: str | None = None
    framework: str | None = None
    citation: str | None = None
    introduction: str | None = None
    consent: str | None = None
    categories: Categories = field(default_factory=Categories)
    analysis: Analysis = field(default_factory=Analysis)
    demographics: tuple[Demographic, ...] = ()
    open_questions: tuple[OpenQuestion, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    pairing: Pairing | None = None  # None: each statement is answered once
    source: dict = field(default_factory=dict, compare=False, repr=False)  # canonical document

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for dim in self.dimensions for item in dim.items)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(ind for dim in self.dimensions for ind in dim.indicators)

    def item(self, code: str) -> Item:
        return next(item for item in self.items if item.code == code)

    @property
    def answer_keys(self) -> tuple[str, ...]:
        """The answer names of a response: the item codes, or for a paired study both sides of
        each statement (importance first, as respondents are asked)."""
        if self.pairing is None:
            return tuple(item.code for item in self.items)
        return tuple(side_key(item.code, side) for item in self.items for side in SIDES)
