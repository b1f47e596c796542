"""A study's instrument is parsed and validated once per version, not on every request."""
from survey.instruments import build_instrument
from survey.studies import service
from survey.studies.service import instrument_of, replace_instrument
from tests.conftest import instrument_doc


def test_parsed_once_per_version_and_a_new_version_is_parsed_again(db, make_study, monkeypatch):
    study = make_study(status="draft")
    calls = []
    real = service.build_instrument
    monkeypatch.setattr(service, "build_instrument", lambda doc: calls.append(1) or real(doc))
    first = instrument_of(study)
    assert instrument_of(study) is first and instrument_of(db.session.get(type(study), study.id)) is first
    assert len(calls) <= 1  # 0 when an earlier test parsed the same version
    edited = instrument_doc(title="Persepsi Masyarakat tentang Pelayanan Kelurahan")
    replace_instrument(db.session, study, build_instrument(edited))
    db.session.commit()
    again = instrument_of(study)
    assert again.title == "Persepsi Masyarakat tentang Pelayanan Kelurahan" and first.title != again.title
    assert instrument_of(study) is again


def test_two_studies_with_the_same_document_keep_their_own_entries(make_study):
    one, two = make_study(), make_study()
    assert instrument_of(one) == instrument_of(two)
    assert (one.id, one.instrument_digest) in service._INSTRUMENTS
    assert (two.id, two.instrument_digest) in service._INSTRUMENTS


def test_the_digest_follows_the_document_and_a_cached_read_does_not_load_it(db, make_study):
    """The digest is set with the document (any edit changes it); a request that finds the
    parsed instrument in the cache never loads the document from the database."""
    from sqlalchemy import event, select

    from survey.models import Study
    from survey.models.study import document_digest
    study = make_study(status="draft")
    assert study.instrument_digest == document_digest(study.instrument)
    before = study.instrument_digest
    replace_instrument(db.session, study, build_instrument(instrument_doc(title="Judul lain")))
    db.session.commit()
    assert study.instrument_digest != before and study.instrument_digest == document_digest(study.instrument)
    instrument_of(study)
    db.session.expunge_all()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 (conn, cursor, statement, ...)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        fresh = db.session.scalar(select(Study).where(Study.id == study.id))
        assert instrument_of(fresh).title == "Judul lain"
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1 and "instrument," not in statements[0]
