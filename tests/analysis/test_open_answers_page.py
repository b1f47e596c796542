"""Open answers beyond the results page: every group, page by page, for the study's owner only;
the results page itself stays bounded whatever the answers' number and length."""
from __future__ import annotations

import re

from survey.analysis.open_answers import GROUPS_PER_PAGE

HEADER = "Q1,Q2,Q3,Q4,gender,saran"


def _csv(texts: list[str]) -> str:
    rows = [HEADER]
    for i, text in enumerate(texts):
        quoted = text.replace('"', '""')
        rows.append(f"{1 + i % 5},{1 + (i * 3) % 5},,4,{'Perempuan' if i % 2 else 'Laki-laki'},\"{quoted}\"")
    return "\n".join(rows) + "\n"


def _groups(html: str) -> list[tuple[int, str]]:
    items = re.findall(r'<span class="count">([\d.]+)×</span> <span class="text">(.*?)</span>', html)
    return [(int(count.replace(".", "")), text) for count, text in items]


def test_every_group_page_by_page_most_frequent_first(client, owned_study):
    # 60 distinct suggestions; "Antrean panjang" 12 times in three spellings, "Parkir sempit" 5 times.
    texts = [f"Saran ke-{i}: tambah loket untuk layanan KTP-el" for i in range(58)]
    texts += ["Antrean panjang"] * 6 + ["antrean  PANJANG!"] * 4 + ["ANTREAN panjang."] * 2 + ["Parkir sempit"] * 5
    study = owned_study(_csv(texts))
    url = f"/studies/{study.slug}/open-answers/saran"

    first = client.get(url)
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    groups = _groups(html)
    assert len(groups) == GROUPS_PER_PAGE
    assert groups[0] == (12, "Antrean panjang") and groups[1] == (5, "Parkir sempit")
    assert "Halaman 1 dari 3" in html and 'rel="next"' in html and 'rel="prev"' not in html
    assert "75 jawaban, 60 isi berbeda" in html

    last = client.get(url + "?page=3").get_data(as_text=True)
    assert [text for _, text in _groups(last)] == [f"Saran ke-{i}: tambah loket untuk layanan KTP-el"
                                                   for i in range(48, 58)]
    assert 'rel="next"' not in last and "Kelompok 51–60" in last
    seen = {text for page in (1, 2, 3) for _, text in _groups(client.get(f"{url}?page={page}").get_data(as_text=True))}
    assert len(seen) == 60  # no group lost or repeated between pages

    assert _groups(client.get(url + "?page=99").get_data(as_text=True)) == _groups(last)  # clamped
    assert client.get(url + "?page=abc").status_code == 200


def test_new_answers_show_up_on_the_next_page_load(client, owned_study, db):
    from survey.collect.csv_import import import_responses
    from survey.studies.service import instrument_of

    study = owned_study(_csv(["Parkir sempit"] * 3))
    url = f"/studies/{study.slug}/open-answers/saran"
    assert _groups(client.get(url).get_data(as_text=True)) == [(3, "Parkir sempit")]
    import_responses(db.session, study, instrument_of(study), _csv(["parkir SEMPIT", "Toilet kotor"]))
    db.session.commit()
    assert _groups(client.get(url).get_data(as_text=True)) == [(4, "Parkir sempit"), (1, "Toilet kotor")]


def test_only_the_owner_reads_open_answers(client, owned_study, make_user):
    from flask import g

    from tests.conftest import PASSWORD, csrf_from

    study = owned_study(_csv(["Petugas ramah"] * 2))
    url = f"/studies/{study.slug}/open-answers/saran"
    assert "Petugas ramah" in client.get(url).get_data(as_text=True)
    assert client.get(f"/studies/{study.slug}/open-answers/tidak-ada").status_code == 404

    def fresh(browser):
        # The tests' app context outlives requests: forget the previous browser's user and token.
        g.pop("_login_user", None)
        g.pop("csrf_token", None)
        return browser

    def client_of(role):
        other = client.application.test_client()
        user = make_user(role)
        token = csrf_from(fresh(other).get("/login").get_data(as_text=True))
        assert fresh(other).post("/login", data={"email": user.email, "password": PASSWORD,
                                                 "csrf_token": token}).status_code == 302
        return fresh(other)

    assert client_of("researcher").get(url).status_code == 404  # another researcher: the study looks absent
    assert client_of("enumerator").get(url).status_code in (403, 404)
    assert "Petugas ramah" in client_of("admin").get(url).get_data(as_text=True)
    anonymous = fresh(client.application.test_client()).get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_results_page_bounded_with_long_answers_shown_in_full_on_their_page(client, owned_study):
    """10 groups of 5,000-character answers: the results page shortens each to 300 characters
    and links to the page where they are in full."""
    long_texts = [f"Keluhan {i}: " + "antrean di loket pelayanan terlalu lama dan petugas tidak hadir; " * 80
                  for i in range(10)]
    long_texts = [text[:5000] for text in long_texts]
    study = owned_study(_csv(long_texts * 2 + [f"Saran {i}" for i in range(300)]))
    page = client.get(f"/studies/{study.slug}/results")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and len(page.data) < 200_000
    shown = _groups(html.split('<ul class="answers">', 1)[1])
    assert len(shown) == 10 and all(count == 2 and len(text) <= 300 and text.endswith("…") for count, text in shown)
    assert long_texts[0] not in html
    assert f"/studies/{study.slug}/open-answers/saran" in html

    full = client.get(f"/studies/{study.slug}/open-answers/saran")
    assert len(full.data) < 200_000
    assert long_texts[0] in full.get_data(as_text=True)
