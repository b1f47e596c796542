"""Response data out of the platform, for SPSS, Excel and R.

One row per response; columns: response_id, submitted_at, channel, then item codes (answers as
given), `<code>_r` for each reverse-keyed item (min + max - value, what the scores use), the
demographic codes and the open-question codes. The codebook lists every column, with the
column's SPSS variable name (see spss.py).

A paired study (importance-performance) has two answer columns per statement instead, in the
order of `Instrument.answer_keys`: `<code>:importance` and `<code>:performance`, each the raw
value as ticked on that side (empty when that side was not answered); a reverse-keyed
statement adds `<code>_r:importance` and `<code>_r:performance`. Their labels lead with the
side's name ("[Harapan] statement") and their values are that side's labels.

Spreadsheets run a cell that starts with `= + - @`, a tab or a carriage return as a formula, so
an open answer such as `=HYPERLINK(...)` would run in the researcher's Excel. In CSV and XLSX
every *text* cell starting with one of those gets a leading apostrophe (OWASP's advice: Excel and
LibreOffice then show it as text); numbers stay numbers. The import strips that apostrophe again
from our own exports, so export -> import gives the same data.

Exports take plain inputs (the instrument and StudyFrames) and write to a binary file object.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pandas as pd

from ..analysis.frames import StudyFrames
from ..instruments import SIDES, Instrument, side_key
from ..instruments.xlsform import side_label

CHUNK_ROWS = 20_000
FORMULA_START = r"[=+\-@\t\r]"
NEUTRALISED_NOTE = ("text starting with = + - @ tab or CR is written with a leading ' in CSV/XLSX "
                    "(not run as a formula); the .sav keeps it as given")


def neutralise(column: pd.Series) -> pd.Series:
    """A leading apostrophe on text that a spreadsheet would run as a formula."""
    text = column.astype("string")
    risky = text.str.match(FORMULA_START).fillna(False).astype(bool)
    if not risky.any():
        return column
    return column.where(~risky, "'" + text)


def neutralised(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    for column in table.columns:
        if table[column].dtype == object or str(table[column].dtype) == "string":
            table[column] = neutralise(table[column])
    return table


def answer_columns(instrument: Instrument, *, reversed_copies: bool = False) -> list[tuple[str, object, str | None]]:
    """(column, item, side or None) of the answer columns, in export order: the item codes or,
    for a paired study, `answer_keys`; with `reversed_copies`, the `_r` columns of reverse items."""
    items = [item for item in instrument.items if item.reverse or not reversed_copies]
    suffix = "_r" if reversed_copies else ""
    if instrument.pairing is None:
        return [(f"{item.code}{suffix}", item, None) for item in items]
    return [(side_key(f"{item.code}{suffix}", side), item, side) for item in items for side in SIDES]


def _side_frame(frames: StudyFrames, side: str | None) -> pd.DataFrame:
    return frames.importance if side == "importance" else frames.answers


def answer_labels(instrument: Instrument, item, side: str | None) -> tuple[str, ...]:
    """The value labels of one answer column: the item's, or that side's in a paired study."""
    return item.labels if side is None else instrument.pairing.side(side).labels


def data_frame(instrument: Instrument, frames: StudyFrames) -> pd.DataFrame:
    """The export table: raw answers (nullable integers), reversed variants, profile, open answers."""
    scale_max = instrument.scale.points
    out = pd.DataFrame(index=frames.answers.index)
    out["submitted_at"] = frames.responses["submitted_at"].dt.strftime("%Y-%m-%d %H:%M:%S")
    out["channel"] = frames.responses["channel"]
    for column, item, side in answer_columns(instrument):
        out[column] = _side_frame(frames, side)[item.code].astype("Int16")
    for column, item, side in answer_columns(instrument, reversed_copies=True):
        out[column] = (1 + scale_max - _side_frame(frames, side)[item.code]).astype("Int16")
    for question in instrument.demographics:
        column = frames.demographics[question.code] if question.code in frames.demographics else None
        out[question.code] = column.astype("Int64") if question.type == "integer" and column is not None else column
    if instrument.open_questions:
        open_long = pd.DataFrame(frames.open_answers, columns=["response_id", "code", "text"])
        wide = open_long.pivot(index="response_id", columns="code", values="text") if len(open_long) else pd.DataFrame()
        for question in instrument.open_questions:
            out[question.code] = wide[question.code].reindex(out.index) if question.code in wide else None
    return out.reset_index().rename(columns={"index": "response_id"})


def codebook_rows(instrument: Instrument) -> list[dict]:
    rows = [{"code": "response_id", "label": "Response id", "type": "integer", "values": "", "reverse": "",
             "dimension": "", "indicator": ""},
            {"code": "submitted_at", "label": "Submitted (UTC)", "type": "datetime", "values": "", "reverse": "",
             "dimension": "", "indicator": ""},
            {"code": "channel", "label": "Channel", "type": "text", "values": "link; enumerator; import",
             "reverse": "", "dimension": "", "indicator": ""}]
    sides = SIDES if instrument.pairing is not None else (None,)
    for dimension in instrument.dimensions:
        for indicator in dimension.indicators:
            for item in indicator.items:
                for side in sides:
                    labels = answer_labels(instrument, item, side)
                    values = "; ".join(f"{i}={label}" for i, label in enumerate(labels, start=1))
                    rows.append({"code": item.code if side is None else side_key(item.code, side),
                                 "label": item.text if side is None else side_label(instrument, item, side),
                                 "type": "likert", "values": values,
                                 "reverse": "yes" if item.reverse else "no", "dimension": dimension.code,
                                 "indicator": indicator.code})
    for column, item, side in answer_columns(instrument, reversed_copies=True):
        text = item.text if side is None else side_label(instrument, item, side)
        rows.append({"code": column, "label": f"{text} (skor dibalik / reversed)",
                     "type": "likert", "values": "min + max - value", "reverse": "scored", "dimension": "",
                     "indicator": ""})
    for q in instrument.demographics:
        values = "; ".join(q.choices) if q.type == "choice" else (
            f"{q.min}-{q.max}" if q.type == "integer" and q.min is not None else "")
        rows.append({"code": q.code, "label": q.label, "type": q.type, "values": values, "reverse": "",
                     "dimension": "", "indicator": ""})
    for q in instrument.open_questions:
        rows.append({"code": q.code, "label": q.label, "type": "text", "values": "", "reverse": "",
                     "dimension": q.dimension or "", "indicator": ""})
    from .spss import spss_names
    names = spss_names([row["code"] for row in rows])
    for row in rows:
        row["spss_name"] = names[row["code"]]
        row["note"] = NEUTRALISED_NOTE if row["type"] in ("text", "choice") else ""
    return rows


def csv_chunks(instrument: Instrument, frames: StudyFrames, *, semicolon: bool = False) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM (Excel then reads Indonesian names and é/ñ right), in chunks.

    `semicolon`: `;` between fields and a decimal comma, what Excel expects on a computer set
    to Indonesian (its list separator is `;`), so the file opens in columns there.
    """
    table = data_frame(instrument, frames)
    options = {"sep": ";", "decimal": ","} if semicolon else {}
    yield "\ufeff".encode("utf-8")
    for start in range(0, max(len(table), 1), CHUNK_ROWS):
        chunk = neutralised(table.iloc[start:start + CHUNK_ROWS])
        yield chunk.to_csv(index=False, header=start == 0, lineterminator="\r\n", **options).encode("utf-8")


def write_csv(instrument: Instrument, frames: StudyFrames, out) -> None:
    for chunk in csv_chunks(instrument, frames):
        out.write(chunk)


def write_csv_semicolon(instrument: Instrument, frames: StudyFrames, out) -> None:
    for chunk in csv_chunks(instrument, frames, semicolon=True):
        out.write(chunk)


def write_codebook_csv(instrument: Instrument, out) -> None:
    rows = neutralised(pd.DataFrame(codebook_rows(instrument))).to_dict("records")
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write(("\ufeff" + text.getvalue()).encode("utf-8"))


def write_xlsx(instrument: Instrument, frames: StudyFrames, out) -> None:
    """Two sheets, `data` and `codebook` (see xlsx.py for why not openpyxl)."""
    from .xlsx import write_workbook
    write_workbook({"data": neutralised(data_frame(instrument, frames)),
                    "codebook": neutralised(pd.DataFrame(codebook_rows(instrument)))}, out)


def write_sav(instrument: Instrument, frames: StudyFrames, out) -> None:
    """SPSS .sav with legal variable names, F1.0 answers, DATETIME20 times, variable and value
    labels (spss.py); missing answers are system-missing."""
    import os
    import tempfile

    import pyreadstat

    from .spss import sav_table

    labels = {row["code"]: row["label"] for row in codebook_rows(instrument)}
    table, meta = sav_table(instrument, data_frame(instrument, frames), frames.responses["submitted_at"]
                            .reindex(frames.answers.index).reset_index(drop=True), labels)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "data.sav")
        pyreadstat.write_sav(table, path, **meta)
        with open(path, "rb") as handle:
            out.write(handle.read())


EXPORTS = {
    "csv": ("text/csv", "csv", write_csv),
    "csv-semicolon": ("text/csv", "csv", write_csv_semicolon),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", write_xlsx),
    "sav": ("application/x-spss-sav", "sav", write_sav),
}
