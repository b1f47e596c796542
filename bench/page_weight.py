"""Page weight: bytes a respondent's browser loads for one 10-statement dimension page, and
what an enumerator's tablet loads for the offline interview page (with the service worker).

    .venv/bin/python bench/page_weight.py [--target-kb 30] [--enumerator-target-kb 40]

Builds the app on a temporary SQLite database, creates a study with one 10-statement
dimension, walks to that page with the test client as a respondent would (introduction,
demographics), then fetches the page and every stylesheet, script, image and icon it
references, and reports raw and gzip -9 bytes of each (bodies only, no HTTP headers).
The enumerator page holds the whole questionnaire (it must work offline) plus queue.js,
enumerator.js and the service worker /e/sw.js, which the page registers.
Exits with status 1 when a gzip total is above its target.

    .venv/bin/python bench/page_weight.py --results 100000 [--results-target-kb 200]

also measures the researcher's results page of a study of that many responses (45 statements,
three open questions answered by 30 %, 10 % and 5 %: common phrases, unique suggestions and
1 % of 5,000-character complaints), raw bytes as sent (issue 14: <= 200 KB at any size), and
the first and last page of the paged open answers (/studies/<slug>/open-answers/<code>).
"""
from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LABELS = ["Sangat Tidak Setuju", "Tidak Setuju", "Ragu-ragu", "Setuju", "Sangat Setuju"]


def ten_statement_instrument() -> dict:
    """One dimension, two indicators of five statements each (Indonesian, realistic length)."""
    statements = [
        "Petugas menjelaskan persyaratan pelayanan dengan bahasa yang mudah dipahami.",
        "Informasi tentang biaya pelayanan diumumkan secara terbuka di kantor.",
        "Saya harus datang berulang kali karena informasi yang diberikan tidak lengkap.",
        "Petugas menjawab pertanyaan saya dengan sabar dan sopan.",
        "Jadwal pelayanan ditaati oleh petugas sesuai pengumuman.",
        "Keluhan yang saya sampaikan ditanggapi dalam waktu yang wajar.",
        "Petugas bersikap adil kepada semua warga tanpa membeda-bedakan.",
        "Saya merasa dipersulit ketika mengurus berkas di kantor ini.",
        "Prosedur pelayanan dijalankan sesuai aturan yang berlaku.",
        "Hasil pelayanan yang saya terima sesuai dengan yang dijanjikan.",
    ]
    items = [{"code": f"P{i + 1}", "text": text, **({"reverse": True} if i in (2, 7) else {})}
             for i, text in enumerate(statements)]
    return {
        "format": "survey-instrument/1",
        "title": "Persepsi Masyarakat tentang Pelayanan Kantor Kecamatan",
        "institution": "Kantor Kecamatan Contoh", "language": "id",
        "introduction": "Kuesioner ini menanyakan pengalaman Anda ketika dilayani di kantor kecamatan.",
        "consent": "Jawaban Anda hanya dipakai untuk penelitian ini dan tidak dikaitkan dengan nama Anda.",
        "scale": {"points": 5, "labels": LABELS}, "method": "mean_interval",
        "dimensions": [{"code": "RESP", "name": "Responsivitas", "indicators": [
            {"code": "RESP-1", "name": "Kejelasan informasi", "items": items[:5]},
            {"code": "RESP-2", "name": "Ketanggapan", "items": items[5:]}]}],
        "demographics": [
            {"code": "gender", "label": "Jenis Kelamin", "type": "choice",
             "choices": ["Laki-laki", "Perempuan"], "required": True},
            {"code": "age", "label": "Usia", "type": "integer", "min": 17, "max": 100}],
        "open_questions": [{"code": "saran", "label": "Saran dan masukan"}],
    }


class References(HTMLParser):
    """URLs the browser fetches when it loads a page: stylesheets, icons, scripts, images."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.has_icon = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = set((a.get("rel") or "").lower().split())
        self.has_icon |= tag == "link" and "icon" in rel
        if tag == "link" and a.get("href") and rel & {
                "stylesheet", "icon", "preload", "modulepreload", "manifest"}:
            self.urls.append(a["href"])
        elif tag in ("script", "img", "source") and a.get("src"):
            self.urls.append(a["src"])


@dataclass
class Row:
    url: str
    kind: str
    raw: int
    gzip: int


def measure(client, path: str) -> list[Row]:
    """Fetch a page and everything it references through the test client."""
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    rows = [_row(path, "html", page.data)]
    parser = References()
    parser.feed(page.text)
    if not parser.has_icon:
        parser.urls.append("/favicon.ico")  # browsers ask for it when the page names no icon
    for ref in dict.fromkeys(parser.urls):
        if ref.startswith("data:"):
            continue  # inline, already counted in the HTML
        target = urljoin(path, ref)
        if urlsplit(target).netloc not in ("", "localhost"):
            raise SystemExit(f"third-party request: {ref}")
        response = client.get(target)
        kind = Path(urlsplit(target).path).suffix.lstrip(".") or "?"
        rows.append(_row(target, kind if response.status_code == 200 else str(response.status_code),
                         response.data))
        response.close()
    return rows


def _row(url: str, kind: str, data: bytes) -> Row:
    return Row(url, kind, len(data), len(gzip.compress(data, compresslevel=9, mtime=0)))


def dimension_page(app) -> tuple[object, str]:
    """A test client standing on the dimension page, and that page's path."""
    from survey.extensions import db
    from survey.instruments import build_instrument
    from survey.studies.service import create_study

    study = create_study(db.session, build_instrument(ten_statement_instrument()), slug="bobot")
    db.session.commit()
    client = app.test_client()
    base = f"/s/{study.slug}/"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(base).text).group(1)
    for path, data in ((base, {"consent": "yes"}), (f"{base}2", {"gender": "Perempuan", "age": "34"})):
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 303, (path, response.status_code)
    return client, f"{base}3"


def enumerator_page(app) -> tuple[object, str]:
    """A logged-in enumerator's test client and the interview page of the 10-statement study."""
    from survey.auth.users import create_user
    from survey.extensions import db
    from survey.studies.service import get_study

    study = get_study(db.session, "bobot")
    enumerator = create_user(db.session, "enumerator@bench.id", "bench-password", "enumerator")
    study.enumerators.append(enumerator)
    db.session.commit()
    from flask import g
    g.pop("csrf_token", None)  # requests share the bench's app context: drop the respondent's token
    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"email": enumerator.email, "password": "bench-password",
                                           "csrf_token": token})
    assert response.status_code == 302, (response.status_code, response.text[:3000])
    return client, f"/e/{study.slug}/"


def load_results_study(app, n: int):
    """A researcher's study of `n` responses with open answers, written straight into SQLite
    (set-up, not measured); returns (logged-in client, slug, open question codes)."""
    import numpy as np
    from sqlalchemy import select

    from bench._data import bench_instrument, bench_responses, sheet_texts
    from survey.auth.users import create_user
    from survey.extensions import db
    from survey.instruments import build_instrument, to_document
    from survey.models import OpenQuestion
    from survey.studies.service import create_study

    doc = to_document(bench_instrument())
    doc["open_questions"] = [{"code": "saran", "label": "Saran untuk kantor kecamatan"},
                             {"code": "keluhan", "label": "Keluhan yang pernah dialami"},
                             {"code": "lain-lain", "label": "Hal lain yang ingin disampaikan"}]
    instrument = build_instrument(doc)
    researcher = create_user(db.session, "peneliti@bench.id", "bench-password", "researcher")
    study = create_study(db.session, instrument, slug="hasil")
    study.owner_id = researcher.id
    db.session.commit()
    questions = dict(db.session.execute(select(OpenQuestion.code, OpenQuestion.id)
                                        .where(OpenQuestion.study_id == study.id)).all())
    sheets = sheet_texts(bench_responses(instrument, n))
    rng = np.random.default_rng(3)
    common = ["Antrean perlu dipercepat", "antrean PERLU dipercepat!", "Petugas ramah", "Parkir sempit",
              "Tambah kursi ruang tunggu", "Informasi biaya kurang jelas", "Toilet perlu dibersihkan"]
    complaint = "Antrean di loket pelayanan terlalu lama dan petugas sering tidak berada di tempat; "

    def text(i: int, code: str) -> str:
        roll = rng.random()
        if roll < 0.01:
            return (f"Keluhan {code} {i}: " + complaint * 80)[:5000]
        if roll < 0.6:
            return common[int(rng.integers(len(common)))]
        return f"Saran {code} nomor {i}: ruang tunggu perlu kipas angin dan papan informasi antrean."

    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.executemany("INSERT INTO response (id, study_id, uuid, channel, consent, simulated, submitted_at) "
                           "VALUES (?, ?, ?, 'import', 1, 0, '2026-11-01 10:00:00.000000')",
                           ((i + 1, study.id, f"bench-{i + 1}") for i in range(n)))
        cursor.executemany("INSERT INTO answer_sheet (response_id, side, study_id, item_count, points, answers) "
                           "VALUES (?, 0, ?, ?, 5, ?)",
                           ((i + 1, study.id, study.item_count, text) for i, text in enumerate(sheets)))
        for code, share in (("saran", 0.3), ("keluhan", 0.1), ("lain-lain", 0.05)):
            answered = np.flatnonzero(rng.random(n) < share)
            cursor.executemany("INSERT INTO open_answer (response_id, question_id, text) VALUES (?, ?, ?)",
                               ((int(r) + 1, questions[code], text(int(r), code)) for r in answered))
        raw.commit()
    finally:
        raw.close()
    from flask import g
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"email": "peneliti@bench.id", "password": "bench-password",
                                           "csrf_token": token})
    assert response.status_code == 302, response.status_code
    return client, study.slug, list(questions)


def results_weight(app, n: int, target_kb: float) -> bool:
    import time

    client, slug, codes = load_results_study(app, n)
    print(f"\nResearcher: results page of {n:,} responses (45 statements, 3 open questions)")
    ok = True
    for label, path in [("results", f"/studies/{slug}/results")] + [
            (f"open answers {code} p.{page}", f"/studies/{slug}/open-answers/{code}?page={page}")
            for code in codes for page in (1, 10_000)]:
        started = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        size = len(response.data)
        ok &= size <= target_kb * 1000
        print(f"{label:<28}{size:>10,} B raw{len(gzip.compress(response.data, 9, mtime=0)):>9,} B gzip"
              f"{seconds:>8.2f} s")
    print(f"largest page target <= {target_kb:g} KB raw: {'met' if ok else 'NOT met'}")
    return ok


def report(title: str, rows: list[Row], target_kb: float) -> bool:
    width = max(len(r.url) for r in rows) + 2
    print(f"\n{title}")
    print(f"{'resource':<{width}}{'type':<6}{'raw B':>9}{'gzip -9 B':>11}")
    for r in rows:
        print(f"{r.url:<{width}}{r.kind:<6}{r.raw:>9,}{r.gzip:>11,}")
    raw, packed = sum(r.raw for r in rows), sum(r.gzip for r in rows)
    print(f"{'total (' + str(len(rows)) + ' requests)':<{width}}{'':<6}{raw:>9,}{packed:>11,}")
    within = packed <= target_kb * 1024
    print(f"gzip total {packed / 1024:.1f} KB; target <= {target_kb:g} KB: {'met' if within else 'NOT met'}")
    return within


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target-kb", type=float, default=30.0, help="gzip budget in KB (1 KB = 1024 B)")
    parser.add_argument("--enumerator-target-kb", type=float, default=40.0)
    parser.add_argument("--results", type=int, default=0, metavar="N",
                        help="also weigh the results page of a study of N responses")
    parser.add_argument("--results-target-kb", type=float, default=200.0, help="raw, 1 KB = 1000 B")
    args = parser.parse_args()

    from flask_migrate import upgrade
    from survey import create_app
    from survey.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SERVER_NAME": "localhost",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"})
        with app.app_context():
            upgrade()
            client, path = dimension_page(app)
            page = client.get(path).text
            assert page.count("<fieldset") == 10, "expected 10 statements on the page"
            respondent = measure(client, path)
            client, path = enumerator_page(app)
            enumerator = measure(client, path)
            worker = client.get("/e/sw.js")
            enumerator.append(_row("/e/sw.js", "js", worker.data))
            results_ok = results_weight(app, args.results, args.results_target_kb) if args.results else True
            db.engine.dispose()

    ok = report("Respondent: one 10-statement dimension page", respondent, args.target_kb)
    ok &= report("Enumerator: offline interview page (whole questionnaire) + service worker",
                 enumerator, args.enumerator_target_kb)
    return 0 if ok and results_ok else 1


if __name__ == "__main__":
    sys.exit(main())
