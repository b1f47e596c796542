"""Plain objects for a parsed instrument (no Flask, no database).

Glossary: a *dimension* (dimensi/aspek/unsur) holds *indicators* (indikator), which hold
*items* (butir pernyataan) answered on a Likert scale.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

METHODS = ("mean_interval", "ideal_percent", "ikm_2017", "ikm_2004")
VALIDITY_RULES = ("r_item_total", "r_corrected", "r_fixed")
DEMOGRAPHIC_TYPES = ("choice", "integer", "text")


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
    target_category: str | None = None  # Saran for every indicator below this category


SIDES = ("importance", "performance")


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
