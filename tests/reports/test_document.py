"""The report document from plain data (no database): structure, styles, languages, escaping."""
from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from survey.reports.data import category_ranges, date_range
from survey.reports.edits import apply_edits, move
from survey.reports.render import report_html
from tests.reports.fixtures import STRONG_AND_WEAK, make_instrument, report_dict

FOUR_POINT = {"points": 4, "labels": ["Tidak Baik", "Kurang Baik", "Baik", "Sangat Baik"]}


def half_up(value: float, decimals: int, comma: bool = True) -> str:
    """Rounded the way printed tables round (4.625 -> 4.63), independently of the product's code."""
    text = str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    return text.replace(".", ",") if comma else text


def html_of(data: dict) -> str:
    return report_html(data, for_pdf=True)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_numbered_closing_chapter_with_one_addressee(app):
    data = report_dict()
    text = text_of(html_of(data))
    for heading in ("BAB VI PENUTUP", "6.1 Kesimpulan", "6.1.1 Kualitas Kerja", "6.1.2 Ketepatan Waktu", "6.2 Saran"):
        assert heading in text
    assert text.index("6.1 Kesimpulan") < text.index("6.1.1 Kualitas Kerja") < text.index("6.2 Saran")
    # One Saran per weak statement (both WAKTU statements), then the public's by default.
    assert [s["id"] for s in data["findings"]["saran"]] == ["saran.item.Q3", "saran.item.Q4", "saran.public"]
    assert text.index("a. Bagi Kantor Kecamatan Contoh") < text.index("b. Bagi Masyarakat")
    closing = text[text.index("BAB VI PENUTUP"):text.index("Lampiran")]
    assert closing.count("Kantor Kecamatan Contoh") == 2  # the opening and the group heading only


def test_lettered_style_and_chapter_five(app):
    text = text_of(html_of(report_dict(settings={"chapter": "V", "heading_style": "lettered"})))
    assert "BAB V PENUTUP" in text and "A. Kesimpulan" in text and "B. Saran" in text
    assert "a. Kualitas Kerja" in text and "b. Ketepatan Waktu" in text
    assert "6.1" not in text and "5.1" not in text


def test_saran_grouped_by_addressee_when_the_instrument_names_others(app):
    instrument = make_instrument(recommendations=[
        {"addressee": "Masyarakat", "text": "Warga membawa berkas lengkap sesuai daftar di papan informasi."}])
    html = html_of(report_dict(instrument=instrument))
    text = text_of(html)
    assert text.index("a. Bagi Kantor Kecamatan Contoh") < text.index("b. Bagi Masyarakat")
    assert text.index("b. Bagi Masyarakat") < text.index("Warga membawa berkas lengkap")
    assert html.count('<ol class="saran paren">') == 2


def test_english_study_reads_in_english_with_decimal_points(app):
    data = report_dict(instrument=make_instrument(language="en"))
    text = text_of(html_of(data))
    assert "CHAPTER VI CONCLUSION" in text and "6.1 Conclusions" in text and "6.2 Recommendations" in text
    mean = data["scores"]["dimensions"][0]["mean"]
    assert half_up(mean, 2, comma=False) in text and half_up(mean, 2) not in text
    assert "Kesimpulan" not in text and "2–20 March 2026" in text


def test_indonesian_numbers_use_a_decimal_comma(app):
    data = report_dict()
    html = html_of(data)
    overall = data["scores"]["overall"]
    assert half_up(overall["mean"], 2) in html
    assert half_up(overall["percent_ideal"], 1) + "\u00a0%" in html  # no line break before the %


def test_ikm_table_only_for_ikm_studies(app):
    ikm = make_instrument(scale=FOUR_POINT, method="ikm_2017")
    data = report_dict([[4, 1, 2, 2], [3, 2, 1, 2], [4, 1, 2, 1]], instrument=ikm)
    text = text_of(html_of(data))
    assert "Indeks Kepuasan Masyarakat (IKM)" in text
    value = data["scores"]["ikm"]["value"]
    assert half_up(value, 2) in text and data["scores"]["ikm"]["grade"] in text
    assert "Indeks Kepuasan Masyarakat (IKM)" not in text_of(html_of(report_dict()))


def test_respondent_text_is_escaped(app):
    instrument = make_instrument(open_questions=[
        {"code": "saran", "label": "Saran dan masukan untuk kantor kecamatan", "dimension": "KUAL"}])
    nasty = '<script>alert(1)</script><img src="http://evil.example/x.png"> & <b>tebal</b>'
    html = html_of(report_dict(instrument=instrument, open_answers=[{"code": "saran", "text": nasty}]))
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2  # the Kesimpulan quote and the appendix
    assert "&amp; &lt;b&gt;tebal&lt;/b&gt;" in html


def test_researcher_text_is_escaped_too(app):
    data = report_dict(settings={"researcher": "<i>Maria</i>", "period": "<b>Maret</b>"},
                       edits={"kesimpulan.opening": {"text": "<a href='http://x'>teks</a>", "fingerprint": "x"}})
    html = html_of(data)
    assert "<i>Maria</i>" not in html and "&lt;i&gt;Maria&lt;/i&gt;" in html
    assert "<a href='http" not in html and "&lt;b&gt;Maret&lt;/b&gt;" in html


def test_no_responses_gives_a_short_explanation(app):
    data = report_dict([])
    html = html_of(data)
    text = text_of(html)
    assert "Belum Ada Jawaban" in text and "BAB VI" not in text and "<svg" not in html
    assert "Lampiran 1. Instrumen Penelitian" in text and "Petugas memeriksa berkas saya dengan teliti." in text


def test_a_dimension_without_answers_does_not_break_the_document(app):
    nan = float("nan")
    data = report_dict([[5, 1, nan, nan], [4, 2, nan, nan]])
    text = text_of(html_of(data))
    assert "6.1.2 Ketepatan Waktu" in text and "Belum ada jawaban untuk dimensi Ketepatan Waktu" in text


def test_margins_and_chapter_come_from_the_settings(app):
    html = html_of(report_dict(settings={"margin_left_cm": 3.5, "margin_top_cm": 3.0}))
    assert "@page { margin: 3.0cm 3.0cm 3.0cm 3.5cm; }" in html
    default = html_of(report_dict())
    assert "@page { margin: 4.0cm 3.0cm 3.0cm 4.0cm; }" in default


def test_category_ranges_and_dates():
    assert category_ranges({"basis": "mean", "lower_bounds": [1.0, 1.81], "bounds": [1.8, 2.6]}, "id") == [
        "1,00–1,80", "1,81–2,60"]
    assert category_ranges({"basis": "ikm_converted", "lower_bounds": [25.0], "bounds": [64.99]}, "id") == [
        "25,00–64,99 %"]
    assert date_range(date(2026, 3, 2), date(2026, 3, 20), "id") == "2–20 Maret 2026"
    assert date_range(date(2026, 2, 27), date(2026, 3, 3), "id") == "27 Februari – 3 Maret 2026"
    assert date_range(date(2025, 12, 30), date(2026, 1, 2), "en") == "30 December 2025 – 2 January 2026"
    assert date_range(date(2026, 3, 2), date(2026, 3, 2), "id") == "2 Maret 2026"


def _findings() -> dict:
    paragraph = lambda id_, fp: {"id": id_, "text": f"draf {id_}", "fingerprint": fp}  # noqa: E731
    return {"kesimpulan": {"opening": paragraph("kesimpulan.opening", "a1"),
                           "dimensions": [{"code": "D1", "name": "D1", "paragraphs": [paragraph("kesimpulan.dim.D1", "b1")]}]},
            "saran": [{**paragraph(f"saran.institution.I{i}", f"s{i}"), "addressee": "Kantor"} for i in (1, 2, 3)]}


def test_edits_apply_by_id_and_flag_changed_numbers():
    edits = {"kesimpulan.opening": {"text": "teks peneliti", "fingerprint": "a1"},
             "kesimpulan.dim.D1": {"text": "teks lama", "fingerprint": "OLD"},
             "saran.institution.I2": {"removed": True},
             "saran.own.1": {"text": "saran sendiri", "addressee": "Camat", "added": True, "position": 1},
             "saran.institution.I9": {"text": "untuk indikator yang tidak lagi lemah", "fingerprint": "x"}}
    result = apply_edits(_findings(), edits)
    opening, dim = result["kesimpulan"]["opening"], result["kesimpulan"]["dimensions"][0]["paragraphs"][0]
    assert opening["text"] == "teks peneliti" and opening["edited"] and not opening["review"]
    assert dim["text"] == "teks lama" and dim["review"] and dim["draft"] == "draf kesimpulan.dim.D1"
    assert [s["id"] for s in result["saran"]] == ["saran.own.1", "saran.institution.I1", "saran.institution.I3"]
    assert [s["id"] for s in result["removed"]] == ["saran.institution.I2"]
    assert "untuk indikator yang tidak lagi lemah" not in str(result["saran"])  # its finding is gone


def test_explicit_order_and_new_drafts():
    order = {f"saran.institution.I{i}": {"position": p} for i, p in ((1, 3), (2, 1), (3, 2))}
    result = apply_edits(_findings(), order)
    assert [s["id"][-2:] for s in result["saran"]] == ["I2", "I3", "I1"]
    assert move(["a", "b", "c"], "c", "up") == ["a", "c", "b"]
    assert move(["a", "b", "c"], "a", "up") == ["a", "b", "c"]
    assert move(["a", "b", "c"], "a", "down") == ["b", "a", "c"]
    assert move(["a", "b"], "zz", "down") == ["a", "b"]


def test_profile_and_group_means_hide_small_groups(app):
    rows = STRONG_AND_WEAK * 2 + [[4, 2, 3, 3], [5, 1, 3, 2]]  # 10 respondents
    gender = ["Laki-laki"] * 6 + ["Perempuan"] * 4
    data = report_dict(rows, demographics={"gender": gender})
    text = text_of(html_of(data))
    assert "Tabel 4.1 Karakteristik responden berdasarkan Jenis Kelamin" in text
    assert "1 Laki-laki 6 60,0 % 2 Perempuan 4 40,0 % Jumlah 10 100,0 %" in text
    assert "Rata-rata setiap dimensi menurut Jenis Kelamin" in text
    men = [row for row, who in zip(rows, gender) if who == "Laki-laki"]
    kual = sum(r[0] + (6 - r[1]) for r in men) / (2 * len(men))
    assert f"Laki-laki 6 {half_up(kual, 2)}" in text
    breakdown = text[text.rindex("Rata-rata setiap dimensi menurut"):]  # the table, not its line in the list
    assert "Perempuan 4 " not in breakdown[:breakdown.index("Sumber")]  # under 5: hidden
    assert "kurang dari 5 responden tidak ditampilkan (1 kelompok, 4 responden)" in text
    assert "berdasarkan Usia" not in text  # nobody answered it: no empty table
