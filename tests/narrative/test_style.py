"""Every library template x {strong, mixed, weak} simulated data x {id, en}: the Penutup passes
the checks a supervisor makes (no repeated sentence, no statistics in a Saran, no stray capitals,
no doubled punctuation, semicolons between list entries that contain commas, every weak
statement in the Saran)."""
from __future__ import annotations

import re

import pytest

from survey.instruments import library_names
from survey.narrative import draft_findings
from survey.narrative.saran import action_of
from survey.narrative.findings import Draft
from survey.scoring import score_study
from tests.narrative import style
from tests.narrative.simulate import LEVELS, answers, open_answers, template

CASES = [(name, level, language) for name in library_names() for level in LEVELS for language in ("id", "en")]


@pytest.fixture(scope="module")
def drafted():
    cache = {}

    def get(name, level, language):
        if (name, level, language) not in cache:
            instrument = template(name, language)
            scores = score_study(instrument, answers(instrument, level))
            given = open_answers(instrument)
            cache[name, level, language] = instrument, scores, given, draft_findings(scores, instrument, given)
        return cache[name, level, language]
    return get


@pytest.mark.parametrize("name, level, language", CASES)
def test_penutup_reads_like_a_thesis(drafted, name, level, language):
    instrument, scores, given, findings = drafted(name, level, language)
    assert findings["saran"], "every study with answers gets Saran"
    assert style.repeated_sentences(findings) == []
    assert style.doubled_punctuation(findings) == []
    assert style.capitals_mid_sentence(findings, style.names_of(instrument, scores, given)) == []
    assert style.comma_lists_without_semicolons(findings, instrument) == []
    for saran in [findings["saran_lead"], *(s["text"] for s in findings["saran"])]:
        assert not re.search(r"\d", saran), saran


@pytest.mark.parametrize("name, level, language", CASES)
def test_every_weak_statement_has_its_action_in_the_saran(drafted, name, level, language):
    instrument, scores, given, findings = drafted(name, level, language)
    draft = Draft(scores, instrument, {}, given)
    weak = [s for s in draft.statements if draft.below(s.item)]
    by_item = {code: s for s in findings["saran"] for code in s.get("basis", {}).get("items", [])}
    for statement in weak:
        assert statement.code in by_item, statement.code
        assert action_of(draft, statement)[1:] in by_item[statement.code]["text"]  # first letter may be capitalised
    # At least the weakest two statements, even when nothing is below the target.
    assert len(by_item) >= 2
    if instrument.method.startswith("ikm"):
        below = [d["code"] for d in scores["dimensions"] if draft.below(d)]
        assert {f"saran.unsur.{code}" for code in below} <= {s["id"] for s in findings["saran"]}
