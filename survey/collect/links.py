"""Respondent links: the open link, single-use tokens, and their QR codes (segno)."""
from __future__ import annotations

import csv
import io
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import Study
from ..models.base import utcnow
from ..models.token import RespondentToken

MAX_TOKENS_PER_REQUEST = 5000


def generate_tokens(session: Session, study: Study, count: int) -> list[str]:
    """Create `count` unguessable single-use tokens (128 bits each); flushes."""
    if not 1 <= count <= MAX_TOKENS_PER_REQUEST:
        raise ValueError(f"between 1 and {MAX_TOKENS_PER_REQUEST} tokens at a time")
    tokens = [secrets.token_urlsafe(16) for _ in range(count)]
    session.add_all(RespondentToken(study_id=study.id, token=t) for t in tokens)
    session.flush()
    return tokens


def find_token(session: Session, study: Study, token: str | None) -> RespondentToken | None:
    if not token or len(token) > 32:
        return None
    return session.scalar(select(RespondentToken).where(RespondentToken.study_id == study.id,
                                                        RespondentToken.token == token))


def redeem_token(session: Session, study: Study, token: str, response_id: int) -> bool:
    """Mark a token used by this response, atomically; False if it was already used.

    One conditional UPDATE, so two concurrent submissions with one token cannot both win.
    """
    result = session.execute(
        update(RespondentToken)
        .where(RespondentToken.study_id == study.id, RespondentToken.token == token,
               RespondentToken.response_id.is_(None))
        .values(response_id=response_id, used_at=utcnow()))
    return result.rowcount == 1


def links_csv(rows: list[tuple[str, str, bool]]) -> bytes:
    """CSV (UTF-8 with BOM, for Excel) of token, link, used."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["token", "link", "used"])
    for token, link, used in rows:
        writer.writerow([token, link, "yes" if used else "no"])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def qr_code(url: str, kind: str, scale: int = 8) -> bytes:
    """A QR code of a link as SVG or PNG; error correction M survives a creased printout."""
    import segno  # loaded by the first QR code, not at start

    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    if kind == "svg":
        code.save(buffer, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True,
                  title="QR", dark="#000", light="#fff")
    elif kind == "png":
        code.save(buffer, kind="png", scale=scale, border=4)
    else:
        raise ValueError("kind must be svg or png")
    return buffer.getvalue()
