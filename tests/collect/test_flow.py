"""Pages of the questionnaire and the state kept between them (no request needed)."""
from __future__ import annotations

from survey.collect import flow
from survey.instruments import build_instrument
from tests.conftest import instrument_doc


def test_pages_follow_the_instrument_and_skip_empty_parts():
    pages = flow.build_pages(build_instrument(instrument_doc()))
    assert [p.kind for p in pages] == ["intro", "demographics", "dimension", "dimension", "open"]
    assert [p.number for p in pages] == [1, 2, 3, 4, 5]
    assert [p.first_statement for p in pages if p.kind == "dimension"] == [1, 3]
    bare = flow.build_pages(build_instrument(instrument_doc(demographics=[], open_questions=[])))
    assert [p.kind for p in bare] == ["intro", "dimension", "dimension"]


def test_state_round_trips_through_the_cookie_layout():
    state = flow.State.start()
    state.consent, state.answers, state.demographics = True, {"Q1": 5}, {"gender": "Perempuan"}
    again = flow.State.from_cookie(state.to_cookie())
    assert again == state and again.started_at is not None
    session: dict = {}
    flow.save_state(session, 7, state)
    flow.finish(session, 7, state)
    assert session == {"q": {"7": {"u": state.uuid, "f": 1}}}
    assert flow.load_state(session, 7).finished
    assert flow.load_state({"q": {"7": {"broken": 1}}}, 7) is None


def test_first_incomplete_page_follows_the_state():
    instrument = build_instrument(instrument_doc(consent="Setuju?"))
    pages = flow.build_pages(instrument)
    state = flow.State.start()
    assert flow.first_incomplete(instrument, pages, state).kind == "intro"
    state.consent = True
    assert flow.first_incomplete(instrument, pages, state).kind == "demographics"
    state.demographics = {"gender": "Laki-laki"}
    state.answers = {"Q1": 1, "Q2": 2}
    assert flow.first_incomplete(instrument, pages, state).number == 4
    state.answers |= {"Q3": 3, "Q4": 4}
    assert flow.first_incomplete(instrument, pages, state) is None
    submission, errors = flow.submission(instrument, state, {"saran": "Baik"})
    assert errors == {} and submission.answers == {"Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4}


def test_a_45_statement_questionnaire_fits_a_small_cookie(app):
    """All answers of the benchmark instrument, signed as Flask would, stay far below 4 KB."""
    from bench._data import bench_instrument
    instrument = bench_instrument()
    state = flow.State.start()
    state.consent = True
    state.answers = {item.code: 3 for item in instrument.items}
    state.demographics = {"gender": "Perempuan", "age": "44", "job": "x" * flow.SESSION_TEXT_LIMIT}
    session: dict = {}
    flow.save_state(session, 123, state)
    cookie = app.session_interface.get_signing_serializer(app).dumps(session)
    assert len(instrument.items) == 45 and len(cookie) < 1500
