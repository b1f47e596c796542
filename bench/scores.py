"""Benchmark the scores: 100,000 responses x 45 items (9 dimensions, 2 % missing) in PostgreSQL,
unpaired and paired (importance and performance of every statement: twice the answer sheets).

    .venv/bin/python bench/scores.py [--rows 100000] [--postgresql URL] [--case unpaired|paired] [--repeat 2]

    .venv/bin/python bench/scores.py --rows 100000 --rows 1000000   # both sizes, one run

Prints per size and case: the time PostgreSQL takes to COPY the study's answer sheets out (the
floor), the end-to-end `flask --app wsgi study scores SLUG --json` (a fresh process: import,
connect, load, score, print), cold (no stored tally: rebuilt from every answer, as right after
an import) and with the tally the cold run stored, each with its peak memory, its ratio to a plain pandas script over the
same responses as CSV (bench/plain_pandas.py, also a fresh process; unpaired only), the warm
`study scores` and results page (second call in one process) with that process's memory, and
the pure scoring on an in-memory frame; then the paired figures next to the unpaired ones with
their ratio. Targets (issue 14): warm <= 0.3 s at 100k and 1M, memory flat in N, end to end at
100k <= 1.5x the pandas script; (issue 13) paired <= 2x unpaired, end to end and pure scoring.
The data are loaded with COPY into a scratch database, which is dropped afterwards.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._data import bench_importance, bench_instrument, bench_responses, sheet_texts  # noqa: E402
from bench.import_responses import _scratch_postgresql  # noqa: E402


def load_study(url: str, rows: int, paired: bool = False) -> tuple[str, int]:
    """Create the study and COPY its responses and answer sheets in (fast set-up, not measured);
    returns the slug and the number of answers given."""
    import numpy as np
    from flask_migrate import upgrade

    from survey import create_app
    from survey.auth.users import create_user
    from survey.extensions import db
    from survey.models import IMPORTANCE, PERFORMANCE
    from survey.studies.service import create_study

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    instrument = bench_instrument(paired=paired)
    sides = [(PERFORMANCE, bench_responses(instrument, rows))]
    if paired:
        sides.append((IMPORTANCE, bench_importance(instrument, rows)))
    sides[0][1].astype("Int64").to_csv(_csv_path(url), index=False)
    with app.app_context():
        upgrade()
        create_user(db.session, "bench@contoh.id", "kata-sandi-bench", "admin")
        study = create_study(db.session, instrument, slug="bench")
        db.session.flush()
        driver = db.session.connection().connection.driver_connection
        with driver.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")  # a bulk load, not a web request
            cursor.execute("SELECT nextval('response_id_seq') FROM generate_series(1, %s)", (rows,))
            ids = np.array([r[0] for r in cursor.fetchall()])
            with cursor.copy("COPY response (id, study_id, uuid, channel, consent, simulated, submitted_at) "
                             "FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write("".join(f"{rid},{study.id},bench-{rid},import,t,t,2026-11-01 10:00:00+00\n"
                                   for rid in ids))
            for side, frame in sides:
                with cursor.copy("COPY answer_sheet (response_id, side, study_id, item_count, points, answers) "
                                 "FROM STDIN") as copy:
                    copy.write("".join(f"{rid}\t{side}\t{study.id}\t{study.item_count}\t5\t{text}\n"
                                       for rid, text in zip(ids, sheet_texts(frame))))
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()
    return "bench", int(sum(frame.count().sum() for _, frame in sides))


def _csv_path(url: str) -> Path:
    return Path(tempfile.gettempdir()) / f"{url.rsplit('/', 1)[1]}.csv"


def forget_tally(url: str) -> None:
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM study_statistics"))
    engine.dispose()


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
        started = time.perf_counter(); _, got = study_results(db.session, study); times.append(time.perf_counter() - started)
    out["scores"] = min(times[1:]); out["source"] = got.source
client = app.test_client()
assert client.post("/login", data={{"email": "bench@contoh.id", "password": "kata-sandi-bench"}}).status_code == 302
times = []
for _ in range(4):
    started = time.perf_counter(); page = client.get("/studies/bench/results"); times.append(time.perf_counter() - started)
    assert page.status_code == 200
out["page"] = min(times[1:]); out["page_kb"] = len(page.data) / 1e3
out["rss_mb"] = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
print(json.dumps(out))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def copy_floor(url: str) -> float:
    """PostgreSQL's own time to COPY the study's answer sheets out (binary), the rows
    survey/analysis/frames.py reads."""
    import psycopg
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        with connection.cursor() as cursor:
            started = time.perf_counter()
            with cursor.copy("COPY (SELECT response_id, side, answers FROM answer_sheet WHERE study_id = "
                             "(SELECT id FROM study WHERE slug = 'bench')) TO STDOUT (FORMAT binary)") as copy:
                for _ in copy:
                    pass
            return time.perf_counter() - started


# `flask study scores bench --json` in a fresh process that prints its own peak RSS (VmHWM) to
# stderr last. Not ru_maxrss: Linux carries the forking parent's high-water mark across exec into
# the child's ru_maxrss (and into RUSAGE_CHILDREN), and this bench process holds large frames.
_FLASK_WITH_PEAK = """
import re, runpy, sys
sys.argv = ["flask", "--app", "wsgi", "study", "scores", "bench", "--json"]
try:
    runpy.run_module("flask", run_name="__main__", alter_sys=True)
finally:
    peak = re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)
    print(f"\\npeak-kb {peak}", file=sys.stderr)
"""


def end_to_end(url: str) -> tuple[float, float, int]:
    """A fresh `study scores --json` process: wall time, its peak RSS and the JSON's size."""
    env = dict(os.environ, DATABASE_URL=url)
    started = time.perf_counter()
    process = subprocess.run([sys.executable, "-c", _FLASK_WITH_PEAK], cwd=ROOT, env=env, capture_output=True)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(process.stderr.decode())
    peak_kb = int(process.stderr.decode().rsplit("peak-kb ", 1)[1])
    return seconds, peak_kb / 1024, len(process.stdout)


def pure_scoring(rows: int, paired: bool = False) -> float:
    from survey.scoring import score_study
    instrument = bench_instrument(paired=paired)
    frame = bench_responses(instrument, rows)
    importance = bench_importance(instrument, rows) if paired else None
    score_study(instrument, frame.iloc[:1000], importance=None if importance is None else importance.iloc[:1000])
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        score_study(instrument, frame, importance=importance)
        best = min(best, time.perf_counter() - started)
    return best


def measure(server: str, rows: int, cases: list[str], repeat: int) -> dict[str, dict]:
    """Load every case into its own scratch database first, then time the cases in turn, `repeat`
    rounds, keeping each figure's best: on a shared machine the load drifts within minutes, and
    alternating keeps the paired/unpaired ratio fair."""
    loaded, results = {}, {}
    try:
        for case in cases:
            url, drop = _scratch_postgresql(server)
            loaded[case] = (url, drop)
            _, answers = load_study(url, rows, case == "paired")
            results[case] = {"answers": answers, "floor": float("inf"), "seconds": float("inf"),
                             "cold": float("inf"), "pandas": None if case == "paired" else float("inf"),
                             "hot": None}
        for _ in range(repeat):
            for case in cases:
                url, r = loaded[case][0], results[case]
                r["floor"] = min([r["floor"]] + [copy_floor(url) for _ in range(3)])
                forget_tally(url)  # cold: the tally rebuilt from every answer, as after an import
                seconds, peak, _ = end_to_end(url)
                if seconds < r["cold"]:
                    r["cold"], r["cold_peak"] = seconds, peak
                seconds, peak, r["size"] = end_to_end(url)  # the tally the cold run stored
                if seconds < r["seconds"]:
                    r["seconds"], r["peak"] = seconds, peak
                if r["pandas"] is not None:
                    r["pandas"] = min(r["pandas"], plain_pandas(url))
                hot = warm(url)
                r["hot"] = hot if r["hot"] is None else {
                    key: min(value, hot[key]) if key in ("scores", "page") else value for key, value in r["hot"].items()}
        for _ in range(repeat):
            for case in cases:
                results[case]["pure"] = min(results[case].get("pure", float("inf")),
                                            pure_scoring(rows, case == "paired"))
    finally:
        for url, drop in loaded.values():
            drop()
            _csv_path(url).unlink(missing_ok=True)
    return results


def report(rows: int, case: str, r: dict) -> None:
    sides = "both sides, " if case == "paired" else ""
    print(f"study scores, {case}: {rows:,} responses x 45 items ({sides}{r['answers']:,} answers) on PostgreSQL")
    print(f"COPY answer sheets out (floor)      {r['floor']:6.2f} s")
    print(f"`study scores --json` end to end    {r['seconds']:6.2f} s   peak RSS {r['peak']:,.0f} MB   "
          f"JSON {r['size'] / 1e3:,.0f} KB   (the stored tally, as after any earlier read)")
    print(f"  the same, cold                    {r['cold']:6.2f} s   peak RSS {r['cold_peak']:,.0f} MB   "
          f"(no tally: rebuilt from every answer, as after an import)")
    if r["pandas"] is not None:
        print(f"plain pandas script over the CSV    {r['pandas']:6.2f} s   "
              f"ratio `study scores` / pandas {r['seconds'] / r['pandas']:.2f}x, cold "
              f"{r['cold'] / r['pandas']:.2f}x   (target <= 1.5x at 100k)")
    print(f"warm `study scores`                 {r['hot']['scores']:6.2f} s   (target <= 0.3 s; tally {r['hot']['source']})")
    print(f"warm results page                   {r['hot']['page']:6.2f} s   {r['hot']['page_kb']:,.0f} KB   "
          f"process peak RSS {r['hot']['rss_mb']:,.0f} MB   (target <= 0.3 s, memory flat in N)")
    print(f"pure scoring, in-memory frame       {r['pure']:6.2f} s")


def compare(rows: int, unpaired: dict, paired: dict) -> None:
    print(f"paired / unpaired at {rows:,} responses (target <= 2x)")
    for label, get in (("COPY floor", lambda r: r["floor"]), ("`study scores --json` end to end", lambda r: r["seconds"]),
                       ("`study scores --json` cold", lambda r: r["cold"]),
                       ("warm `study scores`", lambda r: r["hot"]["scores"]), ("warm results page", lambda r: r["hot"]["page"]),
                       ("pure scoring", lambda r: r["pure"])):
        print(f"  {label:<34}{get(unpaired):6.2f} s -> {get(paired):6.2f} s   {get(paired) / get(unpaired):.2f}x")
    print(f"  {'peak RSS end to end':<34}{unpaired['peak']:6,.0f} MB -> {paired['peak']:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="responses (repeat for several sizes)")
    parser.add_argument("--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--case", choices=("unpaired", "paired"), action="append",
                        help="unpaired or paired (repeat for both; default both, compared)")
    parser.add_argument("--repeat", type=int, default=2, help="rounds over the cases; each figure's best is kept")
    args = parser.parse_args()
    cases = args.case or ["unpaired", "paired"]
    for rows in args.rows or [100_000]:
        results = measure(args.postgresql, rows, cases, args.repeat)
        for case in cases:
            report(rows, case, results[case])
            print()
        if len(results) == 2:
            compare(rows, results["unpaired"], results["paired"])
            print()


if __name__ == "__main__":
    main()
