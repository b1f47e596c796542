"""Exports of a paired study: both sides as `<code>:importance` / `<code>:performance` columns,
raw values as ticked (the negative statement is not reversed), SPSS names, labels and value
labels per side, read back from the real files (csv, pandas, openpyxl, pyreadstat, GNU PSPP)."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pandas as pd
import pyreadstat
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey.collect.csv_import import import_file, import_responses
from survey.models import Response
from survey.studies.service import instrument_of
from tests.exports.paired import CODES, CSV, IMPORTANCE_LABELS, KEYS, ROWS, paired_study

SCALE = ["Sangat Tidak Setuju", "Tidak Setuju", "Ragu-ragu", "Setuju", "Sangat Setuju"]
HEAD = ["response_id", "submitted_at", "channel", *KEYS, "TAN-02_r:importance", "TAN-02_r:performance",
        "gender", "age", "saran"]
SPSS_KEYS = [k.replace("-", "_").replace(":", "_") for k in KEYS]


@pytest.fixture
def study(db, make_study):
    study = paired_study(make_study)
    import_responses(db.session, study, instrument_of(study), CSV)
    db.session.commit()
    return study


def export(runner, study, fmt, tmp_path, suffix):
    path = tmp_path / f"data.{suffix}"
    result = runner.invoke(args=["export", study.slug, "--format", fmt, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def by_uuid(db, table: pd.DataFrame, id_column: str) -> dict[str, pd.Series]:
    uuids = dict(db.session.execute(select(Response.id, Response.uuid)).all())
    return {uuids[int(row[id_column])]: row for _, row in table.iterrows()}


def as_list(row, columns) -> list:
    return [None if pd.isna(row[c]) else int(row[c]) for c in columns]


@pytest.mark.parametrize("fmt, sep", [("csv", ","), ("csv-semicolon", ";")])
def test_csv_has_both_sides_in_answer_key_order_raw_as_ticked(db, runner, study, tmp_path, fmt, sep):
    path = export(runner, study, fmt, tmp_path, "csv")
    text = path.read_bytes().decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text), delimiter=sep)) == HEAD
    table = pd.read_csv(io.StringIO(text), sep=sep)
    rows = by_uuid(db, table, "response_id")
    for uuid, expected in ROWS.items():
        assert as_list(rows[uuid], KEYS) == expected
    # TAN-02 (negative) as ticked; its reversed copies are 6 - value, empty where that side is
    assert as_list(rows["r-2"], ["TAN-02:importance", "TAN-02:performance"]) == [None, 1]
    assert as_list(rows["r-2"], ["TAN-02_r:importance", "TAN-02_r:performance"]) == [None, 5]
    assert as_list(rows["r-1"], ["TAN-02_r:importance", "TAN-02_r:performance"]) == [2, 4]


def test_xlsx_data_and_codebook(db, runner, study, tmp_path):
    path = export(runner, study, "xlsx", tmp_path, "xlsx")
    book = load_workbook(path)
    data = list(book["data"].iter_rows(values_only=True))
    assert list(data[0]) == HEAD
    table = pd.DataFrame(data[1:], columns=data[0])
    rows = by_uuid(db, table, "response_id")
    assert as_list(rows["r-2"], KEYS) == ROWS["r-2"]
    assert book["data"].cell(row=2, column=HEAD.index("TAN-01:importance") + 1).data_type == "n"
    codebook = {r[0]: dict(zip([c.value for c in book["codebook"][1]], r))
                for r in book["codebook"].iter_rows(min_row=2, values_only=True)}
    importance = codebook["TAN-01:importance"]
    assert importance["label"] == "[Harapan] Ruang tunggu bersih dan nyaman"
    assert importance["values"] == "; ".join(f"{i}={lab}" for i, lab in enumerate(IMPORTANCE_LABELS, 1))
    assert importance["spss_name"] == "TAN_01_importance" and importance["dimension"] == "TAN"
    performance = codebook["TAN-02:performance"]
    assert performance["label"] == "[Kenyataan] Petugas berpakaian tidak rapi"
    assert performance["values"].endswith("5=Sangat Setuju") and performance["reverse"] == "yes"
    assert codebook["TAN-02_r:importance"]["spss_name"] == "TAN_02_r_importance"
    assert "TAN-01" not in codebook


def test_sav_names_labels_and_value_labels_per_side(db, runner, study, tmp_path):
    path = export(runner, study, "sav", tmp_path, "sav")
    data, meta = pyreadstat.read_sav(str(path))
    assert meta.column_names == ["response_id", "submitted_at", "channel", *SPSS_KEYS,
                                 "TAN_02_r_importance", "TAN_02_r_performance", "gender", "age", "saran"]
    labels = dict(zip(meta.column_names, meta.column_labels))
    assert labels["TAN_01_importance"] == "TAN-01: [Harapan] Ruang tunggu bersih dan nyaman"
    assert labels["REL_01_performance"] == "REL-01: [Kenyataan] Petugas melayani dengan ramah"
    assert labels["TAN_02_r_importance"] == "TAN-02_r: [Harapan] Petugas berpakaian tidak rapi (skor dibalik / reversed)"
    values = meta.variable_value_labels
    assert values["TAN_01_importance"] == {float(i): lab for i, lab in enumerate(IMPORTANCE_LABELS, 1)}
    assert values["TAN_01_performance"] == {float(i): lab for i, lab in enumerate(SCALE, 1)}
    assert meta.original_variable_types["REL_02_performance"] == "F1.0"
    assert meta.variable_measure["REL_02_importance"] == "ordinal"
    rows = by_uuid(db, data, "response_id")
    for uuid, expected in ROWS.items():
        assert as_list(rows[uuid], SPSS_KEYS) == expected  # missing sides are system-missing


@pytest.mark.skipif(shutil.which("pspp") is None, reason="GNU PSPP not installed (.ci/run installs it)")
def test_pspp_reads_the_sides_with_their_labels(runner, study, tmp_path):
    path = export(runner, study, "sav", tmp_path, "sav")
    syntax = tmp_path / "paired.sps"
    syntax.write_text(f"GET FILE='{path}'.\nDISPLAY DICTIONARY.\n"
                      "FREQUENCIES VARIABLES=TAN_01_importance TAN_02_importance TAN_02_performance.\n",
                      encoding="utf-8")
    out = tmp_path / "paired.csv"
    done = subprocess.run(["pspp", "-O", "format=csv", "-o", str(out), str(syntax)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    text = out.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("Table: Variables") + 1
    variables = {r["Name"]: r for r in csv.DictReader(io.StringIO("\n".join(lines[start:lines.index("", start)])))}
    assert variables["TAN_01_importance"]["Label"] == "TAN-01: [Harapan] Ruang tunggu bersih dan nyaman"
    assert variables["TAN_02_performance"]["Label"] == "TAN-02: [Kenyataan] Petugas berpakaian tidak rapi"
    assert variables["TAN_02_performance"]["Measurement Level"] == "Ordinal"
    assert variables["TAN_02_performance"]["Print Format"] == "F1.0"

    def frequencies(label: str) -> list[list[str]]:
        at = lines.index(f"Table: {label}")
        return [row[:3] for row in csv.reader(lines[at + 2:lines.index("", at)])]

    # value labels of each side; the negative statement counted as ticked (4 = Penting, not 2)
    assert frequencies("TAN-01: [Harapan] Ruang tunggu bersih dan nyaman") == [
        ["Valid", "Penting", "1"], ["", "Sangat Penting", "1"], ["Total", "", "2"]]
    assert frequencies("TAN-02: [Harapan] Petugas berpakaian tidak rapi") == [
        ["Valid", "Penting", "1"], ["Missing", ".", "1"], ["Total", "", "2"]]
    assert frequencies("TAN-02: [Kenyataan] Petugas berpakaian tidak rapi") == [
        ["Valid", "Sangat Tidak Setuju", "1"], ["", "Tidak Setuju", "1"], ["Total", "", "2"]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_our_export_imports_back_into_another_paired_study(db, runner, make_study, study, tmp_path, fmt):
    path = export(runner, study, fmt, tmp_path, fmt)
    other = paired_study(make_study, slug="kecamatan-lain")
    result = import_file(db.session, other, instrument_of(other), path.read_bytes(), filename=path.name)
    db.session.commit()
    assert result.count == 2
    assert any("TAN-02_r:importance" in note and "TAN-02_r:performance" in note for note in result.notes)
    from survey.analysis.frames import load_frames
    before, after = (load_frames(db.session, s, instrument_of(s)) for s in (study, other))
    for side in ("answers", "importance"):
        pd.testing.assert_frame_equal(getattr(before, side).reset_index(drop=True),
                                      getattr(after, side).reset_index(drop=True))
    assert list(getattr(after, "answers").columns) == CODES


def test_export_job_builds_the_same_table(app, db, study):
    from survey.jobs.kinds import export_job
    with app.test_request_context():
        name, data = export_job(study.id, "csv")
    assert name.endswith("-data.csv")
    assert next(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == HEAD
