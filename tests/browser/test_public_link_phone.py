"""The public link on a 360-px phone: no horizontal scrolling, big targets, answer and submit."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey.models import Response
from tests.conftest import stored_answers

pytestmark = pytest.mark.browser


def test_respondent_answers_on_a_360px_phone(browser, live_server, db, make_study):
    study = make_study()
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url)
            and not r.url.startswith("data:") else None)
    page.goto(f"{live_server.url}/s/{study.slug}/")
    assert "Bagian 1 dari" in page.text_content(".progress")
    page.click("button[type=submit]")  # Mulai

    page.check("input[name=gender][value=Perempuan]")
    page.fill("input[name=age]", "41")
    page.click("button[type=submit]")
    for _ in range(2):  # two dimension pages
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"horizontal scrolling: {width}px"
        options = page.locator(".likert label.opt")
        smallest = min(options.nth(i).bounding_box()["height"] for i in range(options.count()))
        assert smallest >= 44, f"touch target {smallest}px"
        for fieldset in page.locator("fieldset").all():
            fieldset.locator("label.opt").nth(3).click()  # tap the label, as a thumb does
        page.click("button[type=submit] >> nth=0")
    page.fill("textarea[name=saran]", "Mohon ruang tunggu diberi kipas angin.")
    page.click("button[type=submit] >> nth=0")
    page.wait_for_url(f"**/s/{study.slug}/selesai")
    assert "Terima kasih" in page.text_content("main")
    assert outside == []  # no CDN, no third-party request
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert [value for *_, value in stored_answers(db.session)] == [4, 4, 4, 4]
    context.close()
