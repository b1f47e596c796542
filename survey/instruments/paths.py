"""Locations inside an instrument document, written as the parser reports them
(`dimensions[0].indicators[1].items[2].text`): the browser editor names its fields this way,
so every problem the parser finds lands next to the field it is about.

Field names come from the browser, so they are checked: a name that is not a location, an
index past MAX_INDEX (`dimensions[50000000].name` would allocate a list of 50 million holes)
or a path through a value of the wrong kind is a PathError, which the app answers with 400.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

MAX_INDEX = 999  # far more dimensions, indicators or statements than any questionnaire has
MAX_DEPTH = 8  # dimensions[i].indicators[j].items[k].text is 7 parts
_PATH = re.compile(r"[A-Za-z_]+(?:\[\d{1,6}\]|\.[A-Za-z_]+)*")
_PART = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


class PathError(IndexError):
    """A field name that is not a location in an instrument (IndexError: a missing place)."""


def split(path: str) -> list[str | int]:
    """The parts of a location as written, unchecked ([] when it is not one): for naming the place
    of a problem in a message, where an unknown key is exactly what is being reported."""
    if not isinstance(path, str) or not _PATH.fullmatch(path):
        return []
    return [name if name else int(index) for name, index in _PART.findall(path)]


def parse(path: str) -> list[str | int]:
    if not isinstance(path, str) or not _PATH.fullmatch(path):
        raise PathError(f'"{str(path)[:80]}" is not a location such as dimensions[0].name')
    parts = [name if name else int(index) for name, index in _PART.findall(path)]
    names, lists = known_names()
    unknown = [part for part in parts if isinstance(part, str) and part not in names]
    if unknown:
        raise PathError(f'"{path[:80]}": "{unknown[0][:40]}" is not a key of the instrument format')
    for part, following in zip(parts, parts[1:]):
        # an index follows exactly the keys that hold lists: not `title[0]`, not `dimensions.name`
        if isinstance(following, int) != (isinstance(part, str) and part in lists):
            raise PathError(f'"{path[:80]}" does not fit the instrument format (at {following!r})')
    if len(parts) > MAX_DEPTH:
        raise PathError(f'"{path[:80]}" is nested too deep')
    for part in parts:
        if isinstance(part, int) and part > MAX_INDEX:
            raise PathError(f'"{path[:80]}": index {part} is larger than {MAX_INDEX}')
    return parts


@lru_cache(maxsize=1)
def known_names() -> tuple[frozenset[str], frozenset[str]]:
    """(every key the instrument format defines, the keys that hold lists), read from its JSON
    Schema so keys added to the format later are known here too."""
    names: set[str] = set()
    lists: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                names.update(properties)
                lists.update(key for key, spec in properties.items()
                             if isinstance(spec, dict) and "array" in _types(spec, schema))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    schema = json.loads(Path(__file__).with_name("schema.json").read_text(encoding="utf-8"))
    walk(schema)
    return frozenset(names), frozenset(lists)


def _types(spec: dict, schema: dict) -> list[str]:
    ref = spec.get("$ref", "")
    if ref.startswith("#/$defs/"):
        spec = schema.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
    kind = spec.get("type", [])
    found = [kind] if isinstance(kind, str) else list(kind)
    for alternative in spec.get("oneOf", []) + spec.get("anyOf", []):
        if isinstance(alternative, dict):
            found += _types(alternative, schema)
    return found


def get(document, path: str):
    node = document
    for part in parse(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            raise PathError(f'"{path[:80]}" is not in the document') from None
    return node


def put(document: dict, path: str, value) -> None:
    """Set a value, creating the mappings and lists on the way (lists grow as needed)."""
    parts = parse(path)
    node = document
    for part, following in zip(parts, parts[1:]):
        empty = [] if isinstance(following, int) else {}
        _expect(node, part, path)
        if isinstance(part, int):
            while len(node) <= part:
                node.append(None)
            if node[part] is None:
                node[part] = empty
        elif part not in node:
            node[part] = empty
        node = node[part]
    last = parts[-1]
    _expect(node, last, path)
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def _expect(node, part, path: str) -> None:
    """An index needs a list and a name a mapping (`title[0]` or `dimensions.name` are not places)."""
    if not isinstance(node, list if isinstance(part, int) else dict):
        raise PathError(f'"{path[:80]}" does not fit the document (at {part!r})')


def compact(node):
    """Drop the holes left by deleted list entries."""
    if isinstance(node, dict):
        return {key: compact(value) for key, value in node.items()}
    if isinstance(node, list):
        return [compact(value) for value in node if value is not None]
    return node
