"""Heavy work as jobs: the PDF and the exports of large studies run in the background with a
progress page, a JSON status and a download; small studies are served inline."""
from __future__ import annotations

import time

import pytest
from flask import g

from survey.jobs import registry
from tests.conftest import csrf_from

CSV = ("Q1,Q2,Q3,Q4,gender,saran\n"
       "5,1,4,4,Laki-laki,Loket dua lambat\n"
       "4,2,3,2,Perempuan,\n"
       "3,,5,5,Perempuan,\n")


@pytest.fixture
def large(app, monkeypatch):
    """Every study counts as large: jobs instead of inline downloads."""
    monkeypatch.setitem(app.config, "JOBS_INLINE_MAX_RESPONSES", -1)


def _start(client, slug, kind, **query):
    page = client.get(f"/studies/{slug}/jobs/{kind}", query_string=query)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "data-job-start" in html and "js/job.js" in html
    started = client.post(f"/studies/{slug}/jobs/{kind}", data={"csrf_token": csrf_from(html), **query})
    assert started.status_code == 303
    return started.headers["Location"].rsplit("/", 1)[1]


def _wait(client, job_id, timeout=60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/jobs/{job_id}/status").get_json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {status['status']}")


def _as(client, method="get"):
    """A request as this client's user: the tests' app context (and Flask-Login's user cached in
    `g`) outlives requests, so forget the previous client's user and CSRF token first."""
    def call(url, **kwargs):
        g.pop("_login_user", None)
        g.pop("csrf_token", None)  # Flask-WTF caches the token there too
        return getattr(client, method)(url, **kwargs)
    return call


def _logged_in(app, user):
    """A fresh browser logged in as `user`."""
    from tests.conftest import PASSWORD
    other = app.test_client()
    page = _as(other)("/login").get_data(as_text=True)
    assert _as(other, "post")("/login", data={"email": user.email, "password": PASSWORD,
                                              "csrf_token": csrf_from(page)}).status_code == 302
    return other


def test_small_studies_are_served_inline(client, owned_study):
    study = owned_study(CSV)
    pdf = client.get(f"/studies/{study.slug}/jobs/report_pdf")
    assert pdf.status_code == 302 and pdf.headers["Location"].endswith(f"/{study.slug}/report.pdf")
    export = client.get(f"/studies/{study.slug}/jobs/export?fmt=xlsx")
    assert export.status_code == 302 and export.headers["Location"].endswith(f"/{study.slug}/export/xlsx")
    assert client.get(f"/studies/{study.slug}/jobs/export?fmt=pdf").status_code == 404
    assert client.get(f"/studies/{study.slug}/jobs/nothing").status_code == 404


def test_pdf_of_a_large_study_as_a_job_with_progress_page_and_download(client, owned_study, large):
    study = owned_study(CSV)
    results = client.get(f"/studies/{study.slug}/results").get_data(as_text=True)
    assert f"/studies/{study.slug}/jobs/report_pdf" in results  # the link now starts a job
    job_id = _start(client, study.slug, "report_pdf")
    page = client.get(f"/jobs/{job_id}")
    assert page.status_code == 200 and "<progress" in page.get_data(as_text=True)
    status = _wait(client, job_id)
    assert status["status"] == "done", status
    assert status["progress"] == 1.0 and status["filename"] == f"{study.slug}-laporan.pdf"
    download = client.get(status["download_url"])
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.data.startswith(b"%PDF")
    assert "Unduh" in client.get(f"/jobs/{job_id}").get_data(as_text=True)


def test_export_job_gives_the_same_file_as_the_inline_export(client, owned_study, large):
    study = owned_study(CSV)
    job_id = _start(client, study.slug, "export", fmt="csv")
    status = _wait(client, job_id)
    assert status["status"] == "done" and status["filename"] == f"{study.slug}-data.csv"
    download = client.get(status["download_url"])
    assert download.mimetype == "text/csv"
    inline = client.get(f"/studies/{study.slug}/export/csv")
    assert download.data == inline.data and download.data.startswith("\ufeff".encode())


def test_a_failing_job_says_why(client, owned_study, large, monkeypatch):
    def broken(study_id):
        registry.report_progress(0.3)
        raise RuntimeError("WeasyPrint kehabisan memori")
    monkeypatch.setitem(registry.KINDS, "report_pdf", registry.JobKind(
        "report_pdf", broken, ("Laporan PDF", "PDF report"), "application/pdf"))
    study = owned_study(CSV)
    status = _wait(client, _start(client, study.slug, "report_pdf"))
    assert status["status"] == "failed" and "kehabisan memori" in status["message"]
    assert client.get(f"/jobs/{status['id']}/download").status_code == 409


def test_job_routes_check_role_and_ownership(app, client, owned_study, large, make_user):
    study = owned_study(CSV)
    job_id = _start(client, study.slug, "report_pdf")
    _wait(client, job_id)
    urls = [f"/jobs/{job_id}", f"/jobs/{job_id}/status", f"/jobs/{job_id}/download"]
    stranger = _logged_in(app, make_user("researcher"))  # not their study: as if it did not exist
    for url in urls + [f"/studies/{study.slug}/jobs/report_pdf"]:
        assert _as(stranger)(url).status_code == 404, url
    enumerator = _logged_in(app, make_user("enumerator"))
    for url in urls:
        assert _as(enumerator)(url).status_code == 403, url
    anonymous = app.test_client()
    for url in urls:
        assert _as(anonymous)(url).status_code == 302, url
    assert _as(client, "post")(f"/studies/{study.slug}/jobs/report_pdf").status_code == 400  # no CSRF token


def test_on_rq_a_worker_runs_the_job(app, db, client, owned_study, large, monkeypatch):
    """With REDIS_URL the job goes to RQ; an `rq worker` (here a burst SimpleWorker) runs it."""
    redis = pytest.importorskip("redis")
    from rq import Queue, SimpleWorker
    url = "redis://127.0.0.1:6379/14"
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    monkeypatch.setitem(app.config, "REDIS_URL", url)
    queue = Queue("survey", connection=connection)
    queue.empty()
    study = owned_study(CSV)
    job_id = _start(client, study.slug, "export", fmt="xlsx")
    assert client.get(f"/jobs/{job_id}/status").get_json()["status"] == "queued"
    SimpleWorker([queue], connection=connection).work(burst=True)
    status = client.get(f"/jobs/{job_id}/status").get_json()
    assert status["status"] == "done", status
    assert client.get(status["download_url"]).data[:2] == b"PK"  # an XLSX is a zip
    queue.empty()


def test_word_report_and_semicolon_csv_as_jobs(client, owned_study, large):
    import io

    import docx
    study = owned_study(CSV)
    status = _wait(client, _start(client, study.slug, "report_docx"))
    assert status["status"] == "done" and status["filename"] == f"{study.slug}-laporan.docx"
    download = client.get(status["download_url"])
    assert download.mimetype.endswith("wordprocessingml.document")
    headings = [p.text for p in docx.Document(io.BytesIO(download.data)).paragraphs if p.style.name.startswith("Heading")]
    assert any("HASIL PENELITIAN" in h.upper() for h in headings)
    status = _wait(client, _start(client, study.slug, "export", fmt="csv-semicolon"))
    semicolon = client.get(status["download_url"]).data
    assert semicolon == client.get(f"/studies/{study.slug}/export/csv-semicolon").data and b";" in semicolon


def _job_row(db, study, **values):
    """A job row as another process left it (status, runner, times)."""
    import secrets

    from survey.models import Job
    job = Job(id=secrets.token_hex(16), kind="report_pdf", study_id=study.id, params={}, progress=0.4,
              **values)
    db.session.add(job)
    db.session.commit()
    return job.id


def _dead_runner() -> str:
    """A runner string for a process of this host that has ended (a finished child's pid)."""
    import socket
    import subprocess

    from survey.jobs.runner import _start_time
    child = subprocess.Popen(["sleep", "0"])
    started = _start_time(child.pid) or "1"
    child.wait()
    return f"thread:{socket.gethostname()}:{child.pid}:{started}"


def test_a_thread_job_lost_in_a_restart_says_so(client, db, owned_study, large):
    """The app restarted while its thread ran the job: the progress page says it stopped and
    asks to try again, instead of "being prepared" forever."""
    from survey.jobs.runner import LOST_MESSAGE, this_process

    study = owned_study(CSV)
    lost = _job_row(db, study, status="running", runner=_dead_runner())
    queued_lost = _job_row(db, study, status="queued", runner=_dead_runner())
    alive = _job_row(db, study, status="running", runner=f"thread:{this_process()}")
    on_rq = _job_row(db, study, status="running", runner="rq")
    reused_pid = _job_row(db, study, status="running",
                          runner=f"thread:{this_process().rsplit(':', 1)[0]}:12345")  # same pid, other start

    status = client.get(f"/jobs/{lost}/status").get_json()
    assert status["status"] == "failed" and status["message"] == LOST_MESSAGE
    assert "Dihentikan karena aplikasi dimulai ulang" in client.get(f"/jobs/{queued_lost}").get_data(as_text=True)
    assert client.get(f"/jobs/{alive}/status").get_json()["status"] == "running"
    assert client.get(f"/jobs/{on_rq}/status").get_json()["status"] == "running"  # an RQ worker may still run it
    assert client.get(f"/jobs/{reused_pid}/status").get_json()["status"] == "failed"


def test_housekeeping_fails_lost_jobs_and_deletes_old_finished_ones(app, db, owned_study):
    from datetime import timedelta

    from survey.jobs.runner import housekeeping
    from survey.models import Job
    from survey.models.base import utcnow

    study = owned_study(CSV)
    now = utcnow()
    old_done = _job_row(db, study, status="done", finished_at=now - timedelta(days=8), result=b"%PDF old")
    old_failed = _job_row(db, study, status="failed", finished_at=now - timedelta(days=30), message="x")
    recent = _job_row(db, study, status="done", finished_at=now - timedelta(days=6), result=b"%PDF new")
    old_running = _job_row(db, study, status="running", runner="rq", started_at=now - timedelta(days=9))
    lost = _job_row(db, study, status="running", runner=_dead_runner())
    housekeeping(force=True)
    db.session.expire_all()
    left = {job.id: job.status for job in db.session.query(Job)}
    assert old_done not in left and old_failed not in left
    assert left[recent] == "done" and left[old_running] == "running" and left[lost] == "failed"


def test_new_jobs_record_their_runner(app, db, client, owned_study, large):
    from survey.jobs.runner import this_process
    from survey.models import Job

    study = owned_study(CSV)
    job_id = _start(client, study.slug, "export", fmt="csv")
    assert _wait(client, job_id)["status"] == "done"
    assert db.session.get(Job, job_id).runner == f"thread:{this_process()}"
