"""Builders for the pure scoring tests: instruments from a compact outline, frames of answers."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survey.instruments import Instrument, build_instrument

LABELS = {
    4: ["Tidak Baik", "Kurang Baik", "Baik", "Sangat Baik"],
    5: ["Sangat Tidak Setuju", "Tidak Setuju", "Ragu-ragu", "Setuju", "Sangat Setuju"],
}


def likert_doc(outline: dict[str, list[list[str]]], *, points: int = 5, method: str = "mean_interval",
               reverse: tuple[str, ...] = (), **top) -> dict:
    """Instrument document: {dimension code: [[item codes of indicator 1], [indicator 2], ...]}."""
    return {
        "format": "survey-instrument/1", "title": "Studi Uji", "institution": "Kantor Uji",
        "language": "id", "scale": {"points": points, "labels": LABELS.get(points) or
                                    [f"Poin {i + 1}" for i in range(points)]},
        "method": method,
        "dimensions": [{
            "code": dim, "name": f"Dimensi {dim}",
            "indicators": [{"code": f"{dim}-{i + 1}", "name": f"Indikator {dim}.{i + 1}",
                            "items": [{"code": code, "text": f"Pernyataan {code}.",
                                       **({"reverse": True} if code in reverse else {})}
                                      for code in codes]}
                           for i, codes in enumerate(indicators)]}
            for dim, indicators in outline.items()],
        **top,
    }


@pytest.fixture
def likert():
    """likert(outline, points=5, method=..., reverse=(...), **top-level keys) -> Instrument."""
    def build(outline: dict, **options) -> Instrument:
        return build_instrument(likert_doc(outline, **options))
    return build


@pytest.fixture
def random_answers():
    """random_answers(instrument, n, missing=0.1, seed=1): correlated raw answers with NaN gaps."""
    def build(instrument: Instrument, n: int, missing: float = 0.1, seed: int = 1) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        codes = [item.code for item in instrument.items]
        latent = rng.normal(0, 1, (n, 1)) + rng.normal(0, 0.9, (n, len(codes)))
        points = instrument.scale.points
        values = np.clip(np.rint((points + 1) / 2 + latent), 1, points)
        for j, item in enumerate(instrument.items):
            if item.reverse:  # respondents answer a negative statement the other way round
                values[:, j] = points + 1 - values[:, j]
        values[rng.random(values.shape) < missing] = np.nan
        return pd.DataFrame(values, columns=codes, index=pd.RangeIndex(1, n + 1, name="response_id"))
    return build


def one_item_frame(code: str, counts: dict[int, int]) -> pd.DataFrame:
    """Answers of a single item with exactly `counts[point]` respondents per point."""
    values = np.concatenate([np.full(c, float(point)) for point, c in counts.items()])
    return pd.DataFrame({code: values})


def frame_with_total(codes: list[str], n: int, total: int) -> pd.DataFrame:
    """n complete responses whose answers add up to exactly `total` (two neighbouring values)."""
    cells = n * len(codes)
    base, extra = divmod(total, cells)
    values = np.full(cells, float(base))
    values[:extra] += 1
    return pd.DataFrame(values.reshape(n, len(codes)), columns=codes)


@pytest.fixture
def one_item():
    return one_item_frame


@pytest.fixture
def with_total():
    return frame_with_total
