"""Benchmark `responses import`: 100,000 respondents x 45 answers, SQLite and PostgreSQL.

    .venv/bin/python bench/import_responses.py [--rows 100000] [--postgresql URL] [--paired]

`--paired`: the same 45 statements asked on both sides (importance and performance), so each
respondent has 90 answers in `<code>:importance` / `<code>:performance` columns.

Storing is survey/collect/bulk_store.py: COPY into staging tables, set-wise checks, one
INSERT ... SELECT per table on PostgreSQL; executemany in large chunks on SQLite. Target <= 10 s
and <= 1 GB on both. Each database runs in its own process so its peak memory (max RSS) is its own. The PostgreSQL
run uses a scratch database it creates and drops (default server: 127.0.0.1:5432, trust auth).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def paired_bench(rows: int):
    """The bench instrument made paired, and a CSV with both sides (importance a point higher)."""
    from bench._data import bench_csv, bench_instrument
    from survey.instruments import build_instrument, to_document
    plain = bench_instrument()
    doc = to_document(plain)
    doc["pairing"] = {"importance": {"name": "Kepentingan"}, "performance": {"name": "Kinerja"}}
    instrument = build_instrument(doc)
    import io

    import pandas as pd
    frame = pd.read_csv(io.StringIO(bench_csv(plain, rows)), dtype=str, keep_default_na=False)
    for item in plain.items:
        performance = frame.pop(item.code)
        numbers = pd.to_numeric(performance, errors="coerce")
        frame[f"{item.code}:importance"] = (numbers + 1).clip(upper=5).astype("Int64").astype("string").fillna("")
        frame[f"{item.code}:performance"] = performance
    return instrument, frame.to_csv(index=False)


def run_one(url: str, rows: int, paired: bool = False) -> dict:
    from flask_migrate import upgrade

    from bench._data import bench_csv, bench_instrument
    from survey import create_app
    from survey.collect.csv_import import import_responses
    from survey.extensions import db
    from survey.studies.service import create_study

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    if paired:
        instrument, text = paired_bench(rows)
    else:
        instrument = bench_instrument()
        text = bench_csv(instrument, rows)
    data = text.encode()
    with app.app_context():
        upgrade()
        study = create_study(db.session, instrument)
        db.session.commit()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu = time.perf_counter(), time.process_time()
        count = import_responses(db.session, study, instrument, data)
        db.session.commit()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        db.engine.dispose()
    return {"rows": count, "answers": count * len(instrument.answer_keys), "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "csv_mb": round(len(data) / 1e6, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_before_import_mb": round(rss_before / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="server to create the scratch database on ('' to skip)")
    parser.add_argument("--paired", action="store_true", help="both sides of every statement (90 answers)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.rows, args.paired)))
        return

    targets = []
    with tempfile.TemporaryDirectory() as tmp:
        targets.append(("SQLite", f"sqlite:///{tmp}/bench.sqlite3", None))
        if args.postgresql:
            targets.append(("PostgreSQL", *_scratch_postgresql(args.postgresql)))
        print(f"responses import: {args.rows:,} rows x 45 items" + (" x 2 sides (paired)" if args.paired else ""))
        print(f"{'database':<11} {'seconds':>8} {'CPU s':>7} {'rows/s':>9} {'peak RSS MB':>12} {'CSV MB':>7}")
        for name, url, cleanup in targets:
            try:
                out = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--child", url,
                                      *(["--paired"] if args.paired else [])],
                                     check=True, capture_output=True, text=True)
                result = json.loads(out.stdout.strip().splitlines()[-1])
                print(f"{name:<11} {result['seconds']:>8.2f} {result['cpu_seconds']:>7.2f} "
                      f"{result['rows'] / result['seconds']:>9,.0f} "
                      f"{result['peak_rss_mb']:>12.0f} {result['csv_mb']:>7.1f}")
            finally:
                if cleanup:
                    cleanup()


def _scratch_postgresql(server_url: str):
    import uuid

    from sqlalchemy import create_engine, text
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server_url.rsplit("/", 1)[0] + f"/{name}"

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return url, drop


if __name__ == "__main__":
    main()
