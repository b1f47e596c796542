"""Accounts: hashing, login/logout with CSRF, no open redirects, rate limit, CLI."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from survey import create_app
from survey.auth.access import safe_next
from survey.auth.passwords import hash_password, verify_password
from survey.models import User
from tests.conftest import PASSWORD, TEST_SECRET, csrf_from


def test_password_is_hashed_with_argon2():
    digest = hash_password("kata-sandi-rahasia")
    assert digest.startswith("$argon2id$") and "kata-sandi" not in digest
    assert verify_password(digest, "kata-sandi-rahasia")
    assert not verify_password(digest, "kata-sandi-salah")
    assert not verify_password("not-a-hash", "x")


def test_login_and_logout_through_the_forms(client, make_user):
    user = make_user("researcher")
    page = client.get("/login")
    response = client.post("/login", data={"email": user.email.upper(), "password": PASSWORD,
                                           "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 302 and response.headers["Location"].endswith("/studies/")
    home = client.get("/studies/")
    assert home.status_code == 200
    forged_logout = client.post("/logout")
    assert forged_logout.status_code == 400  # no CSRF token: still logged in
    assert client.get("/studies/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_from(home.get_data(as_text=True))})
    assert client.get("/studies/").status_code == 302


def test_login_without_csrf_token_is_refused(client, make_user):
    user = make_user("researcher")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/studies/").status_code == 302


@pytest.mark.parametrize("email, password", [("researcher1@contoh.id", "salah-sekali-123"),
                                             ("tidak-ada@contoh.id", PASSWORD)])
def test_bad_credentials_get_one_generic_message(client, make_user, email, password):
    make_user("researcher", email="researcher1@contoh.id")
    page = client.get("/login")
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 401
    assert "Email atau kata sandi salah." in response.get_data(as_text=True)


def test_inactive_account_cannot_log_in(client, make_user, db):
    user = make_user("researcher")
    user.active = False
    db.session.commit()
    page = client.get("/login")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 401


@pytest.mark.parametrize("target, expected", [
    ("/studies/demo/results", "/studies/demo/results"),
    ("//evil.example/x", None), ("https://evil.example/", None), ("/\\evil.example", None),
    ("javascript:alert(1)", None), ("", None), (None, None), ("studies", None),
])
def test_next_only_goes_to_this_site(target, expected):
    assert safe_next(target) == expected


def test_login_redirects_to_next_but_never_offsite(client, make_user):
    user = make_user("researcher")
    for target, expected in (("/studies/?x=1", "/studies/?x=1"), ("//evil.example/", "/studies/")):
        client.get("/logout")
        page = client.get("/login", query_string={"next": target})
        response = client.post("/login", query_string={"next": target}, data={
            "email": user.email, "password": PASSWORD, "csrf_token": csrf_from(page.get_data(as_text=True))})
        assert response.headers["Location"] == expected
        home = client.get("/studies/")
        client.post("/logout", data={"csrf_token": csrf_from(home.get_data(as_text=True))})


def test_login_is_rate_limited(tmp_path, monkeypatch):
    from survey.extensions import limiter
    # The limiter is one module-level extension: put its switch back for the other tests' app.
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rl.sqlite3'}",
                      "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
    client = app.test_client()
    statuses = [client.post("/login", data={"email": "x@contoh.id", "password": "salah-salah-salah"}).status_code
                for _ in range(12)]
    assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]
    with app.app_context():
        from survey.extensions import db
        db.engine.dispose()


def test_cli_user_create_reads_the_password_from_stdin(runner, db):
    result = runner.invoke(args=["user", "create", "Peneliti@Contoh.id", "--role", "researcher",
                                 "--password-stdin"], input="kata-sandi-panjang\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "peneliti@contoh.id"))
    assert user.role == "researcher" and verify_password(user.password_hash, "kata-sandi-panjang")
    assert "kata-sandi-panjang" not in result.output
    short = runner.invoke(args=["user", "create", "b@contoh.id", "--role", "researcher", "--password-stdin"],
                          input="pendek\n")
    assert short.exit_code != 0 and "minimal 10 karakter" in short.output
    duplicate = runner.invoke(args=["user", "create", "peneliti@contoh.id", "--role", "admin",
                                    "--password-stdin"], input="kata-sandi-panjang\n")
    assert duplicate.exit_code != 0


def test_cli_assign_enumerator(runner, make_user, make_study, db):
    enumerator = make_user("enumerator")
    study = make_study()
    result = runner.invoke(args=["user", "assign", enumerator.email, study.slug])
    assert result.exit_code == 0, result.output
    db.session.refresh(enumerator)
    assert [s.id for s in enumerator.assigned_studies] == [study.id]
    researcher = make_user("researcher")
    refused = runner.invoke(args=["user", "assign", researcher.email, study.slug])
    assert refused.exit_code != 0


def test_admin_creates_and_deactivates_users(client, login_as, db):
    login_as("admin")
    page = client.get("/admin/users")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post("/admin/users", data={"email": "baru@contoh.id", "name": "Baru", "role": "enumerator",
                                                 "password": "kata-sandi-baru", "csrf_token": token})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "baru@contoh.id"))
    assert user.role == "enumerator" and user.active
    client.post(f"/admin/users/{user.id}/active", data={"csrf_token": token})
    db.session.refresh(user)
    assert not user.active
