"""`responses import`: good files are stored whole; any bad cell stores nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey.collect.csv_import import ImportError_, import_responses
from survey.models import DemographicAnswer, OpenAnswer, Response
from tests.conftest import stored_answers
from survey.studies.service import instrument_of

GOOD = ("Q1,Q2,Q3,Q4,gender,age,saran\n"
        "5,1,4,4,Laki-laki,30,\"Antrean panjang, mohon ditambah loket\"\n"
        "4,,3,2,Perempuan,,\n"
        "3,2,5,5,Perempuan,45,Ruang tunggu nyaman é ñ\n")


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def run_import(db, study, data):
    try:
        return import_responses(db.session, study, instrument_of(study), data)
    finally:
        db.session.rollback() if db.session.new else None


def test_good_file_is_stored_with_raw_values(db, make_study):
    study = make_study()
    assert import_responses(db.session, study, instrument_of(study), GOOD) == 3
    db.session.commit()
    assert count(db, Response) == 3
    assert len(stored_answers(db.session)) == 11  # one empty cell is a missing answer, not a row
    values = [value for *_, value in stored_answers(db.session)]
    assert sorted(values) == sorted([5, 1, 4, 4, 4, 3, 2, 3, 2, 5, 5])
    assert {r.channel for r in db.session.scalars(select(Response))} == {"import"}
    assert count(db, DemographicAnswer) == 5
    texts = set(db.session.scalars(select(OpenAnswer.text)))
    assert texts == {"Antrean panjang, mohon ditambah loket", "Ruang tunggu nyaman é ñ"}


def test_semicolon_separated_file_with_bom_is_read(db, make_study):
    study = make_study()
    data = ("\ufeff" + GOOD.replace(",", ";").replace('"Antrean panjang; mohon ditambah loket"',
                                                       "Antrean")).encode("utf-8")
    assert import_responses(db.session, study, instrument_of(study), data) == 3


@pytest.mark.parametrize("csv_text, expected", [
    ("Q1,Q2,Q3,Q4,gender,nope\n1,2,3,4,Laki-laki,x\n", "column nope: unknown code"),
    ("Q1,Q2,Q3,Q4,gender\n1,2,3,9,Laki-laki\n", "row 2, column Q4: outside the scale 1–5"),
    ("Q1,Q2,Q3,Q4,gender\n1,2,3,0,Laki-laki\n", "row 2, column Q4: outside the scale 1–5"),
    ("Q1,Q2,Q3,Q4,gender\n1,2,tiga,4,Laki-laki\n", 'row 2, column Q3: "tiga" is not a number'),
    ("Q1,Q2,Q3,Q4,gender\n1,2,3.5,4,Laki-laki\n", "row 2, column Q3: not a whole number"),
    ("Q1,Q2,Q3,Q4,gender\n1,2,3,4,Laki-laki\n1,2,3,4,\n", "row 3, column gender: missing (required)"),
    ("Q1,Q2,Q3,Q4\n1,2,3,4\n", "column gender: missing (required demographic)"),
    ("Q1,Q2,Q3,gender\n1,2,3,Laki-laki\n", "column Q4: missing"),
    ("Q1,Q2,Q3,Q4,gender\n1,2,3,4,Pria\n", "row 2, column gender: not one of the choices"),
    ("Q1,Q2,Q3,Q4,gender,age\n1,2,3,4,Laki-laki,12\n", "row 2, column age: outside 17–100"),
    ("Q1,Q2,Q3,Q4,gender,age\n1,2,3,4,Laki-laki,tua\n", "row 2, column age: not a whole number"),
    ("Q1,Q2,Q3,Q4,gender\n", "file: no respondent rows"),
])
def test_each_bad_kind_is_reported_and_nothing_is_stored(db, make_study, csv_text, expected):
    study = make_study()
    with pytest.raises(ImportError_) as raised:
        import_responses(db.session, study, instrument_of(study), csv_text)
    db.session.rollback()
    assert any(expected in problem for problem in raised.value.problems), raised.value.problems
    assert count(db, Response) == 0 and len(stored_answers(db.session)) == 0


def test_every_problem_is_reported_at_once(db, make_study):
    study = make_study()
    bad = "Q1,Q2,Q3,Q4,gender\n9,2,3,4,Laki-laki\n1,x,3,4,\n1,2,3,4,Laki-laki\n1,2,3,7,Pria\n"
    with pytest.raises(ImportError_) as raised:
        import_responses(db.session, study, instrument_of(study), bad)
    problems = raised.value.problems
    assert raised.value.total == 5
    for expected in ("row 2, column Q1", "row 3, column Q2", "row 3, column gender",
                     "row 5, column Q4", "row 5, column gender"):
        assert any(p.startswith(expected) for p in problems), (expected, problems)


def test_a_bad_row_after_many_good_ones_stores_nothing(db, make_study):
    study = make_study()
    rows = "".join("1,2,3,4,Laki-laki\n" for _ in range(500)) + "1,2,3,6,Laki-laki\n"
    with pytest.raises(ImportError_, match="1 problem"):
        import_responses(db.session, study, instrument_of(study), "Q1,Q2,Q3,Q4,gender\n" + rows)
    db.session.rollback()
    assert count(db, Response) == 0


def test_uuid_column_prevents_importing_the_same_file_twice(db, make_study):
    study = make_study()
    data = "uuid,Q1,Q2,Q3,Q4,gender\nr-1,1,2,3,4,Laki-laki\nr-2,2,2,3,4,Perempuan\n"
    assert import_responses(db.session, study, instrument_of(study), data) == 2
    db.session.commit()
    with pytest.raises(ImportError_) as raised:
        import_responses(db.session, study, instrument_of(study), data)
    db.session.rollback()
    assert "row 2, column uuid: already imported (r-1)" in raised.value.problems
    assert count(db, Response) == 2


def test_cli_import_prints_count_and_problems(runner, make_study, tmp_path, db):
    study = make_study()
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(args=["responses", "import", study.slug, str(good)])
    assert result.exit_code == 0, result.output
    assert "Imported 3 responses" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("Q1,Q2,Q3,Q4,gender\n1,2,3,8,Laki-laki\n", encoding="utf-8")
    result = runner.invoke(args=["responses", "import", study.slug, str(bad)])
    assert result.exit_code != 0
    assert "row 2, column Q4: outside the scale 1–5" in result.output
    assert "nothing imported" in result.output
    assert count(db, Response) == 3
