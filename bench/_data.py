"""Data generators shared by the benchmarks: a 9-dimension, 45-statement instrument (optionally
paired: importance and performance of every statement) and responses with 2 % missing answers,
drawn from a latent-trait model so scores look real."""
from __future__ import annotations

import numpy as np
import pandas as pd

from survey.instruments import Instrument, build_instrument


def bench_instrument(dimensions: int = 9, items_per_dimension: int = 5, *, paired: bool = False) -> Instrument:
    labels = ["Sangat Tidak Setuju", "Tidak Setuju", "Ragu-ragu", "Setuju", "Sangat Setuju"]
    doc = {
        "format": "survey-instrument/1", "title": "Benchmark Persepsi Pelayanan",
        "institution": "Kantor Benchmark", "language": "id",
        "scale": {"points": 5, "labels": labels}, "method": "mean_interval",
        "dimensions": [{
            "code": f"D{d + 1}", "name": f"Dimensi {d + 1}",
            "indicators": [{
                "code": f"D{d + 1}-{i + 1}", "name": f"Indikator {d + 1}.{i + 1}",
                "items": [{"code": f"D{d + 1}_{i + 1}_{k + 1}",
                           "text": f"Pernyataan {d + 1}.{i + 1}.{k + 1} tentang pelayanan.",
                           **({"reverse": True} if k == 0 and i == 1 else {})}
                          for k in range(items_per_dimension // 2 + (1 if i == 0 else 0))]}
                for i in range(2)]}
            for d in range(dimensions)],
        "demographics": [
            {"code": "gender", "label": "Jenis Kelamin", "type": "choice", "choices": ["Laki-laki", "Perempuan"]},
            {"code": "age", "label": "Usia", "type": "integer", "min": 17, "max": 90}],
        "open_questions": [{"code": "saran", "label": "Saran"}],
    }
    if paired:
        doc["pairing"] = {"importance": {"name": "Tingkat Kepentingan",
                                         "labels": ["Sangat Tidak Penting", "Tidak Penting", "Cukup Penting",
                                                    "Penting", "Sangat Penting"]},
                          "performance": {"name": "Tingkat Kinerja"}}
    return build_instrument(doc)


def bench_responses(instrument: Instrument, n: int, missing: float = 0.02, seed: int = 7,
                    centre: float = 3.6) -> pd.DataFrame:
    """Raw answers (as respondents gave them), one column per item code, NaN = missing; `centre`
    is the mean statement level (the importance side of a paired study sits higher)."""
    rng = np.random.default_rng(seed)
    person = rng.normal(0, 0.8, size=(n, 1))
    codes = [item.code for item in instrument.items]
    level = rng.normal(centre, 0.4, size=len(codes))
    latent = level + person + rng.normal(0, 0.8, size=(n, len(codes)))
    values = np.clip(np.rint(latent), 1, instrument.scale.points)
    reverse = np.array([item.reverse for item in instrument.items])
    values[:, reverse] = instrument.scale.points + 1 - values[:, reverse]
    values[rng.random(values.shape) < missing] = np.nan
    return pd.DataFrame(values, columns=codes)


def bench_importance(instrument: Instrument, n: int, missing: float = 0.02) -> pd.DataFrame:
    """The importance side of a paired study: higher and less spread than performance, its own
    2 % missing answers (a missing side is missing on that side only)."""
    return bench_responses(instrument, n, missing=missing, seed=13, centre=4.2)


def bench_csv(instrument: Instrument, n: int) -> str:
    frame = bench_responses(instrument, n).astype("Int64")
    rng = np.random.default_rng(11)
    frame["gender"] = rng.choice(["Laki-laki", "Perempuan"], size=n)
    frame["age"] = rng.integers(17, 80, size=n)
    frame["saran"] = np.where(rng.random(n) < 0.1, "Antrean perlu dipercepat", "")
    return frame.to_csv(index=False)


def sheet_texts(frame: pd.DataFrame) -> list[str]:
    """Raw answers (a column per item code in instrument order, NaN missing) as the answer-sheet
    strings the database stores (survey/models/response.py), one per respondent."""
    from survey.collect.bulk_store import sheet_bytes
    characters = sheet_bytes(frame.to_numpy(dtype=np.float64))
    return characters.view(f"S{characters.shape[1]}").ravel().astype(str).tolist()
