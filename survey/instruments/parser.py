"""Parse and validate `survey-instrument/1` files into plain objects.

Validation collects *every* problem, each prefixed with its location in the document
(`dimensions[0].indicators[0].items[1].code: duplicate code "Q1"`), so a researcher can fix a
file in one pass. Structure is checked by the JSON Schema shipped beside this module (the same
file documents the format); the rules a schema cannot express are checked here.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from .categories import IKM_TABLES, scheme_for
from .model import (SIDES, Analysis, Categories, Demographic, Dimension, Indicator, Instrument, Item,
                    OpenQuestion, Pairing, Recommendation, Scale, Side)

FORMAT = "survey-instrument/1"
SCHEMA_PATH = Path(__file__).with_name("schema.json")
MAX_FILE_BYTES = 1_000_000


class InstrumentError(ValueError):
    """A malformed instrument; `problems` lists every problem with its location."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def load_instrument(text: str | bytes) -> Instrument:
    """Parse YAML (or JSON) text into an Instrument, or raise InstrumentError."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise InstrumentError([f"file: larger than {MAX_FILE_BYTES // 1000} KB"])
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InstrumentError(["file: not UTF-8 text"]) from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(exc, "problem", None) or str(exc)
        raise InstrumentError([f"{where}: not valid YAML ({problem})"]) from None
    return build_instrument(document)


def load_instrument_file(path: str | Path) -> Instrument:
    return load_instrument(Path(path).read_bytes())


def build_instrument(document: object) -> Instrument:
    """Validate a parsed document (dict) and build the Instrument, or raise InstrumentError."""
    if not isinstance(document, dict):
        raise InstrumentError(["file: expected a mapping of keys (format, title, ...) at the top"])
    problems = [_describe(error) for error in
                sorted(_validator().iter_errors(document), key=lambda e: _path(e.absolute_path))]
    problems += _semantic_problems(document)
    if problems:
        raise InstrumentError(_unique(problems))
    return _build(document)


def _path(parts: Iterable) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "file"


_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number",
               "boolean": "true or false", "array": "a list", "object": "a mapping of keys"}


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


def _describe(error) -> str:
    where = _path(error.absolute_path)
    kind, value = error.validator, error.instance
    if kind == "required":
        missing = error.validator_value
        absent = [key for key in missing if key not in value]
        return "; ".join(f"{_path([*error.absolute_path, key])}: missing" for key in absent)
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in value if k not in allowed)
        return "; ".join(f'{_path([*error.absolute_path, key])}: unknown key "{key}"' for key in extra)
    if kind == "type":
        hint = f' (write it in quotes: "{value}")' if error.validator_value == "string" and isinstance(
            value, (int, float)) and not isinstance(value, bool) else ""
        return f"{where}: expected {_TYPE_NAMES.get(error.validator_value, error.validator_value)}, got {_kind(value)}{hint}"
    if kind == "enum":
        return f"{where}: {json.dumps(value, ensure_ascii=False)} is not one of {', '.join(error.validator_value)}"
    if kind == "const":
        return f'{where}: must be "{error.validator_value}"'
    if kind == "pattern":
        return f'{where}: "{value}" is not a valid code (use letters, digits, "_", "." or "-", no spaces)'
    if kind == "minItems":
        return f"{where}: needs at least {error.validator_value} entries"
    if kind == "minLength":
        return f"{where}: must not be empty"
    if kind == "maxLength":
        return f"{where}: longer than {error.validator_value} characters"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "at least", "maximum": "at most",
                 "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}
        return f"{where}: {value} must be {words[kind]} {error.validator_value}"
    return f"{where}: {error.message}"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _dicts(value: object) -> list[tuple[int, dict]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _semantic_problems(doc: dict) -> list[str]:
    """Rules the JSON Schema cannot state; tolerant of a structurally broken document."""
    problems: list[str] = []
    scale = doc.get("scale") if isinstance(doc.get("scale"), dict) else {}
    points = scale.get("points") if isinstance(scale.get("points"), int) else None
    method = doc.get("method")

    def check_labels(where: str, labels: object) -> None:
        if points and isinstance(labels, list) and len(labels) != points:
            problems.append(f"{where}: {len(labels)} labels for a {points}-point scale "
                            f"(one label per point is needed)")

    check_labels("scale.labels", scale.get("labels"))
    pairing = doc.get("pairing") if isinstance(doc.get("pairing"), dict) else {}
    for side in SIDES:
        if isinstance(pairing.get(side), dict):
            check_labels(f"pairing.{side}.labels", pairing[side].get("labels"))
    if method in IKM_TABLES and points and points != 4:
        problems.append(f"scale.points: method {method} (SKM) needs a 4-point scale, not {points}")

    seen: dict[str, str] = {}

    def check_code(where: str, node: dict) -> None:
        code = node.get("code")
        if not isinstance(code, str):
            return
        if code in seen:
            problems.append(f'{where}.code: duplicate code "{code}" (first used at {seen[code]})')
        else:
            seen[code] = f"{where}.code"

    dimension_codes = []
    for d, dim in _dicts(doc.get("dimensions")):
        where = f"dimensions[{d}]"
        check_code(where, dim)
        dimension_codes.append(dim.get("code"))
        check_labels(f"{where}.labels", dim.get("labels"))
        for i, ind in _dicts(dim.get("indicators")):
            check_code(f"{where}.indicators[{i}]", ind)
            check_labels(f"{where}.indicators[{i}].labels", ind.get("labels"))
            for t, item in _dicts(ind.get("items")):
                check_code(f"{where}.indicators[{i}].items[{t}]", item)
                check_labels(f"{where}.indicators[{i}].items[{t}].labels", item.get("labels"))

    for i, demo in _dicts(doc.get("demographics")):
        where = f"demographics[{i}]"
        check_code(where, demo)
        kind = demo.get("type")
        if kind == "choice" and "choices" not in demo:
            problems.append(f"{where}.choices: missing (a choice question needs its choices)")
        if kind != "choice" and "choices" in demo:
            problems.append(f"{where}.choices: only a choice question has choices")
        if kind != "integer":
            for key in ("min", "max", "bins"):
                if key in demo:
                    problems.append(f"{where}.{key}: only an integer question has {key}")
        lo, hi = demo.get("min"), demo.get("max")
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            problems.append(f"{where}.max: {hi} is below min {lo}")
        bins = demo.get("bins")
        if isinstance(bins, list) and bins != sorted(set(bins)):
            problems.append(f"{where}.bins: group edges must be increasing and distinct")
        choices = demo.get("choices")
        if isinstance(choices, list) and len(set(map(str, choices))) != len(choices):
            problems.append(f"{where}.choices: a choice is listed twice")

    for i, question in _dicts(doc.get("open_questions")):
        where = f"open_questions[{i}]"
        check_code(where, question)
        dim = question.get("dimension")
        if isinstance(dim, str) and dim not in dimension_codes:
            problems.append(f'{where}.dimension: no dimension has code "{dim}"')

    problems += _category_problems(doc, method, points)
    return problems


def _category_problems(doc: dict, method: object, points: int | None) -> list[str]:
    categories = doc.get("categories")
    analysis = doc.get("analysis") if isinstance(doc.get("analysis"), dict) else {}
    problems: list[str] = []
    if isinstance(categories, dict) and categories and method in IKM_TABLES:
        problems.append(f"categories: {method} uses the regulation's fixed table; remove categories")
        categories = None
    labels = bounds = None
    if isinstance(categories, dict):
        labels = categories.get("labels") if isinstance(categories.get("labels"), list) else None
        bounds = categories.get("bounds") if isinstance(categories.get("bounds"), list) else None
        if bounds and not all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds):
            return problems  # the schema already reported the bad entries
        if labels and bounds and len(labels) != len(bounds):
            problems.append(f"categories.bounds: {len(bounds)} bounds for {len(labels)} labels "
                            "(one upper bound per category)")
        if bounds:
            if any(b >= c for b, c in zip(bounds, bounds[1:])):
                problems.append("categories.bounds: upper bounds must increase")
            top = 100 if method == "ideal_percent" else points
            if top and bounds[-1] != top:
                problems.append(f"categories.bounds: the last upper bound must be {top}")
        if method == "mean_interval" and labels and not bounds and points and len(labels) > 11:
            problems.append("categories.labels: too many categories")
    target = analysis.get("target_category")
    if isinstance(target, str) and method in ("mean_interval", "ideal_percent", *IKM_TABLES) and points:
        if not problems and not (labels and bounds and len(labels) != len(bounds)):
            language = doc.get("language") if doc.get("language") in ("id", "en") else "id"
            try:
                scheme = scheme_for(method, points, language,
                                    tuple(labels) if labels else None,
                                    tuple(bounds) if bounds else None)
            except (KeyError, ValueError):
                return problems
            if target not in scheme.labels:
                problems.append(f'analysis.target_category: "{target}" is not one of the categories '
                                f'({", ".join(scheme.labels)})')
    return problems


def _labels(node: dict) -> tuple[str, ...] | None:
    return tuple(node["labels"]) if "labels" in node else None


def _build(doc: dict) -> Instrument:
    scale = Scale(points=doc["scale"]["points"], labels=tuple(doc["scale"]["labels"]))
    dimensions = []
    for dim in doc["dimensions"]:
        dim_labels = _labels(dim)
        indicators = []
        for ind in dim["indicators"]:
            ind_labels = _labels(ind)
            items = tuple(
                Item(code=item["code"], text=item["text"], reverse=bool(item.get("reverse", False)),
                     labels=_labels(item) or ind_labels or dim_labels or scale.labels,
                     own_labels=_labels(item))
                for item in ind["items"])
            indicators.append(Indicator(code=ind["code"], name=ind["name"], items=items,
                                        own_labels=ind_labels))
        dimensions.append(Dimension(code=dim["code"], name=dim["name"], indicators=tuple(indicators),
                                    description=dim.get("description"), own_labels=dim_labels))
    categories = doc.get("categories") or {}
    analysis = doc.get("analysis") or {}
    instrument = Instrument(
        title=doc["title"], institution=doc["institution"], language=doc["language"],
        scale=scale, method=doc["method"], dimensions=tuple(dimensions),
        variable=doc.get("variable"), framework=doc.get("framework"), citation=doc.get("citation"),
        introduction=doc.get("introduction"), consent=doc.get("consent"),
        categories=Categories(
            labels=tuple(categories["labels"]) if "labels" in categories else None,
            bounds=tuple(float(b) for b in categories["bounds"]) if "bounds" in categories else None),
        analysis=Analysis(**analysis),
        demographics=tuple(
            Demographic(code=d["code"], label=d["label"], type=d["type"],
                        choices=tuple(d.get("choices", ())), min=d.get("min"), max=d.get("max"),
                        required=bool(d.get("required", False)),
                        bins=tuple(d["bins"]) if "bins" in d else None)
            for d in doc.get("demographics", [])),
        open_questions=tuple(
            OpenQuestion(code=q["code"], label=q["label"], dimension=q.get("dimension"),
                         required=bool(q.get("required", False)))
            for q in doc.get("open_questions", [])),
        recommendations=tuple(Recommendation(addressee=r["addressee"], text=r["text"])
                              for r in doc.get("recommendations", [])),
        pairing=_pairing(doc.get("pairing"), scale),
    )
    return _with_source(instrument)


def _pairing(node: dict | None, scale: Scale) -> Pairing | None:
    if not node:
        return None
    sides = {name: Side(name=node[name]["name"], labels=_labels(node[name]) or scale.labels,
                        own_labels=_labels(node[name])) for name in SIDES}
    return Pairing(**sides)


def _with_source(instrument: Instrument) -> Instrument:
    object.__setattr__(instrument, "source", to_document(instrument))
    return instrument


def to_document(instrument: Instrument) -> dict:
    """The canonical document of an instrument: what is stored and exported as YAML."""
    def labelled(node: dict, own: tuple[str, ...] | None) -> dict:
        if own is not None:
            node["labels"] = list(own)
        return node

    doc: dict = {"format": FORMAT, "title": instrument.title, "institution": instrument.institution}
    for key in ("variable", "framework", "citation"):
        if getattr(instrument, key):
            doc[key] = getattr(instrument, key)
    doc["language"] = instrument.language
    for key in ("introduction", "consent"):
        if getattr(instrument, key):
            doc[key] = getattr(instrument, key)
    doc["scale"] = {"points": instrument.scale.points, "labels": list(instrument.scale.labels)}
    if instrument.pairing:
        doc["pairing"] = {name: labelled({"name": instrument.pairing.side(name).name},
                                         instrument.pairing.side(name).own_labels) for name in SIDES}
    doc["method"] = instrument.method
    categories = {}
    if instrument.categories.labels:
        categories["labels"] = list(instrument.categories.labels)
    if instrument.categories.bounds:
        categories["bounds"] = list(instrument.categories.bounds)
    if categories:
        doc["categories"] = categories
    analysis = {k: v for k, v in vars(instrument.analysis).items()
                if v != getattr(Analysis(), k)}
    if analysis:
        doc["analysis"] = analysis
    doc["dimensions"] = [
        labelled({"code": dim.code, "name": dim.name,
                  **({"description": dim.description} if dim.description else {}),
                  "indicators": [
                      labelled({"code": ind.code, "name": ind.name, "items": [
                          labelled({"code": item.code, "text": item.text,
                                    **({"reverse": True} if item.reverse else {})}, item.own_labels)
                          for item in ind.items]}, ind.own_labels)
                      for ind in dim.indicators]}, dim.own_labels)
        for dim in instrument.dimensions]
    if instrument.demographics:
        doc["demographics"] = []
        for d in instrument.demographics:
            node: dict = {"code": d.code, "label": d.label, "type": d.type}
            if d.choices:
                node["choices"] = list(d.choices)
            for key in ("min", "max"):
                if getattr(d, key) is not None:
                    node[key] = getattr(d, key)
            if d.bins:
                node["bins"] = list(d.bins)
            if d.required:
                node["required"] = True
            doc["demographics"].append(node)
    if instrument.open_questions:
        doc["open_questions"] = [
            {"code": q.code, "label": q.label, **({"dimension": q.dimension} if q.dimension else {}),
             **({"required": True} if q.required else {})}
            for q in instrument.open_questions]
    if instrument.recommendations:
        doc["recommendations"] = [{"addressee": r.addressee, "text": r.text}
                                  for r in instrument.recommendations]
    return doc


def dump_instrument(instrument: Instrument) -> str:
    """YAML text of the canonical document, readable and stable."""
    return yaml.safe_dump(to_document(instrument), allow_unicode=True, sort_keys=False, width=100)
