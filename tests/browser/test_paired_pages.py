"""Paired statements (importance / performance) in a real Chromium, on a phone, a tablet and a
desktop: no horizontal scroll, both answer rows of every statement on screen with their side's
name, errors beside the missing side; the respondent's answers are stored on both sides.

Screenshots of the statement pages (with and without errors) go to PAIRED_SCREENSHOTS=DIR if set.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from survey.instruments import build_instrument, load_template, to_document
from survey.models import Response
from survey.studies.service import create_study
from tests.conftest import PASSWORD, stored_answers

pytestmark = pytest.mark.browser

VIEWPORTS = ((360, 740), (768, 1024), (1280, 800))
NEXT = "form .nav button[type=submit]:not([value=back])"
# Long labels on both sides, as students write them.
IMPORTANCE = ["Sangat Tidak Penting", "Tidak Penting", "Cukup Penting", "Penting", "Sangat Penting"]
PERFORMANCE = ["Sangat Tidak Memuaskan", "Tidak Memuaskan", "Cukup Memuaskan", "Memuaskan", "Sangat Memuaskan"]

# What is on screen in the visible paired statements: sizes, and every option inside the viewport.
MEASURE = """() => {
  const vw = window.innerWidth, shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const options = [...document.querySelectorAll('.q.paired .side .opt')].filter(shown);
  const legends = [...document.querySelectorAll('.q.paired .side > legend')].filter(shown);
  const statements = [...document.querySelectorAll('.q.paired')].filter(shown);
  return {
    scroll: document.documentElement.scrollWidth, viewport: vw, statements: statements.length,
    sides: legends.map((l) => l.textContent.trim()),
    options: options.length,
    outside: options.filter((o) => { const r = o.getBoundingClientRect(); return r.left < 0 || r.right > vw + 0.5; })
                    .map((o) => o.textContent.trim()),
    lowest: Math.min(...options.map((o) => o.getBoundingClientRect().height)),
    rowsPerSide: statements.map((s) => [...s.querySelectorAll('.side')].map((side) => side.querySelectorAll('.opt').length)),
    errors: [...document.querySelectorAll('.q.paired .side .error')].filter(shown).map((e) => e.textContent.trim()),
  };
}"""


def shoot(page, name: str) -> None:
    page.wait_for_load_state("load")
    folder = os.environ.get("PAIRED_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def check(page, names: tuple[str, str], points: int) -> dict:
    page.wait_for_load_state("load")  # the stylesheet too
    measured = page.evaluate(MEASURE)
    assert measured["scroll"] <= measured["viewport"], f"horizontal scroll: {measured}"
    assert measured["statements"] >= 2 and not measured["outside"], measured
    assert measured["sides"] == list(names) * measured["statements"]
    assert all(rows == [points, points] for rows in measured["rowsPerSide"]), measured["rowsPerSide"]
    assert measured["lowest"] >= 44, f"touch target {measured['lowest']}px"
    return measured


def paired_study(db, template: str, slug: str, pairing: dict, **extra):
    doc = to_document(load_template(template, institution="Kantor Camat Kupang Barat"))
    doc["pairing"] = pairing
    doc.update(extra)
    study = create_study(db.session, build_instrument(doc), slug=slug)
    db.session.commit()
    return study


def answer_sides(page) -> None:
    """The fourth option of every visible side (or the last, on a shorter scale)."""
    for side in page.locator(".q.paired .side:visible").all():
        options = side.locator("label.opt")
        options.nth(min(3, options.count() - 1)).click()


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=[f"{w}px" for w, _ in VIEWPORTS])
def test_respondent_answers_a_paired_study(browser, live_server, db, width, height):
    study = paired_study(db, "dwiyanto", f"ipa-{width}", {
        "importance": {"name": "Tingkat kepentingan", "labels": IMPORTANCE},
        "performance": {"name": "Tingkat kinerja", "labels": PERFORMANCE}})
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 1000,
                                  has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{study.slug}/")
    assert "dijawab dua kali, yaitu Tingkat kepentingan dan Tingkat kinerja" in page.text_content("main")
    page.check("input[name=consent]")
    page.click(NEXT)
    for fieldset in page.locator("fieldset").all():  # demographics
        options = fieldset.locator("label.opt")
        if options.count():
            options.first.click()
    for number in page.locator("input[inputmode=numeric]").all():
        number.fill("35")
    page.click(NEXT)

    names = ("Tingkat kepentingan", "Tingkat kinerja")
    shoot(page, f"respondent-{width}")
    check(page, names, 5)
    page.click(NEXT)  # nothing chosen: an error beside every side
    shoot(page, f"respondent-{width}-errors")
    measured = check(page, names, 5)
    assert measured["errors"] == ["Silakan pilih salah satu jawaban."] * (2 * measured["statements"])
    # One side answered: the error stays only beside the other side, and the answer is kept.
    page.locator(".q.paired").first.locator(".side").first.locator("label.opt").nth(4).click()
    page.click(NEXT)
    first = page.locator(".q.paired").first
    assert first.locator(".side").first.locator(".error").count() == 0
    assert first.locator(".side").last.locator(".error").text_content() == "Silakan pilih salah satu jawaban."
    assert first.locator(".side").first.locator("input[value='5']").is_checked()

    pages = 0
    while "/selesai" not in page.url:
        pages += 1
        assert pages < 12, page.url
        answer_sides(page)
        for area in page.locator("textarea").all():
            area.fill("Mohon ruang tunggu diberi kipas angin dan kursi tambahan.")
        page.click(NEXT)
        page.wait_for_load_state("load")
    items = len(load_template("dwiyanto").items)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    stored = stored_answers(db.session)
    assert len(stored) == 2 * items and sum(side == 1 for _, _, side, _ in stored) == items
    context.close()


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=[f"{w}px" for w, _ in VIEWPORTS])
def test_enumerator_interview_of_a_paired_four_point_study(browser, live_server, db, make_user, width, height):
    study = paired_study(db, "skm_2017", f"skm-ipa-{width}", {
        "importance": {"name": "Harapan", "labels": ["Tidak Penting", "Kurang Penting", "Penting", "Sangat Penting"]},
        "performance": {"name": "Kenyataan"}})
    enumerator = make_user("enumerator")
    study.enumerators.append(enumerator)
    db.session.commit()
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 1000,
                                  has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    page.fill("#email", enumerator.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/e/{study.slug}/")
    page.click("#start")
    while not page.locator("#interview .step:not([hidden]) .q.paired").count():
        step = page.locator("#interview .step:not([hidden])")
        if step.locator("input[name=consent]").count():
            step.locator("input[name=consent]").check()
        for fieldset in step.locator("fieldset").all():
            options = fieldset.locator("label.opt")
            if options.count():
                options.first.click()
            if fieldset.locator("input[type=number]").count():
                fieldset.locator("input[type=number]").fill("35")
        page.click("#interview [data-action=next]")

    shoot(page, f"enumerator-{width}")
    check(page, ("Harapan", "Kenyataan"), 4)
    page.click("#interview [data-action=next]")  # unanswered: "Wajib dijawab." beside each side
    shoot(page, f"enumerator-{width}-errors")
    measured = check(page, ("Harapan", "Kenyataan"), 4)
    assert measured["errors"] == ["Wajib dijawab."] * (2 * measured["statements"])
    # Only the importance side answered: the step does not move on; the error stays on Kenyataan.
    for statement in page.locator("#interview .step:not([hidden]) .q.paired").all():
        statement.locator(".side").first.locator("label.opt").nth(2).click()
    page.click("#interview [data-action=next]")
    assert page.evaluate(MEASURE)["errors"] == ["Wajib dijawab."] * measured["statements"]
    # The draft keeps each side on its own: a reload restores the importance answers only.
    first = page.locator("#interview .step:not([hidden]) input[type=radio]").first.get_attribute("name")
    code = first[len("item:"):].rsplit(":", 1)[0]
    page.reload()
    page.wait_for_selector("#restored:not([hidden])")
    assert page.locator(f"input[name='item:{code}:importance'][value='3']").is_checked()
    assert page.locator(f"input[name='item:{code}:performance']:checked").count() == 0
    context.close()
