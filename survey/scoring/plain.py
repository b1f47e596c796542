"""Plain JSON-ready numbers: numpy scalars become int/float, NaN and infinities become None."""
from __future__ import annotations

import math
from fractions import Fraction


def number(value) -> float | None:
    """A float for JSON, or None for a missing or undefined number."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def count(value) -> int:
    return int(value)


def round_exact(value: Fraction, places: int = 2) -> float:
    """Round an exact fraction half-up (as on paper) without any binary floating-point step."""
    scale = 10 ** places
    scaled = value * scale
    whole = math.floor(scaled + Fraction(1, 2)) if scaled >= 0 else -math.floor(-scaled + Fraction(1, 2))
    return float(Fraction(whole, scale))


def fraction_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"
