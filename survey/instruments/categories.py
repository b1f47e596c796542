"""The category schemes an instrument's scoring method classifies scores into.

A scheme is a list of labels with inclusive upper bounds, lowest class first. Scores are
classified *as printed* (rounded to 2 decimals, half-up), as readers of a thesis table do.
The SKM tables (IKM) are fixed by regulation; the others have defaults the researcher may
override in the instrument file (`categories:`).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Default class labels per number of classes, by language.
DEFAULT_LABELS = {
    "id": {
        2: ("Tidak Baik", "Baik"),
        3: ("Tidak Baik", "Cukup Baik", "Baik"),
        4: ("Tidak Baik", "Kurang Baik", "Baik", "Sangat Baik"),
        5: ("Sangat Tidak Baik", "Tidak Baik", "Cukup Baik", "Baik", "Sangat Baik"),
        6: ("Sangat Tidak Baik", "Tidak Baik", "Kurang Baik", "Cukup Baik", "Baik", "Sangat Baik"),
        7: ("Sangat Tidak Baik", "Tidak Baik", "Kurang Baik", "Cukup Baik", "Agak Baik", "Baik",
            "Sangat Baik"),
    },
    "en": {
        2: ("Poor", "Good"),
        3: ("Poor", "Fair", "Good"),
        4: ("Poor", "Fair", "Good", "Very Good"),
        5: ("Very Poor", "Poor", "Fair", "Good", "Very Good"),
        6: ("Very Poor", "Poor", "Somewhat Poor", "Fair", "Good", "Very Good"),
        7: ("Very Poor", "Poor", "Somewhat Poor", "Fair", "Somewhat Good", "Good", "Very Good"),
    },
}
# The "target" a service should reach; Saran are written for everything below it.
DEFAULT_TARGET = {"id": "Baik", "en": "Good"}
# Scales of 8-11 points default to 5 classes: 10 category names would mean nothing to readers.
MAX_DEFAULT_CLASSES = 7
IDEAL_PERCENT_BOUNDS = (20.0, 40.0, 60.0, 80.0, 100.0)

# Permen PANRB 14/2017: converted IKM (25-100) upper bounds, grades and labels.
IKM_2017 = ((64.99, "D", "Tidak Baik"), (76.60, "C", "Kurang Baik"),
            (88.30, "B", "Baik"), (100.00, "A", "Sangat Baik"))
# KepMenPAN 25/2004: four equal bands of the converted value.
IKM_2004 = ((43.75, "D", "Tidak Baik"), (62.50, "C", "Kurang Baik"),
            (81.25, "B", "Baik"), (100.00, "A", "Sangat Baik"))
IKM_TABLES = {"ikm_2017": IKM_2017, "ikm_2004": IKM_2004}
IKM_LABELS_EN = {"Tidak Baik": "Poor", "Kurang Baik": "Fair", "Baik": "Good", "Sangat Baik": "Very Good"}


def round_half_up(value: float, places: int = 2) -> float:
    """Round as a reader does on paper (2.675 -> 2.68), not banker's rounding."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Scheme:
    labels: tuple[str, ...]
    bounds: tuple[float, ...]  # inclusive upper bound of each class
    unit: str  # "mean" (scale points) or "percent"
    grades: tuple[str, ...] | None = None  # A-D for the SKM tables

    def index(self, value: float | None) -> int | None:
        """Class index of a score, classified as printed (2 decimals, half-up)."""
        if value is None or value != value:  # None or NaN: nothing to classify
            return None
        printed = round_half_up(value, 2)
        for i, upper in enumerate(self.bounds):
            if printed <= upper:
                return i
        return len(self.bounds) - 1

    def label(self, value: float | None) -> str | None:
        i = self.index(value)
        return None if i is None else self.labels[i]

    def lower_bounds(self) -> tuple[float, ...]:
        """Printed lower bound of each class (previous upper bound + 0.01)."""
        first = 0.0 if self.unit == "percent" else 1.0
        return (first,) + tuple(round(b + 0.01, 2) for b in self.bounds[:-1])


def default_class_count(points: int) -> int:
    return points if points <= MAX_DEFAULT_CLASSES else 5


def equal_interval_bounds(points: int, classes: int) -> tuple[float, ...]:
    """Upper bounds of k equal-width classes from 1 to `points`, as printed (2 decimals)."""
    width = (points - 1) / classes
    return tuple(round_half_up(1 + width * (i + 1), 2) for i in range(classes))


def scheme_for(method: str, points: int, language: str = "id",
               labels: tuple[str, ...] | None = None,
               bounds: tuple[float, ...] | None = None) -> Scheme:
    """The category scheme of a method, with the researcher's overrides applied."""
    if method in IKM_TABLES:
        table = IKM_TABLES[method]
        names = tuple(row[2] for row in table)
        if language == "en":
            names = tuple(IKM_LABELS_EN[n] for n in names)
        return Scheme(names, tuple(row[0] for row in table), "percent", tuple(row[1] for row in table))
    k = len(labels) if labels else len(bounds) if bounds else (
        5 if method == "ideal_percent" else default_class_count(points))
    if labels is None:
        labels = DEFAULT_LABELS.get(language, DEFAULT_LABELS["id"])[k]
    if bounds is None:
        if method == "ideal_percent":
            bounds = tuple(round_half_up(100 * (i + 1) / k, 2) for i in range(k))
        else:
            bounds = equal_interval_bounds(points, k)
    return Scheme(tuple(labels), tuple(float(b) for b in bounds),
                  "percent" if method == "ideal_percent" else "mean")


def target_index(scheme: Scheme, target: str | None, language: str = "id") -> int:
    """Index of the target category: the researcher's, else "Baik", else the second highest."""
    wanted = target or DEFAULT_TARGET.get(language, "Baik")
    if wanted in scheme.labels:
        return scheme.labels.index(wanted)
    return max(len(scheme.labels) - 2, 0)
