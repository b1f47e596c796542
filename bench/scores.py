"""Benchmark the scores: 100,000 responses x 45 items (9 dimensions, 2 % missing) in PostgreSQL.

    .venv/bin/python bench/scores.py [--rows 100000] [--postgresql URL]

    .venv/bin/python bench/scores.py --rows 100000 --rows 1000000   # both sizes, one run

Prints per size: the time PostgreSQL takes to COPY the study's answer rows out (the floor), the
end-to-end `flask --app wsgi study scores SLUG --json` (a fresh process: import, connect, load,
score, print) with its peak memory, its ratio to a plain pandas script over the same responses
as CSV (bench/plain_pandas.py, also a fresh process), the warm `study scores` and results page
(second call in one process) with that process's memory, and the pure scoring on an
in-memory frame. Targets (issue 14): warm <= 0.3 s at 100k and 1M, memory flat in N,
end to end at 100k <= 1.5x the pandas script.
The data are loaded with COPY into a scratch database, which is dropped afterwards.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
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

    from survey.auth.users import create_user

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    instrument = bench_instrument()
    frame = bench_responses(instrument, rows)
    frame.astype("Int64").to_csv(_csv_path(url), index=False)
    with app.app_context():
        upgrade()
        create_user(db.session, "bench@contoh.id", "kata-sandi-bench", "admin")
        study = create_study(db.session, instrument, slug="bench")
        db.session.flush()
        item_ids = dict(db.session.execute(select(Item.code, Item.id).where(Item.study_id == study.id)).all())
        driver = db.session.connection().connection.driver_connection
        with driver.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")  # a bulk load, not a web request
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


def _csv_path(url: str) -> Path:
    return Path(tempfile.gettempdir()) / f"{url.rsplit('/', 1)[1]}.csv"


def plain_pandas(url: str) -> float:
    """A plain pandas script over the same responses as CSV, end to end (a fresh process)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "bench" / "plain_pandas.py"), str(_csv_path(url))],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def warm(url: str) -> dict:
    """`study scores` and the results page, warm (second and later calls in one process)."""
    code = f"""
import json, re, resource, time
from survey import create_app
from survey.extensions import db
from survey.analysis.service import study_results
from survey.studies.service import get_study
app = create_app({{"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": {url!r},
                  "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False}})
out = {{}}
with app.app_context():
    study = get_study(db.session, "bench")
    times = []
    for _ in range(4):
        started = time.perf_counter(); _, got = study_results(db.session, study, open_answers=False); times.append(time.perf_counter() - started)
    out["scores"] = min(times[1:]); out["source"] = got.source
client = app.test_client()
assert client.post("/login", data={{"email": "bench@contoh.id", "password": "kata-sandi-bench"}}).status_code == 302
times = []
for _ in range(4):
    started = time.perf_counter(); page = client.get("/studies/bench/results"); times.append(time.perf_counter() - started)
    assert page.status_code == 200
out["page"] = min(times[1:]); out["page_kb"] = len(page.data) / 1e3
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


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
    parser.add_argument("--rows", type=int, action="append", help="responses (repeat for several sizes)")
    parser.add_argument("--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    for rows in args.rows or [100_000]:
        url, drop = _scratch_postgresql(args.postgresql)
        try:
            _, answers = load_study(url, rows)
            floor = min(copy_floor(url) for _ in range(3))
            seconds, peak, size = end_to_end(url)
            pandas_seconds = plain_pandas(url)
            hot = warm(url)
            pure = pure_scoring(rows)
        finally:
            drop()
            _csv_path(url).unlink(missing_ok=True)
        print(f"study scores: {rows:,} responses x 45 items ({answers:,} answer rows) on PostgreSQL")
        print(f"COPY answer rows out (floor)        {floor:6.2f} s")
        print(f"`study scores --json` end to end    {seconds:6.2f} s   peak RSS {peak:,.0f} MB   "
              f"JSON {size / 1e3:,.0f} KB   ratio to floor {seconds / floor:.1f}x")
        print(f"plain pandas script over the CSV    {pandas_seconds:6.2f} s   "
              f"ratio `study scores` / pandas {seconds / pandas_seconds:.2f}x   (target <= 1.5x at 100k)")
        print(f"warm `study scores`                 {hot['scores']:6.2f} s   (target <= 0.3 s; tally {hot['source']})")
        print(f"warm results page                   {hot['page']:6.2f} s   {hot['page_kb']:,.0f} KB   "
              f"process peak RSS {hot['rss_mb']:,.0f} MB   (target <= 0.3 s, memory flat in N)")
        print(f"pure scoring, in-memory frame       {pure:6.2f} s")


if __name__ == "__main__":
    main()
