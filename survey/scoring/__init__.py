"""PURE scoring: item, indicator and dimension scores, categories, IKM, validity, reliability.

Takes the instrument (plain objects) and pandas frames, returns plain JSON-ready data
(docs/scores.md). No Flask, no SQLAlchemy, no models: analysis/frames.py is the only bridge
from the database.

`score_study` and `FORMAT` are imported on first use (PEP 562): numpy and pandas take
most of a second to import, and a command or request that scores nothing should not pay it.
"""
from . import sample_size  # noqa: F401


def __getattr__(name: str):
    if name in ("score_study", "FORMAT"):
        from . import study
        return getattr(study, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
