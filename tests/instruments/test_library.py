"""The paired library templates (SERVQUAL harapan/kenyataan, IPA kepentingan/kinerja) and the
perception-only SERVQUAL variant: structure, sides, wording rules, and that they score."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from survey.instruments import build_instrument, dump_instrument, load_instrument, load_template, to_document
from survey.instruments.model import side_key
from survey.scoring import score_study

PAIRED = ("servqual", "ipa_pelayanan_publik")


def test_servqual_is_paired_with_the_22_statements_of_parasuraman_1988():
    servqual = load_template("servqual")
    assert (servqual.pairing.importance.name, servqual.pairing.performance.name) == ("Harapan", "Kenyataan")
    # Both sides on the agreement scale, as the original: a negative statement reads on both.
    assert servqual.pairing.importance.labels == servqual.pairing.performance.labels == servqual.scale.labels
    assert [(d.code, len(d.items)) for d in servqual.dimensions] == [("BF", 4), ("KH", 5), ("DT", 4),
                                                                     ("JM", 4), ("EM", 5)]
    assert [d.name for d in servqual.dimensions] == ["Bukti Fisik (Tangibles)", "Keandalan (Reliability)",
                                                     "Daya Tanggap (Responsiveness)", "Jaminan (Assurance)",
                                                     "Empati (Empathy)"]
    for dimension in servqual.dimensions:
        assert [item.code for item in dimension.items] == [f"{dimension.code}-{k:02d}"
                                                           for k in range(1, len(dimension.items) + 1)]
    assert "Parasuraman" in servqual.citation and "1988" in servqual.citation
    assert servqual.method == "ideal_percent"
    reverse = [item.code for item in servqual.items if item.reverse]
    assert len(reverse) == 4 and len({code.split("-")[0] for code in reverse}) == 4  # spread over dimensions
    assert len(servqual.answer_keys) == 44 and servqual.answer_keys[:2] == ("BF-01:importance", "BF-01:performance")


def test_ipa_template_asks_importance_and_performance_of_the_nine_skm_unsur():
    ipa = load_template("ipa_pelayanan_publik")
    assert ipa.pairing.importance.name == "Tingkat Kepentingan"
    assert ipa.pairing.importance.labels == ("Sangat Tidak Penting", "Tidak Penting", "Cukup Penting",
                                             "Penting", "Sangat Penting")
    assert ipa.pairing.performance.name == "Tingkat Kinerja"
    assert ipa.pairing.performance.labels == ipa.scale.labels == ("Sangat Tidak Baik", "Tidak Baik", "Cukup Baik",
                                                                  "Baik", "Sangat Baik")
    skm = load_template("skm_2017")
    assert [(d.code, d.name) for d in ipa.dimensions] == [(d.code, d.name) for d in skm.dimensions]
    assert "Martilla" in ipa.citation and "1977" in ipa.citation and "14 Tahun 2017" in ipa.citation
    # "How important is a complaint?" has no answer: no reverse items on an importance scale.
    assert not any(item.reverse for item in ipa.items)
    assert 18 <= len(ipa.items) <= 27
    assert all(re.fullmatch(r"U\d-\d\d", item.code) for item in ipa.items)


def test_perception_only_servqual_is_kept_and_named_as_such():
    single = load_template("servqual_persepsi")
    assert single.pairing is None and "persepsi saja" in single.framework
    assert [d.name.split(" (")[1] for d in single.dimensions] == \
        [d.name.split(" (")[1] for d in load_template("servqual").dimensions]  # the same five dimensions
    assert "Parasuraman" in single.citation


@pytest.mark.parametrize("name", PAIRED)
def test_paired_templates_follow_the_library_rules(name):
    instrument = load_template(name)
    texts = [item.text for item in instrument.items]
    assert len(set(texts)) == len(texts)
    for item in instrument.items:
        assert item.action and item.action[0].islower() and not item.action.endswith(".")
        assert item.own_labels is None  # an item's own labels do not apply to a paired study
    assert instrument.introduction and instrument.pairing.importance.name in instrument.introduction
    assert instrument.pairing.performance.name in instrument.introduction
    assert load_instrument(dump_instrument(instrument)) == instrument
    assert build_instrument(to_document(instrument)).pairing == instrument.pairing


@pytest.mark.parametrize("name", PAIRED)
def test_paired_templates_score_with_an_ipa_block(name):
    instrument = load_template(name)
    rng = np.random.default_rng(3)
    codes = [item.code for item in instrument.items]
    n = 80
    importance = pd.DataFrame(np.clip(np.rint(rng.normal(4.3, 0.7, (n, len(codes)))), 1, 5), columns=codes)
    performance = pd.DataFrame(np.clip(np.rint(rng.normal(3.4, 0.9, (n, len(codes)))), 1, 5), columns=codes)
    for frame in (importance, performance):
        frame[rng.random(frame.shape) < 0.05] = np.nan
        for item in instrument.items:
            if item.reverse:  # ticked the other way round, on both sides
                frame[item.code] = 6 - frame[item.code]
    scores = score_study(instrument, performance, importance=importance)
    ipa = scores["ipa"]
    assert [row["code"] for row in ipa["items"]] == codes
    assert sorted(code for q in ipa["quadrants"].values() for code in q) == sorted(codes)
    assert ipa["sides"] == {"importance": instrument.pairing.importance.name,
                            "performance": instrument.pairing.performance.name}
    assert ipa["overall"]["gap"] < 0  # performance drawn below importance
    assert side_key(codes[0], "importance") in instrument.answer_keys
