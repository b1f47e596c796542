"""Issue 11: the enumerator app treats 503 (database down) and 429 (rate limit) as "retry
later" and keeps the record; it sends it once the server answers again."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey.models import Response
from tests.browser.test_enumerator_offline import answer_interview, wait_for
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_503_and_429_keep_the_record_for_a_later_sync(browser, live_server, app, db, make_study, make_user):
    study = make_study()
    enumerator = make_user("enumerator")
    study.enumerators.append(enumerator)
    db.session.commit()
    # page.route does not see requests a service worker makes; this test is about the page's sync
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, service_workers="block")
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    page.fill("#email", enumerator.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/e/{study.slug}/")

    answers = {"status": 503}

    def unavailable(route):
        if answers["status"] is None:
            return route.continue_()
        return route.fulfill(status=answers["status"], headers={"Retry-After": "30"},
                             content_type="application/json",
                             body='{"status": "unavailable", "message": "Basis data sedang tidak dapat dihubungi."}')
    page.route("**/api/v1/studies/*/responses", unavailable)

    answer_interview(page, 3)
    for status in (503, 429):
        answers["status"] = status
        page.click("#sync-now")
        page.wait_for_timeout(500)
        assert page.text_content("#count-waiting") == "1", status
        records = page.evaluate("SurveyQueue.all().then(rs => rs.map(r => r.status))")
        assert records == ["pending"], (status, records)  # kept, not marked refused
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0

    answers["status"] = None  # the server is back
    page.click("#sync-now")
    wait_for(page, "document.getElementById('count-waiting').textContent === '0'", timeout=15000)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    context.close()
