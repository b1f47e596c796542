"""Parse and validate `survey-instrument/1` files into plain objects.

Validation collects *every* problem, each prefixed with its location in the document
(`dimensions[0].indicators[0].items[1].code: duplicate code "Q1"`), so a researcher can fix a
file in one pass. Each problem is a `Problem`: that English string for the CLI, plus its
Indonesian wording and the place named as the editor shows it, for pages (docs/messages.md). Structure is checked by the JSON Schema shipped beside this module (the same
file documents the format); the rules a schema cannot express are checked here.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .categories import IKM_TABLES, scheme_for
from .model import (SIDES, Analysis, Categories, Demographic, Dimension, Indicator, Instrument, Item,
                    OpenQuestion, Pairing, Recommendation, Scale, Side)
from .paths import split as split_path

if TYPE_CHECKING:  # jsonschema loads with the first instrument parsed, not with the app
    from jsonschema import Draft202012Validator

FORMAT = "survey-instrument/1"
SCHEMA_PATH = Path(__file__).with_name("schema.json")
MAX_FILE_BYTES = 1_000_000


class Problem(str):
    """One problem in an instrument, in both languages.

    `str(problem)` is the English developer form, "location: message"
    (`dimensions[0].indicators[0].items[3].code: must not be empty`): what the CLI prints and
    logs keep, whatever the instrument's language. Pages call `text(lang)` instead, which names
    the place as the editor shows it ("Dimensi 1 › Indikator 1 › Pernyataan 4: kode kosong"),
    and `at_field(lang)` for the message shown beside the field itself ("Kode kosong").
    `indonesian` is the predicate that follows the field's name ("kosong").
    """

    where: str
    english: str
    indonesian: str

    def __new__(cls, where: str, english: str, indonesian: str | None = None):
        self = super().__new__(cls, f"{where}: {english}")
        self.where, self.english, self.indonesian = where, english, indonesian
        return self

    def text(self, lang: str = "en") -> str:
        place, field = describe_location(self.where, lang)
        if lang == "id" and self.indonesian is not None:
            message = f"{field} {self.indonesian}" if field else self.indonesian
            return f"{place}: {message}" if place else _capitalise(message)
        where = " › ".join(part for part in (place, field) if part)
        return f"{where}: {self.english}" if where else _capitalise(self.english)

    def at_field(self, lang: str = "en") -> str:
        _, field = describe_location(self.where, lang)
        if lang == "id" and self.indonesian is not None:
            return _capitalise(f"{field} {self.indonesian}" if field else self.indonesian)
        return _capitalise(self.english)


def as_problem(problem: str) -> Problem:
    """A plain "location: message" string (file-level or older callers) as a Problem; it has
    no Indonesian wording, so pages show its English text."""
    if isinstance(problem, Problem):
        return problem
    where, _, message = str(problem).partition(": ")
    return Problem(where, message) if message else Problem("file", where)


# How the editor names each part of the document (Indonesian, English).
_ENTRIES = {"dimensions": ("Dimensi", "Dimension"), "indicators": ("Indikator", "Indicator"),
            "items": ("Pernyataan", "Statement"), "demographics": ("Data responden", "Respondent question"),
            "open_questions": ("Pertanyaan terbuka", "Open question"),
            "recommendations": ("Saran", "Recommendation")}
_SECTIONS = {"scale": ("Skala", "Scale"), "categories": ("Kategori penilaian", "Score categories"),
             "analysis": ("Analisis", "Analysis"), "file": ("Berkas", "File"),
             "pairing": ("Skala berpasangan", "Paired scales"),
             "importance": ("Sisi kepentingan/harapan", "Importance side"),
             "performance": ("Sisi kinerja/kenyataan", "Performance side")}
_FIELDS = {
    "code": ("kode", "code"), "name": ("nama", "name"), "text": ("teks pernyataan", "statement text"),
    "label": ("pertanyaan", "question"), "labels": ("label jawaban", "answer labels"),
    "title": ("judul", "title"), "institution": ("instansi yang diteliti", "office studied"),
    "variable": ("variabel penelitian", "research variable"), "language": ("bahasa", "language"),
    "introduction": ("pengantar", "introduction"), "consent": ("teks persetujuan", "consent text"),
    "points": ("jumlah titik skala", "scale points"), "method": ("metode penilaian", "scoring method"),
    "type": ("jenis", "type"), "choices": ("pilihan", "choices"), "min": ("min", "min"), "max": ("max", "max"),
    "bins": ("batas kelompok", "group edges"), "bounds": ("batas atas kategori", "category upper bounds"),
    "dimension": ("dimensi", "dimension"), "required": ("wajib", "required"), "reverse": ("pernyataan negatif", "reverse"),
    "description": ("uraian", "description"), "format": ("format", "format"), "framework": ("kerangka teori", "framework"),
    "citation": ("rujukan", "citation"), "addressee": ("sasaran saran", "addressee"),
    "target_category": ("kategori sasaran", "target category"),
    "dimensions": ("dimensi", "dimensions"), "indicators": ("indikator", "indicators"),
    "items": ("pernyataan", "statements"), "demographics": ("data responden", "respondent questions"),
    "open_questions": ("pertanyaan terbuka", "open questions"), "scale": ("skala", "scale"),
    "categories": ("kategori penilaian", "score categories"), "analysis": ("analisis", "analysis"),
    "action": ("tindakan yang disarankan", "action"), "role": ("peran", "role"),
    "pairing": ("skala berpasangan", "paired scales"), "importance": ("sisi kepentingan", "importance side"),
    "performance": ("sisi kinerja", "performance side"),
}


def describe_location(where: str, lang: str = "en") -> tuple[str, str]:
    """("Dimensi 1 › Indikator 1 › Pernyataan 4", "kode") for `dimensions[0].indicators[0].items[3].code`.
    A location that is not a document path (a file, a line) is returned as the place."""
    pick = 0 if lang == "id" else 1
    line = re.fullmatch(r"line (\d+), column (\d+)", where)
    if line:  # a place in the YAML text
        return (f"baris {line.group(1)}, kolom {line.group(2)}" if lang == "id" else where), ""
    parts = split_path(where)
    if not parts or not isinstance(parts[0], str) or (parts[0] not in _FIELDS and parts[0] not in _SECTIONS):
        return where, ""
    place: list[str] = []
    field = ""
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        following = parts[i + 1] if not last else None
        if isinstance(part, int):
            continue
        if isinstance(following, int) and part in _ENTRIES:
            place.append(f"{_ENTRIES[part][pick]} {following + 1}")
        elif last:
            field = _FIELDS[part][pick] if part in _FIELDS else part
        elif part in _SECTIONS:
            place.append(_SECTIONS[part][pick])
        else:
            place.append(_FIELDS[part][pick] if part in _FIELDS else part)
    if where == "file":
        return _SECTIONS["file"][pick], ""
    return " › ".join(place), field


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class InstrumentError(ValueError):
    """A malformed instrument; `problems` lists every problem with its location (as Problems:
    English strings that also carry their Indonesian wording)."""

    def __init__(self, problems: list[str]):
        self.problems = [as_problem(p) for p in problems]
        super().__init__("\n".join(self.problems))

    def texts(self, lang: str) -> list[str]:
        return [p.text(lang) for p in self.problems]


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


_HOSTILE = re.compile("[\x00\ud800-\udfff]")


def _hostile_text(node) -> bool:
    """NUL bytes and unpaired surrogates (`"\\0"`, `"\\ud800"` in YAML) cannot be stored as text."""
    if isinstance(node, str):
        return bool(_HOSTILE.search(node))
    if isinstance(node, dict):
        return any(_hostile_text(k) or _hostile_text(v) for k, v in node.items())
    if isinstance(node, list):
        return any(_hostile_text(v) for v in node)
    return False


def load_instrument(text: str | bytes) -> Instrument:
    """Parse YAML (or JSON) text into an Instrument, or raise InstrumentError.

    Limits (depth, aliases, expanded size, NUL and surrogates) are checked while loading, so a
    hostile file is refused in milliseconds with a message instead of holding a worker."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise InstrumentError([Problem("file", f"larger than {MAX_FILE_BYTES // 1000} KB", f"lebih besar dari {MAX_FILE_BYTES // 1000} KB")])
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InstrumentError([Problem("file", "not UTF-8 text", "bukan teks UTF-8 (simpan ulang berkas sebagai UTF-8)")]) from None
    if len(text) > MAX_FILE_BYTES:
        raise InstrumentError([Problem("file", f"larger than {MAX_FILE_BYTES // 1000} KB", f"lebih besar dari {MAX_FILE_BYTES // 1000} KB")])
    from .yaml_text import parse_yaml

    document = parse_yaml(text)
    if _hostile_text(document):
        raise InstrumentError([Problem("file", "contains a NUL character or an unpaired surrogate", "memuat karakter NUL atau surrogate tanpa pasangan")])
    return build_instrument(document)


def load_instrument_file(path: str | Path) -> Instrument:
    return load_instrument(Path(path).read_bytes())


def build_instrument(document: object) -> Instrument:
    """Validate a parsed document (dict) and build the Instrument, or raise InstrumentError."""
    if not isinstance(document, dict):
        raise InstrumentError([Problem("file", "expected a mapping of keys (format, title, ...) at the top",
                                       "tidak berisi daftar kunci (format, title, ...) di tingkat teratas")])
    problems = [problem for error in sorted(_validator().iter_errors(document), key=lambda e: _path(e.absolute_path))
                for problem in _describe(error)]
    problems += _semantic_problems(document)
    if problems:
        raise InstrumentError(_unique(problems))
    return _build(document)


def _path(parts: Iterable) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "file"


_TYPE_NAMES = {"string": ("text", "teks"), "integer": ("a whole number", "bilangan bulat"),
               "number": ("a number", "angka"), "boolean": ("true or false", "ya atau tidak"),
               "array": ("a list", "daftar"), "object": ("a mapping of keys", "daftar kunci")}


def _kind(value: object) -> tuple[str, str]:
    if isinstance(value, bool):
        return "true/false", "ya/tidak"
    if isinstance(value, (int, float)):
        return "a number", "angka"
    if isinstance(value, str):
        return "text", "teks"
    if isinstance(value, list):
        return "a list", "daftar"
    if isinstance(value, dict):
        return "a mapping", "daftar kunci"
    return ("nothing", "kosong") if value is None else (type(value).__name__, type(value).__name__)


def _describe(error) -> list[Problem]:
    """One schema error as problems (English for the CLI, Indonesian for the pages)."""
    where = _path(error.absolute_path)
    kind, value = error.validator, error.instance
    if kind == "required":
        absent = [key for key in error.validator_value if key not in value]
        return [Problem(_path([*error.absolute_path, key]), "missing", "belum diisi") for key in absent]
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in value if k not in allowed)
        return [Problem(_path([*error.absolute_path, key]), f'unknown key "{key}"', "tidak dikenal di sini (hapus, atau perbaiki ejaannya)")
                for key in extra]
    if kind == "type":
        quoted = error.validator_value == "string" and isinstance(value, (int, float)) and not isinstance(value, bool)
        hint_en, hint_id = (f' (write it in quotes: "{value}")', f' (tulis di antara tanda kutip: "{value}")') if quoted else ("", "")
        expected = _TYPE_NAMES.get(error.validator_value, (error.validator_value, error.validator_value))
        got = _kind(value)
        return [Problem(where, f"expected {expected[0]}, got {got[0]}{hint_en}",
                        f"harus berupa {expected[1]}, bukan {got[1]}{hint_id}")]
    if kind == "enum":
        shown = json.dumps(value, ensure_ascii=False)
        return [Problem(where, f"{shown} is not one of {', '.join(error.validator_value)}",
                        f"{shown} bukan salah satu dari {', '.join(error.validator_value)}")]
    if kind == "const":
        return [Problem(where, f'must be "{error.validator_value}"', f'harus "{error.validator_value}"')]
    if kind == "pattern":
        if value == "":
            return [Problem(where, f'"{value}" is not a valid code (use letters, digits, "_", "." or "-", no spaces)',
                            "kosong")]
        return [Problem(where, f'"{value}" is not a valid code (use letters, digits, "_", "." or "-", no spaces)',
                        f'"{value}" tidak sah (pakai huruf, angka, "_", "." atau "-", tanpa spasi)')]
    if kind == "minItems":
        return [Problem(where, f"needs at least {error.validator_value} entries",
                        f"perlu sedikitnya {error.validator_value} isian")]
    if kind == "minLength":
        return [Problem(where, "must not be empty", "kosong")]
    if kind == "maxLength":
        return [Problem(where, f"longer than {error.validator_value} characters",
                        f"lebih dari {error.validator_value} karakter")]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": ("at least", "sedikitnya"), "maximum": ("at most", "paling banyak"),
                 "exclusiveMinimum": ("more than", "lebih dari"), "exclusiveMaximum": ("less than", "kurang dari")}
        return [Problem(where, f"{value} must be {words[kind][0]} {error.validator_value}",
                        f"{value}: harus {words[kind][1]} {error.validator_value}")]
    return [Problem(where, error.message, f"tidak sesuai format ({error.message})")]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _dicts(value: object) -> list[tuple[int, dict]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _semantic_problems(doc: dict) -> list[Problem]:
    """Rules the JSON Schema cannot state; tolerant of a structurally broken document."""
    problems: list[Problem] = []
    scale = doc.get("scale") if isinstance(doc.get("scale"), dict) else {}
    points = scale.get("points") if isinstance(scale.get("points"), int) else None
    method = doc.get("method")

    def check_labels(where: str, labels: object) -> None:
        if points and isinstance(labels, list) and len(labels) != points:
            problems.append(Problem(where, f"{len(labels)} labels for a {points}-point scale (one label per point is needed)",
                                    f"berisi {len(labels)} label untuk skala {points} titik (perlu satu label per titik)"))

    check_labels("scale.labels", scale.get("labels"))
    pairing = doc.get("pairing") if isinstance(doc.get("pairing"), dict) else {}
    for side in SIDES:
        if isinstance(pairing.get(side), dict):
            check_labels(f"pairing.{side}.labels", pairing[side].get("labels"))
    if method in IKM_TABLES and points and points != 4:
        problems.append(Problem("scale.points", f"method {method} (SKM) needs a 4-point scale, not {points}",
                                f"harus 4 untuk metode {method} (SKM), bukan {points}"))

    seen: dict[str, str] = {}

    def check_code(where: str, node: dict) -> None:
        code = node.get("code")
        if not isinstance(code, str) or code == "":
            return
        if code in seen:
            first = seen[code]
            place, field = describe_location(first, "id")
            problems.append(Problem(f"{where}.code", f'duplicate code "{code}" (first used at {first})',
                                    f'"{code}" sudah dipakai di {place or field}'))
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
            problems.append(Problem(f"{where}.choices", "missing (a choice question needs its choices)",
                                    "belum diisi (pertanyaan pilihan perlu pilihannya)"))
        if kind != "choice" and "choices" in demo:
            problems.append(Problem(f"{where}.choices", "only a choice question has choices",
                                    "hanya untuk pertanyaan berjenis pilihan (choice)"))
        if kind != "integer":
            for key in ("min", "max", "bins"):
                if key in demo:
                    problems.append(Problem(f"{where}.{key}", f"only an integer question has {key}",
                                            "hanya untuk pertanyaan berjenis angka (integer)"))
        lo, hi = demo.get("min"), demo.get("max")
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            problems.append(Problem(f"{where}.max", f"{hi} is below min {lo}", f"{hi} lebih kecil dari min {lo}"))
        bins = demo.get("bins")
        if isinstance(bins, list) and bins != sorted(set(bins)):
            problems.append(Problem(f"{where}.bins", "group edges must be increasing and distinct",
                                    "harus naik dan tidak ada yang sama"))
        choices = demo.get("choices")
        if isinstance(choices, list) and len(set(map(str, choices))) != len(choices):
            problems.append(Problem(f"{where}.choices", "a choice is listed twice", "memuat pilihan yang sama dua kali"))

    for i, question in _dicts(doc.get("open_questions")):
        where = f"open_questions[{i}]"
        check_code(where, question)
        dim = question.get("dimension")
        if isinstance(dim, str) and dim not in dimension_codes:
            problems.append(Problem(f"{where}.dimension", f'no dimension has code "{dim}"',
                                    f'"{dim}" bukan kode dimensi mana pun'))

    problems += _category_problems(doc, method, points)
    return problems


def _category_problems(doc: dict, method: object, points: int | None) -> list[Problem]:
    categories = doc.get("categories")
    analysis = doc.get("analysis") if isinstance(doc.get("analysis"), dict) else {}
    problems: list[Problem] = []
    if isinstance(categories, dict) and categories and method in IKM_TABLES:
        problems.append(Problem("categories", f"{method} uses the regulation's fixed table; remove categories",
                                f"tidak dipakai: {method} memakai tabel tetap peraturan; kosongkan kategori"))
        categories = None
    labels = bounds = None
    if isinstance(categories, dict):
        labels = categories.get("labels") if isinstance(categories.get("labels"), list) else None
        bounds = categories.get("bounds") if isinstance(categories.get("bounds"), list) else None
        if bounds and not all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds):
            return problems  # the schema already reported the bad entries
        if labels and bounds and len(labels) != len(bounds):
            problems.append(Problem("categories.bounds", f"{len(bounds)} bounds for {len(labels)} labels "
                                    "(one upper bound per category)",
                                    f"berisi {len(bounds)} batas untuk {len(labels)} label (satu batas atas per kategori)"))
        if bounds:
            if any(b >= c for b, c in zip(bounds, bounds[1:])):
                problems.append(Problem("categories.bounds", "upper bounds must increase", "harus makin besar"))
            top = 100 if method == "ideal_percent" else points
            if top and bounds[-1] != top:
                problems.append(Problem("categories.bounds", f"the last upper bound must be {top}",
                                        f"terakhir harus {top}"))
        if method == "mean_interval" and labels and not bounds and points and len(labels) > 11:
            problems.append(Problem("categories.labels", "too many categories", "terlalu banyak kategori"))
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
                problems.append(Problem("analysis.target_category",
                                        f'"{target}" is not one of the categories ({", ".join(scheme.labels)})',
                                        f'"{target}" bukan salah satu kategori ({", ".join(scheme.labels)})'))
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
                     own_labels=_labels(item), action=item.get("action"))
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
                         required=bool(q.get("required", False)), role=q.get("role"))
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
                                    **({"reverse": True} if item.reverse else {}),
                                    **({"action": item.action} if item.action else {})}, item.own_labels)
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
             **({"required": True} if q.required else {}), **({"role": q.role} if q.role else {})}
            for q in instrument.open_questions]
    if instrument.recommendations:
        doc["recommendations"] = [{"addressee": r.addressee, "text": r.text}
                                  for r in instrument.recommendations]
    return doc


def dump_instrument(instrument: Instrument) -> str:
    """YAML text of the canonical document, readable and stable."""
    from .yaml_text import dump_yaml

    return dump_yaml(to_document(instrument))
