"""The results chapter, the PDF and the Word document of a paired study: the IPA tables with
numbered captions, the Cartesian diagram (SVG in the PDF, PNG in Word), the quadrant-I statements
in the Kesimpulan and as the first Saran; an unpaired report carries none of it."""
from __future__ import annotations

import io
import logging
import re

import docx
import pytest

from survey.narrative.numbers import format_number, format_percent
from survey.reports.docx import report_docx
from survey.reports.render import report_pdf
from tests.reports.fixtures import report_dict
from tests.reports.paired import CODES, paired_report
from tests.reports.test_report_pdf import pdf_text, squeeze

IPA_HEADING = "4.5 Analisis Tingkat Kepentingan dan Kinerja (Importance–Performance Analysis)"
DIAGRAM = "Diagram Kartesius tingkat kepentingan dan kinerja"


@pytest.fixture(scope="module")
def data():
    return paired_report()


def _ipa_tables(data: dict) -> list[dict]:
    return [b for b in data["results"]["tables"] if b["caption"].startswith("Tingkat kepentingan, kinerja")]


def test_chapter_has_an_ipa_table_per_dimension_with_the_documents_numbers(data):
    ipa = data["scores"]["ipa"]
    headings = [b["text"] for b in data["results"]["blocks"] if b["kind"] == "heading"]
    assert IPA_HEADING in headings
    tables = _ipa_tables(data)
    assert [t["caption"] for t in tables] == [
        "Tingkat kepentingan, kinerja dan kesesuaian pada dimensi Bukti Fisik",
        "Tingkat kepentingan, kinerja dan kesesuaian pada dimensi Keandalan",
        "Tingkat kepentingan, kinerja dan kesesuaian pada dimensi Daya Tanggap"]
    numbers = [b["number"] for b in data["results"]["tables"]]
    assert numbers == [f"4.{i}" for i in range(1, len(numbers) + 1)]  # numbered in order, IPA included
    rows = {r["cells"][1]["text"].split(" ", 1)[0].rstrip("*"): [c["text"] for c in r["cells"]]
            for t in tables for r in t["body"] if r["class"] != "total"}
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    for item in ipa["items"]:
        assert rows[item["code"]][2:] == [
            format_number(item["n"], 0), format_number(item["importance_total"], 0),
            format_number(item["importance_mean"], 2), format_number(item["performance_total"], 0),
            format_number(item["performance_mean"], 2), format_percent(item["conformity_percent"], 2),
            format_number(item["gap"], 2), roman[item["quadrant"]]]
    assert rows["TAN-01"][2:] == ["8", "38", "4,75", "19", "2,38", "50,00\u00a0%", "−2,38", "I"]
    assert rows["KEH-03"][2] == "7"  # a missing side leaves the pair out
    assert "TAN-02*" in tables[0]["body"][1]["cells"][1]["text"] and "dibalik" in tables[0]["note"]
    totals = [[c["text"] for c in t["body"][-1]["cells"]] for t in tables]
    for cells, dim in zip(totals, ipa["dimensions"]):
        assert cells[0] == f"Dimensi {dim['name']}" and cells[6] == format_percent(dim["conformity_percent"], 2)
    recap = next(b for b in data["results"]["tables"] if b["caption"] == "Rekapitulasi tingkat kesesuaian per dimensi")
    assert [c["text"] for c in recap["body"][-1]["cells"]] == ["Keseluruhan", "4,03", "3,32", "82,48\u00a0%", "−0,71"]
    quadrants = next(b for b in data["results"]["tables"] if b["caption"].startswith("Pembagian pernyataan"))
    assert [c["text"] for c in quadrants["body"][0]["cells"]] == ["I", "Prioritas Utama", "TAN-01, KEH-02, RES-01", "3"]
    figure = next(b for b in data["results"]["figures"] if b["chart"] == "ipa")
    assert figure["caption"] == DIAGRAM and figure["number"] == f"4.{len(data['results']['figures'])}"
    assert data["charts"]["ipa"].startswith("<svg")


@pytest.fixture(scope="module")
def pdf(data):
    from survey import create_app
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SERVER_NAME": "localhost"})
    with app.test_request_context():
        return report_pdf(data)


def test_pdf_prints_the_ipa_tables_the_diagram_and_the_quadrant_one_penutup(data, pdf, caplog):
    text = pdf_text(pdf)
    flat = squeeze(text)
    for table in _ipa_tables(data):
        assert squeeze(f"Tabel {table['number']} {table['caption']}") in flat
    figure = next(b for b in data["results"]["figures"] if b["chart"] == "ipa")
    assert squeeze(f"Gambar {figure['number']} {DIAGRAM}") in flat
    # The SVG rendered: its quadrant names and point labels are text in the PDF.
    for name in ("I. Prioritas Utama", "IV. Berlebihan"):
        assert squeeze(name) in flat
    assert all(text.count(code) >= 3 for code in CODES)  # table row, quadrant table, diagram label
    assert squeeze("50,00 %") in squeeze(text.replace("\u00a0", " "))
    # The Kesimpulan names the quadrant-I statements with their kesesuaian; the Saran start with them.
    kesimpulan = flat.split(squeeze("6.1 Kesimpulan"))[-1].split(squeeze("6.2 Saran"))[0]
    for code, percent in (("RES-01", "47,37"), ("TAN-01", "50,00"), ("KEH-02", "50,00")):
        assert f"({code},tingkatkesesuaian{percent}" in kesimpulan
    assert "82,48" in kesimpulan and "gap−0,71" in kesimpulan
    saran = flat.split(squeeze("6.2 Saran"))[-1].split(squeeze("Lampiran 1."))[0]
    printed = [saran.find(squeeze(s["text"])[:60]) for s in data["findings"]["saran"]]
    assert all(position >= 0 for position in printed)
    assert printed == sorted(printed)  # in the findings' order: the quadrant-I Saran first
    assert data["findings"]["saran"][0]["id"] == "saran.ipa.RES-01"
    assert saran.find(squeeze("Memprioritaskan upaya menyediakan petugas khusus")) == printed[0]


def test_pdf_fetches_nothing_outside_static(data, caplog):
    from survey import create_app
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SERVER_NAME": "localhost"})
    with caplog.at_level(logging.WARNING, logger="survey.reports.pdf"), app.test_request_context():
        report_pdf(data)
    assert not [r for r in caplog.records if "refused" in r.getMessage()]


def test_docx_has_the_ipa_tables_the_diagram_picture_and_the_penutup(data):
    document = docx.Document(io.BytesIO(report_docx(data)))
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    for table in _ipa_tables(data):
        assert f"Tabel {table['number']} {table['caption']}" in captions
    figure = next(b for b in data["results"]["figures"] if b["chart"] == "ipa")
    assert f"Gambar {figure['number']} {DIAGRAM}" in captions
    row = next(r for t in document.tables for r in t.rows if r.cells[1].text.startswith("TAN-01 "))
    assert [c.text for c in row.cells][2:] == ["8", "38", "4,75", "19", "2,38", "50,00\u00a0%", "−2,38", "I"]
    head = next(t for t in document.tables if len(t.columns) == 10 and t.rows[0].cells[3].text == "Kepentingan (Y)")
    assert [c.text for c in head.rows[1].cells][3:7] == ["Σ Y", "Ȳ", "Σ X", "X̄"]
    # Every figure is a picture, the diagram a 300-dpi PNG as wide as the other charts.
    assert len(document.inline_shapes) == len(data["results"]["figures"])
    images = [part for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(images) == len(data["results"]["figures"])
    paragraphs = [p.text for p in document.paragraphs]
    assert "6.1.4 Kesesuaian Tingkat Kepentingan dan Kinerja" in paragraphs
    saran = paragraphs[paragraphs.index("6.2 Saran"):]
    first = next(p for p in saran if re.match(r"1[.)] ", p))
    assert "menyediakan petugas khusus yang menanggapi keluhan pada hari yang sama" in first


def test_english_paired_report_speaks_english():
    data = paired_report("en")
    headings = [b["text"] for b in data["results"]["blocks"] if b["kind"] == "heading"]
    assert "4.5 Importance–Performance Analysis" in headings
    assert any(b["caption"] == "Cartesian diagram of importance and performance" for b in data["results"]["figures"])
    recap = next(b for b in data["results"]["tables"] if b["caption"] == "Conformity by dimension")
    assert [c["text"] for c in recap["body"][-1]["cells"]] == ["Overall", "4.03", "3.32", "82.48%", "−0.71"]


def test_unpaired_report_has_no_ipa():
    data = report_dict()
    assert data["scores"]["ipa"] is None and data["charts"]["ipa"] == ""
    assert not [b for b in data["results"]["blocks"] if b["kind"] == "heading" and "Kepentingan" in b["text"]]
    assert {b["chart"] for b in data["results"]["figures"]} <= {"likert", "means"}
    assert data["findings"]["kesimpulan"]["ipa"] == []
    assert not re.search(r"kuadran|Prioritas Utama", str(data["results"]["blocks"]) + str(data["findings"]))
