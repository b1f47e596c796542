"""Cronbach's alpha from pairwise-complete covariances (as pingouin and R psych::alpha do).

alpha = k / (k - 1) * (1 - sum of item variances / variance of the total), where the variance
of the total is the sum of the covariance matrix. Each covariance uses the respondents who
answered both items, so sub-blocks of the whole-instrument matrix are the dimension matrices.
"""
from __future__ import annotations

import numpy as np


def pairwise_covariance(present: np.ndarray, zeroed: np.ndarray) -> np.ndarray:
    """Items x items covariance (ddof 1) over pairwise-complete respondents; NaN below 2.

    `present` is the 0/1 answered matrix and `zeroed` the scored values with 0 for missing,
    both float responses x items: three matrix products replace a loop over item pairs.
    """
    return covariance_from_sums(present.T @ present, zeroed.T @ present, zeroed.T @ zeroed)


def covariance_from_sums(both: np.ndarray, sums: np.ndarray, cross: np.ndarray) -> np.ndarray:
    """Pairwise covariances from the tallies: `both[i, j]` respondents who answered i and j,
    `sums[i, j]` the sum of item i over them, `cross[i, j]` the sum of products."""
    both, sums, cross = (np.asarray(m, dtype=np.float64) for m in (both, sums, cross))
    with np.errstate(divide="ignore", invalid="ignore"):
        covariance = (cross - sums * sums.T / both) / (both - 1)
    covariance[both < 2] = np.nan
    return covariance


def listwise_covariance(n: int, sums: np.ndarray, cross: np.ndarray) -> np.ndarray:
    """Covariance matrix (ddof 1) of a block's complete cases from their integer tallies (n, item
    sums, sums of products); NaN below 2 respondents. Each entry is the exact integer
    n * cross - sums sums' divided once by n (n - 1)."""
    k = len(sums)
    if n < 2:
        return np.full((k, k), np.nan)
    s = [int(v) for v in sums]
    scale = n * (n - 1)
    return np.array([[(n * int(cross[i][j]) - s[i] * s[j]) / scale for j in range(k)] for i in range(k)],
                    dtype=np.float64).reshape(k, k)


def cronbach_alpha(covariance: np.ndarray) -> tuple[float | None, str | None]:
    """(alpha, None) or (None, reason key) for the items of a covariance matrix."""
    k = covariance.shape[0]
    if k < 2:
        return None, "alpha_one_item"
    if np.isnan(covariance).any():
        return None, "alpha_too_few"
    total = covariance.sum()
    if not total > 1e-12:
        return None, "alpha_no_variance"
    return float(k / (k - 1) * (1 - np.trace(covariance) / total)), None


def alpha_if_deleted(covariance: np.ndarray) -> list[float | None]:
    """Alpha of the remaining items when each item in turn is left out."""
    k = covariance.shape[0]
    result = []
    for i in range(k):
        keep = [j for j in range(k) if j != i]
        result.append(cronbach_alpha(covariance[np.ix_(keep, keep)])[0])
    return result
