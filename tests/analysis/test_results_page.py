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


def test_open_answers_are_grouped_with_counts_and_bounded(client, owned_study):
    """800 respondents with long, mostly different suggestions: the page lists the 10 most
    frequent groups with their counts, says how many are left out, links to the CSV, and stays
    under 200 KB."""
    rows = ["Q1,Q2,Q3,Q4,gender,saran"]
    for i in range(800):
        text = ("Antrean panjang" if i % 4 == 0 else "antrean  PANJANG!" if i % 4 == 1 else
                f"Saran nomor {i}: " + "ruang tunggu perlu kursi, kipas angin dan papan informasi. " * 4)
        rows.append(f"{1 + i % 5},{1 + (i * 3) % 5},{1 + (i * 7) % 5},4,{'Perempuan' if i % 2 else 'Laki-laki'},\"{text}\"")
    study = owned_study("\n".join(rows) + "\n")
    page = client.get(f"/studies/{study.slug}/results")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert len(page.data) < 200_000, f"{len(page.data)} bytes"
    answers = html.split('<ul class="answers">', 1)[1].split("</ul>", 1)[0]
    assert answers.count("<li>") == 10
    assert "400×" in answers  # "Antrean panjang" and "antrean  PANJANG!" are one group
    assert "Saran nomor 798" not in html
    assert "dan 391 jawaban lain" in html  # 800 - 400 - 9 singletons shown
    assert f"/studies/{study.slug}/export/csv" in html


def test_statement_table_gives_the_statement_the_room(client, owned_study):
    study = owned_study(CSV)
    html = client.get(f"/studies/{study.slug}/results").get_data(as_text=True)
    assert '<main class="wrap wide"' in html
    assert '<col class="statement">' in html and html.count('<col class="n">') == 2 * 6  # 5 points + mean, 2 dimensions
    # Answers as ticked: Q2 is reverse-keyed, its "1" (ticked once of two answers) shows under 1.
    row = html.split('Q2*</span>', 1)[1].split("</tr>", 1)[0]
    assert row.count("50,0\u00a0%") == 2
