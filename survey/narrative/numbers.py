"""Numbers and lists written the way readers expect: 3,62 and 72,4 % in Indonesian."""
from __future__ import annotations

import math
import re

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


def join_list(words: list[str], language: str = "id", conjunction: str | None = None) -> str:
    """["A", "B", "C"] -> "A, B, dan C" (id) / "A, B and C" (en).

    When an entry itself contains a comma ("Sistem, mekanisme, dan prosedur"), entries are
    separated by semicolons, so the reader can still see where one ends.
    """
    words = [w for w in words if w]
    conjunction = conjunction or ("dan" if language == "id" else "and")
    if len(words) <= 1:
        return "".join(words)
    if any(re.search(r",\s", w) for w in words):  # a decimal comma (3,40) does not count
        return f"{'; '.join(words[:-1])}; {conjunction} {words[-1]}"
    if len(words) == 2:
        return f"{words[0]} {conjunction} {words[1]}"
    comma = "," if language == "id" else ""
    return f"{', '.join(words[:-1])}{comma} {conjunction} {words[-1]}"


_WORDS = {"id": ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh"),
          "en": ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")}


def count_words(n: int, language: str = "id") -> str:
    """Small counts in words, as formal prose writes them (lima dimensi); larger ones in digits."""
    words = _WORDS["en" if language == "en" else "id"]
    return words[n] if 0 <= n < len(words) else format_number(n, 0, language)
