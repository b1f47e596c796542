"""Benchmark the data exports: 100,000 responses x 45 items to CSV (comma and semicolon), XLSX, SPSS .sav, codebook.

    .venv/bin/python bench/exports.py [--rows 100000]

Each format runs in its own process (from an in-memory StudyFrames, as the download route has
after loading) so its time and peak memory (max RSS) are its own. Targets: <= 10 s, <= 1 GB each.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run_one(fmt: str, rows: int) -> dict:
    import io

    import numpy as np
    import pandas as pd

    from bench._data import bench_instrument, bench_responses
    from survey.analysis.frames import StudyFrames
    from survey.exports.data import EXPORTS, write_codebook_csv

    instrument = bench_instrument()
    answers = bench_responses(instrument, rows)
    answers.index = pd.RangeIndex(1, rows + 1, name="response_id")
    rng = np.random.default_rng(3)
    frames = StudyFrames(
        answers=answers,
        demographics=pd.DataFrame({"gender": rng.choice(["Laki-laki", "Perempuan"], rows),
                                   "age": rng.integers(17, 80, rows).astype(float)}, index=answers.index),
        responses=pd.DataFrame({"channel": "link", "simulated": False,
                                "submitted_at": pd.Timestamp("2026-11-01", tz="UTC")}, index=answers.index),
        open_answers=[{"response_id": i, "code": "saran", "text": "Antrean perlu dipercepat"}
                      for i in range(1, rows + 1, 10)])
    out = io.BytesIO()
    started = time.perf_counter()
    if fmt == "codebook":
        write_codebook_csv(instrument, out)
    else:
        EXPORTS[fmt][2](instrument, frames, out)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "mb": len(out.getvalue()) / 1e6,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.rows)))
        return
    print(f"exports: {args.rows:,} responses x 45 items (+5 reversed, 2 demographics, open answers)")
    print(f"{'format':<14}{'seconds':>9}{'file MB':>9}{'peak RSS MB':>13}")
    for fmt in ("csv", "csv-semicolon", "xlsx", "sav", "codebook"):
        out = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--child", fmt],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{fmt:<14}{r['seconds']:>9.2f}{r['mb']:>9.1f}{r['peak_rss_mb']:>13.0f}")


if __name__ == "__main__":
    main()
