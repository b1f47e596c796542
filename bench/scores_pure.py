"""Benchmark the pure scoring on an in-memory frame: 100,000 responses x 45 items
(9 dimensions, 2 % missing) plus two demographics. Target: <= 0.5 s.

    .venv/bin/python bench/scores_pure.py [--rows 100000] [--repeat 5]

Prints the best and median time of `score_study` (the frame is built beforehand and not timed).
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from bench._data import bench_instrument, bench_responses  # noqa: E402
from survey.scoring import score_study  # noqa: E402


def bench_demographics(index: pd.Index, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    gender = rng.choice(np.array(["Laki-laki", "Perempuan"], dtype=object), size=len(index))
    gender[rng.random(len(index)) < 0.02] = None
    return pd.DataFrame({"gender": gender, "age": rng.integers(17, 80, size=len(index)).astype(float)},
                        index=index)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    instrument = bench_instrument()
    answers = bench_responses(instrument, args.rows)
    demographics = bench_demographics(answers.index)
    score_study(instrument, answers.iloc[:1000], demographics.iloc[:1000])  # warm-up: imports, caches
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        document = score_study(instrument, answers, demographics)
        times.append(time.perf_counter() - started)
    size = len(json.dumps(document, allow_nan=False))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pure scoring: {args.rows:,} responses x {answers.shape[1]} items, "
          f"{int(answers.isna().to_numpy().sum()):,} missing answers, {len(instrument.dimensions)} dimensions")
    print(f"score_study   best {min(times):.3f} s   median {statistics.median(times):.3f} s   "
          f"(target <= 0.5 s)   JSON {size / 1e3:,.0f} KB   process peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
