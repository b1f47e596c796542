"""The demo study: a ready instrument with simulated responses, clearly marked as simulated.

Responses are drawn from a simple latent model (each respondent's general satisfaction plus each
indicator's own level), so scores, validity and reliability look like real data and a few
indicators fall below "Baik" to show the Saran.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from ..collect.csv_import import import_responses
from ..instruments import Instrument, load_template, side_key
from ..models import Study
from .service import create_study, get_study

DEMO_SLUG = "demo"
DEMO_TEMPLATE = "dwiyanto"
DEMO_INSTITUTION = "Kantor Kecamatan Contoh (data simulasi)"
# Accounts for trying the researcher and enumerator pages on a local copy; never for production.
DEMO_ACCOUNTS = (("peneliti@demo.contoh", "demo-peneliti", "researcher"),
                 ("enumerator@demo.contoh", "demo-enumerator", "enumerator"))

SAMPLE_SUGGESTIONS = (
    "Mohon jam pelayanan diumumkan dengan jelas di depan kantor.",
    "Petugas sudah ramah, tetapi antrean masih terlalu panjang pada hari Senin.",
    "Sebaiknya ada kotak saran dan nomor pengaduan yang aktif.",
    "Persyaratan berkas perlu ditempel di papan informasi.",
    "Ruang tunggu perlu ditambah kursi dan kipas angin.",
    "",
)


def simulate_responses(instrument: Instrument, n: int, seed: int = 2026) -> pd.DataFrame:
    """A frame in the CSV import's layout: item codes (for a paired study `<code>:importance` and
    `<code>:performance`), demographic and open-question codes."""
    rng = np.random.default_rng(seed)
    points = instrument.scale.points
    person = rng.normal(0.0, 0.7, size=(n, 1))
    columns: dict[str, object] = {}
    for position, indicator in enumerate(instrument.indicators):
        level = 0.9 - 0.35 * (position % 5) + rng.normal(0, 0.2)  # some indicators weaker
        for item in indicator.items:
            latent = 3.4 + level + person[:, 0] + rng.normal(0, 0.75, size=n)
            value = np.clip(np.rint(latent), 1, points).astype(int)
            if item.reverse:
                value = points + 1 - value
            answers = pd.Series(value, dtype="Int64")
            answers[rng.random(n) < 0.02] = pd.NA  # a few skipped statements
            if instrument.pairing is None:
                columns[item.code] = answers
                continue
            # Importance: high everywhere, varying by statement, so the quadrants are all populated.
            expected = np.clip(np.rint(4.1 + rng.normal(0, 0.35) + rng.normal(0, 0.6, size=n)), 1, points).astype(int)
            if item.reverse:
                expected = points + 1 - expected
            importance = pd.Series(expected, dtype="Int64")
            importance[rng.random(n) < 0.02] = pd.NA
            columns[side_key(item.code, "importance")] = importance
            columns[side_key(item.code, "performance")] = answers
    for question in instrument.demographics:
        if question.type == "choice":
            columns[question.code] = rng.choice(question.choices, size=n)
        elif question.type == "integer":
            lo, hi = question.min or 17, min(question.max or 80, 75)
            columns[question.code] = rng.integers(lo, hi + 1, size=n)
    for question in instrument.open_questions[:1]:
        columns[question.code] = rng.choice(SAMPLE_SUGGESTIONS, size=n)
    return pd.DataFrame(columns)


def load_demo(session: Session, n_responses: int = 120) -> Study:
    """Create the demo study once (later calls return the existing one)."""
    existing = get_study(session, DEMO_SLUG)
    if existing is not None:
        return existing
    from ..auth.users import create_user, find_user
    researcher, enumerator = (find_user(session, email) or create_user(session, email, password, role)
                              for email, password, role in DEMO_ACCOUNTS)
    instrument = load_template(DEMO_TEMPLATE, institution=DEMO_INSTITUTION)
    study = create_study(session, instrument, slug=DEMO_SLUG, simulated=True)
    study.listed = True  # the demo is meant to be found from the home page
    study.owner_id = researcher.id
    study.enumerators.append(enumerator)
    frame = simulate_responses(instrument, n_responses)
    import_responses(session, study, instrument, frame.to_csv(index=False), simulated=True)
    return study
