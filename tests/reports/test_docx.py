"""The Word document, read back with python-docx: real tables, captions with SEQ fields, headings."""
from __future__ import annotations

import io

import docx

from survey.reports.docx import report_docx
from tests.reports.test_results_chapter import thesis_instrument, thesis_rows
from tests.reports.fixtures import report_dict


def test_docx_carries_the_pdf_tables_captions_and_penutup(app):
    data = report_dict(thesis_rows(), thesis_instrument(), demographics={"gender": ["Laki-laki"] * 58 + ["Perempuan"] * 42})
    document = docx.Document(io.BytesIO(report_docx(data)))
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    expected = [f"{b['label']} {b['number']} {b['caption']}" for b in data["results"]["tables"] + data["results"]["figures"]]
    assert sorted(p.text for p in captions) == sorted(expected)
    tables = [p.text for p in captions if p.text.startswith("Tabel")]
    assert tables == [f"Tabel 4.{i} {b['caption']}" for i, b in enumerate(data["results"]["tables"], start=1)]
    assert all("SEQ Tabel" in p._p.xml or "SEQ Gambar" in p._p.xml for p in captions)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "BAB IV\nHASIL PENELITIAN DAN PEMBAHASAN") in headings
    assert ("Heading 2", "4.1 Karakteristik Responden") in headings and ("Heading 2", "6.2 Saran") in headings
    assert ("Heading 3", "6.1.1 Dimensi Pel") in headings
    # The K5* row of the frequency table: ticked counts under STS … SS, Σ f·w, mean (as in the PDF).
    k5 = next(row for table in document.tables for row in table.rows if row.cells[0].text.startswith("K5*"))
    cells = [c.text for c in k5.cells]
    assert cells[1:11:2] == ["8", "22", "30", "28", "12"] and cells[13:15] == ["286", "2,86"]
    profile = document.tables[0]
    assert [c.text for c in profile.rows[1].cells] == ["1", "Laki-laki", "58", "58,0\u00a0%"]
    # Same paragraphs as the PDF's results chapter, and the Kesimpulan drafted from the findings.
    text = "\n".join(p.text for p in document.paragraphs)
    for block in data["results"]["blocks"]:
        if block["kind"] == "paragraph":
            assert block["text"] in text
    assert data["findings"]["kesimpulan"]["opening"]["text"] in text
    assert len(document.inline_shapes) == len(data["results"]["figures"])  # the charts, as PNG
    assert 'TOC \\h \\z \\c "Tabel"' in document.element.xml


def test_docx_cli_and_download(runner, app, tmp_path, db, make_study, make_user, login_as, client):
    from survey.collect.csv_import import import_responses
    from survey.studies.service import instrument_of
    study = make_study()
    import_responses(db.session, study, instrument_of(study), "Q1,Q2,Q3,Q4,gender\n5,1,1,2,Laki-laki\n4,2,2,1,Perempuan\n4,1,2,2,Perempuan\n")
    db.session.commit()
    out = tmp_path / "laporan.docx"
    result = runner.invoke(args=["report", "docx", study.slug, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert any("Q2*" in row.cells[0].text for t in docx.Document(str(out)).tables for row in t.rows)
    researcher = make_user("researcher")
    study.owner_id = researcher.id
    db.session.commit()
    login_as(researcher)
    response = client.get(f"/studies/{study.slug}/report.docx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert f"/studies/{study.slug}/jobs/report_docx" in client.get(f"/studies/{study.slug}/report/edit").get_data(as_text=True)
