"""Web upload of response files: CSRF, role checks, size limit, all-or-nothing report."""
from __future__ import annotations

import io

from sqlalchemy import func, select

from survey.models import Response
from tests.collect.test_data_files import KOBO
from tests.conftest import csrf_from

GOOD = "Q1;Q2;Q3;Q4;gender;age\n5;1;4;4;Laki-laki;30\n4;;3;2;Perempuan;41\n"


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def post(client, slug, data: bytes, filename="jawaban.csv", token=None, lang="id"):
    if token is None:
        token = csrf_from(client.get(f"/studies/{slug}/responses/upload?lang={lang}").get_data(as_text=True))
    return client.post(f"/studies/{slug}/responses/upload", data={
        "csrf_token": token, "responses": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def test_study_page_links_to_the_upload(client, owned_study):
    study = owned_study()
    page = client.get(f"/studies/{study.slug}/").get_data(as_text=True)
    assert f"/studies/{study.slug}/responses/upload" in page


def test_good_file_is_imported_and_reported(client, owned_study, db):
    study = owned_study()
    response = post(client, study.slug, GOOD.encode())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/studies/{study.slug}/")
    assert count(db) == 2
    page = client.get(f"/studies/{study.slug}/").get_data(as_text=True)
    assert "2 jawaban dari jawaban.csv diimpor." in page


def test_kobotoolbox_export_reports_what_was_ignored_in_english(client, owned_study, db):
    study = owned_study()
    response = post(client, study.slug, KOBO.encode(), filename="kobo.csv", lang="en")
    assert response.status_code == 302
    page = client.get(f"/studies/{study.slug}/").get_data(as_text=True)
    assert "2 responses imported from kobo.csv." in page and "column _uuid used as uuid" in page
    assert "columns ignored" in page and count(db) == 2


def test_bad_file_stores_nothing_and_lists_every_problem_in_indonesian(client, owned_study, db):
    study = owned_study()
    bad = "Q1,Q2,Q3,Q4,gender\n1,2,3,9,Laki-laki\n" + "1,2,3,4,Laki-laki\n" * 50 + "1,2,3,4,Pria\n"
    response = post(client, study.slug, bad.encode())
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Tidak ada yang diimpor" in html and "baris 2, kolom Q4: di luar skala 1–5" in html
    assert "baris 53, kolom gender: bukan salah satu pilihan" in html
    assert count(db) == 0


def test_xlsx_upload(client, owned_study, db):
    from openpyxl import Workbook
    study = owned_study()
    book = Workbook()
    for row in (["Q1", "Q2", "Q3", "Q4", "gender"], [5, 4, 3, 2, "Perempuan"]):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    assert post(client, study.slug, out.getvalue(), filename="isian.xlsx").status_code == 302
    assert count(db) == 1


def test_refusals_are_4xx_with_a_message(client, owned_study, db, app):
    study = owned_study()
    assert post(client, study.slug, b"\x89PNG....", filename="foto.png").status_code == 400
    assert post(client, study.slug, b"not,a\x00\xff\xfe", filename="x.csv").status_code == 422
    assert post(client, study.slug, GOOD.encode(), token="salah").status_code == 400
    from survey.collect import uploads
    limit, uploads.MAX_RESPONSE_FILE_BYTES = uploads.MAX_RESPONSE_FILE_BYTES, 100
    try:
        response = post(client, study.slug, GOOD.encode() * 5)
    finally:
        uploads.MAX_RESPONSE_FILE_BYTES = limit
    assert response.status_code == 413 and "lebih besar dari" in response.get_data(as_text=True)
    assert count(db) == 0


def owners_study(make_study, make_user):
    study = make_study()
    study.owner_id = make_user("researcher").id
    return study


def test_anonymous_is_sent_to_login(client, make_study, make_user, db):
    study = owners_study(make_study, make_user)
    db.session.commit()
    response = client.get(f"/studies/{study.slug}/responses/upload")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_enumerator_is_refused(client, make_study, make_user, login_as, db):
    study = owners_study(make_study, make_user)
    db.session.commit()
    login_as("enumerator")
    assert client.get(f"/studies/{study.slug}/responses/upload").status_code == 403


def test_another_researcher_does_not_see_the_study(client, make_study, make_user, login_as, db):
    study = owners_study(make_study, make_user)
    db.session.commit()
    login_as("researcher")
    url = f"/studies/{study.slug}/responses/upload"
    assert client.get(url).status_code == 404
    assert post(client, study.slug, GOOD.encode(), token="x").status_code in (400, 404)
    assert count(db) == 0
