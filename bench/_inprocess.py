"""What the in-process request benchmarks share (bench/api_submissions.py, bench/completions.py):
their options, a scratch app, and timing N runs of one request sequence in CPU and wall time,
optionally under cProfile (CPU time, so waiting on the database is not counted)."""
from __future__ import annotations

import argparse
import os
import time
from contextlib import contextmanager


def options(description: str, n: int) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-n", type=int, default=n)
    parser.add_argument("--database", default="", help="SQLAlchemy URL (default: a scratch SQLite file)")
    parser.add_argument("--profile", action="store_true",
                        help="print the costliest functions (SORT=tottime|cumulative, ROWS=N in the environment)")
    return parser.parse_args()


@contextmanager
def scratch_app(url: str):
    """An app on `url`, migrated; its connections are closed afterwards."""
    from flask_migrate import upgrade

    from survey import create_app
    from survey.extensions import db
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        upgrade()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


def timed(run, n: int, *, warm_up: int, profile: bool) -> tuple[float, float]:
    """(wall, CPU) seconds of `n` calls of `run` after `warm_up` untimed ones (imports, caches,
    connection pool); with `profile`, the costliest functions are printed."""
    for _ in range(warm_up):
        run()
    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if profiler:
        import pstats
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
            int(os.environ.get("ROWS", "25")))
    return wall, cpu


def database_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"
