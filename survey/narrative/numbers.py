"""Numbers and lists written the way readers expect: 3,62 and 72,4 % in Indonesian."""
from __future__ import annotations

import math

from ..instruments.categories import round_half_up

DASH = "–"


def format_number(value: float | int | None, decimals: int = 2, language: str = "id") -> str:
    """3.615 -> "3,62" (id) or "3.62" (en); thousands grouped (1.234 / 1,234); None -> "–"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    rounded = round_half_up(float(value), decimals)
    text = f"{abs(rounded):,.{decimals}f}"
    if language == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return ("−" if rounded < 0 else "") + text


def format_percent(value: float | None, decimals: int = 1, language: str = "id") -> str:
    """72.44 -> "72,4 %" (id, with the non-breaking space Indonesian style guides use) or "72.4%" (en)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    return format_number(value, decimals, language) + ("\u00a0%" if language == "id" else "%")  # no break before %


def join_list(words: list[str], language: str = "id") -> str:
    """["A", "B", "C"] -> "A, B, dan C" (id) / "A, B and C" (en)."""
    words = [w for w in words if w]
    conjunction = "dan" if language == "id" else "and"
    if len(words) <= 1:
        return "".join(words)
    if len(words) == 2:
        return f"{words[0]} {conjunction} {words[1]}"
    comma = "," if language == "id" else ""
    return f"{', '.join(words[:-1])}{comma} {conjunction} {words[-1]}"
