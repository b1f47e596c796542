"""The PDF report, read back by extracting its text."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from survey.collect.csv_import import import_responses
from survey.reports.data import report_data
from survey.reports.pdf import RefusedURL, static_only_fetcher
from survey.reports.render import report_pdf
from survey.studies.service import instrument_of
from tests.conftest import csrf_from

# KUAL (Q1, Q2 reversed) is strong: 5,5 / 4,4 / 5,5 -> mean 4.67. WAKTU (Q3, Q4) is weak: mean 1.5.
CSV = ("Q1,Q2,Q3,Q4,gender,saran\n"
       "5,1,1,2,Laki-laki,\"<script>alert(1)</script> <img src=\"\"http://evil.example/x.png\"\">\"\n"
       "4,2,2,1,Perempuan,Antrean panjang sekali\n"
       "5,1,1,2,Perempuan,\n")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def study(db, make_study):
    study = make_study()
    import_responses(db.session, study, instrument_of(study), CSV)
    db.session.commit()
    return study


def test_headings_numbers_and_saran(app, db, study):
    with app.test_request_context():
        text = pdf_text(report_pdf(report_data(db.session, study)))
    flat = re.sub(r"\s+", " ", text)
    order = ["Persepsi Masyarakat tentang Kinerja Aparatur Kecamatan", "Hasil Penelitian", "Profil Responden",
             "Uji Validitas dan Reliabilitas", "BAB VI", "PENUTUP", "6.1 Kesimpulan", "6.1.1 Kualitas Kerja",
             "6.1.2 Ketepatan Waktu", "6.2 Saran", "Lampiran", "Jawaban Terbuka Responden"]
    positions = [flat.find(heading) for heading in order]
    assert -1 not in positions, dict(zip(order, positions))
    assert positions == sorted(positions)
    assert "4,67" in flat and "1,50" in flat  # dimension means, decimal comma
    saran = flat[flat.find("6.2 Saran"):flat.find("Lampiran")]
    assert "Ketepatan Waktu" in saran and "Kecepatan penyelesaian" in saran.replace("kecepatan", "Kecepatan")
    assert "Ketelitian" not in saran and "ketelitian" not in saran  # the strong indicator gets none


def test_respondent_text_is_escaped_and_nothing_is_fetched(app, db, study, monkeypatch):
    requested = []
    import survey.reports.pdf as pdf_module
    real = pdf_module.static_only_fetcher
    monkeypatch.setattr(pdf_module, "static_only_fetcher",
                        lambda url: requested.append(url) or real(url))
    with app.test_request_context():
        text = pdf_text(report_pdf(report_data(db.session, study)))
    assert "<script>alert(1)</script>" in text  # printed literally, as the respondent typed it
    assert all(url.startswith("file://") and "/static/" in url for url in requested), requested
    assert not any("evil.example" in url for url in requested)


@pytest.mark.parametrize("url", ["http://evil.example/x.png", "https://example.org/a.css",
                                 "file:///etc/passwd", "file:///static/../etc/passwd",
                                 "ftp://example.org/x"])
def test_fetcher_refuses_everything_outside_static(url):
    with pytest.raises(RefusedURL):
        static_only_fetcher(url)


def test_fetcher_serves_static_files():
    from survey.reports.pdf import STATIC
    result = static_only_fetcher((STATIC / "css" / "report.css").as_uri())
    assert result["mime_type"] == "text/css" and b"@page" in result["string"]
    with pytest.raises(RefusedURL):
        static_only_fetcher((STATIC / "css" / ".." / ".." / "wsgi.py").as_uri())


def test_study_without_responses_explains_instead_of_failing(app, db, make_study):
    study = make_study()
    with app.test_request_context():
        text = pdf_text(report_pdf(report_data(db.session, study)))
    assert "Belum ada jawaban" in text and "BAB VI" in text


def test_cli_writes_pdf_and_html(runner, study, tmp_path):
    out = tmp_path / "laporan.pdf"
    result = runner.invoke(args=["report", "pdf", study.slug, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF") and "6.1 Kesimpulan" in pdf_text(out.read_bytes())
    html = tmp_path / "laporan.html"
    assert runner.invoke(args=["report", "html", study.slug, "-o", str(html)]).exit_code == 0
    assert "6.1 Kesimpulan" in html.read_text(encoding="utf-8")


def test_edits_survive_regeneration_and_are_flagged_when_numbers_change(client, db, study, make_user, login_as):
    researcher = make_user("researcher")
    study.owner_id = researcher.id
    db.session.commit()
    login_as(researcher)
    page = client.get(f"/studies/{study.slug}/report/edit")
    html = page.get_data(as_text=True)
    token = csrf_from(html)
    own_id = "kesimpulan.dim.KUAL"
    saran_ids = re.findall(r'name="remove:([^"]+)"', html)
    assert saran_ids, "the draft has Saran for the weak indicator"
    response = client.post(f"/studies/{study.slug}/report/edit", data={
        "csrf_token": token, f"text:{own_id}": "Kualitas kerja dinilai sangat baik oleh warga.",
        f"remove:{saran_ids[0]}": "yes", "new_saran": "Camat perlu mengadakan rapat evaluasi bulanan.",
        "new_addressee": "Camat", "chapter": "V", "heading_style": "numbered",
        "researcher": "Maria Ndun", "period": "Maret–April 2026"})
    assert response.status_code == 302
    preview = client.get(f"/studies/{study.slug}/report").get_data(as_text=True)
    assert "Kualitas kerja dinilai sangat baik oleh warga." in preview
    assert "Camat perlu mengadakan rapat evaluasi bulanan." in preview and "BAB V<" in preview
    assert "5.1 Kesimpulan" in preview and "Maria Ndun" in preview
    # New answers change KUAL's numbers: the edit stays, flagged for review.
    import_responses(db.session, study, instrument_of(study),
                     "Q1,Q2,Q3,Q4,gender\n1,5,1,1,Laki-laki\n2,4,1,1,Perempuan\n")
    db.session.commit()
    edit_page = client.get(f"/studies/{study.slug}/report/edit").get_data(as_text=True)
    assert "Kualitas kerja dinilai sangat baik oleh warga." in edit_page
    assert "Perlu ditinjau" in edit_page
    pdf = client.get(f"/studies/{study.slug}/report.pdf")
    assert pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    assert "Kualitas kerja dinilai sangat baik oleh warga." in re.sub(r"\s+", " ", text)
