"""Benchmark `responses import`: 100,000 respondents x 45 answers, SQLite and PostgreSQL.

    .venv/bin/python bench/import_responses.py [--rows 100000] [--postgresql URL]

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


def run_one(url: str, rows: int) -> dict:
    from flask_migrate import upgrade

    from bench._data import bench_csv, bench_instrument
    from survey import create_app
    from survey.collect.csv_import import import_responses
    from survey.extensions import db
    from survey.studies.service import create_study

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    instrument = bench_instrument()
    data = bench_csv(instrument, rows).encode()
    with app.app_context():
        upgrade()
        study = create_study(db.session, instrument)
        db.session.commit()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        count = import_responses(db.session, study, instrument, data)
        db.session.commit()
        seconds = time.perf_counter() - started
        db.engine.dispose()
    return {"rows": count, "answers": count * len(instrument.items), "seconds": round(seconds, 2),
            "csv_mb": round(len(data) / 1e6, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_before_import_mb": round(rss_before / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="server to create the scratch database on ('' to skip)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.rows)))
        return

    targets = []
    with tempfile.TemporaryDirectory() as tmp:
        targets.append(("SQLite", f"sqlite:///{tmp}/bench.sqlite3", None))
        if args.postgresql:
            targets.append(("PostgreSQL", *_scratch_postgresql(args.postgresql)))
        print(f"responses import: {args.rows:,} rows x 45 items")
        print(f"{'database':<11} {'seconds':>8} {'rows/s':>9} {'peak RSS MB':>12} {'CSV MB':>7}")
        for name, url, cleanup in targets:
            try:
                out = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--child", url],
                                     check=True, capture_output=True, text=True)
                result = json.loads(out.stdout.strip().splitlines()[-1])
                print(f"{name:<11} {result['seconds']:>8.2f} {result['rows'] / result['seconds']:>9,.0f} "
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
