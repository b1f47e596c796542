"""The scores document: plain JSON-ready data that validates against docs/scores.schema.json."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from jsonschema import Draft202012Validator

from survey.scoring import score_study

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "scores.schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA)

CONTRACT = {
    "top": {"study", "method", "n_responses", "scale", "overall", "dimensions", "validity_rule", "ikm",
            "demographics", "categories", "alpha_threshold", "notes"},
    "overall": {"mean", "percent_ideal", "category", "category_index", "alpha", "n_answers",
                "agree_percent", "disagree_percent"},
    "dimension": {"code", "name", "n", "mean", "sd", "percent_ideal", "category", "category_index", "alpha",
                  "reliable", "indicators", "n_answers", "counts", "percents", "agree_percent",
                  "disagree_percent"},
    "indicator": {"code", "name", "mean", "percent_ideal", "category", "category_index", "items", "n_answers",
                  "counts", "percents", "agree_percent", "disagree_percent"},
    "item": {"code", "text", "reverse", "n", "n_missing", "mean", "sd", "counts", "percents", "percent_ideal",
             "category", "category_index", "r_item_total", "r_corrected", "r_table", "valid", "alpha_if_deleted"},
    "ikm": {"value_1_4", "value", "grade", "label", "unsur"},
    "unsur": {"code", "name", "nrr", "nrr_weighted", "grade"},
}


def plain_types_only(value, path="$"):
    """Fail on anything json.dumps would not write as itself (numpy scalars, NaN, tuples)."""
    if isinstance(value, dict):
        for key, child in value.items():
            assert isinstance(key, str), path
            plain_types_only(child, f"{path}.{key}")
    elif isinstance(value, list):
        for i, child in enumerate(value):
            plain_types_only(child, f"{path}[{i}]")
    else:
        assert value is None or type(value) in (str, int, float, bool), f"{path}: {type(value)}"
        assert not (type(value) is float and not np.isfinite(value)), path


@pytest.fixture
def documents(likert, random_answers, with_total):
    demographics = [{"code": "sex", "label": "Jenis Kelamin", "type": "choice", "choices": ["L", "P"]},
                    {"code": "age", "label": "Usia", "type": "integer"},
                    {"code": "job", "label": "Pekerjaan", "type": "text"}]
    rich = likert({"A": [["A1", "A2"], ["A3"]], "B": [["B1", "B2", "B3"]], "S": [["S1"]]},
                  reverse=("A2",), demographics=demographics)
    answers = random_answers(rich, 80)
    rng = np.random.default_rng(3)
    people = pd.DataFrame({"sex": rng.choice(["L", "P", None], 80), "age": rng.integers(15, 80, 80),
                           "job": rng.choice(["Guru", "Petani", ""], 80)}, index=answers.index)
    skm = likert({f"U{i}": [[f"U{i}_1", f"U{i}_2"]] for i in range(1, 10)}, points=4, method="ikm_2017")
    skm_answers = random_answers(skm, 40)
    return {
        "mean_interval": score_study(rich, answers, people, slug="uji"),
        "ideal_percent": score_study(likert({"A": [["A1", "A2"]]}, method="ideal_percent"),
                                     random_answers(likert({"A": [["A1", "A2"]]}), 10)),
        "ikm_2017": score_study(skm, skm_answers, slug="skm"),
        "ikm_missing_unsur": score_study(skm, skm_answers.assign(U3_1=np.nan, U3_2=np.nan)),
        "no_responses": score_study(rich, answers.iloc[:0], people.iloc[:0]),
        "one_response": score_study(rich, answers.iloc[:1], people.iloc[:1]),
    }


def test_every_document_validates_against_the_schema(documents):
    for name, document in documents.items():
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]
        assert errors == [], name


def test_documents_are_plain_json(documents):
    for document in documents.values():
        plain_types_only(document)
        assert json.loads(json.dumps(document, allow_nan=False)) == document


def test_the_schema_rejects_drift(documents):
    document = copy.deepcopy(documents["mean_interval"])
    document["dimensions"][0]["indicators"][0]["items"][0]["surprise"] = 1
    assert not VALIDATOR.is_valid(document)
    document = copy.deepcopy(documents["mean_interval"])
    del document["overall"]["alpha"]
    assert not VALIDATOR.is_valid(document)


def test_the_issue_contract_keys_are_present(documents):
    document = documents["mean_interval"]
    assert CONTRACT["top"] <= document.keys()
    assert document["study"] == "uji" and document["scale"] == {
        "min": 1, "max": 5, "points": 5, "labels": document["scale"]["labels"]}
    assert CONTRACT["overall"] <= document["overall"].keys()
    for dimension in document["dimensions"]:
        assert CONTRACT["dimension"] <= dimension.keys()
        for indicator in dimension["indicators"]:
            assert CONTRACT["indicator"] <= indicator.keys()
            for item in indicator["items"]:
                assert CONTRACT["item"] <= item.keys()
    ikm = documents["ikm_2017"]["ikm"]
    assert CONTRACT["ikm"] <= ikm.keys()
    assert all(CONTRACT["unsur"] <= row.keys() for row in ikm["unsur"])
    assert document["categories"]["target_category"] == "Baik"
    assert document["categories"]["labels"][document["categories"]["target_index"]] == "Baik"


def test_answer_counts_are_what_respondents_ticked_for_reverse_items(likert):
    import pandas as pd
    from survey.scoring import score_study
    instrument = likert({"D": [["K-4", "K-5"]]}, reverse=("K-5",))
    ticked = [1] * 8 + [2] * 22 + [3] * 30 + [4] * 28 + [5] * 12
    answers = pd.DataFrame({"K-4": ticked, "K-5": ticked}, dtype="float64")
    scores = score_study(instrument, answers)
    positive, negative = scores["dimensions"][0]["indicators"][0]["items"]
    assert positive["answer_counts"] == positive["counts"] == [8, 22, 30, 28, 12]
    assert negative["answer_counts"] == [8, 22, 30, 28, 12]
    assert negative["counts"] == [12, 28, 30, 22, 8]
    assert negative["answer_percents"] == [8.0, 22.0, 30.0, 28.0, 12.0]
