"""`flask --app wsgi study ...` and `demo`."""
from __future__ import annotations

from sqlalchemy import func, select

from survey.models import Item, Response, Study
from tests.conftest import MINIMAL_YAML



def test_import_prints_slug_last_and_stores_the_instrument(runner, db, tmp_path):
    path = tmp_path / "instrumen.yaml"
    path.write_text(MINIMAL_YAML, encoding="utf-8")
    result = runner.invoke(args=["study", "import", str(path)])
    assert result.exit_code == 0, result.output
    slug = result.output.strip().splitlines()[-1]
    study = db.session.scalar(select(Study).where(Study.slug == slug))
    assert study.status == "open" and study.institution == "Kantor Kecamatan Contoh"
    items = db.session.scalars(select(Item).where(Item.study_id == study.id).order_by(Item.position)).all()
    assert [(i.code, i.reverse, i.points) for i in items] == [("Q1", False, 5), ("Q2", True, 5)]
    again = runner.invoke(args=["study", "import", str(path)])
    assert again.output.strip().splitlines()[-1] == f"{slug}-2"


def test_malformed_instrument_lists_every_problem_and_stores_nothing(runner, db, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(MINIMAL_YAML.replace("code: Q2", "code: Q1").replace("language: id", "language: fr"),
                    encoding="utf-8")
    result = runner.invoke(args=["study", "import", str(path)])
    assert result.exit_code != 0
    assert 'dimensions[0].indicators[0].items[1].code: duplicate code "Q1"' in result.output
    assert 'language: "fr" is not one of id, en' in result.output
    assert db.session.scalar(select(func.count()).select_from(Study)) == 0


def test_templates_list_and_new_from_template(runner, db):
    listing = runner.invoke(args=["study", "templates"])
    assert listing.exit_code == 0
    names = [line.split("\t")[0] for line in listing.output.strip().splitlines()]
    assert "skm_2017" in names and "servqual" in names
    result = runner.invoke(args=["study", "new-from-template", "skm_2017",
                                 "--institution", "Dinas Dukcapil Kota Contoh"])
    assert result.exit_code == 0, result.output
    study = db.session.scalar(select(Study).where(Study.slug == result.output.strip().splitlines()[-1]))
    assert study.institution == "Dinas Dukcapil Kota Contoh" and study.method == "ikm_2017"
    unknown = runner.invoke(args=["study", "new-from-template", "nope", "--institution", "X"])
    assert unknown.exit_code != 0 and "no template named" in unknown.output


def test_study_list_shows_counts(runner, make_study):
    make_study()
    result = runner.invoke(args=["study", "list"])
    assert "open\t0 responses" in result.output


def test_demo_loads_simulated_study_once(runner, db):
    first = runner.invoke(args=["demo", "--responses", "40"])
    assert first.exit_code == 0, first.output
    study = db.session.scalar(select(Study).where(Study.slug == "demo"))
    assert study.simulated and "simulasi" in study.institution
    responses = db.session.scalars(select(Response).where(Response.study_id == study.id)).all()
    assert len(responses) == 40 and all(r.simulated for r in responses)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Response)) == 40
