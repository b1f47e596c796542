"""SPSS .sav: legal variable names, formats, labels.

SPSS variable names must start with a letter, hold only letters, digits and `_ . @ # $`, be at
most 64 bytes, differ ignoring case, and not be one of the reserved words (ALL, AND, BY, ...).
Instrument codes such as `PROD-1.1` are not legal, so every code is mapped deterministically:
accents dropped, every other character than a letter, digit or `_` becomes `_`, runs of `_`
collapse, a leading non-letter gets a `V` in front, a reserved word gets `_v`, and a name already
taken (ignoring case) gets `_2`, `_3`, ... The original code is kept as the start of the
variable label ("PROD-1.1: statement text") and in the codebook's `spss_name` column.

A paired study's columns `TAN-01:importance` / `TAN-01:performance` become `TAN_01_importance` /
`TAN_01_performance`, labelled with the side's name ("TAN-01: [Harapan] statement text"; the
code leads only when it is not a legal name itself) and valued with that side's labels.

Formats: answers F1.0 (F2.0 on a 10+ point scale) with the scale's value labels; choice
demographics numeric codes 1..k with the choices as value labels; integers F<n>.0; the
submission time DATETIME20 (UTC); text as strings. Missing answers are system-missing.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

from ..instruments import SIDES, Instrument

MAX_NAME_BYTES = 64
MAX_LABEL_BYTES = 255
RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}


def spss_name(code: str) -> str:
    """The legal SPSS name for one code, before de-duplication."""
    ascii_code = unicodedata.normalize("NFKD", code).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9_]", "_", ascii_code)).strip("_")
    if not name or not name[0].isalpha():
        name = "V" + ("_" + name if name else "")
    if name.upper() in RESERVED:
        name += "_v"
    return name[:MAX_NAME_BYTES]


def spss_names(codes: list[str]) -> dict[str, str]:
    """code -> unique legal name, in column order (the first code keeps the plain name)."""
    taken: set[str] = set()
    names: dict[str, str] = {}
    for code in codes:
        base = spss_name(code)
        name, n = base, 1
        while name.upper() in taken:
            n += 1
            suffix = f"_{n}"
            name = base[:MAX_NAME_BYTES - len(suffix)] + suffix
        taken.add(name.upper())
        names[code] = name
    return names


def _label(code: str, name: str, text: str) -> str:
    """The variable label: the text, led by the original code when the name differs from it.
    One side of a paired statement (`code:side`, whose name always differs) is led by the
    statement's code, when that is not a legal name as it is."""
    base, colon, side = code.rpartition(":")
    if colon and side in SIDES:
        code, name = base, spss_name(base)
    label = text if name == code else f"{code}: {text}"
    encoded = label.encode("utf-8")
    if len(encoded) <= MAX_LABEL_BYTES:
        return label
    return encoded[:MAX_LABEL_BYTES].decode("utf-8", "ignore")


def _width(values: pd.Series) -> int:
    numbers = values.dropna()
    if not len(numbers):
        return 1
    return max(len(str(int(numbers.max()))), len(str(int(numbers.min()))))


def sav_table(instrument: Instrument, table: pd.DataFrame, submitted_at: pd.Series,
              labels: dict[str, str]) -> tuple[pd.DataFrame, dict]:
    """The export table renamed for SPSS, with pyreadstat's metadata keyword arguments."""
    table = table.copy()
    names = spss_names(list(table.columns))
    answer_format = "F1.0" if instrument.scale.points < 10 else "F2.0"
    value_labels: dict[str, dict] = {}
    measure: dict[str, str] = {}
    formats: dict[str, str] = {}

    table["submitted_at"] = submitted_at.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    formats["submitted_at"], measure["submitted_at"] = "DATETIME20", "scale"
    table["response_id"] = table["response_id"].astype("float")
    formats["response_id"] = f"F{_width(table['response_id'])}.0"
    measure["response_id"] = "nominal"
    from .data import answer_columns, answer_labels
    for code, item, side in answer_columns(instrument) + answer_columns(instrument, reversed_copies=True):
        scale = {float(i): label for i, label in enumerate(answer_labels(instrument, item, side), start=1)}
        table[code] = table[code].astype("float")  # <NA> becomes system-missing
        value_labels[code], measure[code], formats[code] = scale, "ordinal", answer_format
    for q in instrument.demographics:
        if q.type == "choice":
            codes = {choice: i for i, choice in enumerate(q.choices, start=1)}
            table[q.code] = table[q.code].map(codes).astype("float")
            value_labels[q.code] = {float(i): choice for choice, i in codes.items()}
            measure[q.code] = "nominal"
            formats[q.code] = f"F{len(str(len(q.choices)))}.0"
        elif q.type == "integer":
            table[q.code] = table[q.code].astype("float")
            measure[q.code] = "scale"
            formats[q.code] = f"F{_width(table[q.code])}.0"
    for column in table.columns:
        if table[column].dtype == object or str(table[column].dtype) == "string":
            table[column] = table[column].astype(object).where(table[column].notna(), "").astype(str)
            measure.setdefault(column, "nominal")

    table = table.rename(columns=names)
    meta = {"column_labels": {names[c]: _label(c, names[c], labels.get(c, c)) for c in names},
            "variable_value_labels": {names[c]: v for c, v in value_labels.items()},
            "variable_measure": {names[c]: v for c, v in measure.items()},
            "variable_format": {names[c]: v for c, v in formats.items()}}
    return table, meta
