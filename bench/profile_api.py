"""Where the CPU of one API submission goes: N submissions through the test client under cProfile.

    .venv/bin/python -m bench.profile_api [--database-url postgresql://postgres@127.0.0.1:5432/bench_hf]
        [--n 300] [--top 30]

Sets up the bench/load.py study (5 dimensions, 25 statements) and an enumerator, logs in, warms
up, then posts N submissions (new uuids) and prints the mean wall ms per submission and the
cProfile table (CPU time of this process; the test client's own cost included, no network).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import re
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

from bench.load import PASSWORD, _sqlalchemy_url, prepare


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/bench_hf")
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime, ...")
    parser.add_argument("--callees", default="", help="also print what functions matching this call")
    parser.add_argument("--filter", default="", help="only functions whose path matches (e.g. survey)")
    args = parser.parse_args()

    info = prepare(args.database_url)
    from survey import create_app
    # As served: rate limits on (in Redis when REDIS_URL is set), CSRF checked, sessions signed.
    app = create_app({"SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(args.database_url), "TESTING": True,
                      "SESSION_COOKIE_SECURE": False})
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"email": info["email"], "password": PASSWORD, "csrf_token": token}).status_code == 302
    csrf = re.search(r'data-csrf="([^"]+)"', client.get(f"/e/{info['slug']}/").get_data(as_text=True)).group(1)

    def submit() -> None:
        now = datetime.now(timezone.utc)
        body = {"uuid": str(uuid.uuid4()), "consent": True, "channel": "enumerator",
                "answers": {code: random.randint(1, info["points"]) for code in info["items"]},
                "demographics": {"gender": random.choice(["Laki-laki", "Perempuan"]), "age": random.randint(18, 80)},
                "open_answers": {"saran": "Antrean di loket dua terlalu panjang."},
                "started_at": (now - timedelta(minutes=12)).isoformat(), "finished_at": now.isoformat()}
        response = client.post(f"/api/v1/studies/{info['slug']}/responses", json=body,
                               headers={"X-CSRFToken": csrf, "Accept": "application/json"})
        assert response.status_code == 201, (response.status_code, response.get_data(as_text=True)[:300])

    for _ in range(20):
        submit()
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.n):
        submit()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{args.n} API submissions: {wall / args.n * 1000:.2f} ms wall, {cpu / args.n * 1000:.2f} ms CPU each "
          "(this process: app and test client, no profiler)")
    profile = cProfile.Profile(time.process_time)  # CPU, not waits on the database
    started, cpu = time.perf_counter(), time.process_time()
    profile.enable()
    for _ in range(args.n):
        submit()
    profile.disable()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{args.n} API submissions under cProfile: {wall / args.n * 1000:.2f} ms wall, "
          f"{cpu / args.n * 1000:.2f} ms CPU each (profiler overhead included)")
    stats = pstats.Stats(profile).sort_stats(args.sort)
    stats.print_stats(args.filter or None, args.top)
    if args.callees:
        stats.print_callees(args.callees)
    from survey.extensions import db
    with app.app_context():
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
