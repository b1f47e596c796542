"""The instrument file format: the minimal example loads; every malformed file reports every
problem with its location; the shipped library loads."""
from __future__ import annotations

import copy

import pytest

from survey.instruments import (InstrumentError, build_instrument, dump_instrument, library_names,
                                load_instrument, load_template)
from survey.instruments.categories import scheme_for
from tests.conftest import MINIMAL_INSTRUMENT, MINIMAL_YAML



def problems_of(doc) -> list[str]:
    with pytest.raises(InstrumentError) as raised:
        build_instrument(doc) if isinstance(doc, dict) else load_instrument(doc)
    return raised.value.problems


def doc(**changes):
    d = copy.deepcopy(MINIMAL_INSTRUMENT)
    d.update(changes)
    return d


def test_minimal_example_from_the_issue_loads_as_is():
    instrument = load_instrument(MINIMAL_YAML)
    assert [i.code for i in instrument.items] == ["Q1", "Q2"]
    assert instrument.item("Q2").reverse and not instrument.item("Q1").reverse
    assert instrument.item("Q1").labels == instrument.scale.labels
    assert instrument.demographics[1].min == 17 and instrument.open_questions[0].code == "saran"


def test_yaml_round_trip_is_equal():
    instrument = load_instrument(MINIMAL_YAML)
    assert load_instrument(dump_instrument(instrument)) == instrument
    for name in library_names():
        template = load_template(name)
        assert load_instrument(dump_instrument(template)) == template


def test_labels_are_inherited_dimension_to_indicator_to_item():
    d = doc()
    d["dimensions"][0]["labels"] = ["a", "b", "c", "d", "e"]
    d["dimensions"][0]["indicators"][0]["items"][1]["labels"] = ["v", "w", "x", "y", "z"]
    instrument = build_instrument(d)
    assert instrument.item("Q1").labels == ("a", "b", "c", "d", "e")
    assert instrument.item("Q2").labels == ("v", "w", "x", "y", "z")
    assert instrument.item("Q3").labels == instrument.scale.labels


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d.pop("title"), "title: missing"),
    (lambda d: d.update(colour="red"), 'colour: unknown key "colour"'),
    (lambda d: d.update(format="survey/2"), 'format: must be "survey-instrument/1"'),
    (lambda d: d.update(language="fr"), 'language: "fr" is not one of id, en'),
    (lambda d: d.update(method="median"), 'method: "median" is not one of'),
    (lambda d: d["scale"].update(points=12, labels=[str(i) for i in range(12)]), "scale.points: 12 must be at most 11"),
    (lambda d: d["scale"].update(points=1, labels=["x"]), "scale.points: 1 must be at least 2"),
    (lambda d: d["scale"].update(labels=["a", "b"]), "scale.labels: 2 labels for a 5-point scale"),
    (lambda d: d["dimensions"][0].update(code=1.1), 'dimensions[0].code: expected text, got a number (write it in quotes: "1.1")'),
    (lambda d: d["dimensions"][0].update(code="KU AL"), 'dimensions[0].code: "KU AL" is not a valid code'),
    (lambda d: d["dimensions"][0]["indicators"][0]["items"][1].update(code="Q1"),
     'dimensions[0].indicators[0].items[1].code: duplicate code "Q1"'),
    (lambda d: d["dimensions"][1].update(code="KUAL"), 'dimensions[1].code: duplicate code "KUAL"'),
    (lambda d: d["demographics"][0].update(code="Q3"), 'demographics[0].code: duplicate code "Q3"'),
    (lambda d: d["open_questions"][0].update(code="age"), 'open_questions[0].code: duplicate code "age"'),
    (lambda d: d["dimensions"][0].update(labels=["a", "b", "c"]), "dimensions[0].labels: 3 labels for a 5-point scale"),
    (lambda d: d["dimensions"][0]["indicators"][0].update(labels=["a"] * 4), "dimensions[0].indicators[0].labels: 4 labels"),
    (lambda d: d["dimensions"][0]["indicators"][0]["items"][0].update(labels=["a"] * 6),
     "dimensions[0].indicators[0].items[0].labels: 6 labels"),
    (lambda d: d["dimensions"][0]["indicators"][0]["items"][0].update(reverse="ya"),
     "dimensions[0].indicators[0].items[0].reverse: expected true or false, got text"),
    (lambda d: d["dimensions"][0]["indicators"][0]["items"][0].pop("text"),
     "dimensions[0].indicators[0].items[0].text: missing"),
    (lambda d: d["dimensions"][0].update(indicators=[]), "dimensions[0].indicators: needs at least 1 entries"),
    (lambda d: d.update(method="ikm_2017"), "scale.points: method ikm_2017 (SKM) needs a 4-point scale, not 5"),
    (lambda d: d.update(categories={"labels": ["a", "b"], "bounds": [3, 5, 6]}),
     "categories.bounds: 3 bounds for 2 labels"),
    (lambda d: d.update(categories={"labels": ["a", "b"], "bounds": [4, 3]}), "categories.bounds: upper bounds must increase"),
    (lambda d: d.update(categories={"labels": ["a", "b"], "bounds": [2, 4]}), "categories.bounds: the last upper bound must be 5"),
    (lambda d: d["demographics"][0].pop("choices"), "demographics[0].choices: missing"),
    (lambda d: d["demographics"][1].update(min=90, max=20), "demographics[1].max: 20 is below min 90"),
    (lambda d: d["demographics"][1].update(type="choice"), "demographics[1].choices: missing"),
    (lambda d: d["open_questions"][0].update(dimension="NOPE"), 'open_questions[0].dimension: no dimension has code "NOPE"'),
    (lambda d: d.update(analysis={"target_category": "Luar Biasa"}),
     'analysis.target_category: "Luar Biasa" is not one of the categories'),
    (lambda d: d.update(analysis={"validity_rule": "eyeball"}), 'analysis.validity_rule: "eyeball" is not one of'),
])
def test_each_kind_of_error_is_reported_with_its_location(mutate, expected):
    d = doc()
    mutate(d)
    problems = problems_of(d)
    assert any(p.startswith(expected) for p in problems), problems


def test_ikm_rejects_categories_and_accepts_a_4_point_scale():
    d = doc(method="ikm_2017", scale={"points": 4, "labels": ["a", "b", "c", "d"]},
            categories={"labels": ["x", "y"]})
    assert any(p.startswith("categories: ikm_2017 uses the regulation's fixed table") for p in problems_of(d))
    d.pop("categories")
    assert build_instrument(d).method == "ikm_2017"


def test_every_problem_is_reported_at_once():
    d = doc(language="fr")
    d.pop("institution")
    d["dimensions"][0]["indicators"][0]["items"][1]["code"] = "Q1"
    d["scale"]["labels"] = ["a"] * 3
    problems = problems_of(d)
    assert len(problems) == 4, problems


@pytest.mark.parametrize("text, expected", [
    ("format: [unclosed", "line 1, column"),
    ("- a\n- b\n", "file: expected a mapping"),
    (b"\xff\xfe\x00garbage", "file: not UTF-8 text"),
    (b"x" * 1_000_001, "file: larger than 1000 KB"),
])
def test_unreadable_files(text, expected):
    problems = problems_of(text)
    assert problems[0].startswith(expected), problems


@pytest.mark.parametrize("name", library_names())
def test_every_library_template_loads_with_2_to_5_statements_per_indicator(name):
    # 5: SERVQUAL's reliability and empathy dimensions; 2: a paired template asks each twice.
    instrument = load_template(name)
    assert instrument.citation and instrument.framework
    assert all(2 <= len(indicator.items) <= 5 for indicator in instrument.indicators)
    assert all(len(dimension.items) >= 2 for dimension in instrument.dimensions)
    named = load_template(name, institution="Kantor Camat Kupang Barat")
    assert named.institution == "Kantor Camat Kupang Barat"


def test_library_has_the_six_frameworks_and_skm_is_ikm_with_own_labels():
    assert set(library_names()) >= {"dwiyanto", "kinerja_organisasi_publik", "kinerja_individu",
                                    "standar_pelayanan_2003", "skm_2017", "servqual", "servqual_persepsi",
                                    "ipa_pelayanan_publik"}
    skm = load_template("skm_2017")
    assert skm.method == "ikm_2017" and skm.scale.points == 4 and len(skm.dimensions) == 9
    assert len({item.labels for item in skm.items}) > 3  # each unsur asks with its own answers
    assert len(load_template("dwiyanto").dimensions) == 5
    assert len(load_template("standar_pelayanan_2003").dimensions) == 6
    assert len(load_template("servqual").dimensions) == 5


@pytest.mark.parametrize("method, points, value, label", [
    ("mean_interval", 5, 1.80, "Sangat Tidak Baik"),
    ("mean_interval", 5, 1.805, "Tidak Baik"),    # printed as 1,81
    ("mean_interval", 5, 1.8049, "Sangat Tidak Baik"),
    ("mean_interval", 5, 4.20, "Baik"),
    ("mean_interval", 5, 4.21, "Sangat Baik"),
    ("mean_interval", 4, 1.75, "Tidak Baik"),
    ("mean_interval", 4, 1.76, "Kurang Baik"),
    ("mean_interval", 4, 3.26, "Sangat Baik"),
    ("ideal_percent", 5, 60.0, "Cukup Baik"),
    ("ideal_percent", 5, 60.01, "Baik"),
    ("ikm_2017", 4, 64.99, "Tidak Baik"),
    ("ikm_2017", 4, 65.00, "Kurang Baik"),
    ("ikm_2017", 4, 76.60, "Kurang Baik"),
    ("ikm_2017", 4, 76.61, "Baik"),
    ("ikm_2017", 4, 88.30, "Baik"),
    ("ikm_2017", 4, 88.31, "Sangat Baik"),
    ("ikm_2004", 4, 62.50, "Kurang Baik"),
    ("ikm_2004", 4, 62.51, "Baik"),
])
def test_category_edges(method, points, value, label):
    assert scheme_for(method, points).label(value) == label


def _paired_doc(**pairing):
    from survey.instruments import load_template, to_document
    doc = to_document(load_template("dwiyanto"))
    doc["pairing"] = pairing or {"importance": {"name": "Tingkat kepentingan"},
                                 "performance": {"name": "Tingkat kinerja"}}
    return doc


def test_a_paired_instrument_round_trips_with_side_names_and_default_labels():
    from survey.instruments import build_instrument, dump_instrument, load_instrument
    instrument = build_instrument(_paired_doc())
    assert instrument.pairing.importance.name == "Tingkat kepentingan"
    assert instrument.pairing.performance.labels == instrument.scale.labels
    assert load_instrument(dump_instrument(instrument)) == instrument
    assert "labels" not in instrument.source["pairing"]["importance"]


def test_pairing_side_labels_must_match_the_scale():
    import pytest
    from survey.instruments import InstrumentError, build_instrument
    doc = _paired_doc(importance={"name": "Harapan", "labels": ["Tidak penting", "Penting"]},
                      performance={"name": "Kenyataan"})
    with pytest.raises(InstrumentError) as caught:
        build_instrument(doc)
    assert "pairing.importance.labels: 2 labels for a 5-point scale" in str(caught.value)
    assert "Skala berpasangan › Sisi kepentingan/harapan: label jawaban berisi 2 label untuk skala 5 titik" in \
        caught.value.texts("id")[0]
    doc = _paired_doc(importance={"name": "Harapan"})
    with pytest.raises(InstrumentError) as caught:
        build_instrument(doc)
    assert "pairing.performance" in str(caught.value)


def test_only_the_paired_templates_have_a_pairing():
    from survey.instruments import library_names, load_template
    paired = {name for name in library_names() if load_template(name).pairing is not None}
    assert paired == {"servqual", "ipa_pelayanan_publik"}
