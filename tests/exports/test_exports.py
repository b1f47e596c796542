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
