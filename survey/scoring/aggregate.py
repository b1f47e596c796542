"""Summary of a pool of scored answers (an item, indicator, dimension or the whole instrument).

Everything derives from the counts per scale point, in exact integer arithmetic: the pooled
mean is the mean of every answered value inside the pool, not a mean of means.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from .plain import number
from .scales import Classifier


def summary(counts: np.ndarray, low: int, high: int, classifier: Classifier) -> dict:
    """n_answers, mean, sd, counts, percents, agree/disagree shares, percent_ideal, category."""
    values = range(low, high + 1)
    counts = [int(c) for c in counts]
    n = sum(counts)
    total = sum(v * c for v, c in zip(values, counts))
    squares = sum(v * v * c for v, c in zip(values, counts))
    middle = Fraction(low + high, 2)
    above = sum(c for v, c in zip(values, counts) if v > middle)
    below = sum(c for v, c in zip(values, counts) if v < middle)
    mean = Fraction(total, n) if n else None
    variance = Fraction(n * squares - total * total, n * (n - 1)) if n > 1 else None
    category, index = classifier.classify(total, n)
    return {
        "n_answers": n,
        "mean": number(mean),
        "sd": number(np.sqrt(float(variance))) if variance is not None else None,
        "counts": counts,
        "percents": [number(100 * c / n) if n else None for c in counts],
        "agree_percent": number(100 * above / n) if n else None,
        "disagree_percent": number(100 * below / n) if n else None,
        "percent_ideal": number(100 * mean / high) if n else None,
        "category": category,
        "category_index": index,
    }
