"""PURE scoring: item, indicator and dimension scores, categories, IKM, validity, reliability.

Takes the instrument (plain objects) and pandas frames, returns plain JSON-ready data
(docs/scores.md). No Flask, no SQLAlchemy, no models: analysis/frames.py is the only bridge
from the database.
"""
from . import sample_size  # noqa: F401
from .study import FORMAT, score_study  # noqa: F401
