"""Importance–performance analysis (IPA) and the SERVQUAL gap of a paired study (pure).

A paired study asks every statement twice: how important it is (harapan / kepentingan) and how
the service performs (kenyataan / kinerja). Per statement, over the respondents who answered
**both** sides: the means and totals of the scored values (reverse keying applies to both
sides), the tingkat kesesuaian = 100 × Σ performance / Σ importance, the gap P − E, and the
quadrant of the Martilla & James Cartesian diagram whose cut lines are the unweighted means of
the statements' means. Means and cut lines are compared as exact fractions, so a statement lying
exactly on a cut line always falls on the "high" side (≥), whatever the floating-point noise.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from .plain import number

QUADRANT_LABELS = {
    "id": {"1": "Prioritas Utama", "2": "Pertahankan Prestasi", "3": "Prioritas Rendah", "4": "Berlebihan"},
    "en": {"1": "Concentrate here", "2": "Keep up the good work", "3": "Low priority", "4": "Possible overkill"},
}


def quadrant(importance: Fraction, performance: Fraction, y_mean: Fraction, x_mean: Fraction) -> int:
    """1 high importance / low performance, 2 high/high, 3 low/low, 4 low importance / high performance."""
    if importance >= y_mean:
        return 1 if performance < x_mean else 2
    return 3 if performance < x_mean else 4


def ipa_document(instrument, importance: pd.DataFrame, performance: pd.DataFrame, *,
                 names: dict[str, str] | None = None) -> dict:
    """The `ipa` block of the scores document from raw answers of both sides (NaN = missing).

    `importance` and `performance` have one row per response (the same index) and a column per
    item code; `names` gives the sides' names as shown to respondents.
    """
    codes = [item.code for item in instrument.items]
    low, high = instrument.scale.min, instrument.scale.max
    reverse = np.array([item.reverse for item in instrument.items])
    sides = []
    for frame in (importance, performance):
        values = frame.reindex(columns=codes).to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
        values[:, reverse] = low + high - values[:, reverse]
        sides.append(values)
    importance_values, performance_values = sides
    both = ~np.isnan(importance_values) & ~np.isnan(performance_values)
    # Integer totals over the answered pairs: exact, whatever the number of respondents.
    n = np.count_nonzero(both, axis=0)
    importance_totals = np.where(both, importance_values, 0).sum(axis=0).round().astype(np.int64)
    performance_totals = np.where(both, performance_values, 0).sum(axis=0).round().astype(np.int64)
    return ipa_from_totals(instrument, n, importance_totals, performance_totals, names=names)


def ipa_from_totals(instrument, n, importance_totals, performance_totals, *,
                    names: dict[str, str] | None = None) -> dict:
    """The `ipa` block from per-statement integers (instrument order): the respondents who answered
    both sides and the totals of the scored importance and performance answers over them."""
    codes = [item.code for item in instrument.items]
    exact = {}  # code -> (importance mean, performance mean) as fractions
    for j, code in enumerate(codes):
        if n[j]:
            exact[code] = (Fraction(int(importance_totals[j]), int(n[j])),
                           Fraction(int(performance_totals[j]), int(n[j])))
    x_mean = sum((p for _, p in exact.values()), Fraction(0)) / len(exact) if exact else None
    y_mean = sum((i for i, _ in exact.values()), Fraction(0)) / len(exact) if exact else None

    dimension_of = {item.code: dim.code for dim in instrument.dimensions for item in dim.items}
    items = []
    for j, item in enumerate(instrument.items):
        means = exact.get(item.code)
        items.append({
            "code": item.code, "text": item.text, "dimension": dimension_of[item.code], "reverse": item.reverse,
            "n": int(n[j]),
            "importance_total": int(importance_totals[j]), "performance_total": int(performance_totals[j]),
            **_comparison(int(importance_totals[j]), int(performance_totals[j]), int(n[j])),
            "quadrant": quadrant(*means, y_mean, x_mean) if means else None,
        })

    def pool(members: list[dict]) -> dict:
        totals = [sum(m[key] for m in members) for key in ("importance_total", "performance_total", "n")]
        return {"n_pairs": totals[2], "importance_total": totals[0], "performance_total": totals[1],
                **_comparison(*totals)}

    dimensions = [{"code": dim.code, "name": dim.name,
                   **pool([row for row in items if row["dimension"] == dim.code])}
                  for dim in instrument.dimensions]
    language = instrument.language if instrument.language in QUADRANT_LABELS else "id"
    quadrants = {str(q): [row["code"] for row in items if row["quadrant"] == q] for q in (1, 2, 3, 4)}
    return {
        "sides": {"importance": (names or {}).get("importance"), "performance": (names or {}).get("performance")},
        "x_mean": number(x_mean), "y_mean": number(y_mean),
        "quadrant_labels": dict(QUADRANT_LABELS[language]),
        "quadrants": quadrants,
        "items": items,
        "dimensions": dimensions,
        "overall": pool(items),
    }


def _comparison(importance_total: int, performance_total: int, n: int) -> dict:
    """Means, tingkat kesesuaian and gap of pooled totals over n answered pairs (None when n = 0)."""
    if not n:
        return {"importance_mean": None, "performance_mean": None, "conformity_percent": None, "gap": None}
    importance_mean = Fraction(importance_total, n)
    performance_mean = Fraction(performance_total, n)
    return {
        "importance_mean": number(importance_mean),
        "performance_mean": number(performance_mean),
        # Scored values are at least the scale minimum (≥ 1), so the importance total is never 0.
        "conformity_percent": number(Fraction(100 * performance_total, importance_total)),
        "gap": number(performance_mean - importance_mean),
    }
