"""Load through HTTP: API submissions and full questionnaire completions by N concurrent clients.

    python -m bench.load --database-url postgresql://postgres@127.0.0.1:5432/bench_i11 \
        [--url http://127.0.0.1:8110] [--server-pid PID ...] [--kill-pid PID ...]

Without --url it starts one gunicorn itself (port 8111, 2 workers, PostgreSQL). Prints, per
phase: throughput, p50/p95/p99 latency, server CPU ms per submission (utime+stime from /proc
of the gunicorn processes, and of the PostgreSQL backends serving the bench database), and
checks that every acknowledged submission is stored exactly once.

--kill-pid: kill -9 these processes (one app server: its master and workers) halfway through
the API phase. Clients resend what was not acknowledged, with the same UUID, as the enumerator
app does; a resent completion replays the same final page with the same session cookie.

--read-under-writes: instead of the above, API submissions at --write-rate per second (20)
while a logged-in researcher loads the results page --page-loads times in a row (100); prints
page errors (anything but a 200 with the results) and p50/p95/p99 page time (issue 14: 0 errors).
--preload N stores N responses through the API first.

Bounded: loopback addresses only, --api and --completions requests at most, --max-seconds
per phase. Scales with numbers of the issue 14 spec (≤ 5 ms CPU per API submission, ≤ 40 ms
per 8-page completion on 2 cores).
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import time
import uuid
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
PASSWORD = "bench-kuda-lumping-merah"  # zxcvbn score 4
RETRIES = 8


# --- setup (in process, on the same database) ---------------------------------------------------

def prepare(database_url: str) -> dict:
    """A fresh open study (8 pages: intro, demographics, 5 dimensions, open question) and an
    enumerator assigned to it; the study takes unlimited public submissions per address."""
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_hex(8))
    from flask_migrate import upgrade

    from bench._data import bench_instrument
    from survey import create_app
    from survey.auth.users import create_user
    from survey.collect import flow
    from survey.extensions import db
    from survey.studies.service import create_study

    app = create_app({"SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database_url), "TESTING": True})
    with app.app_context():
        upgrade()
        instrument = bench_instrument(dimensions=5)
        tag = secrets.token_hex(3)
        study = create_study(db.session, instrument, status="open", slug=f"bench-load-{tag}")
        study.submissions_per_hour = 10_000_000
        study.published_at = datetime.now(timezone.utc) - timedelta(days=1)
        email = f"enum-{tag}@bench.id"
        enumerator = create_user(db.session, email, PASSWORD, "enumerator")
        study.enumerators.append(enumerator)
        researcher = create_user(db.session, f"peneliti-{tag}@bench.id", PASSWORD, "researcher")
        study.owner_id = researcher.id
        db.session.commit()
        pages = [_page_fields(instrument, page) for page in flow.build_pages(instrument)]
        info = {"slug": study.slug, "study_id": study.id, "email": email, "researcher": researcher.email,
                "pages": pages,
                "items": [item.code for item in instrument.items], "points": instrument.scale.points}
        db.engine.dispose()
    return info


def _page_fields(instrument, page) -> dict:
    """What a respondent posts on one page (a recipe; values drawn per completion)."""
    if page.kind == "intro":
        return {"consent": ["yes"]}
    if page.kind == "demographics":
        return {q.code: list(q.choices) if q.type == "choice" else [str(q.min or 17), str((q.max or 90) - 1)]
                for q in instrument.demographics}
    if page.kind == "dimension":
        return {item.code: [str(v) for v in range(1, instrument.scale.points + 1)] for item in page.dimension.items}
    return {q.code: ["Antrean di loket dua terlalu panjang.", "Petugas ramah."] for q in instrument.open_questions}


def _sqlalchemy_url(url: str) -> str:
    from survey.config import normalise_database_url
    return normalise_database_url(url)


def stored(database_url: str, study_id: int, uuids: list[str]) -> tuple[int, dict[str, int]]:
    import psycopg
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        total = connection.execute("SELECT count(*) FROM response WHERE study_id = %s", (study_id,)).fetchone()[0]
        rows = connection.execute("SELECT uuid, count(*) FROM response WHERE uuid = ANY(%s) GROUP BY uuid",
                                  (uuids,)).fetchall()
    return total, {str(u): n for u, n in rows}


# --- CPU from /proc -----------------------------------------------------------------------------

def _descendants(pids: list[int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, []))
    return found


def _cpu_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


def _postgres_backends(database_url: str) -> list[int]:
    import psycopg
    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        return [row[0] for row in connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,))]


class CpuMeter:
    """CPU used by processes alive at both ends of a phase (a killed server's share is lost)."""

    def __init__(self, server_pids: list[int], database_url: str):
        self.server_pids, self.database_url = server_pids, database_url

    def sample(self) -> dict[str, dict[int, int]]:
        app = {pid: t for pid in _descendants(self.server_pids) if (t := _cpu_ticks(pid)) is not None}
        db = {pid: t for pid in _postgres_backends(self.database_url) if (t := _cpu_ticks(pid)) is not None}
        return {"app": app, "db": db}

    @staticmethod
    def used_ms(before: dict, after: dict, kind: str) -> float:
        ticks = sum(after[kind][pid] - before[kind][pid] for pid in after[kind] if pid in before[kind])
        return ticks * 1000 / TICKS


# --- clients ------------------------------------------------------------------------------------

def _percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    values = sorted(values)

    def at(q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] * 1000
    return f"p50 {at(0.50):.1f} ms, p95 {at(0.95):.1f} ms, p99 {at(0.99):.1f} ms"


async def _login(aiohttp, base: str, email: str) -> dict:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(base, cookie_jar=jar) as http:
        page = await (await http.get("/login")).text()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        response = await http.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token},
                                   allow_redirects=False)
        assert response.status == 302, f"login failed: {response.status}"
        cookies = {c.key: c.value for c in jar}
    return cookies


async def api_phase(aiohttp, base: str, info: dict, clients: int, total: int, kill: list[int],
                    max_seconds: float) -> dict:
    cookies = await _login(aiohttp, base, info["email"])
    async with aiohttp.ClientSession(base, cookies=cookies, cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        page = await (await http.get(f"/e/{info['slug']}/")).text()
    csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
    queue: asyncio.Queue = asyncio.Queue()
    for _ in range(total):
        queue.put_nowait(str(uuid.uuid4()))
    acknowledged, latencies, resends, failures = [], [], [0], [0]
    deadline = time.monotonic() + max_seconds
    killed = [not kill]

    def payload(response_uuid: str) -> dict:
        now = datetime.now(timezone.utc)
        return {"uuid": response_uuid, "consent": True, "channel": "enumerator",
                "answers": {code: random.randint(1, info["points"]) for code in info["items"]},
                "demographics": {"gender": random.choice(["Laki-laki", "Perempuan"]), "age": random.randint(18, 80)},
                "open_answers": {"saran": "Antrean di loket dua terlalu panjang."},
                "started_at": (now - timedelta(minutes=12)).isoformat(), "finished_at": now.isoformat()}

    async def client() -> None:
        async with aiohttp.ClientSession(base, cookies=cookies, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                         timeout=aiohttp.ClientTimeout(total=30)) as http:
            while not queue.empty() and time.monotonic() < deadline:
                response_uuid = queue.get_nowait()
                body = payload(response_uuid)
                for attempt in range(RETRIES):
                    if not killed[0] and len(acknowledged) >= total // 2:
                        killed[0] = True
                        for pid in kill:
                            try:
                                os.kill(pid, signal.SIGKILL)
                            except ProcessLookupError:
                                pass
                        print(f"  killed app server processes {kill} after {len(acknowledged)} acknowledged")
                    started = time.perf_counter()
                    try:
                        async with http.post(f"/api/v1/studies/{info['slug']}/responses", json=body,
                                             headers={"X-CSRFToken": csrf, "Accept": "application/json"}) as r:
                            await r.read()
                            status = r.status
                    except (aiohttp.ClientError, asyncio.TimeoutError):
                        status = None
                    if status in (200, 201):
                        latencies.append(time.perf_counter() - started)
                        acknowledged.append(response_uuid)
                        break
                    resends[0] += 1
                    await asyncio.sleep(0.05 * (attempt + 1))  # retry later, same uuid, same content
                else:
                    failures[0] += 1
    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return {"acknowledged": acknowledged, "latencies": latencies, "seconds": time.perf_counter() - started,
            "resends": resends[0], "failures": failures[0]}


def _state_uuid(cookie: str, study_id: int) -> str | None:
    """The response uuid in the (signed, readable) Flask session cookie."""
    data = cookie.split(".")[1] if cookie.startswith(".") else cookie.split(".")[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    if cookie.startswith("."):
        raw = zlib.decompress(raw)
    return json.loads(raw).get("q", {}).get(str(study_id), {}).get("u")


async def completion_phase(aiohttp, base: str, info: dict, clients: int, total: int, max_seconds: float) -> dict:
    counter = iter(range(total))
    acknowledged, latencies, page_latencies, failures = [], [], [], [0]
    deadline = time.monotonic() + max_seconds
    pages = info["pages"]

    async def one(http) -> None:
        jar = http.cookie_jar
        jar.clear()
        began, response_uuid = time.perf_counter(), None
        for number, recipe in enumerate(pages, start=1):
            path = f"/s/{info['slug']}/" if number == 1 else f"/s/{info['slug']}/{number}"
            form = {name: random.choice(values) for name, values in recipe.items()}
            for attempt in range(RETRIES):
                try:
                    t0 = time.perf_counter()
                    async with http.get(path) as r:
                        html = await r.text()
                    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
                    async with http.post(path, data=form | {"csrf_token": token}, allow_redirects=False) as r:
                        await r.read()
                        status, location = r.status, r.headers.get("Location", "")
                    page_latencies.append(time.perf_counter() - t0)
                except (aiohttp.ClientError, asyncio.TimeoutError, AttributeError):
                    status, location = None, ""
                if status == 303:
                    break
                await asyncio.sleep(0.05 * (attempt + 1))
            else:
                failures[0] += 1
                return
            if response_uuid is None:
                session_cookie = next((c.value for c in jar if c.key == "session"), None)
                response_uuid = _state_uuid(session_cookie, info["study_id"]) if session_cookie else None
        if location.endswith("/selesai"):
            latencies.append(time.perf_counter() - began)
            acknowledged.append(response_uuid)

    async def client() -> None:
        async with aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                         timeout=aiohttp.ClientTimeout(total=30)) as http:
            while time.monotonic() < deadline and next(counter, None) is not None:
                await one(http)
    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return {"acknowledged": acknowledged, "latencies": latencies, "page_latencies": page_latencies,
            "seconds": time.perf_counter() - started, "failures": failures[0]}


async def read_under_writes(aiohttp, base: str, info: dict, rate: float, loads: int,
                            max_seconds: float) -> dict:
    """API submissions at `rate` per second (one every 1/rate s, each its own task) while a
    logged-in researcher loads the results page `loads` times in a row: errors and page times."""
    enumerator = await _login(aiohttp, base, info["email"])
    researcher = await _login(aiohttp, base, info["researcher"])
    async with aiohttp.ClientSession(base, cookies=enumerator, cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        csrf = re.search(r'data-csrf="([^"]+)"', await (await http.get(f"/e/{info['slug']}/")).text()).group(1)
    written, write_errors, page_times, page_errors = [], [0], [], []
    done = asyncio.Event()
    deadline = time.monotonic() + max_seconds

    async def write(http) -> None:
        body = {"uuid": str(uuid.uuid4()), "consent": True, "channel": "enumerator",
                "answers": {code: random.randint(1, info["points"]) for code in info["items"]},
                "demographics": {"gender": random.choice(["Laki-laki", "Perempuan"]), "age": random.randint(18, 80)},
                "open_answers": {"saran": random.choice(["Antrean di loket dua terlalu panjang.", "Petugas ramah."])}}
        try:
            async with http.post(f"/api/v1/studies/{info['slug']}/responses", json=body,
                                 headers={"X-CSRFToken": csrf, "Accept": "application/json"}) as r:
                await r.read()
                (written.append(body["uuid"]) if r.status in (200, 201) else write_errors.__setitem__(0, write_errors[0] + 1))
        except (aiohttp.ClientError, asyncio.TimeoutError):
            write_errors[0] += 1

    in_flight = asyncio.Semaphore(8)  # a server that falls behind gets fewer writes, not a pile-up

    async def paced(http) -> None:
        async with in_flight:
            await write(http)

    async def writer() -> None:
        tasks = []
        async with aiohttp.ClientSession(base, cookies=enumerator, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                         timeout=aiohttp.ClientTimeout(total=30)) as http:
            began = time.monotonic()
            sent = 0
            while not done.is_set() and time.monotonic() < deadline:
                if in_flight.locked():
                    await asyncio.sleep(1 / rate)  # behind schedule: skip this slot
                    began += 1 / rate
                    continue
                tasks.append(asyncio.create_task(paced(http)))
                sent += 1
                await asyncio.sleep(max(0.0, began + sent / rate - time.monotonic()))
            await asyncio.gather(*tasks)

    async def reader() -> None:
        async with aiohttp.ClientSession(base, cookies=researcher, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                         timeout=aiohttp.ClientTimeout(total=60)) as http:
            await asyncio.sleep(2)  # writes are flowing before the first load
            for _ in range(loads):
                if time.monotonic() > deadline:
                    break
                started = time.perf_counter()
                try:
                    async with http.get(f"/studies/{info['slug']}/results") as r:
                        html = await r.text()
                        status = r.status
                except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                    status, html = type(exc).__name__, ""
                page_times.append(time.perf_counter() - started)
                if status != 200 or "Responden" not in html:
                    page_errors.append(status)
        done.set()

    started = time.perf_counter()
    await asyncio.gather(writer(), reader())
    return {"written": written, "write_errors": write_errors[0], "page_times": page_times,
            "page_errors": page_errors, "seconds": time.perf_counter() - started}


async def login_limit(aiohttp, base: str) -> tuple[list[int], dict[str, int]]:
    """12 wrong passwords for one account through the proxy, spread over the app servers:
    (statuses, POSTs answered per upstream as nginx's X-Upstream header names it)."""
    statuses, upstreams = [], {}
    email = f"tidak-ada-{secrets.token_hex(3)}@bench.id"
    for attempt in range(12):
        async with aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            page = await (await http.get("/login")).text()
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
            if attempt % 2:
                await (await http.get("/healthz")).read()  # shift the round robin: POSTs alternate servers
            async with http.post("/login", data={"email": email, "password": "salah-salah-salah",
                                                 "csrf_token": token}, allow_redirects=False) as r:
                statuses.append(r.status)
                upstream = r.headers.get("X-Upstream", "?")
                upstreams[upstream] = upstreams.get(upstream, 0) + 1
    return statuses, upstreams


# --- main ---------------------------------------------------------------------------------------

def _read_under_writes_main(aiohttp, args, info: dict) -> int:
    """Issue 14: under 20 writes/s, 100 consecutive results-page loads, 0 errors."""
    if args.preload:
        pre = asyncio.run(api_phase(aiohttp, args.url, info, args.clients, args.preload, [], args.max_seconds))
        print(f"preloaded {len(pre['acknowledged'])} responses through the API in {pre['seconds']:.1f} s")
    run = asyncio.run(read_under_writes(aiohttp, args.url, info, args.write_rate, args.page_loads,
                                        args.max_seconds))
    n, times = len(run["written"]), run["page_times"]
    print(f"read under writes: {n} API submissions acknowledged in {run['seconds']:.1f} s "
          f"= {n / run['seconds']:.1f}/s (asked {args.write_rate:g}/s), {run['write_errors']} refused or failed")
    print(f"results page: {len(times)} consecutive loads, {len(run['page_errors'])} errors "
          f"{run['page_errors'][:10]}; {_percentiles(times)}")
    uuids = run["written"]
    total, counts = stored(args.database_url, info["study_id"], uuids)
    missing = [u for u in uuids if counts.get(u, 0) == 0]
    print(f"stored {total} responses; {len(missing)} acknowledged but missing")
    rate_met = n / run["seconds"] >= 0.9 * args.write_rate
    if not rate_met:
        print(f"write rate NOT reached: {n / run['seconds']:.1f}/s of {args.write_rate:g}/s asked "
              "(the server fell behind; the reads were not tested at the asked rate)")
    ok = (not run["page_errors"] and len(times) == args.page_loads and not missing and not run["write_errors"]
          and rate_met)
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


def start_gunicorn(database_url: str, port: int, workers: int = 2) -> subprocess.Popen:
    env = os.environ | {"DATABASE_URL": database_url, "WEB_CONCURRENCY": str(workers),
                        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/11"),
                        "GUNICORN_BIND": f"127.0.0.1:{port}", "SURVEY_SESSION_COOKIE_SECURE": "false",
                        "LOG_JSON": "false"}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import urllib.request
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not become ready")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 "postgresql://postgres@127.0.0.1:5432/bench_i11"))
    parser.add_argument("--url", help="a running server or proxy (default: start gunicorn on :8111)")
    parser.add_argument("--server-pid", type=int, nargs="*", default=[], help="gunicorn master pids (CPU)")
    parser.add_argument("--kill-pid", type=int, nargs="*", default=[], help="kill -9 these mid-run")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--api", type=int, default=2000, help="API submissions")
    parser.add_argument("--completions", type=int, default=200, help="full questionnaire completions")
    parser.add_argument("--max-seconds", type=float, default=120)
    parser.add_argument("--read-under-writes", action="store_true",
                        help="only this: --write-rate API submissions/s while the results page loads --page-loads times")
    parser.add_argument("--write-rate", type=float, default=20.0)
    parser.add_argument("--page-loads", type=int, default=100)
    parser.add_argument("--preload", type=int, default=0,
                        help="with --read-under-writes: API submissions stored before the reads begin")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers when started here")
    args = parser.parse_args()
    import aiohttp

    if args.url and urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("bench/load.py drives loopback servers only")
    info = prepare(args.database_url)  # also migrates the database, before any server checks /readyz
    own = None
    if not args.url:
        own = start_gunicorn(args.database_url, 8111, args.workers)
        args.url, args.server_pid = "http://127.0.0.1:8111", [own.pid]
    try:
        if args.read_under_writes:
            return _read_under_writes_main(aiohttp, args, info)
        meter = CpuMeter(args.server_pid, args.database_url)
        print(f"load: {args.clients} clients against {args.url}, study {info['slug']} "
              f"({len(info['items'])} statements, {len(info['pages'])} pages)")

        # While every app server is up, so the 12 attempts spread over all of them (round robin).
        statuses, upstreams = asyncio.run(login_limit(aiohttp, args.url))
        print(f"login rate limit across servers: {statuses.count(401)} refused as wrong, then "
              f"{statuses.count(429)} × 429 (statuses {statuses}; POSTs per server {upstreams})")

        before = meter.sample()
        api = asyncio.run(api_phase(aiohttp, args.url, info, args.clients, args.api, args.kill_pid, args.max_seconds))
        after = meter.sample()
        n = len(api["acknowledged"])
        print(f"API submissions: {n} acknowledged in {api['seconds']:.1f} s = {n / api['seconds']:.0f}/s; "
              f"{_percentiles(api['latencies'])}; resends {api['resends']}, given up {api['failures']}")
        if n:
            print(f"  server CPU per API submission: app {meter.used_ms(before, after, 'app') / n:.2f} ms, "
                  f"PostgreSQL {meter.used_ms(before, after, 'db') / n:.2f} ms"
                  + (" (killed server's share not counted)" if args.kill_pid else ""))

        before = meter.sample()
        done = asyncio.run(completion_phase(aiohttp, args.url, info, args.clients, args.completions, args.max_seconds))
        after = meter.sample()
        m = len(done["acknowledged"])
        print(f"Questionnaire completions ({len(info['pages'])} pages): {m} acknowledged in {done['seconds']:.1f} s "
              f"= {m / done['seconds']:.1f}/s; whole questionnaire {_percentiles(done['latencies'])}; "
              f"per page (GET+POST) {_percentiles(done['page_latencies'])}; given up {done['failures']}")
        if m:
            print(f"  server CPU per completion: app {meter.used_ms(before, after, 'app') / m:.1f} ms, "
                  f"PostgreSQL {meter.used_ms(before, after, 'db') / m:.1f} ms")

        uuids = [u for u in api["acknowledged"] + done["acknowledged"] if u]
        total, counts = stored(args.database_url, info["study_id"], uuids)
        missing = [u for u in uuids if counts.get(u, 0) == 0]
        doubled = [u for u, c in counts.items() if c > 1]
        acked = n + m
        print(f"stored {total} responses for {acked} acknowledged ({n} API + {m} completions): "
              f"{len(missing)} acknowledged but missing, {len(doubled)} stored twice, "
              f"{total - len(set(uuids))} stored without an acknowledgement (in flight when a server died)")
        ok = (not missing and not doubled and statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]
              and acked > 0)
        print("RESULT:", "PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        if own is not None:
            own.terminate()
            own.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
