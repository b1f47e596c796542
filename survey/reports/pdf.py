"""The only WeasyPrint call site. The document may load files under static/ and nothing else:
respondents' text is in it, and it must never make the server fetch a URL."""
from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..config import ROOT

STATIC = (ROOT / "static").resolve()
log = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL outside static/ that the report tried to load."""


def static_only_fetcher(url: str) -> dict:
    """WeasyPrint URL fetcher that serves files under static/ and refuses everything else."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        log.warning("report: refused to fetch %s", url[:200])
        raise RefusedURL(url)
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(STATIC) or not path.is_file():
        log.warning("report: refused to read %s", path)
        raise RefusedURL(url)
    mime = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
            ".woff2": "font/woff2", ".ttf": "font/ttf"}.get(path.suffix, "application/octet-stream")
    return {"string": path.read_bytes(), "mime_type": mime, "redirected_url": path.as_uri()}


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML
    return HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=static_only_fetcher).write_pdf()
