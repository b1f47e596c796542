"""Benchmark the report: a 9-dimension, 45-statement study with open answers, at 400 and 100,000
responses (SQLite temp DB), as PDF and as Word.

    .venv/bin/python bench/report.py [--sizes 400,100000] [--runs 2] [--pdf FILE] [--pages DIR]

Each size is imported in one child process, timed in a fresh one (median warm run: loading and
scoring the answers, our report part: narrative, results chapter, HTML; WeasyPrint; the DOCX)
and measured in a third (ru_maxrss of ONE report: after loading the answers, after the PDF,
after the DOCX), so the import's memory is not billed to the report. Targets: pages flat in the number of
respondents, the 100,000-response time <= 2x the 400-response time, peak <= 500 MB.
`--pdf`/`--pages` keep the PDF (and PNGs of its pages, pdftoppm -r 60) of the largest size.
"""
from __future__ import annotations

import argparse
import gc
import io
import json
import logging
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._data import bench_instrument, bench_responses  # noqa: E402

COMPLAINTS = ["Antrean perlu dipercepat", "antrean perlu dipercepat!", "Petugas kurang ramah",
              "Ruang tunggu panas", "Tambah loket pada hari Senin", "Informasi persyaratan kurang jelas",
              "Pelayanan sudah baik", "Biaya tidak transparan"]


def responses_csv(instrument, n: int) -> str:
    """Answers with 2 % missing, two demographics and an open answer from 60 % of respondents:
    most repeat a few complaints (in varied spelling), one in ten writes something of their own."""
    frame = bench_responses(instrument, n).astype("Int64")
    rng = np.random.default_rng(11)
    frame["gender"] = rng.choice(["Laki-laki", "Perempuan"], size=n)
    frame["age"] = rng.integers(17, 80, size=n)
    common = rng.choice(COMPLAINTS, size=n)
    own = np.array([f"Usul warga nomor {i}" for i in range(n)])
    draw = rng.random(n)
    frame["saran"] = np.where(draw < 0.5, common, np.where(draw < 0.6, own, ""))
    return frame.to_csv(index=False)


def app_for(database: Path):
    from survey import create_app
    return create_app({"TESTING": True, "SECRET_KEY": "bench", "SERVER_NAME": "localhost",
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})


def prepare(database: Path, n: int) -> None:
    from flask_migrate import upgrade

    from survey.collect.csv_import import import_responses
    from survey.extensions import db
    from survey.studies.service import create_study

    app = app_for(database)
    with app.app_context():
        upgrade()
        logging.getLogger("alembic").setLevel(logging.WARNING)
        instrument = bench_instrument()
        study = create_study(db.session, instrument, slug="bench")
        import_responses(db.session, study, instrument, responses_csv(instrument, n))
        db.session.commit()
        db.engine.dispose()


def render(database: Path, runs: int, keep: Path | None) -> dict:
    from pypdf import PdfReader
    from sqlalchemy import select

    from survey.extensions import db
    from survey.models import Study
    from survey.reports.data import report_data
    from survey.reports.docx import report_docx
    from survey.reports.pdf import render_pdf
    from survey.reports.render import report_html

    app = app_for(database)
    timings = []
    with app.app_context(), app.test_request_context():
        study = db.session.scalar(select(Study).where(Study.slug == "bench"))
        for _ in range(1 + runs):  # the first is cold
            gc.collect()
            started = time.perf_counter()
            data = report_data(db.session, study)  # scores from the tally, every open answer, the text
            loaded = time.perf_counter() - started
            html = report_html(data, for_pdf=True)
            ours = time.perf_counter() - started - loaded
            pdf = render_pdf(html)
            weasy = time.perf_counter() - started - loaded - ours
            started = time.perf_counter()
            word = report_docx(data)
            timings.append((loaded, ours, weasy, time.perf_counter() - started))
            del data
        db.engine.dispose()
    warm = sorted(timings[1:], key=sum)[(len(timings) - 2) // 2]
    if keep:
        keep.write_bytes(pdf)
    return {"load": warm[0], "ours": warm[1], "weasy": warm[2], "docx": warm[3], "pages": len(PdfReader(io.BytesIO(pdf)).pages),
            "pdf_kb": len(pdf) // 1024, "docx_kb": len(word) // 1024}


def peak(database: Path) -> dict:
    """Peak memory (ru_maxrss) of ONE report in a fresh process: after loading and scoring the
    answers, after the PDF, after the DOCX (the timing runs above repeat and so inflate it)."""
    from sqlalchemy import select

    from survey.extensions import db
    from survey.models import Study
    from survey.reports.data import report_data
    from survey.reports.docx import report_docx
    from survey.reports.pdf import render_pdf
    from survey.reports.render import report_html

    def rss() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    app = app_for(database)
    with app.app_context(), app.test_request_context():
        study = db.session.scalar(select(Study).where(Study.slug == "bench"))
        data = report_data(db.session, study)
        after_load = rss()
        render_pdf(report_html(data, for_pdf=True))
        after_pdf = rss()
        report_docx(data)
        db.engine.dispose()
    return {"load_mb": after_load, "pdf_mb": after_pdf, "docx_mb": rss()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="400,100000")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--pdf", type=Path, help="write the largest size's PDF here")
    parser.add_argument("--pages", type=Path, help="write its page PNGs here (pdftoppm -r 60)")
    parser.add_argument("--worker", choices=("prepare", "render", "peak"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--responses", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--keep", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "prepare":
        return prepare(args.db, args.responses)
    if args.worker == "render":
        return print(json.dumps(render(args.db, args.runs, args.keep)))
    if args.worker == "peak":
        return print(json.dumps(peak(args.db)))

    sizes = [int(size) for size in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            database = Path(folder) / f"bench-{n}.sqlite3"
            started = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--worker", "prepare", "--db", str(database),
                            "--responses", str(n)], check=True)
            imported = time.perf_counter() - started
            keep = Path(folder) / "largest.pdf" if n == max(sizes) else None
            out = subprocess.run([sys.executable, __file__, "--worker", "render", "--db", str(database),
                                  "--runs", str(args.runs)] + (["--keep", str(keep)] if keep else []),
                                 check=True, capture_output=True, text=True).stdout
            results[n] = json.loads(out.strip().splitlines()[-1])
            out = subprocess.run([sys.executable, __file__, "--worker", "peak", "--db", str(database)],
                                 check=True, capture_output=True, text=True).stdout
            results[n].update(json.loads(out.strip().splitlines()[-1]))
            r = results[n]
            total = r["load"] + r["ours"] + r["weasy"]
            print(f"{n:>7} responses (import {imported:5.1f} s): PDF {total:5.2f} s = answers+scores {r['load']:5.2f} s "
                  f"+ report data+narrative+HTML {r['ours']:5.2f} s + WeasyPrint {r['weasy']:5.2f} s; {r['pages']} pages, "
                  f"{r['pdf_kb']} KB | DOCX {r['docx']:5.2f} s, {r['docx_kb']} KB | one report's peak: answers+scores "
                  f"{r['load_mb']:4.0f} MB, + PDF {r['pdf_mb']:4.0f} MB, + DOCX {r['docx_mb']:4.0f} MB", flush=True)
        if len(sizes) > 1:
            small, large = results[min(sizes)], results[max(sizes)]
            ratio = sum(large[k] for k in ("load", "ours", "weasy")) / sum(small[k] for k in ("load", "ours", "weasy"))
            after = (large["ours"] + large["weasy"]) / (small["ours"] + small["weasy"])
            print(f"{max(sizes)} vs {min(sizes)}: PDF time x{ratio:.2f} end to end, x{after:.2f} after the answers are "
                  f"scored (target <= 2); pages {large['pages']} vs {small['pages']} (flat); PDF peak {large['pdf_mb']:.0f} MB, "
                  f"of which loading the answers {large['load_mb']:.0f} MB (target <= 500)")
        largest = Path(folder) / "largest.pdf"
        if args.pdf:
            args.pdf.write_bytes(largest.read_bytes())
            print(f"wrote {args.pdf}")
        if args.pages:
            args.pages.mkdir(parents=True, exist_ok=True)
            for old in args.pages.glob("page-*.png"):
                old.unlink()
            subprocess.run(["pdftoppm", "-r", "60", "-png", str(largest), str(args.pages / "page")], check=True)
            print(f"wrote {len(list(args.pages.glob('page-*.png')))} page images to {args.pages}")


if __name__ == "__main__":
    main()
