"""Kesimpulan and Saran drafted from the scores: plain data in, plain data out.

Every paragraph and recommendation has a stable `id` (the researcher's edits are stored by it)
and a `fingerprint` of the numbers it states, so an edited paragraph whose numbers later change
can be flagged for review. Glossary: Kesimpulan = conclusions, Saran = recommendations.
"""
from __future__ import annotations

import hashlib
import json

from .numbers import format_number, format_percent, join_list
from .wording import WORDS


def fingerprint(*numbers) -> str:
    """A short hash of the numbers a text states, as printed (so noise below print does not count)."""
    printed = [format_number(n, 2, "en") if isinstance(n, (int, float)) or n is None else str(n) for n in numbers]
    return hashlib.sha256(json.dumps(printed).encode()).hexdigest()[:12]


def draft_findings(scores: dict, instrument, open_answers: list[dict] | None = None,
                   settings: dict | None = None) -> dict:
    """The closing chapter's text: {"language", "kesimpulan": {...}, "saran": [...], "notes": [...]}."""
    settings = settings or {}
    lang = instrument.language if instrument.language in WORDS else "id"
    w = WORDS[lang]
    num = lambda v, d=2: format_number(v, d, lang)  # noqa: E731
    pct = lambda v: format_percent(v, 1, lang)  # noqa: E731
    labels = scores["categories"]["labels"]
    target_index = _target_index(scores, settings)
    target = labels[target_index]
    variable = _lower_first(instrument.variable or w["default_variable"], lang)
    institution = instrument.institution
    open_by_dimension = _open_answers_by_dimension(instrument, open_answers or [])

    return {
        "language": lang,
        "target_category": target,
        "kesimpulan": {
            "opening": _opening(scores, w, num, pct, variable, institution, target_index, lang),
            "dimensions": [_dimension(d, scores, w, num, pct, open_by_dimension.get(d["code"], []), lang)
                           for d in scores["dimensions"]],
        },
        "saran": _saran(scores, instrument, w, num, target_index, target, lang),
        "notes": [] if scores["n_responses"] else [w["no_responses"]],
    }


def _target_index(scores: dict, settings: dict) -> int:
    labels = scores["categories"]["labels"]
    wanted = settings.get("target_category")
    if wanted in labels:
        return labels.index(wanted)
    return scores["categories"].get("target_index", max(len(labels) - 2, 0))


def _open_answers_by_dimension(instrument, open_answers: list[dict]) -> dict[str, list[str]]:
    tag = {q.code: q.dimension for q in instrument.open_questions if q.dimension}
    grouped: dict[str, list[str]] = {}
    for answer in open_answers:
        dimension = tag.get(answer["code"])
        if dimension and answer.get("text"):
            grouped.setdefault(dimension, []).append(answer["text"])
    return grouped


def _opening(scores, w, num, pct, variable, institution, target_index, lang) -> dict:
    overall, dims = scores["overall"], scores["dimensions"]
    names = [d["name"] for d in dims]
    if overall.get("mean") is None:
        text = w["opening_empty"].format(variable=variable, institution=institution)
        return {"id": "kesimpulan.opening", "text": text, "fingerprint": fingerprint(None)}
    reached = (overall.get("category_index") or 0) >= target_index
    parts = [w["opening"].format(
        variable=variable, institution=institution, category=overall["category"],
        mean=num(overall["mean"]), pct=pct(overall["percent_ideal"]),
        verdict=w["verdict_good"] if reached else w["verdict_short"])]
    parts.append(w["opening_dimensions"].format(n=len(dims), dimension_word=w["dimension_word"](len(dims)),
                                                names=join_list(names, lang)))
    scored = [d for d in dims if d.get("mean") is not None]
    if len(scored) > 1:
        best = max(scored, key=lambda d: d["mean"])
        worst = min(scored, key=lambda d: d["mean"])
        if best["mean"] == worst["mean"]:
            parts.append(w["opening_equal"].format(mean=num(best["mean"])))
        else:
            parts.append(w["opening_range"].format(best=best["name"], best_mean=num(best["mean"]),
                                                   worst=worst["name"], worst_mean=num(worst["mean"]),
                                                   worst_category=worst["category"]))
        categories = {d["category"] for d in scored}
        if len(categories) == 1:
            parts.append(w["opening_same_category"].format(category=categories.pop()))
    ikm = scores.get("ikm")
    if ikm and ikm.get("value") is not None:
        parts.append(w["opening_ikm"].format(value=num(ikm["value"]), grade=ikm["grade"], label=ikm["label"]))
    numbers = [overall["mean"], overall["percent_ideal"], *(d.get("mean") for d in dims),
               ikm.get("value") if ikm else None]
    return {"id": "kesimpulan.opening", "text": " ".join(parts), "fingerprint": fingerprint(*numbers)}


def _dimension(d, scores, w, num, pct, quotes, lang) -> dict:
    paragraph_id = f"kesimpulan.dim.{d['code']}"
    if d.get("mean") is None:
        return {"code": d["code"], "name": d["name"], "paragraphs": [
            {"id": paragraph_id, "text": w["dimension_empty"].format(name=d["name"]), "fingerprint": fingerprint(None)}]}
    parts = [w["dimension"].format(name=d["name"], category=d["category"], mean=num(d["mean"]),
                                   pct=pct(d["percent_ideal"]))]
    indicators = [i for i in d["indicators"] if i.get("mean") is not None]
    if len(d["indicators"]) == 1:
        parts.append(w["single_indicator"].format(name=d["indicators"][0]["name"]))
    elif indicators:
        top = max(i["mean"] for i in indicators)
        low = min(i["mean"] for i in indicators)
        best = [i["name"] for i in indicators if i["mean"] == top]
        worst = [i["name"] for i in indicators if i["mean"] == low]
        if top == low:
            parts.append(w["indicators_equal"].format(mean=num(top)))
        else:
            parts.append(w["indicator_best"](best, num(top), lang))
            parts.append(w["indicator_worst"](worst, num(low), lang))
    if d.get("agree_percent") is not None:
        agree_word = w["agree_word"](scores["scale"]["labels"])
        parts.append(w["agreement"].format(agree=pct(d["agree_percent"]), disagree=pct(d["disagree_percent"]),
                                           agree_word=agree_word[0], disagree_word=agree_word[1]))
    ikm = scores.get("ikm")
    if ikm:
        unsur = next((u for u in ikm.get("unsur", []) if u["code"] == d["code"]), None)
        if unsur and unsur.get("nrr") is not None:
            parts.append(w["unsur"].format(nrr=num(unsur["nrr"]), grade=unsur.get("grade") or "–"))
    if quotes:
        shown = [_shorten(q) for q in quotes[:2]]
        parts.append(w["quotes"].format(quotes="; ".join(f"“{q}”" for q in shown)))
    numbers = [d["mean"], d["percent_ideal"], d.get("agree_percent"), d.get("disagree_percent"),
               *(i.get("mean") for i in d["indicators"])]
    return {"code": d["code"], "name": d["name"], "paragraphs": [
        {"id": paragraph_id, "text": " ".join(parts), "fingerprint": fingerprint(*numbers, *quotes[:2])}]}


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def _saran(scores, instrument, w, num, target_index, target, lang) -> list[dict]:
    institution = instrument.institution
    weak = []
    for d in scores["dimensions"]:
        for indicator in d["indicators"]:
            index = indicator.get("category_index")
            if indicator.get("mean") is not None and index is not None and index < target_index:
                weak.append((indicator["mean"], indicator["code"], d, indicator))
    weak.sort(key=lambda row: (row[0], row[1]))  # weakest first
    recommendations = []
    for mean, code, d, indicator in weak:
        items = [i for i in indicator["items"] if i.get("mean") is not None]
        weakest = min(items, key=lambda i: i["mean"]) if items else None
        text = w["saran_weak"].format(institution=institution, indicator=_lower_first(indicator["name"], lang),
                                      dimension=d["name"], mean=num(mean), category=indicator["category"],
                                      target=target)
        if weakest is not None and len(items) > 1:
            phrase = w["saran_item_reverse"] if weakest.get("reverse") else w["saran_item"]
            text += " " + phrase.format(text=weakest["text"].rstrip("."), mean=num(weakest["mean"]))
        recommendations.append({"id": f"saran.institution.{code}", "addressee": institution, "text": text,
                                "basis": {"indicator": code, "dimension": d["code"], "mean": mean,
                                          "category": indicator["category"]},
                                "fingerprint": fingerprint(mean, weakest["mean"] if weakest else None)})
    if not weak and scores["overall"].get("mean") is not None:
        indicators = [(i["mean"], i["code"], i) for d in scores["dimensions"] for i in d["indicators"]
                      if i.get("mean") is not None]
        lowest = min(indicators, key=lambda row: (row[0], row[1]))[2]
        recommendations.append({
            "id": "saran.maintain", "addressee": institution,
            "text": w["saran_maintain"].format(institution=institution, category=scores["overall"]["category"],
                                               indicator=_lower_first(lowest["name"], lang), mean=num(lowest["mean"])),
            "basis": {"indicator": lowest["code"], "mean": lowest["mean"]},
            "fingerprint": fingerprint(scores["overall"]["mean"], lowest["mean"])})
    for i, other in enumerate(instrument.recommendations):
        recommendations.append({"id": f"saran.other.{i}", "addressee": other.addressee, "text": other.text,
                                "basis": {}, "fingerprint": fingerprint(other.text)})
    return recommendations


def _lower_first(text: str, lang: str) -> str:
    """'Kecepatan pelayanan' reads as 'kecepatan pelayanan' mid-sentence; acronyms stay."""
    if lang != "id" or len(text) < 2 or text[1].isupper():
        return text
    return text[0].lower() + text[1:]
