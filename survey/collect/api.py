"""JSON submission API (docs/api/openapi.yaml): enumerator devices sync finished interviews.

A paired study's answers are keyed "<code>:importance" / "<code>:performance" (validate_submission);
errors name those keys.

Exactly once: each response carries a client-generated UUID. The same UUID with the same
content answers 200 and stores nothing new; with different content, 409 and the device keeps
its record. The database's unique constraint decides, so concurrent resends cannot duplicate.
"""
from __future__ import annotations

import uuid as uuid_module
from datetime import datetime, timedelta, timezone

from flask import Blueprint, jsonify, request
from flask_login import current_user

from ..auth.access import api_login_required
from ..extensions import db
from ..instruments import side_key
from ..studies.service import get_study, instrument_of
from .submission import store_submission, validate_submission

api_bp = Blueprint("collect_api", __name__, url_prefix="/api/v1")

ALLOWED_KEYS = {"uuid", "answers", "demographics", "open_answers", "consent", "started_at",
                "finished_at", "channel"}
CLOCK_SKEW = timedelta(minutes=10)  # a device clock this far ahead of the server is still believed
MAX_CODE = 64  # characters of an item or question code (as in the schema)
MAX_ANSWER_KEY = MAX_CODE + len(":performance")  # a paired study's sided key, "<code>:performance"


def problem(status: int, message: str, **extra):
    return jsonify({"status": "refused", "message": message, **extra}), status


def _parse_time(value) -> datetime | None:
    """An ISO 8601 time with its UTC offset (a naive time is ambiguous on a travelling device)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError(value)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(value)
    return parsed


def _types_problem(body: dict) -> str | None:
    """Strict JSON types: a boolean is true/false (never "false"), an answer a JSON integer."""
    if "consent" in body and not isinstance(body["consent"], bool):
        return "consent harus bernilai boolean JSON (true atau false), bukan teks atau angka."
    if "channel" in body and body["channel"] != "enumerator":
        return 'channel hanya boleh "enumerator".'
    if not isinstance(body.get("uuid"), str):
        return "uuid harus berupa teks UUID."
    for key in ("answers", "demographics", "open_answers"):
        if not isinstance(body.get(key, {}), dict):
            return f"{key} harus berupa objek JSON."
        longest = MAX_ANSWER_KEY if key == "answers" else MAX_CODE
        if any(len(code) > longest for code in body.get(key, {})):
            return f"Kode pertanyaan dalam {key} terlalu panjang (maksimal {longest} karakter)."
    for code, value in body.get("answers", {}).items():
        if isinstance(value, bool) or not isinstance(value, int):
            return f"answers.{code} harus berupa bilangan bulat JSON (mis. 4)."
    for code, value in body.get("demographics", {}).items():
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return f"demographics.{code} harus berupa teks atau bilangan bulat."
    for code, value in body.get("open_answers", {}).items():
        if not isinstance(value, str):
            return f"open_answers.{code} harus berupa teks."
    return None


def _window_problem(study, started_at: datetime | None, finished_at: datetime | None) -> str | None:
    """The interview happened while the study was open, and not in the server's future."""
    now = datetime.now(timezone.utc)
    opened = _aware(study.published_at or study.created_at)
    for name, moment in (("started_at", started_at), ("finished_at", finished_at)):
        if moment is None:
            continue
        if moment > now + CLOCK_SKEW:
            return f"{name} berada di masa depan menurut jam server; periksa jam perangkat."
        if opened is not None and moment < opened - CLOCK_SKEW:
            return f"{name} sebelum studi dibuka ({opened:%Y-%m-%d %H:%M} UTC); periksa jam perangkat."
    if started_at and finished_at and started_at > finished_at:
        return "started_at harus sebelum finished_at."
    return None


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


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
        return problem(400, f"Kunci tidak dikenal: {', '.join(unknown)[:500]}.")
    type_problem = _types_problem(body)
    if type_problem:
        return problem(400, type_problem)
    try:
        response_uuid = str(uuid_module.UUID(body["uuid"]))
        started_at, finished_at = _parse_time(body.get("started_at")), _parse_time(body.get("finished_at"))
    except ValueError:
        return problem(400, "uuid atau waktu (started_at/finished_at, ISO 8601 dengan zona waktu) tidak valid.")
    if not _accepts(study, finished_at):
        return problem(410, "Pengumpulan data studi ini sudah ditutup.")
    window_problem = _window_problem(study, started_at, finished_at)
    if window_problem:
        return problem(422, "Waktu wawancara di luar masa pengumpulan; tidak ada yang disimpan.",
                       errors={"finished_at": window_problem})

    instrument = instrument_of(study)
    submission, errors = validate_submission(
        instrument, body.get("answers", {}), body.get("demographics", {}), body.get("open_answers", {}),
        consent=body.get("consent", False))
    if errors:
        return problem(422, "Jawaban tidak valid; tidak ada yang disimpan.",
                       errors=_name_the_sides(instrument, errors))
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


def _name_the_sides(instrument, errors: dict[str, str]) -> dict[str, str]:
    """A plain item code sent to a paired study is unknown there; say which keys it takes."""
    if instrument.pairing is None:
        return errors
    codes = {item.code for item in instrument.items}
    return {key: (f"Studi ini berpasangan: kirim {side_key(key, 'importance')} dan "
                  f"{side_key(key, 'performance')}, bukan {key}." if key in codes else text)
            for key, text in errors.items()}


def _accepts(study, finished_at: datetime | None) -> bool:
    """Open studies accept; a closed one still accepts interviews finished before it closed."""
    if study.status == "open":
        return True
    if study.status == "closed" and study.closed_at and finished_at:
        return finished_at <= _aware(study.closed_at)
    return False
