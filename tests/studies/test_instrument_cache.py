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
    assert (one.id, service.instrument_digest(one.instrument)) in service._INSTRUMENTS
    assert (two.id, service.instrument_digest(two.instrument)) in service._INSTRUMENTS
