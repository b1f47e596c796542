"""Item validity: item-total correlations within a dimension against the critical r (r tabel).

Computed over the respondents who answered every item of the dimension (complete cases).
r tabel for alpha = 0.05 two-tailed and df = n - 2 is t / sqrt(df + t^2), t from Student's t;
equivalently, under no correlation r^2 follows Beta(1/2, df/2), so r tabel is the square root of
that distribution's 1 - alpha quantile, found here by bisection on the regularized incomplete
beta function (a continued fraction). Computed without scipy, whose import alone took a quarter
of a second at every start of a command or worker; tests/scoring/test_validity.py checks it
against scipy's Student t.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

RULES = ("r_item_total", "r_corrected", "r_fixed")


@lru_cache(maxsize=4096)
def r_table(n: int, alpha: float = 0.05) -> float | None:
    """Critical Pearson r for n respondents (two-tailed); None below 3 respondents."""
    if n is None or n < 3:
        return None
    a, b = 0.5, (n - 2) / 2
    low, high = 0.0, 1.0  # r^2, bisected until the interval cannot shrink in floating point
    while True:
        middle = (low + high) / 2
        if middle in (low, high):
            return math.sqrt(middle)
        if _regularized_beta(middle, a, b) < 1 - alpha:
            low = middle
        else:
            high = middle


def _regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the regularized incomplete beta function (Numerical Recipes' betai)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(x, a, b) / a
    return 1.0 - front * _beta_fraction(1.0 - x, b, a) / b


def _beta_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of the incomplete beta function, by the modified Lentz method."""
    tiny, epsilon = 1e-300, 1e-16
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 100_000):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1.0) < epsilon:
            return result
    return result


def item_total(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(r item-total, r corrected) per column of a complete-cases block of integer answers."""
    n = block.shape[0]
    sums = np.rint(block.sum(axis=0)).astype(np.int64)
    cross = np.rint(block.T @ block).astype(np.int64)
    return item_total_from_sums(n, sums, cross)


def item_total_from_sums(n: int, sums: np.ndarray, cross: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(r item-total, r corrected) per item of a block from its complete cases' integer tallies:
    n, the item sums and the sums of products (NaN where undefined).

    n x the centred sums of squares and products, n * cross - sums sums', is an exact integer
    matrix (Python integers: no overflow at any n); a correlation is a ratio of its entries, so
    the n cancels and only the final division and square root round. An item, total or rest
    score without variance has exactly 0 there (no tolerance needed).
    """
    k = len(sums)
    undefined = np.full(k, np.nan)
    if n < 3 or k < 2:
        return undefined, undefined.copy()
    s = [int(v) for v in sums]
    products = [[n * int(cross[i][j]) - s[i] * s[j] for j in range(k)] for i in range(k)]
    own = [products[i][i] for i in range(k)]
    with_total = [sum(row) for row in products]  # item x total
    total = sum(with_total)
    r_total, r_rest = undefined.copy(), undefined.copy()
    for i in range(k):
        rest = total - 2 * with_total[i] + own[i]  # (total without the item) squared deviations
        if own[i] > 0 and total > 0:
            r_total[i] = with_total[i] / math.sqrt(own[i] * total)
        if own[i] > 0 and rest > 0:
            r_rest[i] = (with_total[i] - own[i]) / math.sqrt(own[i] * rest)
    return np.clip(r_total, -1, 1), np.clip(r_rest, -1, 1)


def is_valid(rule: str, r_total: float | None, r_corrected: float | None,
             critical: float | None, r_minimum: float) -> bool | None:
    """The verdict of the study's rule, or None when the needed correlation is undefined."""
    if rule == "r_fixed":
        return None if r_total is None else r_total >= r_minimum
    r = r_corrected if rule == "r_corrected" else r_total
    return None if r is None or critical is None else r > critical
