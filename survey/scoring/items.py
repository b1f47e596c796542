"""Per-item answer counts per scale point: the tally every mean, sd and percentage comes from."""
from __future__ import annotations

import numpy as np


def point_counts(values: np.ndarray, low: int, high: int) -> np.ndarray:
    """Items x scale points matrix of how many respondents gave each value (NaN not counted)."""
    counts = np.empty((values.shape[1], high - low + 1), dtype=np.int64)
    for j, point in enumerate(range(low, high + 1)):
        counts[:, j] = np.count_nonzero(values == point, axis=0)
    return counts


def pooled(counts: np.ndarray, members: list[int]) -> np.ndarray:
    """Counts per scale point pooled over some items (an indicator, a dimension, all items)."""
    return counts[members].sum(axis=0) if members else np.zeros(counts.shape[1], dtype=np.int64)
