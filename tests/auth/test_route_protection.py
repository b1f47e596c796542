"""Every route outside the public allow-list refuses those it does not belong to.

Table-driven over the URL map, so routes added later are covered without editing this file.
"""
from __future__ import annotations

import pytest

from tests.conftest import csrf_from

PUBLIC = {"static", "home.index", "auth.login", "auth.logout", "enumerator.service_worker",
          "health.healthz", "health.readyz"}  # load balancers probe these without an account
PUBLIC_BLUEPRINTS = {"collect"}  # the respondent's questionnaire
ADMIN_ONLY = {"auth"}
RESEARCHER = {"studies", "analysis", "reports", "exports", "workspace", "jobs"}
COLLECTORS = {"enumerator", "collect_api"}


def protected_rules(app):
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0] if "." in rule.endpoint else ""
        if rule.endpoint in PUBLIC or blueprint in PUBLIC_BLUEPRINTS:
            continue
        yield rule, blueprint


def url_of(rule, slug: str) -> str:
    values = {"slug": slug, "user_id": 1, "kind": "svg", "number": 2, "fmt": "csv", "finding_id": "x"}
    path = rule.rule
    for argument in rule.arguments:
        path = path.replace(f"<{argument}>", str(values.get(argument, 1)))
        for converter in ("int", "string", "path"):
            path = path.replace(f"<{converter}:{argument}>", str(values.get(argument, 1)))
    return path


def request(client, rule, url, token=None):
    method = "GET" if "GET" in rule.methods else "POST"
    data = {"csrf_token": token} if token and method == "POST" else None
    return client.open(url, method=method, data=data)


def test_the_allow_list_is_small_and_every_other_route_is_listed(app):
    blueprints = {blueprint for _, blueprint in protected_rules(app)}
    assert blueprints <= ADMIN_ONLY | RESEARCHER | COLLECTORS, blueprints


def test_anonymous_gets_the_login_page_or_401_never_data(app, client, make_study):
    study = make_study()
    rules = list(protected_rules(app))
    assert len(rules) >= 10
    for rule, _ in rules:
        response = request(client, rule, url_of(rule, study.slug))
        if rule.rule.startswith("/api/"):
            assert response.status_code in (400, 401), (rule.rule, response.status_code)
        elif "POST" in rule.methods and "GET" not in rule.methods:
            assert response.status_code in (302, 400), (rule.rule, response.status_code)  # no CSRF, no login
        else:
            assert response.status_code == 302, (rule.rule, response.status_code)
            assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["enumerator", "researcher"])
def test_wrong_role_or_someone_elses_study_is_refused(app, client, make_study, make_user, login_as, db, role):
    owner = make_user("researcher")
    study = make_study()
    study.owner_id = owner.id
    db.session.commit()
    user = login_as(role)
    page = client.get("/e/" if role == "enumerator" else "/studies/")
    token = csrf_from(page.get_data(as_text=True))
    for rule, blueprint in protected_rules(app):
        response = request(client, rule, url_of(rule, study.slug), token)
        if blueprint in ADMIN_ONLY:
            assert response.status_code == 403, (rule.rule, role, response.status_code)
        elif blueprint in RESEARCHER:
            expected = {403} if role == "enumerator" else {404}
            if role == "researcher" and not {"slug", "job_id"} & rule.arguments:
                expected = {200}  # their own (empty) list, a new study form
            assert response.status_code in expected, (rule.rule, role, response.status_code)
        elif blueprint in COLLECTORS:
            if rule.rule.rstrip("/") == "/e":
                assert response.status_code == 200  # their own (empty) list
            else:
                assert response.status_code in (404,), (rule.rule, role, response.status_code)
    assert user.role == role


def test_owner_and_assigned_enumerator_get_in(app, client, make_study, make_user, login_as, db):
    researcher = make_user("researcher")
    study = make_study()
    study.owner_id = researcher.id
    enumerator = make_user("enumerator")
    study.enumerators.append(enumerator)
    db.session.commit()
    login_as(researcher)
    assert client.get(f"/studies/{study.slug}/").status_code == 200
    assert client.get(f"/studies/{study.slug}/results").status_code == 200
    assert client.get("/admin/users").status_code == 403
    client.get("/login")
    home = client.get("/studies/")
    client.post("/logout", data={"csrf_token": csrf_from(home.get_data(as_text=True))})
    login_as(enumerator)
    assert client.get(f"/e/{study.slug}/").status_code == 200
    assert client.get(f"/studies/{study.slug}/results").status_code == 403
