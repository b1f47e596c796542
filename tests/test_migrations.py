"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from survey.models import Base


def test_models_and_migrations_do_not_drift(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_database_enforces_answer_integrity(db, make_study):
    """Range, uniqueness and cross-study references are refused by the database itself."""
    import pytest
    from sqlalchemy import insert, select
    from sqlalchemy.exc import IntegrityError

    from survey.models import Answer, Item, Response

    study = make_study()
    other = make_study(slug="lain")
    item = db.session.scalar(select(Item).where(Item.study_id == study.id, Item.code == "Q1"))
    other_item = db.session.scalar(select(Item).where(Item.study_id == other.id, Item.code == "Q1"))
    response_id = db.session.execute(insert(Response).values(
        study_id=study.id, uuid="u-1", channel="link").returning(Response.id)).scalar()
    db.session.commit()

    def attempt(**values):
        row = {"response_id": response_id, "item_id": item.id, "study_id": study.id,
               "points": 5, "value": 3} | values
        with pytest.raises(IntegrityError):
            with db.session.begin_nested():
                db.session.execute(insert(Answer).values(**row))
        db.session.rollback()

    attempt(value=6)                       # above the scale
    attempt(value=0)                       # below the scale
    attempt(points=9, value=8)             # lying about the scale size
    attempt(item_id=other_item.id)         # another study's item
    attempt(study_id=other.id, item_id=other_item.id)  # response of another study
    db.session.execute(insert(Answer).values(response_id=response_id, item_id=item.id,
                                             study_id=study.id, points=5, value=3))
    db.session.commit()
    attempt(value=4)                       # a second answer to the same item
    attempt(side=2, value=4)               # a side that does not exist
    db.session.execute(insert(Answer).values(response_id=response_id, item_id=item.id, side=1,
                                             study_id=study.id, points=5, value=5))
    db.session.commit()                    # the importance side of the same statement is another key
    attempt(side=1, value=2)               # but only once
