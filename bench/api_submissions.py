"""CPU per API submission, in process: N enumerator submissions of a 45-statement questionnaire
posted through Flask's test client (no network, no server), on SQLite or PostgreSQL.

    .venv/bin/python bench/api_submissions.py [-n 300] [--database URL] [--profile]

Prints wall and CPU milliseconds per submission (this process: Flask, validation, SQLAlchemy;
PostgreSQL's own CPU is not counted). --profile prints the costliest functions (cProfile, CPU
time). bench/load.py measures the same under gunicorn with concurrent clients.
"""
from __future__ import annotations

import re
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._inprocess import database_name, options, scratch_app, timed  # noqa: E402


def main() -> None:
    args = options(__doc__.splitlines()[0], n=300)

    from bench._data import bench_instrument
    from survey.auth.users import create_user
    from survey.extensions import db
    from survey.studies.service import create_study

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{tmp}/bench.sqlite3"
        with scratch_app(url) as app:
            instrument = bench_instrument()
            with app.app_context():
                study = create_study(db.session, instrument, slug=f"api-{uuid.uuid4().hex[:6]}")
                user = create_user(db.session, f"enum-{uuid.uuid4().hex[:6]}@contoh.id", "kata-sandi-rahasia", "admin")
                db.session.commit()
                slug, email = study.slug, user.email
            client = app.test_client()
            page = client.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
            assert client.post("/login", data={"email": email, "password": "kata-sandi-rahasia",
                                               "csrf_token": token}).status_code == 302
            page = client.get(f"/e/{slug}/").get_data(as_text=True)
            csrf = page.split('data-csrf="', 1)[1].split('"', 1)[0]
            answers = {item.code: 1 + i % 5 for i, item in enumerate(instrument.items)}

            def post() -> None:
                body = {"uuid": str(uuid.uuid4()), "answers": answers, "demographics": {"gender": "Perempuan"},
                        "consent": True}
                response = client.post(f"/api/v1/studies/{slug}/responses", json=body, headers={"X-CSRFToken": csrf})
                assert response.status_code == 201, response.get_data(as_text=True)

            wall, cpu = timed(post, args.n, warm_up=20, profile=args.profile)
        print(f"API submissions ({database_name(url)}, 45 statements, test client): n={args.n}  "
              f"wall {1000 * wall / args.n:.2f} ms  CPU {1000 * cpu / args.n:.2f} ms per submission")


if __name__ == "__main__":
    main()
