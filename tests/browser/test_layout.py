"""Every page fits the device it is used on: 360x740 (phone), 768x1024 (tablet), 1280x800 (desktop).

For each viewport one browser context per role visits every page, with realistic data (the
Dwiyanto library template: hyphenated codes, negative statements, 120 simulated responses with
skipped answers; and the same template paired, importance / performance with long labels, for the
respondent and enumerator pages) and checks:
- no horizontal overflow: the document is no wider than the viewport and no visible element's
  right edge is beyond it (tables scroll inside their own `overflow-x: auto` box, which is allowed);
- on respondent and enumerator pages every tap target (buttons, answer options, fields) is at
  least 44 px high (WCAG 2.5.5); inline links in running text are exempt.
On failure a full-page screenshot of each failing page is written to a temporary directory
(never the repo; LAYOUT_SCREENSHOTS=DIR also keeps every page's screenshot there).
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from survey.collect.csv_import import import_responses
from survey.collect.links import generate_tokens
from survey.instruments import build_instrument, load_template, to_document
from survey.studies.demo import simulate_responses
from survey.studies.service import create_study
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

VIEWPORTS = ((360, 740), (768, 1024), (1280, 800))
NEXT = "form .nav button[type=submit]:not([value=back])"

# Elements wider than the viewport, but inside a box that scrolls (or clips) horizontally, are fine.
MEASURE = """(touch) => {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const doc = document.documentElement.scrollWidth;
  if (doc > vw) problems.push(`document ${doc}px wide in a ${vw}px viewport`);
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
      ' "' + (el.textContent || el.value || '').trim().slice(0, 40) + '"';
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
      getComputedStyle(el).visibility !== 'hidden'; };
  for (const el of document.body.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right + window.scrollX > vw + 1 && !scrolls(el)) { problems.push(`${name(el)} ends at ${Math.round(r.right)}px`); }
    if (problems.length > 12) break;
  }
  if (touch) {
    const targets = document.body.querySelectorAll(
      'button, a.button, label.opt, label.check, select, textarea, input:not([type=hidden]):not([type=radio]):not([type=checkbox])');
    for (const el of targets) {
      if (!visible(el) || el.classList.contains('default-submit')) continue;
      const r = el.getBoundingClientRect();
      if (r.height < 44 - 0.5) problems.push(`tap target ${name(el)} is ${Math.round(r.height)}px high`);
    }
  }
  return problems;
}"""


class Checker:
    """Visits pages and collects every problem; screenshots of failing pages go to `shots`."""

    def __init__(self, width: int):
        self.width, self.problems = width, []
        keep = os.environ.get("LAYOUT_SCREENSHOTS")
        self.shots = Path(keep) if keep else Path(tempfile.gettempdir()) / "survey-layout-failures"
        self.keep_all = bool(keep)
        self.shots.mkdir(parents=True, exist_ok=True)

    def check(self, page, label: str, touch: bool) -> None:
        page.wait_for_load_state("load")
        found = page.evaluate(MEASURE, touch)
        file = self.shots / f"{self.width}-{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')}.png"
        if found or self.keep_all:
            page.screenshot(path=str(file), full_page=True)
        if found:
            self.problems.append(f"{self.width}px {label} ({page.url}) -> {file}:\n    " + "\n    ".join(found))


def login(context, base: str, user) -> object:
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    return page


@pytest.fixture
def studies(db, make_user):
    """A library-template study with 120 simulated responses, owned by a researcher, with an
    enumerator; plus a closed study and a tokens-only study for the 410/403 pages."""
    researcher, enumerator, admin = make_user("researcher"), make_user("enumerator"), make_user("admin")
    instrument = load_template("dwiyanto", institution="Kantor Camat Kupang Barat")
    study = create_study(db.session, instrument, slug="dwiyanto-kupang")
    study.owner_id = researcher.id
    study.enumerators.append(enumerator)
    frame = simulate_responses(instrument, 120)
    frame["penghambat"] = [f"Antrean panjang di loket {i % 14}" if i % 3 == 0 else "" for i in range(len(frame))]
    import_responses(db.session, study, instrument, frame.to_csv(index=False))
    generate_tokens(db.session, study, 5)
    closed = create_study(db.session, load_template("servqual"), slug="servqual-tutup", status="closed")
    tokens = create_study(db.session, load_template("skm_2017"), slug="skm-token")
    tokens.access = "tokens"
    doc = to_document(instrument)
    doc["pairing"] = {"importance": {"name": "Tingkat kepentingan", "labels": [
        "Sangat Tidak Penting", "Tidak Penting", "Cukup Penting", "Penting", "Sangat Penting"]},
        "performance": {"name": "Tingkat kinerja", "labels": [
            "Sangat Tidak Memuaskan", "Tidak Memuaskan", "Cukup Memuaskan", "Memuaskan", "Sangat Memuaskan"]}}
    paired = create_study(db.session, build_instrument(doc), slug="dwiyanto-ipa")
    paired.enumerators.append(enumerator)
    db.session.commit()
    return {"study": study, "researcher": researcher, "enumerator": enumerator, "admin": admin}


def answer_page(page) -> None:
    """Tick the fourth option of each statement/choice, fill numbers and texts, on one page."""
    for fieldset in page.locator("fieldset").all():
        options = fieldset.locator("label.opt")
        if options.count():
            options.nth(min(3, options.count() - 1)).click()
    for number in page.locator("input[inputmode=numeric]:visible").all():
        number.fill("35")
    consent = page.locator("input[name=consent]:visible")
    if consent.count():
        consent.check()


def respondent_pages(page, base: str, slug: str, checker: Checker, name: str = "respondent") -> None:
    page.goto(f"{base}/s/{slug}/")
    checker.check(page, f"{name} intro", touch=True)
    page.click(NEXT)  # Mulai without consent: the error state
    checker.check(page, f"{name} intro with error", touch=True)
    answer_page(page)
    page.click(NEXT)
    number = 2
    while "/selesai" not in page.url:
        assert number < 20, f"the questionnaire does not end: {page.url}"
        checker.check(page, f"{name} page {number}", touch=True)
        if number == 3:  # a statement page submitted empty: errors beside every statement
            page.click(NEXT)
            checker.check(page, f"{name} page {number} with errors", touch=True)
        answer_page(page)
        for area in page.locator("textarea").all():
            area.fill("Mohon ruang tunggu diberi kipas angin dan kursi tambahan.")
        page.click(NEXT)
        page.wait_for_load_state("load")
        number += 1
    checker.check(page, f"{name} thanks", touch=True)


def enumerator_pages(page, base: str, slug: str, checker: Checker, name: str = "enumerator") -> None:
    """Walks the interview with DOM clicks, so that a broken layout is reported, not clicked past."""
    checker.check(page, f"{name} studies", touch=True)
    page.goto(f"{base}/e/{slug}/")
    checker.check(page, f"{name} home", touch=True)
    page.locator("#start").dispatch_event("click")
    step = 1
    while True:
        checker.check(page, f"{name} step {step}", touch=True)
        if page.locator("#interview [data-action=next]").is_visible():
            page.locator("#interview [data-action=next]").dispatch_event("click")  # unanswered: the errors show
            checker.check(page, f"{name} step {step} with errors", touch=True)
        current = page.locator("#interview .step:not([hidden])")
        if current.locator("input[name=consent]").count():
            current.locator("input[name=consent]").dispatch_event("click")
        for fieldset in current.locator("fieldset").all():
            options = fieldset.locator("label.opt")
            if options.count():
                options.nth(min(3, options.count() - 1)).dispatch_event("click")
            if fieldset.locator("input[type=number]").count():
                fieldset.locator("input[type=number]").fill("35")
        if not page.locator("#interview [data-action=next]").is_visible():
            break
        page.locator("#interview [data-action=next]").dispatch_event("click")
        step += 1


def researcher_pages(page, base: str, slug: str, checker: Checker) -> None:
    for label, path in (("study list", "/studies/"), ("new study", "/studies/new"),
                        ("study page", f"/studies/{slug}/"), ("instrument editor", f"/studies/{slug}/instrument"),
                        ("preview", f"/studies/{slug}/preview/"), ("results", f"/studies/{slug}/results"),
                        ("open answers", f"/studies/{slug}/open-answers/saran"),
                        ("report edit", f"/studies/{slug}/report/edit"),
                        ("403 admin page", "/admin/users"), ("404 other study", "/studies/servqual-tutup/")):
        page.goto(base + path)
        checker.check(page, label, touch=False)
    page.goto(f"{base}/studies/{slug}/")
    page.click("summary >> text=Daftar token dan QR")  # the single-use links, opened
    checker.check(page, "study page links open", touch=False)


def test_every_page_fits_phone_tablet_and_desktop(browser, live_server, studies):
    base, slug = live_server.url, studies["study"].slug
    failures = []
    for width, height in VIEWPORTS:
        checker = Checker(width)
        touch = dict(has_touch=True, is_mobile=width < 1000)
        anonymous = browser.new_context(viewport={"width": width, "height": height}, **touch)
        page = anonymous.new_page()
        for label, path in (("home", "/"), ("login", "/login"), ("404", "/tidak-ada"),
                            ("404 unknown survey", "/s/tidak-ada/"), ("410 closed survey", "/s/servqual-tutup/"),
                            ("403 personal link needed", "/s/skm-token/")):
            page.goto(base + path)
            checker.check(page, label, touch=True)
        respondent_pages(page, base, slug, checker)
        respondent_pages(page, base, "dwiyanto-ipa", checker, name="paired respondent")
        anonymous.close()

        enumerator = browser.new_context(viewport={"width": width, "height": height}, **touch)
        enumerator_page = login(enumerator, base, studies["enumerator"])
        enumerator_pages(enumerator_page, base, slug, checker)
        enumerator_pages(enumerator_page, base, "dwiyanto-ipa", checker, name="paired enumerator")
        enumerator.close()

        researcher = browser.new_context(viewport={"width": width, "height": height})
        researcher_pages(login(researcher, base, studies["researcher"]), base, slug, checker)
        researcher.close()

        admin = browser.new_context(viewport={"width": width, "height": height})
        checker.check(login(admin, base, studies["admin"]), "admin users", touch=False)
        admin.close()
        failures += checker.problems
    assert not failures, "layout problems:\n" + "\n".join(failures)
