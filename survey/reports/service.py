"""Store the researcher's edits to the drafted findings and the report settings (flushes only)."""
from __future__ import annotations

from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from ..models import FindingEdit, ReportSettings, Study
from ..models.base import utcnow
from .data import ROMAN
from .edits import kesimpulan_paragraphs, move

MAX_TEXT = 10_000


class BadEdit(ValueError):
    """A posted value no page of ours produces (an unknown Saran, a move that is not up/down):
    the request is refused with a 400 and nothing is stored."""


def check_form(data: dict, form: MultiDict) -> None:
    """Refuse malformed move/order values and NUL characters before anything is written."""
    shown = {s["id"] for s in data["findings"]["saran"]}
    if any("\x00" in value for values in form.listvalues() for value in values):
        raise BadEdit("teks mengandung karakter NUL")
    order = form.getlist("order")
    if len(order) != len(set(order)) or not set(order) <= shown:
        raise BadEdit("urutan saran tidak dikenal")
    move_value = form.get("move", "")
    if move_value:
        target, _, direction = move_value.rpartition(":")
        if direction not in ("up", "down") or target not in shown:
            raise BadEdit("perintah pindah saran tidak dikenal")
    for key in ("chapter", "results_chapter"):
        if form.get(key) and form[key].upper() not in ROMAN:
            raise BadEdit("nomor bab harus angka Romawi I–X")


def _edit_row(session: Session, study_id: int, finding_id: str) -> FindingEdit:
    row = session.get(FindingEdit, (study_id, finding_id))
    if row is None:
        row = FindingEdit(study_id=study_id, finding_id=finding_id, removed=False, added=False)
        session.add(row)
        session.flush()  # so a later get() in the same request finds it
    return row


def _clean(text: str | None) -> str:
    return (text or "").strip()[:MAX_TEXT]


def save_edits(session: Session, study: Study, data: dict, form: MultiDict) -> None:
    """Store what differs from the draft: rewritten text, removals, order, new Saran, settings."""
    findings = data["findings"]
    paragraphs = kesimpulan_paragraphs(findings)
    for paragraph in paragraphs + findings["saran"] + findings["removed"]:
        key = f"text:{paragraph['id']}"
        if key not in form:
            continue
        text = _clean(form[key])
        draft = paragraph.get("draft", paragraph["text"])
        row = session.get(FindingEdit, (study.id, paragraph["id"]))
        if text and text != draft:
            row = row or _edit_row(session, study.id, paragraph["id"])
            if row.text != text:
                row.text, row.fingerprint = text, paragraph["fingerprint"]
        elif row is not None and not row.added:
            row.text = None  # back to the draft
    for saran in findings["saran"] + findings["removed"]:
        row = session.get(FindingEdit, (study.id, saran["id"]))
        removed = form.get(f"remove:{saran['id']}") == "yes"
        if removed and saran.get("added") and row is not None:
            session.delete(row)  # the researcher's own Saran: removing it deletes it
        elif removed or (row is not None and row.removed):
            row = row or _edit_row(session, study.id, saran["id"])
            row.removed = removed
    shown = [s["id"] for s in findings["saran"]]
    order = [i for i in form.getlist("order") if i in shown] or shown
    target, _, direction = form.get("move", "").rpartition(":")
    if target and direction in ("up", "down"):
        # One move writes every Saran's place, so the order is explicit from then on.
        for position, finding_id in enumerate(move(order, target, direction), start=1):
            row = session.get(FindingEdit, (study.id, finding_id)) or _edit_row(session, study.id, finding_id)
            row.position = position
    new_text = _clean(form.get("new_saran"))
    if new_text:
        row = _edit_row(session, study.id, f"saran.own.{int(utcnow().timestamp() * 1000)}")
        row.text, row.added = new_text, True
        row.addressee = _clean(form.get("new_addressee")) or study.institution
        row.position = len(findings["saran"]) + 1  # last
    settings = session.get(ReportSettings, study.id) or ReportSettings(study_id=study.id)
    session.add(settings)
    chapter = form.get("chapter", "VI").upper()
    settings.chapter = chapter if chapter in ROMAN else "VI"
    results_chapter = form.get("results_chapter", "IV").upper()
    settings.results_chapter = results_chapter if results_chapter in ROMAN else "IV"
    settings.results_title = _clean(form.get("results_title"))[:200] or None
    settings.heading_style = "lettered" if form.get("heading_style") == "lettered" else "numbered"
    for key in ("period", "researcher", "affiliation"):
        setattr(settings, key, _clean(form.get(key))[:300])
    target = form.get("target_category")
    settings.target_category = target if target in data["scores"]["categories"]["labels"] else None
    for key in ("margin_left_cm", "margin_top_cm", "margin_right_cm", "margin_bottom_cm"):
        try:
            value = float(form.get(key, "").replace(",", "."))
        except ValueError:
            continue
        if 1.0 <= value <= 6.0:
            setattr(settings, key, value)
