"""Enumerator mode in a real Chromium: an interview in progress survives a reload with the server
gone, the study list (/e/) opens offline, and the counters are right after each interview."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey.instruments import load_template
from survey.models import Response
from survey.studies.service import create_study
from tests.browser.conftest import wait_for
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def open_enumerator(browser, live_server, db, make_user):
    study = create_study(db.session, load_template("dwiyanto", institution="Kantor Camat Kupang Barat"),
                         slug="dwiyanto-kupang")
    enumerator = make_user("enumerator")
    study.enumerators.append(enumerator)
    db.session.commit()
    context = browser.new_context(viewport={"width": 768, "height": 1024}, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    page.fill("#email", enumerator.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#enumerator-studies")  # /e/, the page after login
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    wait_for(page, "navigator.serviceWorker.controller !== null")
    page.click("text=" + study.title)
    page.wait_for_selector("#enumerator")
    # Both pages are now in the service worker's cache (kept by the page itself).
    wait_for(page, "caches.open('survey-pages').then(c => c.keys()).then(k => "
                   "k.some(r => r.url.endsWith('/e/')) && k.some(r => r.url.endsWith('/e/dwiyanto-kupang/')))")
    return study, context, page


def visible_step(page):
    return page.locator("#interview .step:not([hidden])")


def test_reload_with_the_server_gone_restores_the_interview_in_progress(browser, live_server, db, make_user):
    study, context, page = open_enumerator(browser, live_server, db, make_user)
    live_server.stop()
    context.set_offline(True)

    page.click("#start")
    visible_step(page).locator("input[name=consent]").check()
    page.click("#interview [data-action=next]")
    for fieldset in visible_step(page).locator("fieldset").all():
        options = fieldset.locator("label.opt")
        if options.count():
            options.last.click()
        if fieldset.locator("input[type=number]").count():
            fieldset.locator("input[type=number]").fill("41")
    page.click("#interview [data-action=next]")
    page.locator("input[name='item:PROD-1.1'][value='2']").check()  # one statement of section 3
    assert "Bagian 3" in page.text_content("#progress")

    page.reload()  # offline: the page comes from the service worker, the draft from IndexedDB
    page.wait_for_selector("#interview:not([hidden])")
    assert page.is_visible("#restored")
    assert "Bagian 3" in page.text_content("#progress")
    assert page.is_checked("input[name='item:PROD-1.1'][value='2']")
    assert page.is_checked("input[name=consent]")
    page.click("#interview [data-action=back]")
    assert visible_step(page).locator("input:checked").count() >= 1  # the demographics are back too

    page.goto(f"{live_server.url}/e/")  # the page after login, offline
    assert "Studi yang ditugaskan" in page.text_content("main")
    assert page.locator(f"a[href='/e/{study.slug}/']").count() == 1
    context.close()


def test_counters_are_right_after_each_interview_and_back_is_left(browser, live_server, db, make_user):
    study, context, page = open_enumerator(browser, live_server, db, make_user)
    for expected in (1, 2):
        page.click("#start")
        while True:
            step = visible_step(page)
            if step.locator("input[name=consent]").count():
                step.locator("input[name=consent]").check()
            for fieldset in step.locator("fieldset").all():
                options = fieldset.locator("label.opt")
                if options.count():
                    options.nth(min(3, options.count() - 1)).click()
                if fieldset.locator("input[type=number]").count():
                    fieldset.locator("input[type=number]").fill("41")
            if page.is_visible("#interview button[type=submit]"):
                back = page.locator("#interview [data-action=back]").bounding_box()
                save = page.locator("#interview button[type=submit]").bounding_box()
                assert back["x"] + back["width"] <= save["x"], "Back must sit left of the main action"
                page.click("#interview button[type=submit]")
                break
            page.click("#interview [data-action=next]")
        # Wait for the count itself (waiting is already 0 before the record is queued), then give a
        # concurrent background sync of the same record the time to (wrongly) count it again.
        wait_for(page, f"document.getElementById('count-total').textContent === '{expected}'"
                       " && document.getElementById('count-waiting').textContent === '0'", timeout=20000)
        page.wait_for_timeout(1000)
        assert page.text_content("#count-total") == str(expected)
        assert page.text_content("#count-today") == str(expected)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 2
    page.reload()
    page.wait_for_selector("#enumerator")
    assert page.text_content("#count-total") == "2"
    assert page.is_hidden("#interview")  # no draft left behind by a saved interview
    context.close()
