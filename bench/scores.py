"""Benchmark the scores: 100,000 responses x 45 items (9 dimensions, 2 % missing) in PostgreSQL.

    .venv/bin/python bench/scores.py [--rows 100000] [--postgresql URL]

Prints: the time PostgreSQL takes to COPY the study's answer rows out (the floor), the end-to-end
`flask --app wsgi study scores SLUG --json` (a fresh process: import, connect, load, score,
print) with its peak memory, the ratio to the floor, and the pure scoring on an in-memory frame.
Targets: end to end <= 3 s and <= 1 GB; pure scoring <= 0.5 s.
The data are loaded with COPY into a scratch database, which is dropped afterwards.
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._data import bench_instrument, bench_responses  # noqa: E402
from bench.import_responses import _scratch_postgresql  # noqa: E402


def load_study(url: str, rows: int) -> tuple[str, int]:
    """Create the study and COPY its responses and answers in (fast set-up, not measured)."""
    import numpy as np
    from flask_migrate import upgrade
    from sqlalchemy import select

    from survey import create_app
    from survey.extensions import db
    from survey.models import Item
    from survey.studies.service import create_study

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    instrument = bench_instrument()
    frame = bench_responses(instrument, rows)
    with app.app_context():
        upgrade()
        study = create_study(db.session, instrument, slug="bench")
        db.session.flush()
        item_ids = dict(db.session.execute(select(Item.code, Item.id).where(Item.study_id == study.id)).all())
        driver = db.session.connection().connection.driver_connection
        with driver.cursor() as cursor:
            cursor.execute("SELECT nextval('response_id_seq') FROM generate_series(1, %s)", (rows,))
            ids = np.array([r[0] for r in cursor.fetchall()])
            with cursor.copy("COPY response (id, study_id, uuid, channel, consent, simulated, submitted_at) "
                             "FROM STDIN WITH (FORMAT csv)") as copy:
                buffer = io.StringIO()
                for rid in ids:
                    buffer.write(f"{rid},{study.id},bench-{rid},import,t,t,2026-11-01 10:00:00+00\n")
                copy.write(buffer.getvalue())
            long = frame.set_axis(ids).stack().reset_index()
            long.columns = ["response_id", "code", "value"]
            out = io.StringIO()
            import pandas as pd
            pd.DataFrame({"response_id": long["response_id"], "item_id": long["code"].map(item_ids),
                          "study_id": study.id, "points": 5, "value": long["value"].astype(int)}
                         ).to_csv(out, index=False, header=False)
            with cursor.copy("COPY answer (response_id, item_id, study_id, points, value) "
                             "FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(out.getvalue())
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        count = len(long)
        db.engine.dispose()
    return "bench", count


def copy_floor(url: str) -> float:
    """PostgreSQL's own time to COPY the study's answer rows out (binary, read by asyncpg in C)."""
    import asyncio

    import asyncpg
    plain = url.replace("postgresql+psycopg://", "postgresql://")

    async def run() -> float:
        connection = await asyncpg.connect(plain)
        try:
            started = time.perf_counter()
            await connection.copy_from_query(
                "SELECT response_id, item_id, value FROM answer WHERE study_id = "
                "(SELECT id FROM study WHERE slug = 'bench')", output=io.BytesIO(), format="binary")
            return time.perf_counter() - started
        finally:
            await connection.close()
    return asyncio.run(run())


def end_to_end(url: str) -> tuple[float, float, int]:
    env = dict(os.environ, DATABASE_URL=url)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "study", "scores", "bench", "--json"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(stderr.decode())
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak, len(stdout)


def pure_scoring(rows: int) -> float:
    from survey.scoring import score_study
    instrument = bench_instrument()
    frame = bench_responses(instrument, rows)
    score_study(instrument, frame.iloc[:1000])  # warm-up (imports, caches)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        score_study(instrument, frame)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    url, drop = _scratch_postgresql(args.postgresql)
    try:
        _, answers = load_study(url, args.rows)
        floor = min(copy_floor(url) for _ in range(3))
        seconds, peak, size = end_to_end(url)
        pure = pure_scoring(args.rows)
    finally:
        drop()
    print(f"study scores: {args.rows:,} responses x 45 items ({answers:,} answer rows) on PostgreSQL")
    print(f"COPY answer rows out (floor)        {floor:6.2f} s")
    print(f"`study scores --json` end to end    {seconds:6.2f} s   peak RSS {peak:,.0f} MB   "
          f"JSON {size / 1e3:,.0f} KB   ratio to floor {seconds / floor:.1f}x   (target <= 3 s, <= 1 GB)")
    print(f"pure scoring, in-memory frame       {pure:6.2f} s   (target <= 0.5 s)")


if __name__ == "__main__":
    main()
