"""Instrument format additions for the Saran: items[].action, open_questions[].role, analysis.saran_*."""
from __future__ import annotations

import pytest

from survey.instruments import build_instrument, dump_instrument, library_names, load_instrument, load_template
from survey.instruments.parser import InstrumentError
from tests.conftest import instrument_doc


def with_additions() -> dict:
    doc = instrument_doc(analysis={"saran_rule": "lowest_k", "saran_lowest_k": 3, "saran_min_mentions": 5})
    doc["dimensions"][0]["indicators"][0]["items"][1]["action"] = "mencegah warga harus kembali karena kesalahan petugas"
    doc["open_questions"][0]["role"] = "saran"
    return doc


def test_action_role_and_saran_rule_are_read_and_written_back():
    instrument = build_instrument(with_additions())
    assert instrument.item("Q2").action.startswith("mencegah") and instrument.item("Q1").action is None
    assert instrument.open_questions[0].role == "saran"
    assert (instrument.analysis.saran_rule, instrument.analysis.saran_lowest_k,
            instrument.analysis.saran_min_mentions) == ("lowest_k", 3, 5)
    assert load_instrument(dump_instrument(instrument)) == instrument
    defaults = build_instrument(instrument_doc()).analysis
    assert (defaults.saran_rule, defaults.saran_lowest_k, defaults.saran_min_mentions) == ("below_target", 2, 3)


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["open_questions"][0].update(role="keluhan"),
     'open_questions[0].role: "keluhan" is not one of saran, pendukung, penghambat'),
    (lambda d: d["analysis"].update(saran_rule="semua"), 'analysis.saran_rule: "semua" is not one of below_target, lowest_k'),
    (lambda d: d["analysis"].update(saran_lowest_k=0), "analysis.saran_lowest_k: 0 must be at least 1"),
    (lambda d: d["dimensions"][0]["indicators"][0]["items"][0].update(action=""),
     "dimensions[0].indicators[0].items[0].action: must not be empty"),
])
def test_bad_values_are_refused_with_their_location(change, expected):
    doc = with_additions()
    change(doc)
    with pytest.raises(InstrumentError) as error:
        build_instrument(doc)
    assert expected in error.value.problems


@pytest.mark.parametrize("name", library_names())
def test_every_library_statement_has_an_action_without_digits(name):
    instrument = load_template(name)
    for item in instrument.items:
        assert item.action and item.action[0].islower() and not item.action.endswith("."), item.code
        assert not any(c.isdigit() for c in item.action), item.code
    assert any(q.role == "saran" for q in instrument.open_questions)
