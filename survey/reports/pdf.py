"""The only WeasyPrint call site. The document may load files under static/ and nothing else:
respondents' text is in it, and it must never make the server fetch a URL or read a file."""
from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..config import ROOT

STATIC = (ROOT / "static").resolve()
# Relative links such as "static/css/report.css" resolve against the project folder.
BASE_URL = ROOT.resolve().as_uri() + "/"
MIME_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
              ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf"}
log = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL outside static/ that the report tried to load."""


def static_only_fetcher(url: str) -> dict:
    """WeasyPrint URL fetcher: files under static/ are served, every other URL is refused.

    Refused: any scheme but file (http, https, ftp, data...), a host, a `..` segment, a path that
    resolves (symlinks included) outside static/, a file that does not exist.
    """
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return _refuse(url, "not a local file")
    raw_path = unquote(parts.path)
    if ".." in PurePosixPath(raw_path).parts:
        return _refuse(url, "'..' in the path")
    path = Path(raw_path).resolve()
    if not path.is_relative_to(STATIC) or not path.is_file():
        return _refuse(url, "outside static/")
    return {"string": path.read_bytes(), "redirected_url": path.as_uri(),
            "mime_type": MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")}


def _refuse(url: str, reason: str):
    log.warning("report: refused to fetch %s (%s)", url[:200], reason)
    raise RefusedURL(f"{reason}: {url[:200]}")


def render_pdf(html: str) -> bytes:
    """The PDF of a report's HTML; links resolve against the project folder, loads go through the fetcher."""
    from weasyprint import HTML  # imported here: loading WeasyPrint costs ~0.3 s, only reports need it

    return HTML(string=html, base_url=BASE_URL, url_fetcher=static_only_fetcher).write_pdf()
