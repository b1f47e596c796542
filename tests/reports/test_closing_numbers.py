"""The closing chapter against the results chapter it follows: every mean it prints (two
decimals) is printed in the results chapter too, and the factors subsection is numbered."""
from __future__ import annotations

import re

import pytest

from survey.instruments import library_names
from survey.reports.data import DEFAULT_SETTINGS, build_report
from survey.reports.render import report_html
from survey.scoring import score_study
from tests.narrative.simulate import answers, open_answers, template
from tests.reports.fixtures import TODAY


def rendered(name: str, level: str = "mixed") -> str:
    instrument = template(name)
    scores = score_study(instrument, answers(instrument, level))
    study = {"slug": name, "title": instrument.title, "institution": instrument.institution, "simulated": True}
    data = build_report(instrument, scores, open_answers(instrument), dict(DEFAULT_SETTINGS), {}, study, None,
                        today=TODAY)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", report_html(data, for_pdf=True)))


@pytest.mark.parametrize("name", library_names())
def test_every_mean_in_the_kesimpulan_is_in_the_results_chapter(app, name):
    text = rendered(name)
    results, closing = text[:text.index("BAB VI PENUTUP")], text[text.index("BAB VI PENUTUP"):text.index("Lampiran")]
    stated = set(re.findall(r"(?<![\d,])\d+,\d\d(?!\d)", closing))
    assert stated and stated <= set(re.findall(r"(?<![\d,])\d+,\d\d(?!\d)", results))
    saran = closing[closing.index("6.2 Saran"):]
    assert not re.search(r"\d+,\d", saran)  # no statistics in the Saran


def test_factors_follow_the_dimensions_as_their_own_subsection(app):
    closing = rendered("standar_pelayanan_2003")
    closing = closing[closing.index("BAB VI PENUTUP"):]
    assert "6.1.6 Kompetensi Petugas Pemberi Pelayanan" in closing
    assert closing.index("6.1.7 Faktor Pendukung dan Penghambat") < closing.index("Faktor pendukung yang paling banyak")
    assert closing.index("Faktor penghambat yang paling banyak") < closing.index("Secara keseluruhan") < closing.index("6.2 Saran")
