"""Simulated answers for narrative tests: every library template at three levels, with reverse
items answered as respondents would, a few skipped statements and grouped open answers."""
from __future__ import annotations

import numpy as np
import pandas as pd

from survey.instruments import build_instrument, load_template, to_document

LEVELS = ("strong", "mixed", "weak")
SUGGESTIONS = ("Mohon jam pelayanan diumumkan dengan jelas di depan kantor.",
               "Perlu disediakan kotak saran.", "Antrean sebaiknya memakai nomor urut.",
               "Petugas sudah ramah, tetapi ruang tunggu panas.", "Terima kasih")
FACTORS = {"pendukung": ("Petugas yang ramah dan sigap.", "Aplikasi antrean daring.", "Papan informasi"),
           "penghambat": ("Listrik sering padam.", "Komputer rusak, printer juga.", "Jaringan lambat")}


def template(name: str, language: str = "id"):
    document = to_document(load_template(name))
    document["language"] = language
    return build_instrument(document)


def answers(instrument, level: str, n: int = 60, seed: int = 7) -> pd.DataFrame:
    """Raw answers (reverse items as ticked): strong ≈ top of the scale, weak ≈ below the middle."""
    rng = np.random.default_rng(seed)
    points = instrument.scale.points
    person = rng.normal(0, 0.5, size=n)
    columns = {}
    for position, indicator in enumerate(instrument.indicators):
        if level == "strong":
            centre = points - 0.4
        elif level == "weak":
            centre = 1 + 0.35 * (points - 1)
        else:
            centre = points - 0.8 - (1.6 if position % 3 == 1 else 0.0)
        for item in indicator.items:
            value = np.clip(np.rint(centre + person + rng.normal(0, 0.6, size=n)), 1, points)
            if item.reverse:
                value = points + 1 - value
            value[rng.random(n) < 0.03] = np.nan
            columns[item.code] = value
    return pd.DataFrame(columns, dtype=float)


def open_answers(instrument, n: int = 60, seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    out = []
    for question in instrument.open_questions:
        pool = FACTORS.get(question.role) or SUGGESTIONS
        for _ in range(n // 3):
            out.append({"code": question.code, "text": str(rng.choice(pool))})
    return out
