"""The researcher's workspace in a real Chromium: template -> edit a statement -> preview ->
publish -> a response arrives -> the statement can no longer change."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from survey.collect.csv_import import import_responses
from survey.models import Study
from survey.studies.service import instrument_of
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_create_edit_preview_publish_then_frozen(browser, live_server, db, make_user):
    researcher = make_user("researcher")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/login")
    page.fill("#email", researcher.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/studies/new")
    page.check("input[name=template][value=kinerja_individu]")
    page.fill("#institution", "Kantor Camat Kupang Barat")
    page.click("button[type=submit] >> text=Buat studi")
    page.wait_for_selector("text=Studi dibuat sebagai draf")
    study = db.session.scalar(select(Study))
    assert study.status == "draft" and study.institution == "Kantor Camat Kupang Barat"

    page.get_by_role("link", name="Instrumen", exact=True).click()
    field = page.locator("textarea[name='dimensions[0].indicators[0].items[0].text']")
    field.fill("Petugas memeriksa kelengkapan berkas saya dengan sangat teliti.")
    page.click("button[name=action][value=save] >> text=Simpan instrumen")
    page.wait_for_selector("text=Instrumen disimpan.")
    db.session.expire_all()
    assert instrument_of(db.session.get(Study, study.id)).items[0].text.endswith("sangat teliti.")

    page.goto(f"{live_server.url}/studies/{study.slug}/preview/")
    assert "Pratinjau" in page.text_content("main")
    page.click("button[type=submit] >> text=Mulai")
    page.click("button[type=submit] >> text=Lanjut")  # demographics, nothing stored in preview
    assert "sangat teliti" in page.text_content("main")

    page.goto(f"{live_server.url}/studies/{study.slug}/")
    page.get_by_role("button", name="Buka pengumpulan data").click()
    page.wait_for_selector("text=Survei dibuka")
    db.session.expire_all()
    study = db.session.get(Study, study.id)
    assert study.status == "open"

    instrument = instrument_of(study)
    row = ",".join(["4"] * len(instrument.items)) + ",Laki-laki"
    import_responses(db.session, study, instrument, ",".join(i.code for i in instrument.items) + ",jk\n" + row + "\n")
    db.session.commit()
    page.goto(f"{live_server.url}/studies/{study.slug}/instrument")
    assert "Instrumen dibekukan" in page.text_content("main")
    assert page.locator("textarea[name='dimensions[0].indicators[0].items[0].text']").get_attribute("readonly") is not None
    assert page.locator("text=Simpan instrumen").count() == 0


def test_adding_a_statement_returns_to_it_with_a_generated_code(browser, live_server, db, make_user):
    from survey.instruments import load_template
    from survey.studies.service import create_study
    researcher = make_user("researcher")
    study = create_study(db.session, load_template("dwiyanto", institution="Kantor Camat Kupang Barat"),
                         status="draft")
    study.owner_id = researcher.id
    db.session.commit()
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{live_server.url}/login")
    page.fill("#email", researcher.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/studies/{study.slug}/instrument")
    page.click("button[value='add:dimensions[3].indicators[0].items']")
    page.wait_for_selector("text=Perubahan belum disimpan.")
    focused = page.evaluate("[document.activeElement.name, document.activeElement.value, window.scrollY]")
    assert focused[0] == "dimensions[3].indicators[0].items[3].code" and focused[1] == "RSPB-1.4"
    assert focused[2] > 2000  # the page opened at the new statement, not at the top
