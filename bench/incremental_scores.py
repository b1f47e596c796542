"""Benchmark the incremental scores at any size: `study scores` (study_results) and the results
page of a study of N responses, cold (the tally rebuilt from every answer), after new
submissions (folded) and warm (the stored tally, nothing new).

    .venv/bin/python bench/incremental_scores.py [--rows 100000 --rows 1000000] [--new 200]

Set-up (not timed), in a scratch PostgreSQL database: N responses (45 items, 2 % missing;
bench/_data.py) with their answer sheets, two demographic answers each and an open answer from
10 % of them (a handful of common phrases and unique suggestions), COPY'd in, then VACUUM
ANALYZE as autovacuum would leave a live database. Measured in a fresh process (so its peak
memory is its own): the first read, which rebuilds the tally from every answer and stores it;
`--new` responses submitted through the real submission path (one transaction each), then the
read that folds them in; then, in another fresh process, the warm read and the results page
(bench/scores.py warm: 4 each, the best of the last 3). Targets (issue 14): warm `study scores` and results page <= 0.3 s at 100k and at 1M,
memory flat in N.
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
from bench.scores import warm  # noqa: E402


def set_up(url: str, rows: int) -> None:
    import numpy as np
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, select, text

    from bench._data import bench_instrument, bench_responses, sheet_texts
    from survey import create_app
    from survey.auth.users import create_user
    from survey.extensions import db
    from survey.models import DemographicQuestion, OpenQuestion
    from survey.studies.service import create_study

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    instrument = bench_instrument()
    rng = np.random.default_rng(5)
    phrases = ["Antrean perlu dipercepat", "antrean PERLU dipercepat!", "Petugas ramah", "Parkir sempit",
               "Tambah kursi ruang tunggu"]
    with app.app_context():
        upgrade()
        create_user(db.session, "bench@contoh.id", "kata-sandi-bench", "admin")
        study = create_study(db.session, instrument, slug="bench")
        db.session.commit()
        questions = dict(db.session.execute(select(DemographicQuestion.code, DemographicQuestion.id)
                                            .where(DemographicQuestion.study_id == study.id)).all())
        saran = db.session.scalar(select(OpenQuestion.id).where(OpenQuestion.study_id == study.id))
        driver = db.session.connection().connection.driver_connection
        step = 250_000  # respondents per COPY batch: bounds the set-up's memory
        with driver.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
            for first in range(1, rows + 1, step):
                ids = np.arange(first, min(first + step, rows + 1))
                with cursor.copy("COPY response (id, study_id, uuid, channel, consent, simulated, submitted_at) "
                                 "FROM STDIN") as copy:
                    copy.write("".join(f"{i}\t{study.id}\tbench-{i}\timport\tt\tt\t"
                                       f"2026-11-01 10:00:00+00\n" for i in ids))
                sheets = sheet_texts(bench_responses(instrument, len(ids), seed=int(first)))
                with cursor.copy("COPY answer_sheet (response_id, side, study_id, item_count, points, answers) "
                                 "FROM STDIN") as copy:
                    copy.write("".join(f"{i}\t0\t{study.id}\t{study.item_count}\t5\t{s}\n" for i, s in zip(ids, sheets)))
                genders = rng.choice(["Laki-laki", "Perempuan"], size=len(ids))
                ages = rng.integers(17, 80, size=len(ids))
                with cursor.copy("COPY demographic_answer (response_id, question_id, value) FROM STDIN") as copy:
                    copy.write("".join(f"{i}\t{questions['gender']}\t{g}\n{i}\t{questions['age']}\t{a}\n"
                                       for i, g, a in zip(ids, genders, ages)))
                answered = ids[rng.random(len(ids)) < 0.1]
                with cursor.copy("COPY open_answer (response_id, question_id, text) FROM STDIN") as copy:
                    copy.write("".join(f"{i}\t{saran}\t" + (phrases[i % 5] if i % 3 else f"Saran nomor {i}: tambah loket")
                                       + "\n" for i in answered))
            cursor.execute("SELECT setval('response_id_seq', %s)", (rows,))
        db.session.commit()
        db.engine.dispose()
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def measure(url: str, new: int) -> dict:
    code = f"""
import json, time
from survey import create_app
from survey.extensions import db
from survey.analysis.service import study_results
from survey.collect.submission import store_submission, validate_submission
from survey.studies.service import get_study, instrument_of
from bench._data import bench_responses
app = create_app({{"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": {url!r},
                  "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False}})
out = {{}}
with app.app_context():
    study = get_study(db.session, "bench")
    import survey.scoring.study, survey.analysis.frames  # imports are not the read
    instrument = instrument_of(study)
    started = time.perf_counter(); scores, got = study_results(db.session, study)
    out["rebuilt"] = time.perf_counter() - started; out["rebuilt_source"] = got.source
    frame = bench_responses(instrument, {new}, seed=99)
    for row in frame.itertuples(index=False):
        answers = {{code: int(v) for code, v in zip(frame.columns, row) if v == v}}
        submission, errors = validate_submission(instrument, answers, {{"gender": "Perempuan"}}, require_all_items=False)
        assert not errors, errors
        store_submission(db.session, study, submission, channel="link")
        db.session.commit()
    started = time.perf_counter(); scores, got = study_results(db.session, study)
    out["folded"] = time.perf_counter() - started; out["folded_source"] = got.source
    out["n"] = scores["n_responses"]
print(json.dumps(out))
"""


    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"warm": warm(url)}  # warm: a fresh process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="responses before the new ones (repeatable)")
    parser.add_argument("--new", type=int, default=200, help="responses submitted after the first read")
    parser.add_argument("--postgresql", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    for rows in args.rows or [100_000, 1_000_000]:
        url, drop = _scratch_postgresql(args.postgresql)
        try:
            started = time.perf_counter()
            set_up(url, rows)
            setup = time.perf_counter() - started
            result = measure(url, args.new)
        finally:
            drop()
        assert result["n"] == rows + args.new and result["rebuilt_source"] == "rebuilt", result
        assert result["folded_source"] == "folded" and result["warm"]["source"] == "stored", result
        print(f"incremental scores: {rows:,} responses + {args.new} new, 45 items, PostgreSQL (set-up {setup:.0f} s)")
        print(f"first read, tally rebuilt from every answer  {result['rebuilt']:6.3f} s")
        print(f"read folding the {args.new} new submissions      {result['folded']:6.3f} s")
        hot = result["warm"]
        print(f"warm `study scores` (tally stored)           {hot['scores']:6.3f} s   (target <= 0.3 s)")
        print(f"warm results page                            {hot['page']:6.3f} s   {hot['page_kb']:,.0f} KB   "
              f"peak RSS of the warm process {hot['rss_mb']:,.0f} MB   (target <= 0.3 s, memory flat in N)")
    print(f"(this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB)")


if __name__ == "__main__":
    main()
