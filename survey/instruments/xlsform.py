"""XLSForm in and out, so an instrument can move to and from KoboToolbox and ODK.

Out: one `begin_group` per dimension (appearance `field-list`), Likert statements as
`select_one <list>` with numeric choice names 1..k and appearance `likert`; custom columns keep
what XLSForm has no place for (`reverse`, `indicator`, `indicator_name`, `code`, `dimension`,
`kind`, `bins`), and an extra sheet `survey_instrument` holds the rest of the document (method,
categories, ...), so instrument -> XLSForm -> instrument is lossless. KoboToolbox and ODK
ignore unknown columns and sheets.

In (forms built in KoboToolbox or ODK): groups become dimensions; `select_one` questions whose
list has numeric choice names become Likert items (one indicator per group unless an
`indicator` column says otherwise); outside groups, `select_one` with other names becomes a
choice demographic, `integer` an integer demographic, `text` a text demographic before the first
group and an open question after it (or as the `kind` column says). Everything else (notes,
calculations, dates, GPS, metadata...) is reported as skipped with its row number.
"""
from __future__ import annotations

import io
import json
import re

from .model import Instrument
from .parser import InstrumentError, build_instrument, to_document

LANGUAGE_NAMES = {"id": "Indonesian (id)", "en": "English (en)"}
SURVEY_COLUMNS = ["type", "name", "label", "required", "appearance", "constraint", "constraint_message",
                  "reverse", "indicator", "indicator_name", "code", "dimension", "kind", "bins", "labels",
                  "indicator_labels"]
KEPT_KEYS = ("scale", "institution", "variable", "framework", "citation", "introduction", "consent", "method",
             "categories", "analysis", "recommendations")
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
                name = lists.setdefault(item.labels, f"label_{len(lists) + 1}")
                row(type=f"select_one {name}", name=_xml_name(item.code), label=item.text, required="yes",
                    appearance="likert", reverse="yes" if item.reverse else "", indicator=ind.code,
                    indicator_name=ind.name, code=item.code,
                    indicator_labels=json.dumps(list(ind.own_labels), ensure_ascii=False) if ind.own_labels else "")
        row(type="end_group", name="", label="")
    for q in instrument.open_questions:
        row(type="text", name=_xml_name(q.code), label=q.label, required="yes" if q.required else "",
            appearance="multiline", code=q.code, dimension=q.dimension or "", kind="open")

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


def read_xlsform(data: bytes) -> tuple[Instrument, list[str]]:
    """(instrument, skipped rows) from an XLSForm; InstrumentError lists every problem by row."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets one clear message
        raise InstrumentError(["file: not a readable .xlsx workbook"]) from None
    if "survey" not in book.sheetnames:
        raise InstrumentError(["file: no sheet named survey (is this an XLSForm?)"])
    survey = _records(book["survey"])
    choices = _records(book["choices"]) if "choices" in book.sheetnames else []
    settings = _records(book["settings"]) if "settings" in book.sheetnames else []
    kept = {r.get("key"): json.loads(r["value"]) for _, r in _records(book["survey_instrument"])
            if r.get("key") and r.get("value")} if "survey_instrument" in book.sheetnames else {}

    lists: dict[str, list[tuple[str, str]]] = {}
    for _, choice in choices:
        if choice.get("list_name"):
            lists.setdefault(str(choice["list_name"]).strip(), []).append(
                (str(choice.get("name", "")).strip(), _label(choice)))

    problems, skipped = [], []
    demographics, open_questions, dimensions = [], [], []
    current = None
    for number, record in survey:
        kind = str(record.get("type") or "").strip()
        name = str(record.get("code") or record.get("name") or "").strip()
        label = _label(record)
        base = kind.split()[0] if kind else ""
        if not kind:
            continue
        if base in ("begin_group", "begin") and (base == "begin_group" or kind.startswith("begin group")):
            current = {"code": name, "name": label or name, "items": [],
                       "labels": json.loads(record["labels"]) if record.get("labels") else None}
            dimensions.append(current)
            continue
        if base in ("end_group", "end") and (base == "end_group" or kind.startswith("end group")):
            current = None
            continue
        if base == "select_one":
            list_name = kind.split(maxsplit=1)[1].strip() if " " in kind else ""
            options = lists.get(list_name)
            if options is None:
                problems.append(f"row {number}: list {list_name!r} is not on the choices sheet")
                continue
            if all(o[0].isdigit() for o in options) and current is not None:
                ordered = sorted(options, key=lambda o: int(o[0]))
                if [int(o[0]) for o in ordered] != list(range(1, len(ordered) + 1)):
                    problems.append(f"row {number}: Likert choices must be named 1..k")
                    continue
                current["items"].append({"code": name, "text": label, "labels": [o[1] for o in ordered],
                                         "reverse": str(record.get("reverse", "")).lower() in ("yes", "true", "1"),
                                         "indicator": record.get("indicator"),
                                         "indicator_name": record.get("indicator_name"),
                                         "indicator_labels": json.loads(record["indicator_labels"])
                                         if record.get("indicator_labels") else None})
            elif current is None:
                demographics.append({"code": name, "label": label, "type": "choice",
                                     "choices": [o[1] for o in options], **_required(record)})
            else:
                skipped.append(f"row {number}: {name} (select_one with non-numeric choices inside a group)")
        elif base == "integer" and current is None:
            demo = {"code": name, "label": label, "type": "integer", **_required(record)}
            bounds = re.findall(r"\.\s*>=\s*(-?\d+).*\.\s*<=\s*(-?\d+)", str(record.get("constraint") or ""))
            if bounds:
                demo["min"], demo["max"] = int(bounds[0][0]), int(bounds[0][1])
            if record.get("bins"):
                demo["bins"] = [int(b) for b in str(record["bins"]).split(",") if b.strip().lstrip("-").isdigit()]
            demographics.append(demo)
        elif base == "text" and current is None:
            as_open = record.get("kind") == "open" or (not record.get("kind") and dimensions)
            if as_open:
                question = {"code": name, "label": label, **_required(record)}
                if record.get("dimension"):
                    question["dimension"] = str(record["dimension"])
                open_questions.append(question)
            else:
                demographics.append({"code": name, "label": label, "type": "text", **_required(record)})
        else:
            skipped.append(f"row {number}: {name or kind} ({kind} is not used by perception studies)")
    if problems:
        raise InstrumentError(problems)

    likert = [item for dim in dimensions for item in dim["items"]]
    if not likert:
        raise InstrumentError(["file: no Likert questions (select_one with choices named 1..k inside a group)"])
    sizes = {len(item["labels"]) for item in likert}
    if len(sizes) > 1:
        raise InstrumentError([f"file: Likert questions use scales of different sizes ({sorted(sizes)})"])
    from collections import Counter
    scale_labels = (kept["scale"]["labels"] if "scale" in kept else
                    list(Counter(tuple(item["labels"]) for item in likert).most_common(1)[0][0]))
    title = next((str(r.get("form_title")) for _, r in settings if r.get("form_title")), None)
    language = next((code for code, name in LANGUAGE_NAMES.items()
                     if any(str(r.get("default_language", "")) == name for _, r in settings)), "id")
    document = {"format": "survey-instrument/1", "title": title or "Survei dari XLSForm",
                "institution": kept.get("institution", "Instansi belum diisi"), "language": language,
                "scale": {"points": len(scale_labels), "labels": scale_labels},
                "method": kept.get("method", "mean_interval"),
                "dimensions": [_dimension(dim, scale_labels) for dim in dimensions if dim["items"]]}
    for key in KEPT_KEYS:
        if key in kept and key not in ("institution", "method"):
            document[key] = kept[key]
    if demographics:
        document["demographics"] = demographics
    if open_questions:
        document["open_questions"] = open_questions
    return build_instrument(document), skipped


def _dimension(dim: dict, scale_labels: list[str]) -> dict:
    """A dimension with label overrides written only at the level where they differ."""
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
        if item["labels"] != list(inherited):
            entry["labels"] = item["labels"]
        indicator["items"].append(entry)
    result = {"code": dim["code"], "name": dim["name"]}
    if dimension_labels:
        result["labels"] = dimension_labels
    result["indicators"] = list(indicators.values())
    return result


def _required(record: dict) -> dict:
    return {"required": True} if str(record.get("required", "")).lower() in ("yes", "true", "1") else {}


def _label(record: dict) -> str:
    for key, value in record.items():
        if (key == "label" or str(key).startswith("label::") or str(key).startswith("label:")) and value:
            return str(value).strip()
    return ""


def _records(sheet) -> list[tuple[int, dict]]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return []
    names = [str(h).strip() if h is not None else "" for h in header]
    return [(number, {n: v for n, v in zip(names, values) if n and v not in (None, "")})
            for number, values in enumerate(rows, start=2) if any(v not in (None, "") for v in values)]
