"""Enumerator mode: interviews on a tablet, captured offline and synced exactly once.

The interview page holds the whole questionnaire (sections shown one at a time by
static/js/enumerator.js); finished interviews wait in IndexedDB and go to the JSON API
(api.py). The service worker is served from /e/sw.js so that its scope covers /e/.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, g, render_template, send_from_directory
from flask_login import current_user
from sqlalchemy import func, select

from ..auth.access import enumerator_study_or_404, role_required
from ..config import ROOT
from ..extensions import db
from ..models import Response
from ..studies.service import instrument_of

bp = Blueprint("enumerator", __name__, url_prefix="/e")

TEXT = {
    "id": {"part": "Bagian {n} dari {total}", "required": "Wajib dijawab.",
           "waiting": "{n} menunggu sinkronisasi", "synced": "Semua jawaban sudah tersinkron.",
           "syncing": "Menyinkronkan…", "offline": "Tidak ada jaringan; dicoba lagi nanti.",
           "login": "Sesi berakhir: buka halaman ini saat online dan masuk lagi untuk menyinkronkan.",
           "pending": "menunggu", "conflict": "konflik", "refused": "ditolak server",
           "cancel": "Batalkan wawancara ini? Jawaban yang belum disimpan akan hilang.",
           "logout": "{n} jawaban belum tersinkron. Sinkronkan atau ekspor ke berkas sebelum keluar."},
    "en": {"part": "Part {n} of {total}", "required": "Required.",
           "waiting": "{n} waiting to sync", "synced": "Everything is synced.",
           "syncing": "Syncing…", "offline": "No network; will retry.",
           "login": "Session ended: open this page online and log in again to sync.",
           "pending": "waiting", "conflict": "conflict", "refused": "refused by the server",
           "cancel": "Cancel this interview? Unsaved answers will be lost.",
           "logout": "{n} responses are not synced. Sync or export them to a file before logging out."},
}


@bp.get("/")
@role_required("enumerator", "researcher", "admin")
def home():
    studies = current_user.collectable_studies()
    return render_template("collect/enumerator_home.html", studies=studies)


@bp.get("/<slug>/")
@role_required("enumerator", "researcher", "admin")
def interview(slug: str):
    study = enumerator_study_or_404(slug)
    g.lang = study.language
    midnight = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    mine = select(func.count()).select_from(Response).where(
        Response.study_id == study.id, Response.enumerator_id == current_user.id)
    counters = {"total": db.session.scalar(mine),
                "today": db.session.scalar(mine.where(Response.submitted_at >= midnight))}
    return render_template("collect/interview.html", study=study, instrument=instrument_of(study),
                           counters=counters, text=TEXT[study.language])


@bp.get("/sw.js")
def service_worker():
    response = send_from_directory(ROOT / "static" / "js", "sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/e/"
    response.headers["Cache-Control"] = "no-cache"
    return response
