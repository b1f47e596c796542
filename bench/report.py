"""Benchmark the PDF report: a 9-dimension, 45-statement study with 400 responses (SQLite temp DB).

    /tmp/venv/bin/python bench/report.py [--responses 400] [--runs 3] [--pdf FILE] [--pages DIR]

Prints the first (cold) run and the median warm run, each split between our part (loading the
answers, scores, narrative, charts, HTML) and WeasyPrint's rendering, and the page count.
Targets: total <= 3 s, our part <= 30 %. `--pages DIR` also writes one PNG per page
(pdftoppm -r 60) for looking at the result.
"""
from __future__ import annotations

import argparse
import gc
import io
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._data import bench_csv, bench_instrument  # noqa: E402


def timed_report(db, study) -> tuple[float, float, bytes]:
    """(our seconds, WeasyPrint seconds, PDF) of one report."""
    from survey.reports.data import report_data
    from survey.reports.pdf import render_pdf
    from survey.reports.render import report_html

    gc.collect()  # the previous render's garbage (WeasyPrint boxes) is not billed to this run's data part
    started = time.perf_counter()
    html = report_html(report_data(db.session, study), for_pdf=True)
    ours = time.perf_counter() - started
    pdf = render_pdf(html)
    return ours, time.perf_counter() - started - ours, pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf", type=Path, help="write the PDF here")
    parser.add_argument("--pages", type=Path, help="write page PNGs here (pdftoppm -r 60)")
    args = parser.parse_args()

    from flask_migrate import upgrade
    from pypdf import PdfReader

    from survey import create_app
    from survey.collect.csv_import import import_responses
    from survey.extensions import db
    from survey.studies.service import create_study

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SERVER_NAME": "localhost",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"})
        with app.app_context(), app.test_request_context():
            upgrade()
            logging.getLogger("alembic").setLevel(logging.WARNING)
            instrument = bench_instrument()
            study = create_study(db.session, instrument, slug="bench")
            import_responses(db.session, study, instrument, bench_csv(instrument, args.responses))
            db.session.commit()
            runs = [timed_report(db, study) for _ in range(1 + args.runs)]  # the first is cold
            db.engine.dispose()
    cold = runs[0]
    warm = sorted(runs[1:], key=lambda run: run[0] + run[1])[(len(runs) - 2) // 2]  # the median warm run
    pdf = warm[2]
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"report: 9 dimensions, 45 statements, {args.responses} responses -> {pages} pages, {len(pdf) // 1024} KB")
    for name, (ours, weasy, _) in (("cold (first) run", cold), (f"median of {args.runs} warm", warm)):
        total = ours + weasy
        print(f"{name}: total {total:5.2f} s (target <= 3 s) | data + narrative + HTML {ours:5.2f} s "
              f"= {100 * ours / total:4.1f} % (target <= 30 %) | WeasyPrint {weasy:5.2f} s")
    if args.pdf:
        args.pdf.write_bytes(pdf)
        print(f"wrote {args.pdf}")
    if args.pages:
        args.pages.mkdir(parents=True, exist_ok=True)
        for old in args.pages.glob("page-*.png"):
            old.unlink()
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            subprocess.run(["pdftoppm", "-r", "60", "-png", handle.name, str(args.pages / "page")], check=True)
        print(f"wrote {len(list(args.pages.glob('page-*.png')))} page images to {args.pages}")


if __name__ == "__main__":
    main()
