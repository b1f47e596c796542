"""XLSForm in and out, so an instrument can move to and from KoboToolbox and ODK.

Out: one `begin_group` per dimension (appearance `field-list`), Likert statements as
`select_one <list>` with numeric choice names 1..k and appearance `likert`; custom columns keep
what XLSForm has no place for (`reverse`, `indicator`, `indicator_name`, `code`, `dimension`,
`kind`, `bins`), and an extra sheet `survey_instrument` holds the rest of the document (method,
categories, ...), so instrument -> XLSForm -> instrument is lossless. KoboToolbox and ODK
ignore unknown columns and sheets.

A paired study (importance-performance) becomes two Likert questions per statement, importance
first: `TAN-01_importance` and `TAN-01_performance` (`xlsform_side_name`; XLSForm names cannot
hold the colon of `TAN-01:importance`), labelled with the side's name ("[Harapan] Ruang tunggu
bersih") and answered from that side's choice list (`skala`, or `skala_importance` /
`skala_performance` where a side has labels of its own); the custom column `side` says which
side a row is, and `pairing` is kept in `survey_instrument`. Read back, the two questions are one
statement again: by the `side` column, else by the `_importance` / `_performance` name ending (a
form rebuilt in KoboToolbox's form builder), the side names from `survey_instrument`, else from
the "[Name]" before the labels.

In (forms built in KoboToolbox or ODK, or by us): the workbook is first checked against size
and row limits (before anything is parsed), then read by pyxform's own parser, so it means what
it means to KoboToolbox and ODK. Groups holding Likert statements (`select_one` with choices
named 1..k) become dimensions, a group inside one an indicator (an `indicator` column wins);
groups without Likert statements hold respondent data. Outside such groups `select_one` is a
choice demographic (`or_other` adds a "Lainnya"/"Other" choice and a text demographic
`<name>_other`), `integer` an integer demographic (`. >= a and . <= b` kept as min/max), `text`
a text demographic before the first dimension and an open question after it or inside a
dimension. Labels follow `default_language`. What the instrument format cannot hold (other
languages, hints, `relevant`, other constraints and their messages, repeats, notes, metadata,
select_multiple...) is listed, one line each: nothing changes silently.
"""
from __future__ import annotations

import io
import json
import re

from .model import SIDES, Instrument
from .parser import InstrumentError, build_instrument, to_document

LANGUAGE_NAMES = {"id": "Indonesian (id)", "en": "English (en)"}
SURVEY_COLUMNS = ["type", "name", "label", "required", "appearance", "constraint", "constraint_message",
                  "reverse", "indicator", "indicator_name", "code", "dimension", "kind", "bins", "labels",
                  "indicator_labels", "action", "role", "side"]
KEPT_KEYS = ("scale", "institution", "variable", "framework", "citation", "introduction", "consent", "method",
             "categories", "analysis", "recommendations", "pairing")
SIDE_DEFAULT_NAMES = {"id": {"importance": "Kepentingan", "performance": "Kinerja"},
                      "en": {"importance": "Importance", "performance": "Performance"}}
_SIDE_NAME = re.compile(r"^(.+)_(importance|performance)$")
_SIDE_LABEL = re.compile(r"^\[([^\]]+)\]\s*(.*)$", re.S)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")

# Limits checked on the zip's own directory and a streamed count of `<row` tags, before
# openpyxl parses anything: a 97 KB file can inflate to 300,000 rows.
MAX_FORM_UNCOMPRESSED = 20 * 1024 * 1024
MAX_FORM_ROWS = 5000  # per sheet; the largest library instrument is ~120 rows
MAX_DATA_UNCOMPRESSED = 400 * 1024 * 1024  # response workbooks (csv_import)


class WorkbookTooLarge(ValueError):
    """A workbook over a limit; `message(lang)` says which, in Indonesian or English."""

    def __init__(self, indonesian: str, english: str):
        super().__init__(english)
        self.texts = {"id": indonesian, "en": english}

    def message(self, lang: str = "id") -> str:
        return self.texts.get(lang, self.texts["id"])


def check_workbook(data: bytes, *, max_rows: int = MAX_FORM_ROWS,
                   max_uncompressed: int = MAX_FORM_UNCOMPRESSED) -> None:
    """Refuse a workbook whose sheets inflate beyond `max_uncompressed` bytes or hold more than
    `max_rows` rows, reading at most `max_uncompressed` bytes. Not a zip: left to the reader."""
    import zipfile
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return
    with archive:
        members = archive.infolist()
        declared = sum(m.file_size for m in members)
        if declared > max_uncompressed:
            raise WorkbookTooLarge(
                f"berkas: isi buku kerja {declared / 1e6:.0f} MB setelah diekstrak (batas {max_uncompressed / 1e6:.0f} MB)",
                f"file: the workbook holds {declared / 1e6:.0f} MB uncompressed (limit {max_uncompressed / 1e6:.0f} MB)")
        budget = max_uncompressed
        for member in members:
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            rows, tail = 0, b""
            with archive.open(member) as sheet:
                while chunk := sheet.read(1 << 20):
                    budget -= len(chunk)  # the directory's sizes may lie; the stream does not
                    if budget < 0:
                        raise WorkbookTooLarge("berkas: buku kerja terlalu besar setelah diekstrak",
                                               "file: the workbook is too large uncompressed")
                    block = tail + chunk
                    rows += block.count(b"<row") - tail.count(b"<row")
                    tail = block[-8:]
                    if rows > max_rows:
                        sheet_name = member.filename.rsplit("/", 1)[-1]
                        raise WorkbookTooLarge(
                            f"berkas: lembar {sheet_name} berisi lebih dari {max_rows:,} baris",
                            f"file: sheet {sheet_name} holds more than {max_rows:,} rows")


def xlsform_side_name(code: str, side: str) -> str:
    """The question name of one side of a paired statement ("TAN-01_importance"), before the
    `q_` rule of `_xml_name`; XLSForm names cannot hold the colon of `side_key`."""
    return f"{code}_{side}"


def side_label(instrument: Instrument, item, side: str) -> str:
    """One side of a paired statement as shown in forms and exports: "[Harapan] text"."""
    return f"[{instrument.pairing.side(side).name}] {item.text}"


def _xml_name(code: str) -> str:
    return code if _NAME.match(code) else f"q_{code}"


def write_xlsform(instrument: Instrument, out) -> None:
    from openpyxl import Workbook

    language = LANGUAGE_NAMES[instrument.language]
    label_column = f"label::{language}"
    lists: dict[tuple[str, ...], str] = {instrument.scale.labels: "skala"}
    survey: list[dict] = []

    def row(**values):
        survey.append(values)

    for q in instrument.demographics:
        kind = {"choice": f"select_one {q.code}_pilihan", "integer": "integer", "text": "text"}[q.type]
        constraint = ""
        if q.type == "integer" and q.min is not None and q.max is not None:
            constraint = f". >= {q.min} and . <= {q.max}"
        row(type=kind, name=_xml_name(q.code), label=q.label, required="yes" if q.required else "",
            constraint=constraint, code=q.code, kind="demographic",
            bins=",".join(str(b) for b in q.bins) if q.bins else "")
    for dim in instrument.dimensions:
        row(type="begin_group", name=_xml_name(dim.code), label=dim.name, appearance="field-list", code=dim.code,
            labels=json.dumps(list(dim.own_labels), ensure_ascii=False) if dim.own_labels else "")
        for ind in dim.indicators:
            for item in ind.items:
                common = dict(required="yes", appearance="likert", reverse="yes" if item.reverse else "",
                              indicator=ind.code, indicator_name=ind.name, code=item.code, action=item.action or "",
                              indicator_labels=json.dumps(list(ind.own_labels), ensure_ascii=False)
                              if ind.own_labels else "")
                if instrument.pairing is None:
                    name = lists.setdefault(item.labels, f"label_{len(lists) + 1}")
                    row(type=f"select_one {name}", name=_xml_name(item.code), label=item.text, **common)
                    continue
                for side in SIDES:  # importance first, as respondents are asked
                    name = lists.setdefault(instrument.pairing.side(side).labels, f"skala_{side}")
                    row(type=f"select_one {name}", name=_xml_name(xlsform_side_name(item.code, side)),
                        label=side_label(instrument, item, side), side=side, **common)
        row(type="end_group", name="", label="")
    for q in instrument.open_questions:
        row(type="text", name=_xml_name(q.code), label=q.label, required="yes" if q.required else "",
            appearance="multiline", code=q.code, dimension=q.dimension or "", kind="open", role=q.role or "")

    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    header = [label_column if c == "label" else c for c in SURVEY_COLUMNS]
    sheet.append(header)
    for values in survey:
        sheet.append([values.get(c, "") for c in SURVEY_COLUMNS])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", label_column])
    for labels, name in lists.items():
        for i, label in enumerate(labels, start=1):
            choices.append([name, str(i), label])
    for q in instrument.demographics:
        for i, choice in enumerate(q.choices, start=1):
            choices.append([f"{q.code}_pilihan", str(i), choice])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language", "version"])
    settings.append([instrument.title, re.sub(r"[^a-z0-9_]+", "_", instrument.title.lower())[:40].strip("_") or "survei",
                     language, "1"])
    kept = book.create_sheet("survey_instrument")
    kept.append(["key", "value"])
    document = to_document(instrument)
    for key in KEPT_KEYS:
        if key in document:
            kept.append([key, json.dumps(document[key], ensure_ascii=False)])
    book.save(out)


MAX_FORM_BYTES = 5 * 1024 * 1024  # an XLSForm file; real forms are tens of KB
METADATA_TYPES = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username",
                  "email", "audit", "calculate", "hidden", "start-geopoint", "background-audio"}
LANGUAGE_CODES = {"id": ("indonesian", "bahasa indonesia", "bahasa", "indonesia"), "en": ("english",)}
OTHER_LABEL = {"id": "Lainnya", "en": "Other"}


def _language_code(name: str | None) -> str | None:
    """"Indonesian (id)" / "English" / "id" -> "id" / "en"; None when not one of ours."""
    if not name:
        return None
    text = str(name).strip().lower()
    code = re.search(r"\((\w+)\)\s*$", text)
    if code and code.group(1) in LANGUAGE_CODES:
        return code.group(1)
    bare = re.sub(r"\s*\(.*\)\s*$", "", text)
    return next((c for c, names in LANGUAGE_CODES.items() if bare == c or bare in names), None)


def _request_language() -> str:
    try:
        from flask import g, has_request_context
    except ImportError:  # pragma: no cover - Flask is always installed with the app
        return "en"
    return getattr(g, "lang", "id") if has_request_context() else "en"


class _Report:
    """Problems (the form is refused) and changes (the form is read, and each change is said)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.problems: list[str] = []
        self.changes: list[str] = []

    def text(self, indonesian: str, english: str) -> str:
        return english if self.lang == "en" else indonesian

    def problem(self, indonesian: str, english: str) -> None:
        self.problems.append(self.text(indonesian, english))

    def change(self, indonesian: str, english: str) -> None:
        self.changes.append(self.text(indonesian, english))


def read_xlsform(data: bytes, lang: str | None = None) -> tuple[Instrument, list[str]]:
    """(instrument, changes) from an XLSForm, read by pyxform's own parser.

    Every change from the form to the instrument is one line of `changes` (questions skipped,
    translations, hints, conditions and messages that the instrument format cannot hold,
    `or_other` choices); InstrumentError lists every problem. Limits on size and rows are
    checked before anything is parsed. Messages in `lang` ("id"/"en"; default: the request's).
    """
    report = _Report(lang or _request_language())
    t = report.text
    if len(data) > MAX_FORM_BYTES:
        raise InstrumentError([t(f"berkas: XLSForm lebih besar dari {MAX_FORM_BYTES // (1024 * 1024)} MB",
                                 f"file: the XLSForm is larger than {MAX_FORM_BYTES // (1024 * 1024)} MB")])
    try:
        check_workbook(data)
    except WorkbookTooLarge as exc:
        raise InstrumentError([exc.message(report.lang)]) from None
    from openpyxl import load_workbook
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets one clear message
        raise InstrumentError([t("berkas: bukan buku kerja .xlsx yang dapat dibaca",
                                 "file: not a readable .xlsx workbook")]) from None
    if "survey" not in book.sheetnames:
        raise InstrumentError([t("berkas: tidak ada lembar bernama survey (apakah ini XLSForm?)",
                                 "file: no sheet named survey (is this an XLSForm?)")])
    rows = {str(r.get("name")).strip(): number for number, r in _records(book["survey"]) if r.get("name")}
    kept = _kept_sheet(book, report) if "survey_instrument" in book.sheetnames else {}
    book.close()
    form = _pyxform_json(data, report)
    if report.problems:
        raise InstrumentError(report.problems)
    return _ReadForm(form, rows, kept, report).instrument()


def _kept_sheet(book, report: _Report) -> dict:
    """Our own `survey_instrument` sheet (key, JSON value); bad JSON is a problem, not a 500."""
    kept = {}
    for number, record in _records(book["survey_instrument"]):
        if record.get("key") and record.get("value"):
            try:
                kept[str(record["key"])] = json.loads(str(record["value"]))
            except ValueError as exc:
                report.problem(f"lembar survey_instrument baris {number}: JSON tidak valid ({exc})",
                               f"sheet survey_instrument row {number}: invalid JSON ({exc})")
    for key in ("scale",):
        if key in kept and not (isinstance(kept[key], dict) and isinstance(kept[key].get("labels"), list)):
            report.problem(f"lembar survey_instrument: {key} harus berisi labels",
                           f"sheet survey_instrument: {key} must hold labels")
    return kept


def _pyxform_json(data: bytes, report: _Report) -> dict:
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform
    try:
        return workbook_to_json(get_xlsform(data, file_type=".xlsx"), form_name="data", warnings=[])
    except PyXFormError as exc:
        report.problem(f"XLSForm tidak valid menurut pyxform: {exc}", f"the XLSForm is not valid for pyxform: {exc}")
    except Exception as exc:  # noqa: BLE001 - malformed content must be a message, never a 500
        report.problem(f"XLSForm tidak dapat dibaca ({type(exc).__name__})",
                       f"the XLSForm cannot be read ({type(exc).__name__})")
    return {}


class _ReadForm:
    """pyxform's survey tree -> an instrument document, reporting every change."""

    def __init__(self, form: dict, rows: dict[str, int], kept: dict, report: _Report):
        self.form, self.rows, self.kept, self.report = form, rows, kept, report
        self.t = report.text
        self.demographics: list[dict] = []
        self.open_questions: list[dict] = []
        self.dimensions: list[dict] = []
        default = form.get("default_language")
        self.default = default if default and default != "default" else self.guess_default(form, report)
        self.language = _language_code(self.default) or "id"
        if self.default and _language_code(self.default) is None:
            report.change(f"bahasa bawaan {self.default!r} tidak dikenal: instrumen ditandai berbahasa Indonesia",
                          f"default language {self.default!r} is not known: the instrument is marked Indonesian")
        self.other_languages: set[str] = set()

    @staticmethod
    def guess_default(form: dict, report: _Report) -> str | None:
        """No default_language in settings: the only label language, else Indonesian, else the first."""
        languages: list[str] = []

        def walk(node):
            if isinstance(node, dict):
                if isinstance(node.get("label"), dict):
                    languages.extend(k for k in node["label"] if k != "default" and k not in languages)
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
        walk(form.get("children", []))
        if len(languages) <= 1:
            return languages[0] if languages else None
        chosen = next((n for n in languages if _language_code(n) == "id"), languages[0])
        report.change(f"settings tidak menyebut default_language; label diambil dari {chosen}",
                      f"settings give no default_language; labels taken from {chosen}")
        return chosen

    # --- labels and row references
    def where(self, node: dict) -> str:
        name = str(node.get("name", ""))
        row = self.rows.get(name)
        return self.t(f"baris {row} ({name})", f"row {row} ({name})") if row else name

    def label(self, value) -> str:
        """The text in the default language; other languages are noted once at the end."""
        if isinstance(value, dict):
            languages = [k for k in value if k != "default"]
            self.other_languages |= {k for k in languages if k != self.default}
            chosen = value.get(self.default) if self.default else None
            if chosen is None:
                chosen = value.get("default") or next((v for v in value.values() if v), "")
            return str(chosen).strip()
        return str(value or "").strip()

    def json_column(self, node: dict, key: str):
        if not node.get(key):
            return None
        try:
            value = json.loads(str(node[key]))
        except ValueError as exc:
            self.report.problem(f"{self.where(node)}: kolom {key} bukan JSON yang valid ({exc})",
                                f"{self.where(node)}: column {key} is not valid JSON ({exc})")
            return None
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            self.report.problem(f"{self.where(node)}: kolom {key} harus berupa daftar teks",
                                f"{self.where(node)}: column {key} must be a list of texts")
            return None
        return value

    def skip(self, node: dict, why_id: str, why_en: str) -> None:
        self.report.change(f"{self.where(node)} dilewati: {why_id}", f"{self.where(node)} skipped: {why_en}")

    def not_kept(self, node: dict) -> None:
        """Say what the instrument format cannot hold for this question."""
        bind = node.get("bind") or {}
        for key, (name_id, name_en) in (("relevant", ("syarat tampil (relevant)", "condition (relevant)")),
                                        ("constraint", ("batasan (constraint)", "constraint"))):
            if bind.get(key) and not (key == "constraint" and node.get("_bounds_kept")):
                self.report.change(f"{self.where(node)}: {name_id} {bind[key]!r} tidak disimpan",
                                   f"{self.where(node)}: {name_en} {bind[key]!r} not kept")
        if bind.get("jr:constraintMsg"):
            self.report.change(f"{self.where(node)}: pesan batasan {self.label(bind['jr:constraintMsg'])!r} tidak disimpan",
                               f"{self.where(node)}: constraint message {self.label(bind['jr:constraintMsg'])!r} not kept")
        if node.get("hint"):
            self.report.change(f"{self.where(node)}: petunjuk (hint) {self.label(node['hint'])!r} tidak disimpan",
                               f"{self.where(node)}: hint {self.label(node['hint'])!r} not kept")

    @staticmethod
    def code(node: dict) -> str:
        return str(node.get("code") or node.get("name") or "").strip()

    @staticmethod
    def required(node: dict) -> dict:
        value = str((node.get("bind") or {}).get("required", "")).lower()
        return {"required": True} if value in ("yes", "true", "true()", "1") else {}

    def likert_labels(self, node: dict) -> list[str] | None:
        choices = node.get("choices") or []
        names = [str(c.get("name", "")) for c in choices]
        if not choices or not all(n.isdigit() for n in names):
            return None
        ordered = sorted(choices, key=lambda c: int(c["name"]))
        if [int(c["name"]) for c in ordered] != list(range(1, len(ordered) + 1)):
            self.report.problem(f"{self.where(node)}: pilihan Likert harus bernama 1..k",
                                f"{self.where(node)}: Likert choices must be named 1..k")
            return None
        return [self.label(c.get("label")) for c in ordered]

    @staticmethod
    def has_likert(node: dict) -> bool:
        for child in node.get("children", []):
            if child.get("type") == "group" and _ReadForm.has_likert(child):
                return True
            if child.get("type") == "select one" and child.get("choices") and all(
                    str(c.get("name", "")).isdigit() for c in child["choices"]):
                return True
        return False

    # --- the tree
    def instrument(self) -> tuple[Instrument, list[str]]:
        for node in self.form.get("children", []):
            self.top_level(node)
        if self.other_languages:
            others = ", ".join(sorted(self.other_languages))
            self.report.change(
                f"terjemahan {others} tidak disimpan (instrumen memuat satu bahasa: {self.default or self.language})",
                f"translations {others} not kept (the instrument holds one language: {self.default or self.language})")
        if self.report.problems:
            raise InstrumentError(self.report.problems)
        return self.build(), self.report.changes

    def top_level(self, node: dict) -> None:
        kind = node.get("type")
        if node.get("name") == "meta" and kind == "group":
            return  # pyxform's own instanceID
        if kind in METADATA_TYPES or kind == "note":
            self.skip(node, f"{kind} tidak dipakai dalam studi persepsi", f"{kind} is not used by perception studies")
        elif kind == "group":
            if self.has_likert(node) or node.get("code") and self.kept:
                self.dimension(node)
            else:
                self.report.change(
                    f"{self.where(node)}: grup tanpa pernyataan Likert; pertanyaannya dibaca sebagai data responden",
                    f"{self.where(node)}: group without Likert statements; its questions read as respondent data")
                for child in node.get("children", []):
                    self.top_level(child)
        elif kind == "repeat":
            self.skip(node, "pengulangan (repeat) menanyai beberapa orang per responden; seluruh isinya dilewati",
                      "a repeat asks about several people per respondent; all of it is skipped")
        elif kind == "select one":
            self.choice_demographic(node)
        elif kind == "integer":
            self.integer_demographic(node)
        elif kind == "text":
            self.text_question(node)
        else:
            self.skip(node, f"jenis {kind} tidak dipakai dalam studi persepsi", f"type {kind} is not used by perception studies")

    def choice_demographic(self, node: dict) -> None:
        choices = []
        for choice in node.get("choices") or []:
            if choice.get("name") == "other" and "_other_of" not in node:
                label = OTHER_LABEL[self.language]
                self.report.change(f"{self.where(node)}: pilihan 'lainnya' (or_other) menjadi pilihan {label!r}",
                                   f"{self.where(node)}: the or_other choice becomes the choice {label!r}")
                choices.append(label)
            else:
                choices.append(self.label(choice.get("label")) or str(choice.get("name")))
        if len(node.get("choices") or []) and all(str(c.get("name", "")).isdigit() for c in node["choices"]) \
                and (node.get("control") or {}).get("appearance") == "likert":
            self.report.change(f"{self.where(node)}: pertanyaan Likert di luar grup dibaca sebagai data responden",
                               f"{self.where(node)}: a Likert question outside any group reads as respondent data")
        self.not_kept(node)
        self.demographics.append({"code": self.code(node), "label": self.label(node.get("label")),
                                  "type": "choice", "choices": choices, **self.required(node)})

    def integer_demographic(self, node: dict) -> None:
        demo = {"code": self.code(node), "label": self.label(node.get("label")), "type": "integer", **self.required(node)}
        constraint = str((node.get("bind") or {}).get("constraint") or "")
        bounds = re.fullmatch(r"\s*\.\s*>=\s*(-?\d+)\s+and\s+\.\s*<=\s*(-?\d+)\s*", constraint)
        if bounds:
            demo["min"], demo["max"] = int(bounds.group(1)), int(bounds.group(2))
            node["_bounds_kept"] = True
        if node.get("bins"):
            demo["bins"] = [int(b) for b in str(node["bins"]).split(",") if b.strip().lstrip("-").isdigit()]
        self.not_kept(node)
        self.demographics.append(demo)

    def text_question(self, node: dict, dimension: str | None = None) -> None:
        name = str(node.get("name", ""))
        label = self.label(node.get("label"))
        if name.endswith("_other") and any(d["code"] == name[:-6] for d in self.demographics):
            parent = next(d for d in self.demographics if d["code"] == name[:-6])
            label = self.t(f"{parent['label']} (lainnya, sebutkan)", f"{parent['label']} (other, specify)")
            self.report.change(f"{name}: isian 'lainnya' menjadi data responden teks {name}",
                               f"{name}: the 'other' answer becomes the text demographic {name}")
            self.demographics.append({"code": name, "label": label, "type": "text"})
            return
        self.not_kept(node)
        kind = node.get("kind")
        if kind == "open" or dimension or (not kind and self.dimensions):
            question = {"code": self.code(node), "label": label, **self.required(node)}
            if node.get("dimension") or dimension:
                question["dimension"] = str(node.get("dimension") or dimension)
            if node.get("role"):
                question["role"] = str(node["role"])
            self.open_questions.append(question)
        else:
            self.demographics.append({"code": self.code(node), "label": label, "type": "text", **self.required(node)})

    def dimension(self, group: dict) -> None:
        code = self.code(group)
        dim = {"code": code, "name": self.label(group.get("label")) or code, "items": [],
               "labels": self.json_column(group, "labels")}
        self.dimensions.append(dim)
        for child in group.get("children", []):
            self.dimension_child(dim, child, indicator=None)

    def dimension_child(self, dim: dict, node: dict, indicator: dict | None) -> None:
        kind = node.get("type")
        if kind == "group":
            if indicator is not None:
                self.report.change(
                    f"{self.where(node)}: grup di dalam indikator {indicator['code']}; pernyataannya masuk indikator itu",
                    f"{self.where(node)}: a group inside indicator {indicator['code']}; its statements join that indicator")
                inner = indicator
            else:
                inner = {"code": self.code(node), "name": self.label(node.get("label")) or self.code(node),
                         "labels": self.json_column(node, "labels")}
            for child in node.get("children", []):
                self.dimension_child(dim, child, inner)
            return
        labels = self.likert_labels(node) if kind == "select one" else None
        if labels is not None:
            self.not_kept(node)
            code, text = self.code(node), self.label(node.get("label"))
            side, side_name = str(node.get("side") or "").strip() or None, None
            if side is None and not node.get("code") and _SIDE_NAME.match(code):
                code, side = _SIDE_NAME.match(code).groups()  # a form rebuilt without our columns
            if side is not None:
                if side not in SIDES:
                    self.report.problem(f"{self.where(node)}: kolom side harus importance atau performance",
                                        f"{self.where(node)}: column side must be importance or performance")
                marked = _SIDE_LABEL.match(text)
                if marked:
                    side_name, text = marked.group(1).strip(), marked.group(2).strip()
            dim["items"].append({
                "code": code, "text": text, "labels": labels, "side": side, "side_name": side_name,
                "where": self.where(node),
                "reverse": str(node.get("reverse", "")).lower() in ("yes", "true", "1"),
                "action": node.get("action"),
                "indicator": node.get("indicator") or (indicator or {}).get("code"),
                "indicator_name": node.get("indicator_name") or (indicator or {}).get("name"),
                "indicator_labels": self.json_column(node, "indicator_labels") or (indicator or {}).get("labels")})
        elif kind == "text":
            self.report.change(f"{self.where(node)}: pertanyaan teks di dalam grup {dim['code']} menjadi pertanyaan terbuka dimensi itu",
                               f"{self.where(node)}: a text question inside group {dim['code']} becomes an open question of that dimension")
            self.text_question(node, dimension=dim["code"])
        elif kind == "repeat":
            self.skip(node, "pengulangan (repeat) dilewati", "a repeat is skipped")
        else:
            self.skip(node, f"{kind} di dalam grup {dim['code']} bukan pernyataan Likert",
                      f"{kind} inside group {dim['code']} is not a Likert statement")

    def pair_sides(self) -> dict | None:
        """Join the two questions of each paired statement into one item; the pairing document
        (names, labels per side), or None when the form's statements are not paired."""
        t = self.t
        likert = [item for dim in self.dimensions for item in dim["items"]]
        sided = [item for item in likert if item["side"]]
        if not sided:
            if "pairing" in self.kept:
                self.report.change("pernyataan tidak berpasangan: pairing di lembar survey_instrument diabaikan",
                                   "the statements are not paired: pairing in sheet survey_instrument ignored")
            return None
        if len(sided) != len(likert):
            plain = ", ".join(item["code"] for item in likert if not item["side"])
            raise InstrumentError([t(f"berkas: sebagian pernyataan berpasangan (_importance/_performance), sebagian tidak ({plain})",
                                     f"file: some statements are paired (_importance/_performance), some are not ({plain})")])
        problems, per_side = [], {side: [] for side in SIDES}
        for dim in self.dimensions:
            joined: dict[str, dict] = {}
            for item in dim["items"]:
                entry = joined.setdefault(item["code"], {**item, "sides": {}})
                if item["side"] in entry["sides"]:
                    problems.append(t(f"{item['where']}: sisi {item['side']} pernyataan {item['code']} muncul dua kali",
                                      f"{item['where']}: the {item['side']} side of statement {item['code']} appears twice"))
                entry["sides"][item["side"]] = item
                per_side[item["side"]].append(item)
            for entry in joined.values():
                for side in SIDES:
                    if side not in entry["sides"]:
                        problems.append(t(
                            f"{entry['code']}: sisi {side} tidak ada (pernyataan berpasangan butuh {entry['code']}_importance "
                            f"dan {entry['code']}_performance)",
                            f"{entry['code']}: the {side} side is missing (a paired statement needs {entry['code']}_importance "
                            f"and {entry['code']}_performance)"))
            dim["items"] = list(joined.values())
        if problems:
            raise InstrumentError(problems)
        from collections import Counter
        kept = self.kept.get("pairing") if isinstance(self.kept.get("pairing"), dict) else {}
        pairing = {}
        for side in SIDES:
            labels = Counter(tuple(item["labels"]) for item in per_side[side]).most_common()
            if len(labels) > 1:
                self.report.change(f"sisi {side} memakai beberapa daftar pilihan; dipakai yang paling sering",
                                   f"the {side} side uses several choice lists; the most frequent is used")
            names = Counter(item["side_name"] for item in per_side[side] if item["side_name"]).most_common(1)
            name = (kept.get(side) or {}).get("name") if isinstance(kept.get(side), dict) else None
            if not name and names:
                name = names[0][0]
            if not name:
                name = SIDE_DEFAULT_NAMES[self.language][side]
                self.report.change(f"nama sisi {side} tidak ada di formulir: dipakai {name!r}",
                                   f"the form does not name the {side} side: {name!r} is used")
            pairing[side] = {"name": name, "labels": list(labels[0][0]),
                             "own": isinstance(kept.get(side), dict) and "labels" in kept[side]}
        return pairing

    def build(self) -> Instrument:
        t, kept = self.t, self.kept
        pairing = self.pair_sides()
        likert = [item for dim in self.dimensions for item in dim["items"]]
        if pairing is not None:  # the sizes and labels are the sides'
            likert = [side for item in likert for side in item["sides"].values()]
        if not likert:
            raise InstrumentError([t("berkas: tidak ada pertanyaan Likert (select_one dengan pilihan bernama 1..k di dalam grup)",
                                     "file: no Likert questions (select_one with choices named 1..k inside a group)")])
        sizes = {len(item["labels"]) for item in likert}
        if len(sizes) > 1:
            raise InstrumentError([t(f"berkas: pertanyaan Likert memakai skala berukuran berbeda ({sorted(sizes)})",
                                     f"file: Likert questions use scales of different sizes ({sorted(sizes)})")])
        from collections import Counter
        if "scale" in kept:
            scale_labels = kept["scale"]["labels"]
        elif pairing is not None:
            scale_labels = pairing["performance"]["labels"]
        else:
            scale_labels = list(Counter(tuple(item["labels"]) for item in likert).most_common(1)[0][0])
        for dim in self.dimensions:
            if not dim["items"]:
                self.report.change(f"{dim['code']}: grup tanpa pernyataan Likert dilewati",
                                   f"{dim['code']}: group without Likert statements skipped")
        title = self.form.get("title")
        if not title or title == "data":
            title = t("Survei dari XLSForm", "Survey from an XLSForm")
        document = {"format": "survey-instrument/1", "title": str(title),
                    "institution": kept.get("institution", t("Instansi belum diisi", "Office not yet given")),
                    "language": self.language,
                    "scale": {"points": len(scale_labels), "labels": scale_labels},
                    "method": kept.get("method", "mean_interval"),
                    "dimensions": [_dimension(dim, scale_labels, paired=pairing is not None)
                                   for dim in self.dimensions if dim["items"]]}
        for key in KEPT_KEYS:
            if key in kept and key not in ("institution", "method", "pairing"):
                document[key] = kept[key]
        if pairing is not None:
            document["pairing"] = {side: {"name": value["name"], **(
                {"labels": value["labels"]} if value["own"] or value["labels"] != list(scale_labels) else {})}
                for side, value in pairing.items()}
        if self.demographics:
            document["demographics"] = self.demographics
        if self.open_questions:
            document["open_questions"] = self.open_questions
        return build_instrument(document)


def _dimension(dim: dict, scale_labels: list[str], paired: bool = False) -> dict:
    """A dimension with label overrides written only at the level where they differ (a paired
    statement's labels are its sides', in `pairing`)."""
    indicators: dict[str, dict] = {}
    dimension_labels = dim.get("labels")
    for item in dim["items"]:
        code = str(item["indicator"] or f"{dim['code']}-1")
        indicator = indicators.setdefault(code, {"code": code, "name": str(item["indicator_name"] or dim["name"]),
                                                 "items": []})
        if item.get("indicator_labels"):
            indicator["labels"] = item["indicator_labels"]
        inherited = indicator.get("labels") or dimension_labels or scale_labels
        entry = {"code": item["code"], "text": item["text"]}
        if item["reverse"]:
            entry["reverse"] = True
        if item.get("action"):
            entry["action"] = str(item["action"])
        if not paired and item["labels"] != list(inherited):
            entry["labels"] = item["labels"]
        indicator["items"].append(entry)
    result = {"code": dim["code"], "name": dim["name"]}
    if dimension_labels:
        result["labels"] = dimension_labels
    result["indicators"] = list(indicators.values())
    return result


def _records(sheet) -> list[tuple[int, dict]]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return []
    names = [str(h).strip() if h is not None else "" for h in header]
    return [(number, {n: v for n, v in zip(names, values) if n and v not in (None, "")})
            for number, values in enumerate(rows, start=2) if any(v not in (None, "") for v in values)]
