"""YAML text of instrument files: reading with limits that keep a hostile file cheap, and writing.

Apart from the parser so that PyYAML, whose import compiles a large Unicode pattern (15-20 ms,
a sixth of what the app's own modules add to a command's start), loads with the first
instrument file read or written, not with every command, worker and server.
"""
from __future__ import annotations

import yaml

from .parser import InstrumentError, Problem

MAX_YAML_DEPTH = 40  # an instrument is about 8 levels deep
MAX_YAML_ALIASES = 100
MAX_YAML_NODES = 200_000  # after expanding aliases: "billion laughs" stops here, in milliseconds


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader that refuses documents too deep or whose aliases expand too far.

    PyYAML shares the node of an anchor between its aliases, so loading a few KB of nested
    aliases is quick, but everything that walks the result afterwards (schema validation, JSON
    storage) sees billions of nodes. The expanded size is counted while composing instead.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self._depth, self._aliases, self._nodes, self._sizes, self._open = 0, 0, 0, {}, []

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                raise InstrumentError([f"file: more than {MAX_YAML_ALIASES} YAML aliases (*name)"])
            anchor = self.peek_event().anchor
            if anchor in self._open:
                raise InstrumentError([Problem("file", f"the YAML alias *{anchor} refers to itself",
                                               f"alias YAML *{anchor} merujuk dirinya sendiri")])
            anchored = self.anchors.get(anchor)
            if anchored is not None:
                self._count(self._size(anchored, set()))
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            raise InstrumentError([Problem("file", f"nested deeper than {MAX_YAML_DEPTH} levels", f"bersarang lebih dari {MAX_YAML_DEPTH} tingkat")])
        self._open.append(getattr(self.peek_event(), "anchor", None))
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._open.pop()
        self._count(1)
        return node

    def _count(self, nodes: int) -> None:
        self._nodes += nodes
        if self._nodes > MAX_YAML_NODES:
            raise InstrumentError([Problem("file", f"expands to more than {MAX_YAML_NODES:,} values (nested YAML aliases)", f"mengembang menjadi lebih dari {MAX_YAML_NODES:,} nilai (alias YAML bersarang)".replace(",", "."))])

    def _size(self, node, visiting: set) -> int:
        key = id(node)
        if key in self._sizes:
            return self._sizes[key]
        if key in visiting:
            raise InstrumentError([Problem("file", "a YAML alias refers to itself", "sebuah alias YAML merujuk dirinya sendiri")])
        visiting.add(key)
        if isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._size(k, visiting) + self._size(v, visiting) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self._size(child, visiting) for child in node.value)
        else:
            size = 1
        visiting.discard(key)
        self._sizes[key] = size
        if size > MAX_YAML_NODES:
            raise InstrumentError([Problem("file", f"expands to more than {MAX_YAML_NODES:,} values (nested YAML aliases)", f"mengembang menjadi lebih dari {MAX_YAML_NODES:,} nilai (alias YAML bersarang)".replace(",", "."))])
        return size


def parse_yaml(text: str):
    """The document in YAML (or JSON) text, or InstrumentError naming the line and column."""
    try:
        return yaml.load(text, Loader=_LimitedLoader)  # noqa: S506  (a SafeLoader subclass)
    except RecursionError:
        raise InstrumentError([Problem("file", f"nested deeper than {MAX_YAML_DEPTH} levels", f"bersarang lebih dari {MAX_YAML_DEPTH} tingkat")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(exc, "problem", None) or str(exc)
        raise InstrumentError([Problem(where, f"not valid YAML ({problem})", f"bukan YAML yang sah ({problem})")]) from None


def dump_yaml(document: dict) -> str:
    """Readable, stable YAML: keys in the document's order, non-ASCII text as it is."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
