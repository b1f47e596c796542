"""Style checks a thesis supervisor applies to a Penutup, as functions returning the offences."""
from __future__ import annotations

import re
from collections import Counter

from survey.narrative.statements import is_name

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
DOUBLED = re.compile(r"[.,;:!?][”\"’)]?[.,;:!?]")
FIXED_NAMES = ("Indeks Kepuasan Masyarakat", "Survei Kepuasan Masyarakat", "Community Satisfaction Index",
               "Community Satisfaction Survey", "IKM", "NRR", "Permen PANRB", "KepMenPAN")


def paragraphs(findings: dict) -> list[str]:
    k = findings["kesimpulan"]
    texts = [k["opening"]["text"]]
    for section in k["dimensions"] + k.get("ipa", []) + k.get("factors", []):
        texts += [p["text"] for p in section["paragraphs"]]
    if k.get("closing"):
        texts.append(k["closing"]["text"])
    return texts + [findings.get("saran_lead", "")] + [s["text"] for s in findings["saran"]]


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s]


def repeated_sentences(findings: dict) -> list[str]:
    counts = Counter(s for text in paragraphs(findings) for s in sentences(text))
    return [s for s, n in counts.items() if n > 1]


def doubled_punctuation(findings: dict) -> list[str]:
    return [m.group(0) for text in paragraphs(findings) for m in DOUBLED.finditer(text)]


def names_of(instrument, scores: dict, open_answers: list[dict]) -> list[str]:
    """Names the text may keep as written: the instrument's, the category labels, respondents' words."""
    names = [instrument.institution, *FIXED_NAMES, *scores["categories"]["labels"]]
    names += [d.name for d in instrument.dimensions] + [i.name for i in instrument.indicators]
    names += [r.text for r in instrument.recommendations] + [a["text"].rstrip(".!?") for a in open_answers]
    if scores.get("ipa"):  # quadrant names: Prioritas Utama, Concentrate here …
        names += list(scores["ipa"]["quadrant_labels"].values())
    if scores.get("ikm"):
        names += [scores["ikm"]["regulation"], *(u["label"] for u in scores["ikm"]["unsur"] if u["label"])]
    return sorted({n for n in names if n}, key=len, reverse=True)


def capitals_mid_sentence(findings: dict, names: list[str]) -> list[str]:
    """Capitalised words after a sentence's first word that are neither names nor acronyms."""
    offences = []
    for text in paragraphs(findings):
        for sentence in sentences(text):
            for name in names:
                sentence = sentence.replace(name, "x")
            for word in re.findall(r"[\w/-]+", sentence)[1:]:
                if word[:1].isupper() and not is_name(word) and len(word) > 1:
                    offences.append(f"{word}: {sentence}")
    return offences


def comma_lists_without_semicolons(findings: dict, instrument) -> list[str]:
    """A name containing a comma listed beside another name with a plain comma."""
    names = [d.name for d in instrument.dimensions]
    bad = []
    for text in paragraphs(findings):
        for name in (n for n in names if ", " in n):
            for other in (n for n in names if n != name):
                for joined in (f"{name}, {other}", f"{other}, {name}", f"{other}, dan {name}", f"{name}, dan {other}"):
                    if joined in text:
                        bad.append(joined)
    return bad
