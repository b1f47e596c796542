"""Statements in the report's own words: a clause or a noun phrase instead of a quoted question.

"Urusan saya selesai tanpa harus datang berkali-kali." reads in a Kesimpulan as "urusan
responden selesai tanpa harus datang berkali-kali"; an SKM question "Bagaimana kecepatan waktu
dalam memberikan pelayanan?" as the noun phrase "kecepatan waktu dalam memberikan pelayanan".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# First-person and second-person words of questionnaires, replaced by the party the text talks
# about: the first by the noun ("responden"), later ones by a pronoun so it does not repeat.
_PERSON = {"id": re.compile(r"\b(saya|Saya|Anda|anda|aku|Aku)\b"),
           "en": re.compile(r"\b(I|me|you|You)\b")}
_POSSESSIVE_EN = re.compile(r"\b(my|My|your|Your)\b")
_QUESTION_STARTS = {"id": ("bagaimanakah ", "bagaimana ", "seberapa ", "apakah "),
                    "en": ("how would you rate ", "how is ", "how are ", "how ")}


@dataclass(frozen=True)
class Phrase:
    text: str  # lowercase-first, no final punctuation
    noun: bool  # a noun phrase (from a question) rather than a clause


def is_name(word: str) -> bool:
    """An acronym or a proper name keeps its capitals: KTP, RT/RW, e-KTP, Dukcapil."""
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(letters) > 1 and (upper > 1 or (upper == 1 and not letters[0].isupper()))


def lower_first(text: str) -> str:
    """'Kecepatan pelayanan' -> 'kecepatan pelayanan'; 'KTP elektronik' stays."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if is_name(first) or not first[0].isupper():
        return text
    return text[0].lower() + text[1:]


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence_case(name: str) -> bool:
    """'Kecepatan menanggapi' (only its first word capitalised) reads as a common noun phrase."""
    words = [w for w in re.split(r"[\s/]+", name) if w]
    return all(not w[:1].isupper() or is_name(w) for w in words[1:])


def common_noun(name: str, language: str, keep: str = "") -> str:
    """A name from the instrument as a common noun mid-sentence.

    Sentence-case names lose their first capital. Title-case names ("Kinerja Aparatur
    Kecamatan") are lowered word by word, except acronyms and runs of two or more words that
    also appear in `keep` (the institution: "Kecamatan Kupang Barat" stays a place name).
    """
    if sentence_case(name):
        return lower_first(name)
    words = name.split(" ")
    kept = [False] * len(words)
    haystack = f" {keep} "
    for start in range(len(words)):
        for end in range(len(words), start + 1, -1):
            if f" {' '.join(words[start:end])} " in haystack:
                for i in range(start, end):
                    kept[i] = True
                break
    return " ".join(w if kept[i] or is_name(w) else w.lower() for i, w in enumerate(words))


def paraphrase(text: str, language: str, person: str | None = None) -> Phrase:
    """The statement as a clause (or, for a question, a noun phrase) without first person."""
    language = "en" if language == "en" else "id"
    clean = " ".join(text.split()).strip().rstrip(".!?;:").strip()
    noun = text.strip().endswith("?")
    lowered = clean.lower()
    for start in _QUESTION_STARTS["en"] + _QUESTION_STARTS["id"]:
        if lowered.startswith(start):
            clean = clean[len(start):]
            noun = noun or start.strip() in ("bagaimana", "bagaimanakah", "seberapa", "how")
            break
    # Pronouns are replaced in the statement's own language (a library statement is Indonesian
    # even in an English report): the report's `person` where the languages agree.
    for own in ("id", "en"):
        noun_word = person if own == language and person else ("responden" if own == "id" else "respondents")
        pronoun = "mereka" if own == "id" else "they"
        seen: list[str] = []

        def replace(match: re.Match, noun_word=noun_word, pronoun=pronoun, seen=seen) -> str:
            seen.append(match.group(0))
            return noun_word if len(seen) == 1 else pronoun

        clean = _PERSON[own].sub(replace, clean)
    clean = _POSSESSIVE_EN.sub("their", clean)
    return Phrase(lower_first(clean), noun)
