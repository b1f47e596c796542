"""Researchers create studies in the browser: from a template or an uploaded file; publish."""
from __future__ import annotations

import io

from sqlalchemy import func, select

from survey.models import Study
from tests.conftest import MINIMAL_YAML, csrf_from


def test_new_study_from_template_is_a_draft_owned_by_the_researcher(client, db, login_as):
    researcher = login_as("researcher")
    page = client.get("/studies/new")
    assert "SERVQUAL" in page.get_data(as_text=True)
    response = client.post("/studies/new", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                                 "template": "servqual", "institution": "Kantor Samsat Contoh"})
    assert response.status_code == 302
    study = db.session.scalar(select(Study))
    assert study.status == "draft" and study.owner_id == researcher.id
    assert study.institution == "Kantor Samsat Contoh" and study.method == "ideal_percent"
    assert client.get(f"/s/{study.slug}/").status_code == 404  # drafts take no answers
    show = client.get(f"/studies/{study.slug}/")
    client.post(f"/studies/{study.slug}/publish", data={"csrf_token": csrf_from(show.get_data(as_text=True))})
    db.session.refresh(study)
    assert study.status == "open" and study.published_at is not None
    assert client.get(f"/s/{study.slug}/").status_code == 200


def test_uploaded_file_with_problems_lists_them_all_and_creates_nothing(client, db, login_as):
    login_as("researcher")
    page = client.get("/studies/new")
    bad = MINIMAL_YAML.replace("code: Q2", "code: Q1").replace("language: id", "language: fr")
    response = client.post("/studies/new", content_type="multipart/form-data", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "template": "servqual",
        "instrument": (io.BytesIO(bad.encode()), "instrumen.yaml")})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    # In the researcher's language, each place named as the editor shows it.
    assert ("Dimensi 1 › Indikator 1 › Pernyataan 2: kode &#34;Q1&#34; sudah dipakai di "
            "Dimensi 1 › Indikator 1 › Pernyataan 1") in html
    assert "Bahasa &#34;fr&#34; bukan salah satu dari id, en" in html
    english = client.post("/studies/new?lang=en", content_type="multipart/form-data", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "template": "servqual",
        "instrument": (io.BytesIO(bad.encode()), "instrumen.yaml")}).get_data(as_text=True)
    assert "Dimension 1 › Indicator 1 › Statement 2 › code: duplicate code &#34;Q1&#34;" in english
    assert db.session.scalar(select(func.count()).select_from(Study)) == 0
    good = client.post("/studies/new", content_type="multipart/form-data", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "template": "servqual",
        "instrument": (io.BytesIO(MINIMAL_YAML.encode()), "instrumen.yaml")})
    assert good.status_code == 302
    assert db.session.scalar(select(Study.title)) == "Persepsi Masyarakat tentang Kinerja Aparatur Kecamatan"


def test_upload_over_the_size_limit_is_refused(app, client, db, login_as):
    login_as("researcher")
    page = client.get("/studies/new")
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    try:
        response = client.post("/studies/new", content_type="multipart/form-data", data={
            "csrf_token": csrf_from(page.get_data(as_text=True)), "template": "servqual",
            "instrument": (io.BytesIO(b"x" * 100_000), "besar.yaml")})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    assert response.status_code == 413 and "Berkas terlalu besar" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Study)) == 0


def test_monitoring_counts_and_sample_size_progress(client, db, owned_study):
    study = owned_study("Q1,Q2,Q3,Q4,gender,submitted_at\n4,2,4,4,Laki-laki,2026-03-02T10:00\n"
                        "5,1,5,5,Perempuan,2026-03-02T11:00\n3,3,3,3,Perempuan,2026-03-03T09:00\n")
    page = client.get(f"/studies/{study.slug}/")
    client.post(f"/studies/{study.slug}/population",
                data={"population": "1000", "csrf_token": csrf_from(page.get_data(as_text=True))})
    html = client.get(f"/studies/{study.slug}/").get_data(as_text=True)
    assert "3 / 286" in html and "3 / 278" in html  # Slovin and Krejcie-Morgan for N = 1000
    assert "2026-03-02" in html and "2026-03-03" in html
    assert "impor: 3" in html


def test_xlsform_download_and_upload_round_trip(client, db, owned_study):
    study = owned_study()
    xlsform = client.get(f"/studies/{study.slug}/instrument.xlsx")
    assert xlsform.status_code == 200 and xlsform.data[:2] == b"PK"
    page = client.get("/studies/new")
    response = client.post("/studies/new", content_type="multipart/form-data", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "template": "servqual",
        "instrument": (io.BytesIO(xlsform.data), "dari-kobo.xlsx")})
    assert response.status_code == 302
    from survey.studies.service import instrument_of
    copies = db.session.scalars(select(Study).order_by(Study.id)).all()
    assert len(copies) == 2 and instrument_of(copies[1]) == instrument_of(copies[0])


def test_a_paired_instrument_makes_a_paired_study(client, db, login_as):
    import yaml
    from sqlalchemy import func, select

    from survey.instruments import load_template, to_document
    from survey.models import Study
    login_as("researcher")
    doc = to_document(load_template("dwiyanto", institution="Kantor Uji"))
    doc["pairing"] = {"importance": {"name": "Harapan"}, "performance": {"name": "Kenyataan"}}
    page = client.get("/studies/new")
    response = client.post("/studies/new", content_type="multipart/form-data", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "template": "dwiyanto",
        "instrument": (io.BytesIO(yaml.safe_dump(doc, allow_unicode=True).encode()), "berpasangan.yaml")})
    assert response.status_code == 302
    from survey.studies.service import instrument_of
    study = db.session.scalars(select(Study)).one()
    assert instrument_of(study).pairing.importance.name == "Harapan"


def test_the_study_page_sets_the_open_link_limit_per_address(client, db, owned_study):
    study = owned_study()
    html = client.get(f"/studies/{study.slug}/").get_data(as_text=True)
    assert 'name="submissions_per_hour"' in html and 'placeholder="60"' in html
    token = csrf_from(html.split('/collection"', 1)[1])
    saved = client.post(f"/studies/{study.slug}/collection", data={
        "csrf_token": token, "status": "open", "access": "public", "submissions_per_hour": "400"})
    assert saved.status_code == 302
    db.session.refresh(study)
    assert study.submissions_per_hour == 400
    assert client.post(f"/studies/{study.slug}/collection", data={
        "csrf_token": token, "status": "open", "access": "public", "submissions_per_hour": "0"}).status_code == 400
    client.post(f"/studies/{study.slug}/collection", data={"csrf_token": token, "status": "open", "access": "public"})
    db.session.refresh(study)
    assert study.submissions_per_hour is None  # empty: back to the default
