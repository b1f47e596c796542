"""CPU per questionnaire completion, in process: N respondents answer the 8-page questionnaire of
bench/load.py (introduction, demographics, five 5-statement dimensions, an open question) through
Flask's test client (no network, no server), on SQLite or PostgreSQL.

    .venv/bin/python bench/completions.py [-n 100] [--database URL] [--profile]

Each completion is what a phone does: GET and POST every page with its session cookie and CSRF
token, following the redirects' targets by the next GET. Prints wall and CPU milliseconds per
completion and per request (this process: Flask, templates, validation, SQLAlchemy; the
database's own CPU is not counted). bench/load.py measures the same under gunicorn.
"""
from __future__ import annotations

import random
import re
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._inprocess import database_name, options, scratch_app, timed  # noqa: E402

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def main() -> None:
    args = options(__doc__.splitlines()[0], n=100)

    from bench._data import bench_instrument
    from bench.load import _page_fields
    from survey.collect import flow
    from survey.extensions import db
    from survey.studies.service import create_study

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{tmp}/bench.sqlite3"
        with scratch_app(url) as app:
            instrument = bench_instrument(dimensions=5)
            with app.app_context():
                study = create_study(db.session, instrument, slug=f"isi-{uuid.uuid4().hex[:6]}")
                study.submissions_per_hour = 10_000_000
                db.session.commit()
                slug = study.slug
                recipes = [_page_fields(instrument, page) for page in flow.build_pages(instrument)]
            rng = random.Random(5)

            def complete() -> None:
                client = app.test_client()
                for number, recipe in enumerate(recipes, start=1):
                    path = f"/s/{slug}/" if number == 1 else f"/s/{slug}/{number}"
                    page = client.get(path)
                    assert page.status_code == 200, (path, page.status_code)
                    form = {name: rng.choice(values) for name, values in recipe.items()}
                    form["csrf_token"] = TOKEN.search(page.get_data(as_text=True)).group(1)
                    answer = client.post(path, data=form)
                    assert answer.status_code == 303, (path, answer.status_code, answer.get_data(as_text=True)[:500])
                assert answer.headers["Location"].endswith("/selesai")

            wall, cpu = timed(complete, args.n, warm_up=5, profile=args.profile)
        requests = 2 * len(recipes)
        print(f"Questionnaire completions ({database_name(url)}, {len(recipes)} pages, test client): n={args.n}  "
              f"wall {1000 * wall / args.n:.1f} ms  CPU {1000 * cpu / args.n:.1f} ms per completion  "
              f"({1000 * cpu / args.n / requests:.2f} ms CPU per request, {requests} requests)")


if __name__ == "__main__":
    main()
