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


def _codes(document: dict) -> set[str]:
    """Every code in use, so a generated code is never a duplicate."""
    found: set[str] = set()
    for dim in document.get("dimensions") or []:
        found.add(dim.get("code", ""))
        for ind in dim.get("indicators") or []:
            found.add(ind.get("code", ""))
            found.update(item.get("code", "") for item in ind.get("items") or [])
    for key in ("demographics", "open_questions"):
        found.update(q.get("code", "") for q in document.get(key) or [])
    return found


def _next_code(prefix: str, siblings: list[dict], taken: set[str]) -> str:
    """`prefix` + the number after the siblings' highest (PROD-1.3 -> PROD-1.4), unused anywhere."""
    numbers = [int(code[len(prefix):]) for code in (s.get("code", "") for s in siblings)
               if code.startswith(prefix) and code[len(prefix):].isdigit()]
    number = max(numbers, default=len(siblings)) + 1
    while f"{prefix}{number}" in taken:
        number += 1
    taken.add(f"{prefix}{number}")
    return f"{prefix}{number}"


def _new_entry(document: dict, parts: list, siblings: list[dict]) -> dict:
    """A new entry with a generated, editable code following the library's scheme:
    dimension D1, indicator D1-1, statement D1-1.1 (and so on from the parent's own code)."""
    taken, kind = _codes(document), parts[-1]
    if kind == "items":
        parent = paths.get(document, _join(parts[:-1]))
        return {"code": _next_code(f"{parent.get('code') or 'P'}.", siblings, taken), "text": ""}
    if kind == "indicators":
        parent = paths.get(document, _join(parts[:-1]))
        code = _next_code(f"{parent.get('code') or 'I'}-", siblings, taken)
        return {"code": code, "name": "", "items": [{"code": _next_code(f"{code}.", [], taken), "text": ""}]}
    if kind == "dimensions":
        code = _next_code("D", siblings, taken)
        indicator = _next_code(f"{code}-", [], taken)
        return {"code": code, "name": "", "indicators": [
            {"code": indicator, "name": "", "items": [{"code": _next_code(f"{indicator}.", [], taken), "text": ""}]}]}
    if kind == "demographics":
        return {"code": _next_code("profil", siblings, taken), "label": "", "type": "choice", "choices": []}
    return {"code": _next_code("terbuka", siblings, taken), "label": ""}


NEW_KINDS = ("dimensions", "indicators", "items", "demographics", "open_questions")


def apply_action(document: dict, action: str) -> dict:
    """add:<list path> | delete:<entry path> | up:<entry path> | down:<entry path>."""
    apply_and_locate(document, action)
    return document


def apply_and_locate(document: dict, action: str) -> str | None:
    """Apply the action; return the path of the field to return to (the new entry's code, the
    moved entry, the neighbour of a deleted one), so the page opens at the edited place."""
    verb, _, path = action.partition(":")
    parts = paths.parse(path)
    if verb == "add" and parts and parts[-1] in NEW_KINDS:
        try:
            target = paths.get(document, path)
        except (KeyError, IndexError, TypeError):
            target = None
        if target is None:
            paths.put(document, path, [])
            target = paths.get(document, path)
        target.append(_new_entry(document, parts, target))
        return f"{path}[{len(target) - 1}].code"
    if verb in ("delete", "up", "down") and parts and isinstance(parts[-1], int):
        parent_path = path[:path.rindex("[")]
        entries = paths.get(document, parent_path)
        index = parts[-1]
        if not isinstance(entries, list) or index >= len(entries):
            raise paths.PathError(f'"{path[:80]}" is not an entry of the document')
        if verb == "delete":
            del entries[index]
            index = min(index, len(entries) - 1)
        elif verb == "up" and index > 0:
            entries[index - 1], entries[index] = entries[index], entries[index - 1]
            index -= 1
        elif verb == "down" and index < len(entries) - 1:
            entries[index + 1], entries[index] = entries[index], entries[index + 1]
            index += 1
        return f"{parent_path}[{index}].code" if index >= 0 else None
    return None


def errors_by_path(problems: list, lang: str = "en") -> dict[str, list[str]]:
    """Parser problems grouped by their location, worded for the field they sit beside."""
    from ..instruments.parser import as_problem
    grouped: dict[str, list[str]] = {}
    for problem in map(as_problem, problems):
        grouped.setdefault(problem.where, []).append(problem.at_field(lang))
    return grouped


def _join(parts: list) -> str:
    """The inverse of paths.parse."""
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(parts))


def _number(text: str):
    """1,80 or 1.80 -> 1.8; anything else stays text so the parser reports it at its field."""
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text
