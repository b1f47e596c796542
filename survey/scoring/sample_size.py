"""Sample size for a population of N: Slovin and Krejcie-Morgan, in exact arithmetic.

Slovin: n = N / (1 + N e^2), rounded up.  Krejcie-Morgan (1970):
s = chi2 N P (1 - P) / (d^2 (N - 1) + chi2 P (1 - P)), chi2 = 3.841, P = 0.5, d = 0.05,
rounded to the nearest whole respondent (their table; never above 384).
"""
from __future__ import annotations

import math
from fractions import Fraction


def _exact(value: float | str | Fraction) -> Fraction:
    # Through the decimal text: 0.05 means 5/100, not the binary float nearest to it.
    return value if isinstance(value, Fraction) else Fraction(str(value))


def _population(population: int) -> int:
    if isinstance(population, bool) or int(population) != population or population < 1:
        raise ValueError(f"population must be a whole number of at least 1, not {population!r}")
    return int(population)


def slovin(population: int, e: float = 0.05) -> int:
    """Slovin's sample size for margin of error e (N = 1000, e = 0.05 -> 286)."""
    population, margin = _population(population), _exact(e)
    if not 0 < margin < 1:
        raise ValueError(f"the margin of error e must be between 0 and 1, not {e}")
    return math.ceil(population / (1 + population * margin * margin))


def krejcie_morgan(population: int, chi_square: float = 3.841, proportion: float = 0.5,
                   precision: float = 0.05) -> int:
    """Krejcie-Morgan sample size (N = 100 -> 80, 500 -> 217, 1000 -> 278; at most 384)."""
    population = _population(population)
    chi2, p, d = _exact(chi_square), _exact(proportion), _exact(precision)
    spread = chi2 * p * (1 - p)
    size = spread * population / (d * d * (population - 1) + spread)
    return math.floor(size + Fraction(1, 2))


def sample_sizes(population: int, e: float = 0.05) -> dict:
    """Both sample sizes for a population, as plain data for the page and the CLI."""
    return {"population": _population(population), "margin": float(e),
            "slovin": slovin(population, e), "krejcie_morgan": krejcie_morgan(population)}
