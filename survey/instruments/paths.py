"""Locations inside an instrument document, written as the parser reports them
(`dimensions[0].indicators[1].items[2].text`): the browser editor names its fields this way,
so every problem the parser finds lands next to the field it is about."""
from __future__ import annotations

import re

_PART = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def parse(path: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _PART.findall(path)]


def get(document, path: str):
    node = document
    for part in parse(path):
        node = node[part]
    return node


def put(document: dict, path: str, value) -> None:
    """Set a value, creating the mappings and lists on the way (lists grow as needed)."""
    parts = parse(path)
    node = document
    for part, following in zip(parts, parts[1:]):
        empty = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            while len(node) <= part:
                node.append(None)
            if node[part] is None:
                node[part] = empty
        elif part not in node:
            node[part] = empty
        node = node[part]
    last = parts[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def compact(node):
    """Drop the holes left by deleted list entries."""
    if isinstance(node, dict):
        return {key: compact(value) for key, value in node.items()}
    if isinstance(node, list):
        return [compact(value) for value in node if value is not None]
    return node
