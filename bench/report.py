"""Benchmark the PDF report: a 9-dimension, 45-statement study with 400 responses.

    .venv/bin/python bench/report.py [--responses 400]

Prints the total, the split between our part (loading, scores, narrative, HTML) and
WeasyPrint's rendering, and the page count. Targets: total <= 3 s, our part <= 30 %.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._data import bench_csv, bench_instrument  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from flask_migrate import upgrade
    from pypdf import PdfReader

    from survey import create_app
    from survey.collect.csv_import import import_responses
    from survey.extensions import db
    from survey.reports.data import report_data
    from survey.reports.pdf import render_pdf
    from survey.reports.render import report_html
    from survey.studies.service import create_study

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SERVER_NAME": "localhost",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"})
        with app.app_context(), app.test_request_context():
            upgrade()
            instrument = bench_instrument()
            study = create_study(db.session, instrument, slug="bench")
            import_responses(db.session, study, instrument, bench_csv(instrument, args.responses))
            db.session.commit()
            render_pdf(report_html(report_data(db.session, study), for_pdf=True))  # warm-up: fonts, imports
            best = None
            for _ in range(args.runs):
                started = time.perf_counter()
                html = report_html(report_data(db.session, study), for_pdf=True)
                ours = time.perf_counter() - started
                pdf = render_pdf(html)
                total = time.perf_counter() - started
                if best is None or total < best[0]:
                    best = (total, ours, pdf)
            db.engine.dispose()
    total, ours, pdf = best
    import io
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"report: 9 dimensions, 45 statements, {args.responses} responses -> {pages} pages, {len(pdf) // 1024} KB")
    print(f"total                 {total:6.2f} s   (target <= 3 s)")
    print(f"data + narrative + HTML {ours:5.2f} s   {100 * ours / total:4.1f} %   (target <= 30 %)")
    print(f"WeasyPrint rendering  {total - ours:6.2f} s   {100 * (total - ours) / total:4.1f} %")


if __name__ == "__main__":
    main()
