"""`flask --app wsgi study scores SLUG --json` and `study sample-size`."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from survey.collect.csv_import import import_responses
from survey.studies.service import instrument_of

ROOT = Path(__file__).resolve().parents[2]
# Q2 is reverse-keyed: 1 -> 5, 2 -> 4. KUAL pools Q1 and reversed Q2.
CSV = ("Q1,Q2,Q3,Q4,gender\n"
       "5,1,4,4,Laki-laki\n"
       "4,2,3,2,Perempuan\n"
       "3,,5,5,Perempuan\n")


@pytest.fixture
def scored_study(db, make_study):
    study = make_study()
    import_responses(db.session, study, instrument_of(study), CSV)
    db.session.commit()
    return study


def test_json_document_has_the_contract_and_the_right_numbers(runner, scored_study):
    result = runner.invoke(args=["study", "scores", scored_study.slug, "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    schema = json.loads((ROOT / "docs" / "scores.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(scores, schema)
    assert scores["study"] == scored_study.slug and scores["n_responses"] == 3
    assert scores["scale"] == {"min": 1, "max": 5, "points": 5, "labels": scores["scale"]["labels"]}
    kual, waktu = scores["dimensions"]
    q1, q2 = kual["indicators"][0]["items"]
    assert q1["mean"] == pytest.approx(4.0) and q1["n"] == 3 and q1["n_missing"] == 0
    assert q2["reverse"] is True and q2["n"] == 2 and q2["n_missing"] == 1
    assert q2["mean"] == pytest.approx((5 + 4) / 2)  # scored, not raw (1.5)
    assert kual["mean"] == pytest.approx((5 + 4 + 3 + 5 + 4) / 5)  # pooled over answered values
    assert kual["percent_ideal"] == pytest.approx(100 * kual["mean"] / 5)
    assert waktu["mean"] == pytest.approx((4 + 3 + 5 + 4 + 2 + 5) / 6)
    assert kual["category"] == "Baik"  # 4.20 is the inclusive upper bound of Baik
    assert scores["ikm"] is None
    assert scores["validity_rule"]["rule"] == "r_item_total"


def test_readable_table_and_unknown_study(runner, scored_study):
    result = runner.invoke(args=["study", "scores", scored_study.slug])
    assert result.exit_code == 0
    assert "KUAL" in result.output and "4,20" in result.output  # Indonesian decimal comma
    missing = runner.invoke(args=["study", "scores", "nope"])
    assert missing.exit_code != 0 and 'no study with slug "nope"' in missing.output


def test_sample_size_command(runner):
    result = runner.invoke(args=["study", "sample-size", "1000"])
    assert "Slovin (e = 0.05): 286" in result.output
    assert "Krejcie-Morgan: 278" in result.output
