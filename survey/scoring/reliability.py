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
    both = present.T @ present  # respondents who answered i and j
    sums = zeroed.T @ present  # sums[i, j]: sum of item i over respondents who answered j too
    cross = zeroed.T @ zeroed
    with np.errstate(divide="ignore", invalid="ignore"):
        covariance = (cross - sums * sums.T / both) / (both - 1)
    covariance[both < 2] = np.nan
    return covariance


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
