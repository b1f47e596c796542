"""Ready instruments shipped with the package, one YAML file per theoretical framework."""
from __future__ import annotations

from pathlib import Path

from .model import Instrument
from .parser import load_instrument

LIBRARY_DIR = Path(__file__).with_name("library")


def library_names() -> list[str]:
    return sorted(p.stem for p in LIBRARY_DIR.glob("*.yaml"))


def load_template(name: str, institution: str | None = None) -> Instrument:
    """Load a library instrument, optionally naming the institution it will study."""
    path = LIBRARY_DIR / f"{name}.yaml"
    if name not in library_names():
        raise KeyError(f"no template named {name!r}; choose one of: {', '.join(library_names())}")
    text = path.read_text(encoding="utf-8")
    instrument = load_instrument(text)
    if institution:
        from dataclasses import replace
        from .parser import _with_source
        instrument = _with_source(replace(instrument, institution=institution))
    return instrument
