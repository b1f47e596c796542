"""Scored answers and category classification.

Raw answers are checked against the scale, then reverse-keyed items are scored
`min + max - value`; every later number uses these scored values. Categories are assigned to
the score *as printed* (2 decimals, half-up), computed exactly from integer totals so a mean
of exactly 1.805 is never misread as 1.8049999.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from ..instruments import Instrument
from ..instruments.categories import IKM_TABLES, Scheme, scheme_for, target_index
from .items import point_counts
from .plain import round_exact


@dataclass(frozen=True)
class ScoredAnswers:
    """The scored answers of a study, ready for every later calculation."""
    values: np.ndarray  # responses x items, scored (reverse items reversed), NaN = missing
    answered: np.ndarray  # responses x items, True where an answer was given
    counts: np.ndarray  # items x scale points, counts of scored values


def scored_answers(instrument: Instrument, answers: pd.DataFrame) -> ScoredAnswers:
    """Check raw answers against the scale, then score reverse-keyed items min + max - value."""
    codes = [item.code for item in instrument.items]
    absent = [code for code in codes if code not in answers.columns]
    if absent:
        raise ValueError(f"the answers have no column for item(s): {', '.join(absent)}")
    values = answers[codes].to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
    low, high = instrument.scale.min, instrument.scale.max
    answered = ~np.isnan(values)
    counts = point_counts(values, low, high)
    if (counts.sum(axis=1) != np.count_nonzero(answered, axis=0)).any():
        # Some answer is not a point of the scale (a 5 on a 1-4 item, a 2.5): name the first.
        outside = answered & ((values < low) | (values > high) | (values != np.rint(values)))
        row, column = (int(i[0]) for i in np.nonzero(outside))
        raise ValueError(f"item {codes[column]}: answer {values[row, column]:g} is not a point of the "
                         f"{low}-{high} scale")
    reverse = [i for i, item in enumerate(instrument.items) if item.reverse]
    if reverse:
        values[:, reverse] = low + high - values[:, reverse]
        counts[reverse] = counts[reverse, ::-1]
    return ScoredAnswers(values, answered, counts)


@dataclass(frozen=True)
class Classifier:
    """Which number a study's method classifies, and the category scheme it falls into."""
    scheme: Scheme
    basis: str  # "mean", "percent_ideal" or "ikm_converted"
    factor: Fraction  # the classified number = mean x factor

    def printed(self, total: int, n: int) -> float | None:
        """The classified number of a pooled total over n answers, rounded as printed."""
        if n <= 0:
            return None
        return round_exact(Fraction(int(total), int(n)) * self.factor, 2)

    def classify(self, total: int, n: int) -> tuple[str | None, int | None]:
        """(category label, category index) of a pooled total over n answers."""
        return self.classify_mean(Fraction(int(total), int(n)) if n > 0 else None)

    def classify_mean(self, mean: Fraction | None) -> tuple[str | None, int | None]:
        """(category label, category index) of an exact mean (a mean of dimension means, say)."""
        index = None if mean is None else self.scheme.index(round_exact(mean * self.factor, 2))
        return (None, None) if index is None else (self.scheme.labels[index], index)


def classifier_for(instrument: Instrument) -> Classifier:
    """The classifier of the instrument's method; IKM methods demand a 1-4 scale."""
    method, points = instrument.method, instrument.scale.points
    if method in IKM_TABLES:
        if points != 4 or instrument.scale.min != 1:
            raise ValueError(f"method {method} (SKM, Permen PANRB / KepMenPAN) needs a 1-4 scale; "
                             f"this study uses a {instrument.scale.min}-{instrument.scale.max} scale. "
                             "Choose mean_interval or ideal_percent for other scales.")
        return Classifier(scheme_for(method, points, instrument.language), "ikm_converted", Fraction(25))
    scheme = scheme_for(method, points, instrument.language,
                        instrument.categories.labels, instrument.categories.bounds)
    if method == "ideal_percent":
        return Classifier(scheme, "percent_ideal", Fraction(100, instrument.scale.max))
    return Classifier(scheme, "mean", Fraction(1))


def categories_document(instrument: Instrument, classifier: Classifier) -> dict:
    """The `categories` block: labels, bounds and the target category of the study."""
    scheme = classifier.scheme
    first = {"mean": float(instrument.scale.min), "percent_ideal": 0.0, "ikm_converted": 25.0}
    lower = (first[classifier.basis],) + tuple(round(b + 0.01, 2) for b in scheme.bounds[:-1])
    target = target_index(scheme, instrument.analysis.target_category, instrument.language)
    return {
        "labels": list(scheme.labels),
        "bounds": [float(b) for b in scheme.bounds],
        "lower_bounds": [float(b) for b in lower],
        "unit": scheme.unit,
        "basis": classifier.basis,
        "grades": list(scheme.grades) if scheme.grades else None,
        "target_category": scheme.labels[target],
        "target_index": target,
    }
