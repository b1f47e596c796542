"""Every parser problem in both languages: English "location: message" for the CLI, and for pages
the researcher's language with the place named as the editor shows it."""
from __future__ import annotations

import copy

import pytest

from survey.instruments import InstrumentError, build_instrument, load_template
from survey.instruments.parser import describe_location, to_document
from tests.conftest import instrument_doc


def problems_of(doc):
    with pytest.raises(InstrumentError) as raised:
        build_instrument(doc)
    return raised.value.problems


def library_doc(name="dwiyanto"):
    return copy.deepcopy(to_document(load_template(name)))


def test_the_issue_example_an_empty_code_on_the_fourth_statement():
    doc = library_doc()
    doc["dimensions"][0]["indicators"][0]["items"].append({"code": "", "text": "Petugas bekerja cepat."})
    problem, = problems_of(doc)
    assert problem.text("id") == "Dimensi 1 › Indikator 1 › Pernyataan 4: kode kosong"
    assert problem.at_field("id") == "Kode kosong"
    assert str(problem).startswith("dimensions[0].indicators[0].items[3].code: ")  # the CLI's English
    assert problem.text("en").startswith("Dimension 1 › Indicator 1 › Statement 4 › code: ")


BROKEN = {
    "missing title": lambda d: d.pop("title"),
    "empty title": lambda d: d.update(title=""),
    "unknown key": lambda d: d["dimensions"][0].update(warna="biru"),
    "wrong type": lambda d: d["scale"].update(points="lima"),
    "number for text": lambda d: d["dimensions"][1]["indicators"][0]["items"][0].update(code=12),
    "not one of": lambda d: d.update(language="fr"),
    "bad code": lambda d: d["dimensions"][0].update(code="PROD 1"),
    "no items": lambda d: d["dimensions"][0]["indicators"][0].update(items=[]),
    "labels count": lambda d: d["scale"].update(labels=d["scale"]["labels"][:4]),
    "skm points": lambda d: d.update(method="ikm_2017"),
    "duplicate code": lambda d: d["dimensions"][1].update(code=d["dimensions"][0]["code"]),
    "choices missing": lambda d: d["demographics"][0].pop("choices"),
    "choices on integer": lambda d: d["demographics"][1].update(choices=["a"]),
    "min on choice": lambda d: d["demographics"][0].update(min=3),
    "max below min": lambda d: d["demographics"][1].update(min=60, max=20),
    "choice twice": lambda d: d["demographics"][0].update(choices=["Laki-laki", "Laki-laki"]),
    "open question dimension": lambda d: d["open_questions"][0].update(dimension="TIDAK-ADA"),
    "bounds count": lambda d: d.update(categories={"labels": ["Rendah", "Tinggi"], "bounds": [2.5, 3.5, 5]}),
    "bounds decrease": lambda d: d.update(categories={"labels": ["Rendah", "Tinggi"], "bounds": [4, 3]}),
    "target category": lambda d: d.update(analysis={"target_category": "Luar biasa"}),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_every_problem_has_its_indonesian_wording(case):
    doc = library_doc()
    BROKEN[case](doc)
    problems = problems_of(doc)
    assert problems
    for problem in problems:
        assert problem.indonesian, f"{case}: no Indonesian for {problem}"
        indonesian = problem.text("id")
        assert "[" not in indonesian.split(":")[0], f"{case}: developer notation in {indonesian!r}"
        assert indonesian != problem.text("en")


@pytest.mark.parametrize("where, expected", [
    ("dimensions[2].indicators[0].items[1].text", ("Dimensi 3 › Indikator 1 › Pernyataan 2", "teks pernyataan")),
    ("demographics[1].choices", ("Data responden 2", "pilihan")),
    ("open_questions[0].label", ("Pertanyaan terbuka 1", "pertanyaan")),
    ("scale.labels", ("Skala", "label jawaban")),
    ("institution", ("", "instansi yang diteliti")),
    ("line 3, column 7", ("baris 3, kolom 7", "")),
])
def test_places_are_named_as_the_editor_shows_them(where, expected):
    assert describe_location(where, "id") == expected


def test_the_minimal_instrument_problem_list_is_unchanged_in_english():
    doc = instrument_doc()
    doc["dimensions"][0]["indicators"][0]["items"][1]["code"] = "Q1"
    assert [str(p) for p in problems_of(doc)] == [
        'dimensions[0].indicators[0].items[1].code: duplicate code "Q1" (first used at '
        'dimensions[0].indicators[0].items[0].code)']


@pytest.mark.parametrize("text", [b"\xff\xfe bukan utf-8", "a: [1, 2\n", "a: &x [*x]\n", 'title: "\\0"\n',
                                  "a: " + "[" * 60 + "]" * 60 + "\n"])
def test_file_level_problems_are_worded_in_indonesian_too(text):
    from survey.instruments import InstrumentError, load_instrument
    with pytest.raises(InstrumentError) as raised:
        load_instrument(text)
    for problem in raised.value.problems:
        assert problem.indonesian, problem
        assert problem.text("id") != problem.text("en")
