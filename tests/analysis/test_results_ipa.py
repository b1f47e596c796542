"""The results page of a paired study: the importance–performance section (diagram, a table per
dimension, the dimension and overall rows, the quadrant list), numbers as the document rounds them."""
from __future__ import annotations

import re

import pytest

from survey.narrative.numbers import format_number, format_percent
from tests.reports.paired import CODES, paired_overrides, store_paired


@pytest.fixture
def paired_page(client, db, make_study, make_user, login_as):
    from survey.analysis.service import study_scores
    from survey.studies.service import instrument_of
    researcher = make_user("researcher")
    study = make_study(**paired_overrides())
    study.owner_id = researcher.id
    store_paired(db.session, study, instrument_of(study))
    login_as(researcher)
    scores, _ = study_scores(db.session, study)
    page = client.get(f"/studies/{study.slug}/results")
    assert page.status_code == 200
    return page.get_data(as_text=True), scores


def _row(html: str, code: str) -> list[str]:
    """The cells of the IPA table row of a statement, tags stripped."""
    section = html.split('id="ipa"', 1)[1]
    row = section.split(f'<span class="code">{code}', 1)[1].split("</tr>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.split(r"<td[^>]*>", row)]


def test_paired_results_page_shows_the_ipa_with_the_documents_numbers(paired_page):
    html, scores = paired_page
    ipa = scores["ipa"]
    assert "Analisis Kepentingan–Kinerja (IPA)" in html
    section = html.split('id="ipa"', 1)[1].split("</section>", 1)[0]
    # The diagram: an SVG with a label per statement and the four quadrant names.
    svg = section.split("<svg", 1)[1].split("</svg>", 1)[0]
    for code in CODES:
        assert f">{code}</text>" in svg
    for name in ("I. Prioritas Utama", "II. Pertahankan Prestasi", "III. Prioritas Rendah", "IV. Berlebihan"):
        assert name in svg
    # A table per dimension, every statement's numbers rounded as the document holds them.
    assert section.count('class="items ipa-table"') == 3
    for item in ipa["items"]:
        cells = _row(html, item["code"])
        expected = [format_number(item["n"], 0), format_number(item["importance_mean"], 2),
                    format_number(item["performance_mean"], 2), format_percent(item["conformity_percent"], 2),
                    format_number(item["gap"], 2)]
        assert cells[1:6] == expected, item["code"]
        assert cells[6].endswith(ipa["quadrant_labels"][str(item["quadrant"])])
    assert _row(html, "TAN-01")[1:6] == ["8", "4,75", "2,38", "50,00\u00a0%", "−2,38"]
    assert _row(html, "KEH-03")[1] == "7"  # one respondent left a side empty
    assert "TAN-02*" in section  # the negative statement is marked
    # Dimension and overall rows.
    overall = ipa["overall"]
    assert "82,48\u00a0%" in section and format_percent(overall["conformity_percent"], 2) == "82,48\u00a0%"
    assert f"<th class=\"num\">{format_number(overall['gap'], 2)}</th>" in section
    for d in ipa["dimensions"]:
        assert f"<th class=\"num\">{format_percent(d['conformity_percent'], 2)}</th>" in section
    # The quadrant list: which statements fall in quadrant I … IV.
    quadrants = section.split('class="quadrant-list"', 1)[1].split("</ul>", 1)[0]
    first = quadrants.split('class="q1"', 1)[1].split("</li>", 1)[0]
    assert "Kuadran I — Prioritas Utama" in first
    assert re.findall(r'>([A-Z]+-\d+)</span>', first) == ["TAN-01", "KEH-02", "RES-01"]
    assert "Kuadran IV — Berlebihan" in quadrants and ">KEH-04</span>" in quadrants.split('class="q4"', 1)[1]


def test_unpaired_results_page_has_no_ipa_section(client, owned_study):
    study = owned_study("Q1,Q2,Q3,Q4,gender\n5,1,4,4,Laki-laki\n4,2,3,2,Perempuan\n")
    html = client.get(f"/studies/{study.slug}/results").get_data(as_text=True)
    assert "Analisis Kepentingan" not in html and 'id="ipa"' not in html
    assert html.count("<svg") == 3
