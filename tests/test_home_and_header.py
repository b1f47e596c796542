"""The header names the product and leads signed-in users to their studies; the public home
lists only the open studies their researcher chose to list."""
from __future__ import annotations

from survey.i18n import PRODUCT_NAME
from tests.conftest import csrf_from


def test_home_lists_only_studies_that_opt_in(client, make_study):
    make_study(slug="tidak-didaftar", title="Survei yang tidak didaftarkan")
    listed = make_study(slug="didaftar", title="Survei Kantor Camat Kupang Barat")
    listed.listed = True
    closed = make_study(slug="tutup", status="closed", title="Survei tertutup")
    closed.listed = True
    from survey.extensions import db
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Survei Kantor Camat Kupang Barat" in html
    assert "tidak didaftarkan" not in html and "Survei tertutup" not in html


def test_a_new_study_is_not_listed_until_the_researcher_ticks_the_box(client, owned_study, db):
    study = owned_study()
    assert study.listed is False
    page = client.get(f"/studies/{study.slug}/").get_data(as_text=True)
    assert 'name="listed"' in page and 'name="listed" value="y" checked' not in page
    token = csrf_from(page.split('/collection"', 1)[1])
    client.post(f"/studies/{study.slug}/collection", data={"csrf_token": token, "status": "open",
                                                            "access": "public", "listed": "y"})
    db.session.refresh(study)
    assert study.listed is True
    assert study.title in client.get("/").get_data(as_text=True)
    client.post(f"/studies/{study.slug}/collection", data={"csrf_token": token, "status": "open", "access": "public"})
    db.session.refresh(study)
    assert study.listed is False


def test_header_brand_is_the_product_and_signed_in_users_get_their_studies(client, login_as):
    html = client.get("/").get_data(as_text=True)
    assert f'class="brand" href="/">{PRODUCT_NAME}</a>' in html and ">survey<" not in html
    assert "Studi saya" not in html.split("</header>")[0]
    login_as("researcher")
    header = client.get("/").get_data(as_text=True).split("</header>")[0]
    assert '<a href="/studies/">Studi saya</a>' in header


def test_enumerators_studies_link_goes_to_their_list(client, login_as):
    login_as("enumerator")
    header = client.get("/e/").get_data(as_text=True).split("</header>")[0]
    assert '<a href="/e/">Studi saya</a>' in header
