"""The PDF report of a stored study, read back by extracting its text."""
from __future__ import annotations

import csv
import io
import logging
import re
from html import unescape

import pytest
from pypdf import PdfReader

from survey.collect.csv_import import import_responses
from survey.narrative.numbers import format_number, format_percent
from survey.reports.data import report_data
from survey.reports.render import report_html, report_pdf
from survey.studies.service import instrument_of
from tests.conftest import csrf_from

# Q2 is reverse-keyed (scored 6 - answer). KUAL (Q1, Q2) comes out strong, WAKTU (Q3, Q4) weak;
# the last respondent skipped Q4. Respondent text tries to inject markup and a remote image.
CSV = ('Q1,Q2,Q3,Q4,gender,saran\n'
       '5,1,1,2,Laki-laki,"<script>alert(1)</script> <img src=""http://evil.example/x.png"">"\n'
       '4,2,2,1,Perempuan,Antrean panjang sekali\n'
       '5,1,1,2,Perempuan,\n'
       '4,1,2,,Laki-laki,Petugas ramah & sigap\n')
HEADINGS = ["LAPORAN HASIL PENELITIAN", "PERSEPSI MASYARAKAT TENTANG KINERJA", "DAFTAR TABEL", "DAFTAR GAMBAR",
            "BAB IV", "HASIL PENELITIAN DAN PEMBAHASAN", "4.1 Karakteristik Responden",
            "4.2 Uji Validitas dan Reliabilitas", "4.3 Deskripsi Hasil Penelitian", "4.3.1 Dimensi Kualitas Kerja",
            "4.4 Rekapitulasi", "4.5 Jawaban Terbuka Responden", "BAB VI", "PENUTUP", "6.1 Kesimpulan",
            "6.1.1 Kualitas Kerja", "6.1.2 Ketepatan Waktu", "6.2 Saran", "Lampiran",
            "Lampiran 1. Instrumen Penelitian"]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squeeze(text: str) -> str:
    """Text without any whitespace: table cells are extracted with or without spaces between them."""
    return re.sub(r"\s+", "", text)


def expected_numbers() -> dict:
    """Means and answer percentages computed by hand from CSV, independently of the scoring package."""
    rows = list(csv.DictReader(io.StringIO(CSV)))
    answers = {code: [int(row[code]) for row in rows if row[code]] for code in ("Q1", "Q2", "Q3", "Q4")}
    scored = {code: [6 - v for v in values] if code == "Q2" else values for code, values in answers.items()}
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    return {
        "items": {code: {"mean": mean(scored[code]), "n": len(answers[code]), "total": sum(scored[code]),
                         "counts": [answers[code].count(point) for point in range(1, 6)],
                         "percents": [100 * answers[code].count(point) / len(answers[code]) for point in range(1, 6)]}
                  for code in answers},
        "KUAL": mean(scored["Q1"] + scored["Q2"]),
        "WAKTU": mean(scored["Q3"] + scored["Q4"]),
        "pooled": mean(sum(scored.values(), [])),
        "overall": (mean(scored["Q1"] + scored["Q2"]) + mean(scored["Q3"] + scored["Q4"])) / 2,
    }


@pytest.fixture
def study(db, make_study):
    study = make_study()
    import_responses(db.session, study, instrument_of(study), CSV)
    db.session.commit()
    return study


@pytest.fixture
def rendered(app, db, study):
    with app.test_request_context():
        return pdf_text(report_pdf(report_data(db.session, study)))


def test_headings_come_in_thesis_order(rendered):
    flat = re.sub(r"\s+", " ", rendered)
    positions = [flat.find(heading) for heading in HEADINGS]
    assert -1 not in positions, dict(zip(HEADINGS, positions))
    assert positions == sorted(positions), dict(zip(HEADINGS, positions))


def test_numbers_of_a_known_data_set(rendered):
    expected, text = expected_numbers(), squeeze(rendered)
    assert expected["KUAL"] > 4.2 and expected["WAKTU"] < 1.81  # the data set is what the comment says
    items = {"Q1": "Petugas memeriksa berkas saya dengan teliti.",
             "Q2*": "Saya harus kembali karena kesalahan petugas.",
             "Q3": "Urusan saya selesai sesuai waktu yang dijanjikan.", "Q4": "Petugas datang tepat waktu."}
    for label, statement in items.items():
        numbers = expected["items"][label.rstrip("*")]
        # F and % of the answers as respondents ticked them (Q2 too), Jumlah, Σ f·w and the scored mean
        row = (label + statement + "".join(format_number(c, 0) + format_number(p, 1)
                                           for c, p in zip(numbers["counts"], numbers["percents"]))
               + f"{numbers['n']}100{numbers['total']}" + format_number(numbers["mean"]))
        assert squeeze(row) in text, row
    assert squeeze(f"Kualitas Kerja {format_number(expected['KUAL'])}") in text
    assert squeeze(f"Ketepatan Waktu {format_number(expected['WAKTU'])}") in text
    # the variable's mean is the mean of the two dimension means; the pooled one is named beside it
    assert squeeze(f"Variabel Persepsi Masyarakat tentang Kinerja Aparatur Kecamatan {format_number(expected['overall'])} "
                   f"{format_percent(100 * expected['overall'] / 5)}") in text
    assert squeeze(f"(pooled): {format_number(expected['pooled'])}") in text
    assert squeeze("Jumlah responden 4 orang") in text


def test_saran_for_the_weak_indicator_only(rendered):
    flat = re.sub(r"\s+", " ", rendered)
    saran = flat[flat.find("6.2 Saran"):flat.find("Lampiran 1.")]
    assert "kecepatan penyelesaian" in saran.lower()  # WAKTU-1, below "Baik"
    assert format_number(expected_numbers()["WAKTU"]) not in saran  # actions, not statistics
    assert "ketelitian pelayanan" not in saran.lower()  # KUAL-1 meets the target: no recommendation


def test_respondent_text_is_printed_literally_and_nothing_is_fetched(app, db, study, monkeypatch):
    import survey.reports.pdf as pdf_module
    requested = []
    real = pdf_module.static_only_fetcher
    monkeypatch.setattr(pdf_module, "static_only_fetcher", lambda url: requested.append(url) or real(url))
    with app.test_request_context():
        data = report_data(db.session, study)
        html = report_html(data, for_pdf=True)
        text = pdf_text(report_pdf(data))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "<img" not in html and "Petugas ramah &amp; sigap" in html
    assert '<script>alert(1)</script> <img src="http://evil.example/x.png">' in text  # as typed
    assert requested == [pdf_module.BASE_URL + "static/css/report.css"]  # the stylesheet, nothing else


def test_study_without_responses_gets_a_short_explanation(app, db, make_study):
    study = make_study()
    with app.test_request_context():
        text = pdf_text(report_pdf(report_data(db.session, study)))
    assert "Belum Ada Jawaban" in text and "belum memiliki jawaban responden" in text
    assert "BAB VI" not in text and "Uji Validitas" not in text
    assert "Petugas memeriksa berkas saya dengan teliti." in text  # the instrument, in the appendix


def test_cli_writes_pdf_and_html(runner, study, tmp_path):
    out = tmp_path / "laporan.pdf"
    result = runner.invoke(args=["report", "pdf", study.slug, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF") and "6.1 Kesimpulan" in pdf_text(out.read_bytes())
    html = tmp_path / "laporan.html"
    result = runner.invoke(args=["report", "html", study.slug, "-o", str(html)])
    assert result.exit_code == 0, result.output
    written = html.read_text(encoding="utf-8")
    assert "6.1 Kesimpulan" in written and "BAB IV" in written
    assert '<style>/* The printed report' in written and 'font: 12pt/1.5 "Liberation Serif"' in written  # self-contained
    assert runner.invoke(args=["report", "pdf", "no-such-study", "-o", str(out)]).exit_code != 0


def test_preview_is_the_pdf_document(app, client, db, study, make_user, login_as):
    researcher = make_user("researcher")
    study.owner_id = researcher.id
    db.session.commit()
    login_as(researcher)
    preview = client.get(f"/studies/{study.slug}/report").get_data(as_text=True)
    with app.test_request_context():
        printed = report_html(report_data(db.session, study), for_pdf=True)
    assert preview.replace('href="/static/css/report.css"', 'href="static/css/report.css"') == printed
    download = client.get(f"/studies/{study.slug}/report.pdf")
    assert download.mimetype == "application/pdf" and "attachment" in download.headers["Content-Disposition"]


def test_other_researchers_and_visitors_are_kept_out(client, db, study, make_user, login_as):
    paths = [f"/studies/{study.slug}/report", f"/studies/{study.slug}/report.pdf",
             f"/studies/{study.slug}/report/edit"]
    for path in paths:
        assert client.get(path).status_code == 302  # to the login page
    login_as("researcher")  # not the owner
    for path in paths:
        assert client.get(path).status_code == 404


def _edit_page(client, study) -> str:
    return client.get(f"/studies/{study.slug}/report/edit").get_data(as_text=True)


def _post(client, study, html: str, **fields):
    """Submit the edit form as the browser would: every field on the page, then the changes."""
    data = {"csrf_token": csrf_from(html), "order": re.findall(r'name="order" value="([^"]+)"', html)}
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        data[name] = unescape(value)
    for name in ("period", "researcher", "affiliation"):
        match = re.search(rf'name="{name}" id="{name}" value="([^"]*)"', html)
        data[name] = match.group(1) if match else ""
    data.update(fields)
    return client.post(f"/studies/{study.slug}/report/edit", data=data)


def test_edits_survive_regeneration_and_are_flagged_when_numbers_change(client, db, study, make_user, login_as):
    researcher = make_user("researcher")
    study.owner_id = researcher.id
    db.session.commit()
    login_as(researcher)
    html = _edit_page(client, study)
    drafted = re.findall(r'name="order" value="([^"]+)"', html)
    assert drafted == ["saran.item.Q3", "saran.item.Q4", "saran.public"]
    response = _post(client, study, html, **{
        "text:kesimpulan.dim.KUAL": "Kualitas kerja dinilai sangat baik oleh warga.",
        "new_saran": "Camat perlu mengadakan rapat evaluasi bulanan.", "new_addressee": "Camat",
        "chapter": "V", "heading_style": "numbered", "researcher": "Maria Ndun", "period": "Maret–April 2026"})
    assert response.status_code == 302
    preview = client.get(f"/studies/{study.slug}/report").get_data(as_text=True)
    assert "Kualitas kerja dinilai sangat baik oleh warga." in preview
    assert "Camat perlu mengadakan rapat evaluasi bulanan." in preview and "c. Bagi Camat" in preview
    assert "BAB V<br>" in preview and "5.1 Kesimpulan" in preview and "Maria Ndun" in preview
    assert "perlu ditinjau:" not in _edit_page(client, study).lower()

    # New answers change KUAL's numbers: the edit stays and is flagged; untouched paragraphs are not.
    import_responses(db.session, study, instrument_of(study), "Q1,Q2,Q3,Q4,gender\n1,5,1,1,Laki-laki\n2,4,1,1,Perempuan\n")
    db.session.commit()
    html = _edit_page(client, study)
    assert "Kualitas kerja dinilai sangat baik oleh warga." in html
    assert html.lower().count("perlu ditinjau:") == 1
    text = re.sub(r"\s+", " ", pdf_text(client.get(f"/studies/{study.slug}/report.pdf").data))
    assert "Kualitas kerja dinilai sangat baik oleh warga." in text and "5.2 Saran" in text


def test_recommendations_reorder_remove_and_restore(client, db, study, make_user, login_as):
    researcher = make_user("researcher")
    study.owner_id = researcher.id
    db.session.commit()
    login_as(researcher)
    _post(client, study, _edit_page(client, study), new_saran="Kantor perlu menambah loket pada hari Senin.")
    html = _edit_page(client, study)
    order = re.findall(r'name="order" value="([^"]+)"', html)
    assert order[:2] == ["saran.item.Q3", "saran.item.Q4"] and order[-1].startswith("saran.own.")
    own, first, rest = order[-1], order[0], order[1:-1]
    response = _post(client, study, html, move=f"{own}:up")
    assert response.status_code == 302 and response.headers["Location"].endswith("#saran")
    html = _edit_page(client, study)
    moved = [*order[:-2], own, order[-2]]
    assert re.findall(r'name="order" value="([^"]+)"', html) == moved
    preview = client.get(f"/studies/{study.slug}/report").get_data(as_text=True)
    assert preview.index("menambah loket") < preview.index("Menyampaikan keluhan")

    _post(client, study, html, **{f"remove:{first}": "yes"})
    html = _edit_page(client, study)
    assert re.findall(r'name="order" value="([^"]+)"', html) == moved[1:]
    assert "terutama agar urusan warga" not in client.get(f"/studies/{study.slug}/report").get_data(as_text=True)
    _post(client, study, html)  # the "keep removed" box unticked: the draft comes back
    assert re.findall(r'name="order" value="([^"]+)"', _edit_page(client, study)) == moved
    assert rest


def test_edit_form_needs_its_csrf_token(client, db, study, make_user, login_as):
    researcher = make_user("researcher")
    study.owner_id = researcher.id
    db.session.commit()
    login_as(researcher)
    response = client.post(f"/studies/{study.slug}/report/edit", data={"new_saran": "tanpa token"})
    assert response.status_code == 400
    assert "tanpa token" not in _edit_page(client, study)


def test_pdf_logs_what_it_refused(app, caplog, monkeypatch):
    from survey.reports.pdf import log, render_pdf
    # Alembic's fileConfig (migrations/env.py, run by the app fixture) disables existing loggers.
    monkeypatch.setattr(log, "disabled", False)
    html = ('<link rel="stylesheet" href="static/../wsgi.py"><link rel="stylesheet" href="https://example.org/a.css">'
            '<img src="file:///etc/passwd"><p>x</p>')
    with caplog.at_level(logging.WARNING, logger="survey.reports.pdf"):
        assert render_pdf(html).startswith(b"%PDF")
    refused = " ".join(record.getMessage() for record in caplog.records if record.name == "survey.reports.pdf")
    assert "https://example.org/a.css" in refused and "file:///etc/passwd" in refused
    assert "wsgi.py" in refused


@pytest.mark.parametrize("fields", [
    {"move": "saran.institution.WAKTU-1:sideways"}, {"move": "no-such-saran:up"}, {"move": ":down"},
    {"move": "saran.institution.WAKTU-1"}, {"order": ["saran.institution.WAKTU-1"] * 3},
    {"order": ["saran.institution.WAKTU-1", "saran.nope"]}, {"chapter": "99"}, {"results_chapter": "-1"},
    {"text:kesimpulan.opening": "teks\x00NUL"},
])
def test_odd_move_order_and_chapter_values_are_refused_with_400(client, db, study, make_user, login_as, fields):
    researcher = make_user("researcher")
    study.owner_id = researcher.id
    db.session.commit()
    login_as(researcher)
    html = _edit_page(client, study)
    response = _post(client, study, html, new_saran="Saran yang tidak boleh tersimpan.", **fields)
    assert response.status_code == 400
    assert "tidak boleh tersimpan" not in _edit_page(client, study)
