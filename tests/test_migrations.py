"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from survey.models import Base


def test_models_and_migrations_do_not_drift(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_database_enforces_answer_sheet_integrity(db, make_study):
    """Length, range, layout, uniqueness and cross-study references are refused by the database itself."""
    import pytest
    from sqlalchemy import insert, update
    from sqlalchemy.exc import IntegrityError

    from survey.models import AnswerSheet, Response, Study

    study = make_study()  # 4 statements, 5 points
    other = make_study(slug="lain", scale={"points": 4, "labels": ["A", "B", "C", "D"]})
    assert (study.item_count, study.points, other.points) == (4, 5, 4)
    response_id = db.session.execute(insert(Response).values(
        study_id=study.id, uuid="u-1", channel="link").returning(Response.id)).scalar()
    db.session.commit()

    def attempt(statement=None, **values):
        row = {"response_id": response_id, "side": 0, "study_id": study.id, "item_count": 4,
               "points": 5, "answers": "5.31"} | values
        with pytest.raises(IntegrityError):
            with db.session.begin_nested():
                db.session.execute(statement if statement is not None else insert(AnswerSheet).values(**row))
        db.session.rollback()

    attempt(answers="5316")                  # above the scale
    attempt(answers="5301")                  # below the scale
    attempt(answers="5 31")                  # not an answer at all
    attempt(answers="531")                   # a statement short
    attempt(answers="53112")                 # a statement too many
    attempt(item_count=3, answers="531")     # lying about the study's statements
    attempt(points=9, answers="5391")        # lying about the scale size
    attempt(study_id=other.id, points=4, answers="4.31")  # a response of another study
    attempt(side=2)                          # a side that does not exist
    db.session.execute(insert(AnswerSheet).values(response_id=response_id, side=0, study_id=study.id,
                                                  item_count=4, points=5, answers="5.31"))
    db.session.commit()
    attempt(answers="4444")                  # a second sheet for the same side
    # A study with answers cannot change its layout under them.
    attempt(update(Study).where(Study.id == study.id).values(item_count=5))
    attempt(update(Study).where(Study.id == study.id).values(points=7))
    db.session.execute(insert(AnswerSheet).values(response_id=response_id, side=1, study_id=study.id,
                                                  item_count=4, points=5, answers="...."))
    db.session.commit()                      # the importance side of the same response is another key


def test_changing_or_deleting_stored_answers_raises_the_studys_revision(db, make_study):
    """The database raises study.answers_revision itself, so a stored tally is never folded over
    responses or answers that changed under it (survey/analysis/service.py)."""
    from sqlalchemy import delete, insert, select, update

    from survey.models import AnswerSheet, DemographicAnswer, DemographicQuestion, OpenAnswer, OpenQuestion, Response, Study

    study, other = make_study(), make_study(slug="lain")
    ids = []
    for n in range(3):
        response_id = db.session.execute(insert(Response).values(
            study_id=study.id, uuid=f"u-{n}", channel="link").returning(Response.id)).scalar()
        db.session.execute(insert(AnswerSheet).values(response_id=response_id, side=0, study_id=study.id,
                                                      item_count=4, points=5, answers="5.31"))
        ids.append(response_id)
    gender = db.session.scalar(select(DemographicQuestion.id).where(DemographicQuestion.study_id == study.id,
                                                                  DemographicQuestion.code == "gender"))
    saran = db.session.scalar(select(OpenQuestion.id).where(OpenQuestion.study_id == study.id))
    db.session.execute(insert(DemographicAnswer).values(response_id=ids[0], question_id=gender, value="Perempuan"))
    db.session.execute(insert(OpenAnswer).values(response_id=ids[0], question_id=saran, text="Antrean lama"))
    db.session.commit()

    def revisions():
        db.session.expire_all()
        return db.session.scalar(select(Study.answers_revision).where(Study.id == study.id)), \
            db.session.scalar(select(Study.answers_revision).where(Study.id == other.id))

    assert revisions() == (0, 0)  # adding responses is what a tally folds in: no new revision
    changes = [
        update(AnswerSheet).where(AnswerSheet.response_id == ids[1]).values(answers="1111"),
        update(DemographicAnswer).values(value="Laki-laki"),
        update(OpenAnswer).values(text="Antrean cepat"),
        update(Response).where(Response.id == ids[1]).values(simulated=True),
        delete(OpenAnswer),
        delete(DemographicAnswer),
        delete(AnswerSheet).where(AnswerSheet.response_id == ids[2]),
        delete(Response).where(Response.id.in_(ids[:2])),
    ]
    for change in changes:  # each raises it (once per statement on PostgreSQL, per row on SQLite)
        before = revisions()
        db.session.execute(change)
        db.session.commit()
        after = revisions()
        assert after[0] > before[0] and after[1] == 0, change


def _scratch_database(tmp_path):
    """A database of its own for a migration test: SQLite, or a new PostgreSQL database on the
    server the suite uses; (url, drop)."""
    import os
    import uuid

    from sqlalchemy import create_engine, text
    server = os.environ.get("TEST_DATABASE_URL", "")
    if not server.startswith("postgresql"):
        return f"sqlite:///{tmp_path / 'migrations.sqlite3'}", lambda: None
    from survey.config import normalise_database_url
    server = normalise_database_url(server)
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}", drop


def test_migration_0008_turns_answer_rows_into_sheets_and_back(tmp_path):
    """Answers stored one row per answer (0007f) become one sheet per response and side, with
    missing answers as "." and a paired study's importance side; downgrading restores the rows."""
    import json

    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from survey import create_app
    from survey.extensions import db as database

    url, drop = _scratch_database(tmp_path)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.app_context():
            upgrade(revision="0007f")
            connection = database.session.connection()

            def run(sql, **values):
                return connection.execute(text(sql), values)

            for study_id, paired in ((1, False), (2, True)):
                document = {"pairing": {"importance": {"name": "Harapan"}}} if paired else {}
                run("INSERT INTO study (id, slug, title, institution, language, method, status, instrument, "
                    "simulated, created_at) VALUES (:id, :slug, 'Studi', 'Kantor', 'id', 'mean_interval', 'open', "
                    ":doc, false, '2026-11-01 10:00:00+00')", id=study_id, slug=f"studi-{study_id}", doc=json.dumps(document))
                run("INSERT INTO dimension (id, study_id, code, name, position) VALUES (:id, :id, 'D', 'D', 0)", id=study_id)
                run("INSERT INTO indicator (id, dimension_id, code, name, position) VALUES (:id, :id, 'I', 'I', 0)",
                    id=study_id)
                for position in range(3):  # ids in the opposite order of positions
                    run("INSERT INTO item (id, study_id, indicator_id, code, text, reverse, points, position) "
                        "VALUES (:id, :s, :s, :code, 'Pernyataan', false, 5, :position)",
                        id=study_id * 10 + 3 - position, s=study_id, code=f"P-0{position + 1}", position=position)
            for response_id, study_id in ((1, 1), (2, 1), (3, 2)):
                run("INSERT INTO response (id, study_id, uuid, channel, consent, simulated, submitted_at) "
                    "VALUES (:id, :s, :u, 'link', true, false, '2026-11-02 10:00:00+00')",
                    id=response_id, s=study_id, u=f"u-{response_id}")
            answers = [(1, 13, 0, 5), (1, 12, 0, 1), (1, 11, 0, 4),  # response 1: every statement
                       (2, 11, 0, 2),  # response 2: only the third statement
                       (3, 23, 0, 3), (3, 23, 1, 5), (3, 21, 1, 4)]  # paired: both sides, some missing
            for response_id, item_id, side, value in answers:
                run("INSERT INTO answer (response_id, item_id, side, study_id, points, value) "
                    "VALUES (:r, :i, :side, :s, 5, :v)", r=response_id, i=item_id, side=side,
                    s=1 if item_id < 20 else 2, v=value)
            database.session.commit()

            upgrade(revision="0008")
            connection = database.session.connection()
            sheets = run("SELECT response_id, side, study_id, item_count, points, answers FROM answer_sheet "
                         "ORDER BY response_id, side").all()
            assert [tuple(row) for row in sheets] == [
                (1, 0, 1, 3, 5, "514"), (2, 0, 1, 3, 5, "..2"), (3, 0, 2, 3, 5, "3.."), (3, 1, 2, 3, 5, "5.4")]
            assert [tuple(r) for r in run("SELECT id, item_count, points, answers_revision FROM study ORDER BY id")] \
                == [(1, 3, 5, 0), (2, 3, 5, 0)]
            database.session.commit()

            downgrade(revision="0007f")
            connection = database.session.connection()
            rows = run("SELECT response_id, item_id, side, value FROM answer ORDER BY response_id, side, item_id").all()
            assert sorted(tuple(row) for row in rows) == sorted(answers)
            database.session.commit()
            upgrade()
            database.session.remove()
            database.engine.dispose()
    finally:
        drop()
