"""Response data out of the platform, for SPSS, Excel and R.

One row per response; columns: response_id, submitted_at, channel, then item codes (answers as
given), `<code>_r` for each reverse-keyed item (min + max - value, what the scores use), the
demographic codes and the open-question codes. The codebook lists every column.
Exports take plain inputs (the instrument and StudyFrames) and write to a binary file object.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pandas as pd

from ..analysis.frames import StudyFrames
from ..instruments import Instrument

CHUNK_ROWS = 20_000


def data_frame(instrument: Instrument, frames: StudyFrames) -> pd.DataFrame:
    """The export table: raw answers (nullable integers), reversed variants, profile, open answers."""
    scale_max = instrument.scale.points
    out = pd.DataFrame(index=frames.answers.index)
    out["submitted_at"] = frames.responses["submitted_at"].dt.strftime("%Y-%m-%d %H:%M:%S")
    out["channel"] = frames.responses["channel"]
    for item in instrument.items:
        out[item.code] = frames.answers[item.code].astype("Int16")
    for item in instrument.items:
        if item.reverse:
            out[f"{item.code}_r"] = (1 + scale_max - frames.answers[item.code]).astype("Int16")
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
    for dimension in instrument.dimensions:
        for indicator in dimension.indicators:
            for item in indicator.items:
                values = "; ".join(f"{i}={label}" for i, label in enumerate(item.labels, start=1))
                rows.append({"code": item.code, "label": item.text, "type": "likert", "values": values,
                             "reverse": "yes" if item.reverse else "no", "dimension": dimension.code,
                             "indicator": indicator.code})
    for item in instrument.items:
        if item.reverse:
            rows.append({"code": f"{item.code}_r", "label": f"{item.text} (skor dibalik / reversed)",
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
    return rows


def csv_chunks(instrument: Instrument, frames: StudyFrames) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM (Excel then reads Indonesian names and é/ñ right), in chunks."""
    table = data_frame(instrument, frames)
    yield "\ufeff".encode("utf-8")
    for start in range(0, max(len(table), 1), CHUNK_ROWS):
        chunk = table.iloc[start:start + CHUNK_ROWS]
        yield chunk.to_csv(index=False, header=start == 0, lineterminator="\r\n").encode("utf-8")


def write_csv(instrument: Instrument, frames: StudyFrames, out) -> None:
    for chunk in csv_chunks(instrument, frames):
        out.write(chunk)


def write_codebook_csv(instrument: Instrument, out) -> None:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(codebook_rows(instrument)[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(codebook_rows(instrument))
    out.write(("\ufeff" + text.getvalue()).encode("utf-8"))


def write_xlsx(instrument: Instrument, frames: StudyFrames, out) -> None:
    """Two sheets, `data` and `codebook` (see xlsx.py for why not openpyxl)."""
    from .xlsx import write_workbook
    write_workbook({"data": data_frame(instrument, frames),
                    "codebook": pd.DataFrame(codebook_rows(instrument))}, out)


def write_sav(instrument: Instrument, frames: StudyFrames, out) -> None:
    """SPSS .sav: variable labels = statement text, value labels = scale labels; choice
    demographics as numeric codes 1..k with their labels; missing answers are system-missing."""
    import os
    import tempfile

    import pyreadstat

    table = data_frame(instrument, frames)
    variable_labels = {row["code"]: row["label"][:255] for row in codebook_rows(instrument)}
    value_labels: dict[str, dict] = {}
    measure: dict[str, str] = {}
    for item in instrument.items:
        value_labels[item.code] = {float(i): label for i, label in enumerate(item.labels, start=1)}
        measure[item.code] = "ordinal"
        if item.reverse:
            value_labels[f"{item.code}_r"] = value_labels[item.code]
            measure[f"{item.code}_r"] = "ordinal"
    for q in instrument.demographics:
        if q.type == "choice":
            codes = {choice: i for i, choice in enumerate(q.choices, start=1)}
            table[q.code] = table[q.code].map(codes).astype("float")
            value_labels[q.code] = {float(i): choice for choice, i in codes.items()}
            measure[q.code] = "nominal"
        elif q.type == "integer":
            table[q.code] = table[q.code].astype("float")
            measure[q.code] = "scale"
    numeric = [c for c in table.columns if str(table[c].dtype) in ("Int16", "Int64")]
    for column in numeric:
        table[column] = table[column].astype("float")  # NaN becomes system-missing
    for column in table.columns:
        if table[column].dtype == object:
            table[column] = table[column].fillna("").astype(str)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "data.sav")
        pyreadstat.write_sav(table, path, column_labels=variable_labels, variable_value_labels=value_labels,
                             variable_measure=measure)
        with open(path, "rb") as handle:
            out.write(handle.read())


EXPORTS = {
    "csv": ("text/csv", "csv", write_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", write_xlsx),
    "sav": ("application/x-spss-sav", "sav", write_sav),
}
