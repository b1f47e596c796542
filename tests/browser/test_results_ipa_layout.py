"""The IPA section of a paired study's results page at 360, 768 and 1280 px with 45 paired
statements (the bench instrument, negative statements included): the page never scrolls
sideways (tables and the diagram scroll inside their own boxes), every point is labelled.
LAYOUT_SCREENSHOTS=DIR keeps a full-page screenshot per width and one of the section."""
from __future__ import annotations

import copy

import numpy as np
import pytest

from bench._data import bench_instrument, bench_responses
from survey.collect.submission import store_submission, validate_submission
from survey.instruments import build_instrument
from survey.instruments.model import side_key
from survey.studies.service import create_study
from tests.browser.test_layout import VIEWPORTS, Checker, login

pytestmark = pytest.mark.browser


def paired_bench_instrument():
    doc = copy.deepcopy(bench_instrument().source)
    doc["pairing"] = {"importance": {"name": "Tingkat Kepentingan"}, "performance": {"name": "Tingkat Kinerja"}}
    return build_instrument(doc)


@pytest.fixture
def paired_study(db, make_user):
    researcher = make_user("researcher")
    instrument = paired_bench_instrument()
    study = create_study(db.session, instrument, slug="ipa-45")
    study.owner_id = researcher.id
    performance = bench_responses(instrument, 60, seed=7)
    importance = bench_responses(instrument, 60, seed=8)
    rng = np.random.default_rng(1)
    for i in range(60):
        answers = {}
        for item in instrument.items:
            for side, frame in (("performance", performance), ("importance", importance)):
                value = frame.at[i, item.code]
                if not np.isnan(value):
                    # importance runs higher than performance, as in real studies
                    bump = int(rng.random() < 0.4) if side == "importance" and not item.reverse else 0
                    answers[side_key(item.code, side)] = int(min(5, value + bump))
        submission, errors = validate_submission(instrument, answers, require_all_items=False)
        assert not errors
        store_submission(db.session, study, submission, channel="link", response_uuid=f"r-{i}")
    db.session.commit()
    return study, researcher, instrument


def test_ipa_section_fits_phone_tablet_and_desktop(browser, live_server, paired_study):
    study, researcher, instrument = paired_study
    failures = []
    for width, height in VIEWPORTS:
        checker = Checker(width)
        context = browser.new_context(viewport={"width": width, "height": height})
        page = login(context, live_server.url, researcher)
        page.goto(f"{live_server.url}/studies/{study.slug}/results")
        assert page.locator("#ipa h2").inner_text() == "Analisis Kepentingan–Kinerja (IPA)"
        labels = page.locator("#ipa svg text.point-label").all_text_contents()
        assert sorted(labels) == sorted(item.code for item in instrument.items)
        assert page.locator("#ipa table.ipa-table").count() == len(instrument.dimensions)
        checker.check(page, "results ipa", touch=False)
        if checker.keep_all:  # the section alone, to look at
            page.locator("#ipa").screenshot(path=str(checker.shots / f"{width}-ipa-section.png"))
        failures += checker.problems
        context.close()
    assert not failures, "\n".join(failures)
