"""Enumerator mode in a real Chromium: offline capture, reload while offline, exactly-once sync."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from survey.models import Response
from tests.browser.conftest import wait_for
from tests.conftest import PASSWORD, stored_answers


pytestmark = pytest.mark.browser


def answer_interview(page, choice: int) -> None:
    """Go through every section, picking the `choice`-th option of each question."""
    page.click("#start")
    while True:
        step = page.locator("#interview .step:not([hidden])")
        if step.locator("input[name=consent]").count():
            step.locator("input[name=consent]").check()
        for fieldset in step.locator("fieldset").all():
            radios = fieldset.locator("input[type=radio]")
            if radios.count():
                radios.nth(min(choice, radios.count() - 1)).check()
            number = fieldset.locator("input[type=number]")
            if number.count():
                number.fill("35")
        for area in step.locator("textarea").all():
            area.fill(f"Catatan responden {choice}")
        submit = page.locator("#interview button[type=submit]")
        if submit.is_visible():
            submit.click()
            page.wait_for_selector("#home:not([hidden])")
            return
        page.click("#interview [data-action=next]")


PAIRING = {"importance": {"name": "Tingkat kepentingan"}, "performance": {"name": "Tingkat kinerja"}}


@pytest.mark.parametrize("paired", [False, True], ids=["unpaired", "paired"])
def test_offline_interviews_survive_a_reload_and_sync_exactly_once(browser, live_server, app, db,
                                                                   make_study, make_user, paired):
    study = make_study(pairing=PAIRING) if paired else make_study()
    sides = 2 if paired else 1  # a paired statement is answered on both sides
    enumerator = make_user("enumerator")
    study.enumerators.append(enumerator)
    db.session.commit()

    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    page.fill("#email", enumerator.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/e/{study.slug}/")
    wait_for(page, "navigator.serviceWorker.controller !== null || "
                           "navigator.serviceWorker.ready.then(() => true)")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now controlled by the service worker, which keeps a copy of the page
    wait_for(page, "navigator.serviceWorker.controller !== null")

    live_server.stop()  # the network is gone: nothing can reach the server
    context.set_offline(True)
    for choice in (3, 4, 1):
        answer_interview(page, choice)
    assert page.text_content("#count-waiting") == "3"
    assert "3 menunggu sinkronisasi" in page.text_content("#sync-status")
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0

    page.reload()  # offline: served by the service worker; the queue is in IndexedDB
    page.wait_for_selector("#enumerator")
    wait_for(page, "document.getElementById('count-waiting').textContent === '3'")
    payloads = page.evaluate("SurveyQueue.all().then(rs => rs.map(r => r.payload))")
    assert len(payloads) == 3
    keys = ["Q1:importance", "Q1:performance", "Q2:importance", "Q2:performance", "Q3:importance",
            "Q3:performance", "Q4:importance", "Q4:performance"] if paired else ["Q1", "Q2", "Q3", "Q4"]
    assert all(sorted(payload["answers"]) == keys for payload in payloads)  # the API's keys

    live_server.start()
    context.set_offline(False)  # the page's "online" event starts the sync by itself
    wait_for(page, "document.getElementById('count-waiting').textContent === '0'", timeout=15000)
    page.click("#sync-now")
    wait_for(page, "document.getElementById('count-waiting').textContent === '0'", timeout=15000)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 3
    stored = stored_answers(db.session)
    assert len(stored) == 3 * 4 * sides
    assert {side for _, _, side, _ in stored} == ({0, 1} if paired else {0})
    channels = set(db.session.scalars(select(Response.channel)))
    assert channels == {"enumerator"}

    # Replaying the same payloads (a device that missed the acknowledgements) adds nothing.
    token = page.get_attribute("#enumerator", "data-csrf")
    url = f"{live_server.url}/api/v1/studies/{study.slug}/responses"
    for payload in payloads:
        status = page.evaluate(
            "([url, token, body]) => fetch(url, {method: 'POST', credentials: 'same-origin', "
            "headers: {'Content-Type': 'application/json', 'X-CSRFToken': token}, body}).then(r => r.status)",
            [url, token, json.dumps(payload)])
        assert status == 200
    assert db.session.scalar(select(func.count()).select_from(Response)) == 3
    assert len(stored_answers(db.session)) == 3 * 4 * sides
    context.close()
