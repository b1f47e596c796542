"""Benchmark the incremental scores at any size: warm `study scores` (study_results) and the
results page when the study's tally is stored, with and without new responses to fold.

    .venv/bin/python bench/incremental_scores.py [--rows 100000 --rows 1000000] [--new 200]

Set-up (not timed), in a scratch PostgreSQL database: N response rows with generate_series,
the tally of N bench responses (bench/_data.py, 45 items) computed in memory and stored as if
a first score had saved it, then `--new` responses with their answers committed after it. The
old responses' answer rows are not loaded: an incremental read never touches them (the tail
is read by response id through the answer primary key), and a 45 million row answer table
takes an hour to load on a busy 2-core machine. bench/scores.py measures the same reads over
fully loaded data at 100k. Prints per size the time of the stored read (nothing new), the
folded read (N + new) and the results page, and the process peak RSS.
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

from bench.import_responses import _scratch_postgresql  # noqa: E402


def set_up(url: str, rows: int, new: int) -> None:
    from datetime import datetime, timezone

    import numpy as np
    from flask_migrate import upgrade
    from sqlalchemy import select

    from bench._data import bench_instrument, bench_responses
    from survey import create_app
    from survey.analysis.service import save_statistics
    from survey.auth.users import create_user
    from survey.extensions import db
    from survey.models import Item
    from survey.scoring.statistics import statistics_of
    from survey.studies.service import create_study

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    instrument = bench_instrument()
    with app.app_context():
        upgrade()
        create_user(db.session, "bench@contoh.id", "kata-sandi-bench", "admin")
        study = create_study(db.session, instrument, slug="bench")
        db.session.commit()
        driver = db.session.connection().connection.driver_connection
        with driver.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
            cursor.execute("INSERT INTO response (id, study_id, uuid, channel, consent, simulated, submitted_at) "
                           "SELECT g, %s, 'bench-' || g, 'import', true, true, "
                           "timestamptz '2026-11-01 10:00:00+00' + g * interval '1 second' "
                           "FROM generate_series(1, %s) g", (study.id, rows))
            cursor.execute("SELECT setval('response_id_seq', %s)", (rows,))
        db.session.commit()
        frame = bench_responses(instrument, rows)
        tally = statistics_of(instrument, frame)
        del frame
        first = datetime(2026, 11, 1, 10, 0, 1, tzinfo=timezone.utc)
        last = datetime.fromtimestamp(first.timestamp() + rows - 1, tz=timezone.utc)
        assert save_statistics(db.session, study, tally, rows, rows * (rows + 1) // 2, (first, last))
        # The responses after the tally, with their answers (as submissions would leave them).
        extra = bench_responses(instrument, new, seed=99)
        item_ids = dict(db.session.execute(select(Item.code, Item.id).where(Item.study_id == study.id)).all())
        with driver.cursor() as cursor:
            ids = np.arange(rows + 1, rows + new + 1)
            cursor.executemany("INSERT INTO response (id, study_id, uuid, channel, consent, simulated, submitted_at) "
                               "VALUES (%s, %s, %s, 'link', true, false, now())",
                               [(int(i), study.id, f"new-{i}") for i in ids])
            long = extra.set_axis(ids).stack()
            cursor.executemany("INSERT INTO answer (response_id, item_id, study_id, points, value) VALUES (%s, %s, %s, 5, %s)",
                               [(int(r), item_ids[c], study.id, int(v)) for (r, c), v in long.items()])
            cursor.execute("SELECT setval('response_id_seq', %s)", (rows + new,))
        db.session.commit()
        db.session.commit()
        db.engine.dispose()
    # VACUUM sets the visibility map autovacuum keeps on a live database (it runs after inserts):
    # with it the count and id sum of the check are an index-only scan.
    from sqlalchemy import create_engine, text
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
        plan = connection.execute(text(
            "EXPLAIN (ANALYZE, BUFFERS) SELECT count(*), sum(id), max(id) FROM response WHERE study_id = "
            "(SELECT id FROM study WHERE slug = 'bench')")).scalars().all()
    engine.dispose()
    print("\n".join(line for line in plan if "Scan" in line or "Execution" in line))


def measure(url: str) -> dict:
    code = f"""
import json, resource, time
from survey import create_app
from survey.extensions import db
from survey.analysis.service import study_results
from survey.studies.service import get_study
app = create_app({{"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": {url!r},
                  "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False}})
out = {{}}
with app.app_context():
    study = get_study(db.session, "bench")
    import survey.scoring.study, survey.analysis.frames, scipy.special  # imports are not the read
    from survey.studies.service import instrument_of
    instrument_of(study)
    started = time.perf_counter(); scores, got = study_results(db.session, study, open_answers=False)
    out["folded"] = time.perf_counter() - started; out["folded_source"] = got.source
    out["n"] = scores["n_responses"]
    times = []
    for _ in range(5):
        started = time.perf_counter(); _, got = study_results(db.session, study, open_answers=False)
        times.append(time.perf_counter() - started)
    out["stored"] = min(times); out["stored_median"] = sorted(times)[2]; out["stored_source"] = got.source
client = app.test_client()
assert client.post("/login", data={{"email": "bench@contoh.id", "password": "kata-sandi-bench"}}).status_code == 302
times = []
for _ in range(4):
    started = time.perf_counter(); page = client.get("/studies/bench/results"); times.append(time.perf_counter() - started)
    assert page.status_code == 200
out["page"] = min(times[1:]); out["page_kb"] = len(page.data) / 1e3
# VmHWM: this process's own peak (ru_maxrss would carry the parent's peak across exec)
out["rss_mb"] = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) / 1024
print(json.dumps(out))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="responses in the stored tally (repeatable)")
    parser.add_argument("--new", type=int, default=200, help="responses committed after the tally")
    parser.add_argument("--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    for rows in args.rows or [100_000, 1_000_000]:
        url, drop = _scratch_postgresql(args.postgresql)
        try:
            started = time.perf_counter()
            set_up(url, rows, args.new)
            setup = time.perf_counter() - started
            result = measure(url)
        finally:
            drop()
        assert result["n"] == rows + args.new and result["folded_source"] == "folded", result
        print(f"incremental scores: {rows:,} responses in the stored tally + {args.new} new, 45 items, "
              f"PostgreSQL (set-up {setup:.0f} s)")
        print(f"first read, folding the {args.new} new       {result['folded']:6.3f} s")
        print(f"warm `study scores` (tally stored)   {result['stored']:6.3f} s   median {result['stored_median']:.3f} s"
              f"   (target <= 0.3 s)")
        print(f"warm results page                    {result['page']:6.3f} s   {result['page_kb']:,.0f} KB   "
              f"process peak RSS {result['rss_mb']:,.0f} MB   (memory flat in N)")
    print(f"(this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB)")


if __name__ == "__main__":
    main()
