"""The instrument editor: the canonical document <-> form fields named by their location.

Pure functions (no Flask): the view passes the posted fields in and gets a document back.
"""
from __future__ import annotations

import re

from ..instruments import paths

# Fields whose value is a list written one entry per line in a textarea.
LINE_LISTS = ("labels", "choices", "bounds")
NUMBER_LISTS = ("bounds",)  # one number per line; a decimal comma is accepted
BOOLEANS = ("reverse", "required")
NUMBERS = ("points", "min", "max")


def document_from_fields(fields: dict[str, str]) -> dict:
    """A document from posted fields `path -> text` (empty optional values are left out)."""
    document: dict = {"format": "survey-instrument/1"}
    for path, raw in fields.items():
        key = paths.parse(path)[-1]
        value: object = raw.strip() if isinstance(raw, str) else raw
        if key in BOOLEANS:
            value = raw == "yes"
            if not value:
                continue
        elif key in LINE_LISTS:
            value = [line.strip() for line in str(raw).splitlines() if line.strip()]
            if not value:
                continue
            if key in NUMBER_LISTS:
                value = [_number(v) for v in value]
        elif key in NUMBERS:
            if value == "":
                continue
            # ASCII digits only, bounded: "²", "--3" or 5000 digits stay text for the parser to refuse
            value = int(value) if re.fullmatch(r"-?[0-9]{1,9}", str(value)) else value
        elif value == "" and key not in ("code", "text", "name", "label", "title", "institution"):
            continue
        paths.put(document, path, value)
    return paths.compact(document)


NEW = {
    "dimensions": lambda: {"code": "", "name": "", "indicators": [{"code": "", "name": "", "items": [{"code": "", "text": ""}]}]},
    "indicators": lambda: {"code": "", "name": "", "items": [{"code": "", "text": ""}]},
    "items": lambda: {"code": "", "text": ""},
    "demographics": lambda: {"code": "", "label": "", "type": "choice", "choices": []},
    "open_questions": lambda: {"code": "", "label": ""},
}


def apply_action(document: dict, action: str) -> dict:
    """add:<list path> | delete:<entry path> | up:<entry path> | down:<entry path>."""
    verb, _, path = action.partition(":")
    parts = paths.parse(path)
    if verb == "add" and parts and parts[-1] in NEW:
        try:
            target = paths.get(document, path)
        except (KeyError, IndexError, TypeError):
            target = None
        if target is None:
            paths.put(document, path, [])
            target = paths.get(document, path)
        target.append(NEW[parts[-1]]())
    elif verb in ("delete", "up", "down") and parts and isinstance(parts[-1], int):
        parent_path = path[:path.rindex("[")]
        entries = paths.get(document, parent_path)
        index = parts[-1]
        if not isinstance(entries, list) or index >= len(entries):
            raise paths.PathError(f'"{path[:80]}" is not an entry of the document')
        if verb == "delete":
            del entries[index]
        elif verb == "up" and index > 0:
            entries[index - 1], entries[index] = entries[index], entries[index - 1]
        elif verb == "down" and index < len(entries) - 1:
            entries[index + 1], entries[index] = entries[index], entries[index + 1]
    return document


def errors_by_path(problems: list[str]) -> dict[str, list[str]]:
    """Parser problems grouped by the location they start with."""
    grouped: dict[str, list[str]] = {}
    for problem in problems:
        where, _, text = problem.partition(": ")
        grouped.setdefault(where, []).append(text)
    return grouped


def _number(text: str):
    """1,80 or 1.80 -> 1.8; anything else stays text so the parser reports it at its field."""
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text
