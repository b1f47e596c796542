"""JSON submission API (docs/api/openapi.yaml): enumerator devices sync finished interviews.

Exactly once: each response carries a client-generated UUID. The same UUID with the same
content answers 200 and stores nothing new; with different content, 409 and the device keeps
its record. The database's unique constraint decides, so concurrent resends cannot duplicate.
"""
from __future__ import annotations

import uuid as uuid_module
from datetime import datetime

from flask import Blueprint, jsonify, request
from flask_login import current_user

from ..auth.access import api_login_required
from ..extensions import db
from ..studies.service import get_study, instrument_of
from .submission import store_submission, validate_submission

api_bp = Blueprint("collect_api", __name__, url_prefix="/api/v1")

ALLOWED_KEYS = {"uuid", "answers", "demographics", "open_answers", "consent", "started_at",
                "finished_at", "channel"}


def problem(status: int, message: str, **extra):
    return jsonify({"status": "refused", "message": message, **extra}), status


def _parse_time(value) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@api_bp.post("/studies/<slug>/responses")
@api_login_required
def submit_response(slug: str):
    study = get_study(db.session, slug)
    if study is None or not current_user.can_collect(study):
        return problem(404, f'Studi "{slug}" tidak ditemukan atau tidak ditugaskan kepada Anda.')
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return problem(400, "Isi permintaan harus berupa objek JSON.")
    unknown = sorted(set(body) - ALLOWED_KEYS)
    if unknown:
        return problem(400, f"Kunci tidak dikenal: {', '.join(unknown)}.")
    try:
        response_uuid = str(uuid_module.UUID(str(body.get("uuid"))))
        started_at, finished_at = _parse_time(body.get("started_at")), _parse_time(body.get("finished_at"))
    except ValueError:
        return problem(400, "uuid atau waktu (started_at/finished_at, ISO 8601) tidak valid.")
    for key in ("answers", "demographics", "open_answers"):
        if not isinstance(body.get(key, {}), dict):
            return problem(400, f"{key} harus berupa objek JSON.")
    if not _accepts(study, finished_at):
        return problem(410, "Pengumpulan data studi ini sudah ditutup.")

    instrument = instrument_of(study)
    submission, errors = validate_submission(
        instrument, body.get("answers", {}), body.get("demographics", {}), body.get("open_answers", {}),
        consent=bool(body.get("consent", False)))
    if errors:
        return problem(422, "Jawaban tidak valid; tidak ada yang disimpan.", errors=errors)
    stored = store_submission(db.session, study, submission, channel="enumerator",
                              response_uuid=response_uuid, started_at=started_at,
                              extra={"enumerator_id": current_user.id, "finished_at": finished_at})
    if stored.conflict:
        db.session.rollback()
        return problem(409, "UUID ini sudah dipakai untuk jawaban yang berbeda; data di perangkat tetap disimpan.",
                       uuid=response_uuid)
    db.session.commit()
    status = 201 if stored.created else 200
    return jsonify({"status": "created" if stored.created else "duplicate", "uuid": response_uuid}), status


def _accepts(study, finished_at: datetime | None) -> bool:
    """Open studies accept; a closed one still accepts interviews finished before it closed."""
    if study.status == "open":
        return True
    if study.status == "closed" and study.closed_at and finished_at:
        closed_at = study.closed_at if study.closed_at.tzinfo else study.closed_at.replace(tzinfo=finished_at.tzinfo)
        return finished_at <= closed_at
    return False
