"""Fuzzing (issue 11): the API against its OpenAPI document with schemathesis, and Hypothesis on
the respondent form, the instrument editor, uploads and the CSV import.

Every run: 0 server errors, responses as documented, nothing partially stored. Sizes are kept
modest (the suite runs twice in CI); raise FUZZ_EXAMPLES locally for a longer hunt.
"""
from __future__ import annotations

import os
import uuid
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from survey.models import Response, Study
from tests.collect.test_api import NOW, enumerator_client  # noqa: F401  (fixture)
from tests.conftest import csrf_from, stored_answers

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1"))  # multiplier
BASE = settings(deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.filter_too_much, HealthCheck.data_too_large])


def fuzz(examples: int) -> settings:
    return settings(BASE, max_examples=examples * EXAMPLES)

# Text as people (and attackers) type it: any code point but lone surrogates, which a browser's
# form encoding cannot carry (the JSON API is fuzzed with them below).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
NUMBERISH = st.one_of(TEXT, st.sampled_from(["--3", "²", "٣", "9" * 5000, "1e3", "0x10", "+4", " 4 ", "4.0",
                                             "-0", "\x00", "NaN", "∞", "4\x00"]),
                      st.integers(-10**30, 10**30).map(str))


def count(db, model=Response) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- the API, from docs/api/openapi.yaml -------------------------------------------------------

def test_api_conforms_to_its_openapi_document(app, enumerator_client, db):
    import schemathesis
    from schemathesis import checks
    from schemathesis.generation import GenerationMode

    schema = schemathesis.openapi.from_path(ROOT / "docs/api/openapi.yaml")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "no operation in the OpenAPI document"
    client = enumerator_client.client
    token = enumerator_client.token
    slug = enumerator_client.study.slug
    wanted = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
              checks.response_schema_conformance, checks.response_headers_conformance]
    seen: dict[int, int] = {}

    for operation in operations:
        for mode, examples in ((GenerationMode.POSITIVE, 150), (GenerationMode.NEGATIVE, 150)):
            strategy = operation.as_strategy(generation_mode=mode)

            @fuzz(examples)
            @given(case=strategy, real_slug=st.booleans())
            def run(case, real_slug):
                if "slug" in (case.path_parameters or {}) and real_slug:
                    case.path_parameters["slug"] = slug
                headers = {"X-CSRFToken": token, "Accept": "application/json"}
                kwargs = {"json": case.body} if case.body is not None and not isinstance(case.body, bytes) else {
                    "data": case.body or b"", "content_type": case.media_type or "application/json"}
                try:
                    path = case.formatted_path
                except Exception:  # noqa: BLE001  (a path parameter no URL can carry: nothing to send)
                    return
                response = client.open("/api/v1" + path, method=case.method, headers=headers, **kwargs)
                seen[response.status_code] = seen.get(response.status_code, 0) + 1
                assert response.status_code < 500, response.get_data(as_text=True)[:500]
                case.validate_response(response, checks=wanted)
            run()
    assert sum(seen.values()) >= 300, seen
    assert {400, 404, 422} <= set(seen), seen  # the generator reached refused, invalid and unknown
    stored = count(db)
    assert len(stored_answers(db.session)) == stored * 4  # every stored response whole (4 statements), none partial


def test_api_survives_hostile_json_shapes(enumerator_client, db):
    """Hypothesis over arbitrary JSON (surrogates, NUL, deep nesting, huge numbers)."""
    leaves = st.one_of(st.none(), st.booleans(), st.integers(-10**40, 10**40), st.floats(),
                       st.text(max_size=20))
    json_values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                               | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)
    base = {"answers": {"Q1": 4, "Q2": 2, "Q3": 5, "Q4": 4}, "demographics": {"gender": "Perempuan"},
            "consent": True, "finished_at": NOW.isoformat()}

    @fuzz(120)
    @given(key=st.sampled_from(["answers", "demographics", "open_answers", "consent", "uuid", "started_at",
                                "finished_at", "channel", "extra"]), value=json_values)
    def run(key, value):
        before = count(db)
        body = base | {"uuid": str(uuid.uuid4()), key: value}
        response = enumerator_client(body)
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        assert response.is_json and (response.json.get("message") or response.status_code in (200, 201))
        grew = count(db) - before
        assert grew == (1 if response.status_code == 201 else 0)
    run()


# --- the respondent form -----------------------------------------------------------------------

def test_respondent_form_never_fails_and_stores_only_whole_responses(app, client, db, make_study):
    study = make_study()

    @fuzz(80)
    @given(page=st.integers(1, 5), fields=st.dictionaries(
        st.sampled_from(["consent", "gender", "age", "Q1", "Q2", "Q3", "Q4", "saran", "nav", "x\x00"]) | TEXT,
        NUMBERISH, max_size=6))
    def run(page, fields):
        browser = app.test_client()
        url = f"/s/{study.slug}/" if page == 1 else f"/s/{study.slug}/{page}"
        first = browser.get(f"/s/{study.slug}/")
        token = csrf_from(first.get_data(as_text=True))
        browser.post(f"/s/{study.slug}/", data={"csrf_token": token, "consent": "yes"})
        response = browser.post(url, data=fields | {"csrf_token": token})
        assert response.status_code in (303, 400, 404, 422), response.status_code
        assert len(stored_answers(db.session)) == count(db) * 4
    run()


# --- the instrument editor ---------------------------------------------------------------------

class _Fields(HTMLParser):
    """The fields the editor page posts (inputs, checked boxes, textareas, selected options)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields[self._textarea] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and ("selected" in a or self._select not in self.fields):
            self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def test_editor_never_fails_and_saves_only_valid_instruments(app, client, db, make_study, login_as):
    from survey.instruments import build_instrument
    researcher = login_as("researcher")
    study = make_study(status="draft")
    study.owner_id = researcher.id
    db.session.commit()
    page = client.get(f"/studies/{study.slug}/instrument").get_data(as_text=True)
    parser = _Fields()
    parser.feed(page)
    real = {k: v for k, v in parser.fields.items() if k not in ("csrf_token", "action")}
    assert "dimensions[0].name" in real, sorted(real)[:20]
    token = csrf_from(page)
    names = sorted(real)

    @fuzz(60)
    @given(changes=st.dictionaries(st.sampled_from(names) | st.sampled_from(
        ["dimensions[999].name", "dimensions[1000].name", "items[0]", "scale", "title.x", "dimensions[0]"]) | TEXT,
        NUMBERISH, max_size=3),
        action=st.sampled_from(["save", "add:dimensions", "delete:dimensions[0]", "up:dimensions[1]",
                                "down:dimensions[7]", "delete:dimensions[0].indicators[5]", "bogus", "add:title"]))
    def run(changes, action):
        fields = real | changes
        response = client.post(f"/studies/{study.slug}/instrument",
                               data=fields | {"csrf_token": token, "action": action})
        assert response.status_code in (200, 302, 400), response.status_code
        db.session.expire_all()
        build_instrument(db.session.get(Study, study.id).instrument)  # what is stored is always valid
    run()


# --- uploads -----------------------------------------------------------------------------------

def test_instrument_uploads_never_fail_and_create_nothing_when_refused(app, client, db, login_as):
    from tests.conftest import MINIMAL_YAML
    login_as("researcher")
    token = csrf_from(client.get("/studies/new").get_data(as_text=True))
    lines = MINIMAL_YAML.splitlines()

    @fuzz(50)
    @given(content=st.one_of(
        st.binary(max_size=300),
        st.lists(st.sampled_from(lines) | TEXT, max_size=40).map(lambda ls: "\n".join(ls).encode("utf-8", "replace")),
        st.tuples(st.integers(0, len(lines) - 1), TEXT).map(
            lambda cut: "\n".join(lines[:cut[0]] + [cut[1]] + lines[cut[0] + 1:]).encode("utf-8", "replace"))),
        name=st.sampled_from(["instrumen.yaml", "instrumen.yml", "instrumen.json", "instrumen"]))
    def run(content, name):
        before = count(db, Study)
        response = client.post("/studies/new", data={"csrf_token": token, "template": "",
                                                     "instrument": (BytesIO(content), name)},
                               content_type="multipart/form-data")
        assert response.status_code in (200, 302, 400, 413), response.status_code
        assert count(db, Study) == before + (1 if response.status_code == 302 else 0)
    run()


# --- the CSV import ----------------------------------------------------------------------------

def test_csv_import_stores_all_or_nothing(app, db, make_study):
    from survey.collect.csv_import import ImportError_, import_responses
    from survey.studies.service import instrument_of
    study = make_study()
    instrument = instrument_of(study)
    header = "Q1,Q2,Q3,Q4,gender,age,saran"
    row = st.lists(NUMBERISH | st.sampled_from(["1", "2", "3", "4", "5", "Perempuan", "Laki-laki", ""]),
                   min_size=0, max_size=9).map(lambda cells: ",".join(c.replace("\n", " ") for c in cells))

    @fuzz(80)
    @given(rows=st.lists(row, max_size=6), first=st.sampled_from([header, header + ",uuid", "Q1;Q2", "", "Q1,Q1"]))
    def run(rows, first):
        before = count(db)
        try:
            stored = import_responses(db.session, study, instrument, "\n".join([first, *rows]))
        except ImportError_ as refused:
            db.session.rollback()
            assert refused.args  # a message for the researcher
            assert count(db) == before
            return
        db.session.commit()
        assert count(db) == before + stored
        assert len(stored_answers(db.session)) <= count(db) * 4
    run()
