"""The results chapter (BAB IV) as a thesis prints it: the issue's worked case, captions, open answers."""
from __future__ import annotations

import re

import numpy as np
import pytest

from survey.reports.render import report_html
from survey.reports.results import OPEN_ANSWER_GROUPS
from tests.reports.fixtures import make_instrument, report_dict

# The case: 3 dimensions (8, 6, 6 statements), K5 and K14 negatively worded, 100 respondents.
OUTLINE = {"PEL": 8, "RESP": 6, "AKUN": 6}
NEGATIVE = ("K5", "K14")


def thesis_instrument(**overrides):
    dimensions, number = [], 0
    for code, size in OUTLINE.items():
        items = []
        for _ in range(size):
            number += 1
            items.append({"code": f"K{number}", "text": f"Pernyataan nomor {number} tentang pelayanan.",
                          **({"reverse": True} if f"K{number}" in NEGATIVE else {})})
        dimensions.append({"code": code, "name": f"Dimensi {code.title()}", "indicators": [
            {"code": f"{code}-1", "name": f"Indikator {code.title()} satu", "items": items[:size // 2]},
            {"code": f"{code}-2", "name": f"Indikator {code.title()} dua", "items": items[size // 2:]}]})
    return make_instrument(dimensions=dimensions, variable="Kinerja Aparatur Kecamatan", **overrides)


def thesis_rows(seed: int = 4) -> list[list[float]]:
    """100 respondents; K5 is answered with the issue's designed frequencies (8/22/30/28/12 %)."""
    rng = np.random.default_rng(seed)
    rows = rng.choice([2, 3, 4, 5], size=(100, 20), p=[0.1, 0.25, 0.4, 0.25]).astype(float)
    rows[:, 4] = [1] * 8 + [2] * 22 + [3] * 30 + [4] * 28 + [5] * 12  # what respondents ticked on K5
    rows[3, 10] = np.nan  # one missing answer
    return rows.tolist()


def table_of(data: dict, caption_part: str) -> dict:
    return next(b for b in data["results"]["blocks"] if b["kind"] == "table" and caption_part in b["caption"])


def texts(row: dict) -> list[str]:
    return [c["text"] for c in row["cells"]]


def test_negative_statement_prints_ticked_counts_and_reversed_weights(app):
    data = report_dict(thesis_rows(), thesis_instrument())
    table = table_of(data, "Indikator Pel dua")  # K5..K8
    assert [c["text"] for c in table["head"][0][1:6]] == ["STS", "TS", "RR", "S", "SS"]  # the order shown
    k5 = next(r for r in table["body"] if texts(r)[0].startswith("K5*"))
    cells = texts(k5)
    assert cells[1:11:2] == ["8", "22", "30", "28", "12"]  # F under STS … SS: what was ticked
    assert cells[2:11:2] == ["8,0", "22,0", "30,0", "28,0", "12,0"]
    assert cells[11:13] == ["100", "100"]  # Jumlah: n answering, 100 %
    assert cells[13] == "286"  # Σ f·w = 8·5 + 22·4 + 30·3 + 28·2 + 12·1
    assert cells[14] == "2,86"
    weights = table["body"][table["body"].index(k5) + 1]
    assert weights["class"] == "weights" and texts(weights)[1:6] == ["5", "4", "3", "2", "1"]
    assert texts(table["body"][0])[1:6] == ["1", "2", "3", "4", "5"]  # positive statements' weights
    assert "Pernyataan negatif" in table["note"] and "STS = 5" in table["note"]
    item = data["scores"]["dimensions"][0]["indicators"][1]["items"][0]
    assert item["counts"] == [12, 28, 30, 22, 8]  # the scores document keeps the scored counts


def test_overall_is_the_mean_of_the_dimension_means_and_says_so(app):
    data = report_dict(thesis_rows(), thesis_instrument())
    dims = data["scores"]["dimensions"]
    by_hand = sum(d["mean"] for d in dims) / 3
    assert data["scores"]["overall"]["mean"] == pytest.approx(by_hand, rel=1e-12)
    assert data["scores"]["overall"]["pooled_mean"] != pytest.approx(by_hand, rel=1e-6)  # 8 statements weigh more
    recap = table_of(data, "Rekapitulasi variabel")
    last = texts(recap["body"][-1])
    assert last[0] == "Variabel Kinerja Aparatur Kecamatan" and last[1] == f"{by_hand:.2f}".replace(".", ",")
    assert "rata-rata dari rata-rata setiap dimensi" in recap["note"]
    pooled = report_dict(thesis_rows(), thesis_instrument(analysis={"overall": "pooled"}))
    assert texts(table_of(pooled, "Rekapitulasi variabel")["body"][-1])[1] == \
        f"{pooled['scores']['overall']['pooled_mean']:.2f}".replace(".", ",")


def test_validity_table_gives_n_df_and_reliability_states_the_rule(app):
    data = report_dict(thesis_rows(), thesis_instrument())
    validity = table_of(data, "validitas")
    group = texts(validity["body"][0])[0]
    assert "n = 100, df = 98" in group  # PEL has no missing answer
    assert "n = 99, df = 97" in texts(validity["body"][9])[0]  # RESP: K11 missing once
    assert "α = 0,05 uji dua sisi" in validity["note"]
    chapter = " ".join(b["text"] for b in data["results"]["blocks"] if b["kind"] == "paragraph")
    assert "listwise, seperti SPSS" in chapter and "r tabel" in chapter
    reliability = table_of(data, "reliabilitas")
    assert texts(reliability["body"][-1])[0] == "Seluruh instrumen"


def test_captions_are_numbered_in_order_with_the_source_line(app):
    data = report_dict(thesis_rows(), thesis_instrument(), demographics={"gender": ["Laki-laki"] * 58 + ["Perempuan"] * 42})
    numbers = [b["number"] for b in data["results"]["tables"]]
    assert numbers == [f"4.{i}" for i in range(1, len(numbers) + 1)]
    assert [b["number"] for b in data["results"]["figures"]] == [f"4.{i}" for i in range(1, 5)]
    assert all(b["source"] == "Sumber: data olahan peneliti, 2026" for b in data["results"]["tables"])
    html = report_html(data, for_pdf=True)
    assert "BAB IV<br>HASIL PENELITIAN DAN PEMBAHASAN" in html and "DAFTAR TABEL" in html
    assert "Tabel 4.1 Karakteristik responden berdasarkan Jenis Kelamin" in html
    paragraph = next(b["text"] for b in data["results"]["blocks"] if b["kind"] == "paragraph" and "Tabel 4.1" in b["text"])
    assert "sebagian besar responden menurut Jenis Kelamin adalah Laki-laki, yaitu 58 orang (58,0\u00a0%)" in paragraph
    custom = report_dict(thesis_rows(), thesis_instrument(), settings={"results_chapter": "III", "results_title": "ANALISIS DATA"})
    assert custom["results"]["tables"][0]["number"] == "3.1"
    assert "BAB III<br>ANALISIS DATA" in report_html(custom, for_pdf=True)


def test_open_answers_grouped_and_bounded(app):
    answers = [{"code": "saran", "text": "Perbaiki  antrean!"}, {"code": "saran", "text": "perbaiki antrean"}]
    answers += [{"code": "saran", "text": f"Usul nomor {i}"} for i in range(500)]
    data = report_dict(open_answers=answers)
    table = table_of(data, "Saran dan masukan")
    rows = [texts(r) for r in table["body"]]
    assert rows[0][1:] == ["Perbaiki  antrean!", "2"]  # two spellings, one group, first
    assert len(rows) == OPEN_ANSWER_GROUPS + 2  # 30 groups, "… dan N jawaban lain", Jumlah
    assert rows[-2][1].startswith("… dan 471 jawaban lain") and rows[-1][-1] == "502"


def test_skm_says_unsur_and_prints_the_ikm_table_without_ideal_percent(app):
    four = {"points": 4, "labels": ["Tidak Baik", "Kurang Baik", "Baik", "Sangat Baik"]}
    data = report_dict([[4, 1, 3, 2], [3, 2, 4, 3], [4, 1, 3, 3]], make_instrument(scale=four, method="ikm_2017"))
    html = report_html(data, for_pdf=True)
    text = re.sub(r"<[^>]+>", " ", html)
    assert "Unsur Kualitas Kerja" in text and "% skor ideal" not in text
    nrr = data["scores"]["ikm"]["unsur"][0]
    assert f"unsur Kualitas Kerja memperoleh NRR {nrr['nrr']:.2f}".replace(".", ",") in text
    ikm = table_of(data, "Indeks Kepuasan Masyarakat")
    assert [c["text"] for c in ikm["head"][0]] == ["Σ NRR tertimbang (IKM 1–4)", "IKM konversi (× 25)",
                                                   "Mutu pelayanan", "Kinerja unit pelayanan"]
    assert "Permen PANRB 14/2017" in ikm["caption"]
    nrr = table_of(data, "per unsur")
    assert [c["text"] for c in nrr["head"][0]][2:5] == ["NRR", "NRR × 1/2", "NRR × 25"]


def test_likert_chart_shows_ticked_answers_under_their_labels(app):
    data = report_dict(thesis_rows(), thesis_instrument())
    svg = data["charts"]["dimensions"]["PEL"]
    assert ">K5*</text>" in svg and "pernyataan negatif" in svg
    assert "<title>Sangat Tidak Setuju: 8,0 %</title>" in svg  # 8 % ticked STS on K5 …
    assert "<title>Sangat Setuju: 12,0 %</title>" in svg  # … and 12 % SS (not the reversed 12 / 8)
    assert "Sangat Tidak Setuju: 12,0 %" not in svg


def test_long_unsur_names_wrap_instead_of_being_clipped(app):
    from survey.analysis.charts import dimension_means_chart
    data = report_dict(thesis_rows(), thesis_instrument())
    scores = data["scores"]
    scores["dimensions"][0]["name"] = "Penanganan Pengaduan, Saran dan Masukan dari Masyarakat"
    svg = dimension_means_chart(scores)
    assert ">Penanganan Pengaduan, Saran<" in svg and ">dan Masukan dari Masyarakat<" in svg and "…" not in svg


def test_lettered_style_letters_the_results_sections_too(app):
    data = report_dict(thesis_rows(), thesis_instrument(), settings={"heading_style": "lettered"})
    headings = [b["text"] for b in data["results"]["blocks"] if b["kind"] == "heading"]
    assert headings[:2] == ["A. Karakteristik Responden", "B. Uji Validitas dan Reliabilitas Instrumen"]
    assert "1. Dimensi Pel" in headings and not any(h.startswith("4.") for h in headings)
