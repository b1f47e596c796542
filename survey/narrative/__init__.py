"""Kesimpulan and Saran drafted from the scores (pure Python: no Flask, no database)."""
from .findings import draft_findings, fingerprint  # noqa: F401
