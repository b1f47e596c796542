"""The researcher's results page: tables, verdicts, charts as SVG, Indonesian numbers."""
from __future__ import annotations

CSV = ("Q1,Q2,Q3,Q4,gender,saran\n"
       "5,1,4,4,Laki-laki,Loket <b>dua</b> lambat\n"
       "4,2,3,2,Perempuan,\n"
       "3,,5,5,Perempuan,\n")


def test_results_page_shows_scores_the_indonesian_way(client, owned_study):
    study = owned_study(CSV)
    page = client.get(f"/studies/{study.slug}/results")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "4,20" in html  # KUAL mean (5+4+3+5+4)/5, decimal comma
    assert "84,0\u00a0%" in html  # its % of ideal (no line break before %)
    assert html.count("<svg") == 3  # one Likert chart per dimension + the means chart
    assert "Loket &lt;b&gt;dua&lt;/b&gt; lambat" in html  # open answers escaped, verbatim
    assert "Uji validitas dan reliabilitas" in html and "Profil responden" in html
    assert "https://" not in html.split("<main", 1)[1]  # nothing fetched from elsewhere


def test_results_page_without_responses_explains(client, owned_study):
    study = owned_study()
    html = client.get(f"/studies/{study.slug}/results").get_data(as_text=True)
    assert "Belum ada jawaban" in html
