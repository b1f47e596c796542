"""Item validity: item-total correlations within a dimension against the critical r (r tabel).

Computed over the respondents who answered every item of the dimension (complete cases).
r tabel for alpha = 0.05 two-tailed and df = n - 2 is t / sqrt(df + t^2), t from Student's t.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.special import stdtrit

RULES = ("r_item_total", "r_corrected", "r_fixed")
# Sums of squared deviations of integer answers are >= 1 - 1/n unless they are exactly 0; below
# this they are rounding noise of a constant column.
NO_VARIANCE = 1e-6


def r_table(n: int, alpha: float = 0.05) -> float | None:
    """Critical Pearson r for n respondents (two-tailed); None below 3 respondents."""
    if n is None or n < 3:
        return None
    df = n - 2
    t = float(stdtrit(df, 1 - alpha / 2))
    return t / math.sqrt(df + t * t)


def item_total(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(r item-total, r corrected) per column of a complete-cases block; NaN where undefined."""
    n, k = block.shape
    undefined = np.full(k, np.nan)
    if n < 3 or k < 2:
        return undefined, undefined.copy()
    centred = block - block.mean(axis=0)
    products = centred.T @ centred  # sums of squares and cross-products
    own = np.diag(products).copy()
    with_total = products.sum(axis=1)  # item x total
    total = products.sum()
    rest = total - 2 * with_total + own  # (total without the item) squared deviations
    with np.errstate(divide="ignore", invalid="ignore"):
        r_total = np.where((own > NO_VARIANCE) & (total > NO_VARIANCE),
                           with_total / np.sqrt(own * total), np.nan)
        r_rest = np.where((own > NO_VARIANCE) & (rest > NO_VARIANCE),
                          (with_total - own) / np.sqrt(own * rest), np.nan)
    return np.clip(r_total, -1, 1), np.clip(r_rest, -1, 1)


def is_valid(rule: str, r_total: float | None, r_corrected: float | None,
             critical: float | None, r_minimum: float) -> bool | None:
    """The verdict of the study's rule, or None when the needed correlation is undefined."""
    if rule == "r_fixed":
        return None if r_total is None else r_total >= r_minimum
    r = r_corrected if rule == "r_corrected" else r_total
    return None if r is None or critical is None else r > critical
