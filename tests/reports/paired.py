"""A paired study (kepentingan vs kinerja) for the IPA tests of the results page, the report and
the narrative: 3 dimensions, 10 statements with hyphenated codes, one negative statement, a
missing side, statements whose quadrant is known by construction.

Importance (raw) and performance (raw) per respondent, instrument order. TAN-02* is negative:
its scored value is 6 − raw on both sides.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from survey.instruments import Instrument, build_instrument
from survey.reports.data import DEFAULT_SETTINGS, build_report
from survey.scoring import score_study
from tests.conftest import instrument_doc

CODES = ["TAN-01", "TAN-02", "TAN-03", "KEH-01", "KEH-02", "KEH-03", "KEH-04", "RES-01", "RES-02", "RES-03"]
TODAY = date(2026, 4, 30)

# Eight respondents. Scored importance / performance means by statement (TAN-02 reversed):
# high importance and low performance for TAN-01, KEH-02 and RES-01 (quadrant I).
IMPORTANCE = [
    [5, 1, 4, 4, 5, 3, 3, 5, 3, 4],
    [5, 2, 4, 4, 5, 3, 3, 5, 3, 4],
    [4, 1, 4, 5, 5, 3, 2, 5, 3, 4],
    [5, 1, 5, 4, 4, 2, 3, 4, 3, 4],
    [5, 2, 4, 4, 5, 3, 3, 5, 2, 5],
    [4, 1, 4, 5, 5, 3, 3, 5, 3, 4],
    [5, 1, 4, 4, 4, 3, 3, 5, 3, 4],
    [5, 2, 5, 4, 5, 3, 3, 4, 3, None],
]
PERFORMANCE = [
    [2, 2, 4, 4, 2, 3, 4, 2, 2, 4],
    [3, 1, 4, 4, 3, 3, 4, 2, 3, 4],
    [2, 2, 4, 5, 2, 2, 4, 3, 2, 4],
    [2, 1, 5, 4, 2, 3, 5, 2, 2, 5],
    [3, 2, 4, 4, 3, 3, 4, 2, 2, 4],
    [2, 1, 4, 5, 2, 3, 4, 3, 3, 4],
    [2, 2, 4, 4, 3, 3, 4, 2, 2, 4],
    [3, 1, 4, 4, 2, None, 4, 2, 2, 4],
]


def paired_doc(language: str = "id") -> dict:
    """The instrument document (a study of a kecamatan's service, asked kepentingan vs kinerja)."""
    items = {
        "TAN": [("TAN-01", "Ruang tunggu kantor kecamatan nyaman.", "menata ruang tunggu agar nyaman bagi warga", False),
                ("TAN-02", "Saya kesulitan menemukan loket yang harus dituju.",
                 "memasang petunjuk arah loket yang mudah dibaca", True),
                ("TAN-03", "Petugas berpakaian rapi.", None, False)],
        "KEH": [("KEH-01", "Petugas memeriksa berkas saya dengan teliti.", None, False),
                ("KEH-02", "Urusan saya selesai sesuai waktu yang dijanjikan.",
                 "menetapkan dan menaati batas waktu penyelesaian setiap layanan", False),
                ("KEH-03", "Jam buka pelayanan sesuai pengumuman.", None, False),
                ("KEH-04", "Biaya pelayanan diumumkan di loket.", None, False)],
        "RES": [("RES-01", "Petugas menanggapi keluhan saya dengan cepat.",
                 "menyediakan petugas khusus yang menanggapi keluhan pada hari yang sama", False),
                ("RES-02", "Petugas menjelaskan persyaratan dengan jelas.", None, False),
                ("RES-03", "Petugas bersikap sopan.", None, False)],
    }
    names = {"TAN": ("Bukti Fisik", "Sarana pelayanan"), "KEH": ("Keandalan", "Ketepatan pelayanan"),
             "RES": ("Daya Tanggap", "Kecepatan menanggapi")}
    dimensions = [{"code": code, "name": names[code][0], "indicators": [
        {"code": f"{code}-I", "name": names[code][1], "items": [
            {"code": c, "text": text, **({"action": action} if action else {}), **({"reverse": True} if rev else {})}
            for c, text, action, rev in rows]}]} for code, rows in items.items()]
    pairing = ({"importance": {"name": "Tingkat Kepentingan",
                               "labels": ["Sangat Tidak Penting", "Tidak Penting", "Cukup Penting", "Penting",
                                          "Sangat Penting"]},
                "performance": {"name": "Tingkat Kinerja"}} if language == "id" else
               {"importance": {"name": "Importance"}, "performance": {"name": "Performance"}})
    return instrument_doc(dimensions=dimensions, pairing=pairing, language=language,
                          open_questions=[], demographics=[])


def paired_overrides(language: str = "id") -> dict:
    """The keys of `paired_doc` that differ from the minimal instrument (for `make_study(**…)`)."""
    doc = paired_doc(language)
    return {key: doc[key] for key in ("dimensions", "pairing", "language", "open_questions", "demographics")}


def store_paired(session, study, instrument: Instrument) -> None:
    """Store the eight respondents through the submission path, both sides per statement."""
    from survey.collect.submission import store_submission, validate_submission
    from survey.instruments.model import side_key
    for i, (importance, performance) in enumerate(zip(IMPORTANCE, PERFORMANCE)):
        answers = {}
        for code, e, p in zip(CODES, importance, performance):
            if e is not None:
                answers[side_key(code, "importance")] = e
            if p is not None:
                answers[side_key(code, "performance")] = p
        submission, errors = validate_submission(instrument, answers, require_all_items=False)
        assert not errors, errors
        store_submission(session, study, submission, channel="link", response_uuid=f"ipa-{i}")
    session.commit()


def paired_instrument(language: str = "id") -> Instrument:
    return build_instrument(paired_doc(language))


def paired_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    importance = pd.DataFrame(IMPORTANCE, columns=CODES, dtype=float)
    performance = pd.DataFrame(PERFORMANCE, columns=CODES, dtype=float)
    return importance, performance


def paired_scores(instrument: Instrument | None = None) -> dict:
    instrument = instrument or paired_instrument()
    importance, performance = paired_frames()
    return score_study(instrument, performance, slug="ipa-fixture", importance=importance)


def paired_report(language: str = "id") -> dict:
    instrument = paired_instrument(language)
    scores = paired_scores(instrument)
    study = {"slug": "ipa-fixture", "title": instrument.title, "institution": instrument.institution,
             "simulated": False}
    return build_report(instrument, scores, [], dict(DEFAULT_SETTINGS), {}, study,
                        (date(2026, 3, 2), date(2026, 3, 20)), today=TODAY)
