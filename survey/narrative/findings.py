"""Kesimpulan and Saran drafted from the scores: plain data in, plain data out.

Every paragraph and recommendation has a stable `id` (the researcher's edits are stored by it)
and a `fingerprint` of the numbers it states, so an edited paragraph whose numbers later change
can be flagged for review. Glossary: Kesimpulan = conclusions, Saran = recommendations,
unsur = an SKM element, NRR = its mean value.

The findings document: {"language", "target_category", "kesimpulan": {"opening", "dimensions":
[{"code", "name", "paragraphs"}], "ipa": [{"title", "paragraphs"}] (paired studies: importance vs
performance, the quadrant-I statements; [] otherwise), "factors": [{"title", "paragraphs"}],
"closing"}, "saran_lead",
"saran": [{"id", "addressee", "text", "basis", "fingerprint"}], "notes"}.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ..instruments.categories import IKM_TABLES
from ..scoring.open_answers import group_answers
from .numbers import count_words, format_number, format_percent, join_list
from .saran import draft_saran
from .statements import common_noun, is_name, lower_first, paraphrase
from .wording import WORDS


def fingerprint(*numbers) -> str:
    """A short hash of the numbers a text states, as printed (so noise below print does not count)."""
    printed = [format_number(n, 2, "en") if isinstance(n, (int, float)) or n is None else str(n) for n in numbers]
    return hashlib.sha256(json.dumps(printed).encode()).hexdigest()[:12]


@dataclass
class Statement:
    """A scored statement with its place in the instrument and its words."""
    item: dict  # the scores document's item
    spec: object  # the instrument's Item (action, text)
    dimension: dict
    indicator: dict
    order: int

    @property
    def code(self) -> str:
        return self.item["code"]

    @property
    def mean(self) -> float:
        return self.item["mean"]

    @property
    def reverse(self) -> bool:
        return bool(self.item.get("reverse"))


class Draft:
    """What every paragraph needs: the language, the numbers' format, the target, the statements."""

    def __init__(self, scores: dict, instrument, settings: dict, open_answers: list[dict]):
        self.scores, self.instrument = scores, instrument
        self.lang = instrument.language if instrument.language in WORDS else "id"
        self.w = WORDS[self.lang]
        labels = scores["categories"]["labels"]
        wanted = settings.get("target_category")
        self.target_index = (labels.index(wanted) if wanted in labels else
                             scores["categories"].get("target_index", max(len(labels) - 2, 0)))
        self.target = labels[self.target_index]
        self.institution = instrument.institution
        self.variable = common_noun(instrument.variable or self.w["default_variable"], self.lang,
                                    keep=self.institution)
        # "kinerja aparatur Kecamatan Kupang Barat" already names the place: no "pada Kantor …" after it.
        self.where = "" if any(w[:1].isupper() and not is_name(w) for w in self.variable.split()[1:]) else (
            f" {'pada' if self.lang == 'id' else 'at'} {self.institution}")
        analysis = instrument.analysis
        self.rule = settings.get("saran_rule") or analysis.saran_rule
        self.lowest_k = int(settings.get("saran_lowest_k") or analysis.saran_lowest_k)
        self.min_mentions = int(settings.get("saran_min_mentions") or analysis.saran_min_mentions)
        self.skm = scores.get("method") in IKM_TABLES and scores.get("ikm") is not None
        specs = {item.code: item for item in instrument.items}
        self.statements: list[Statement] = []
        for d in scores["dimensions"]:
            for indicator in d["indicators"]:
                for item in indicator["items"]:
                    if item.get("mean") is not None:
                        self.statements.append(Statement(item, specs.get(item["code"]), d, indicator,
                                                         len(self.statements)))
        self.open_answers = open_answers

    # numbers as the results chapter prints them
    def num(self, value, decimals: int = 2) -> str:
        return format_number(value, decimals, self.lang)

    def pct(self, value) -> str:
        return format_percent(value, 1, self.lang)

    def below(self, node: dict) -> bool:
        index = node.get("category_index")
        return index is not None and index < self.target_index

    def printed(self, value: float) -> float:
        return float(format_number(value, 2, "en").replace(",", "").replace("−", "-"))

    def weak(self) -> list[Statement]:
        """The statements the Saran are written for, weakest first (see docs/instrument-format.md)."""
        ranked = sorted(self.statements, key=lambda s: (self.printed(s.mean), s.order))
        if not ranked:
            return []
        k = min(self.lowest_k, len(ranked))
        cut = self.printed(ranked[k - 1].mean)
        lowest = [s for s in ranked if self.printed(s.mean) <= cut]  # ties at the k-th are in too
        if self.rule == "lowest_k":
            return lowest
        chosen = {s.code for s in lowest} | {s.code for s in ranked if self.below(s.item)}
        return [s for s in ranked if s.code in chosen]

    def phrase(self, statement: Statement, person: str | None = None):
        return paraphrase(statement.item["text"], self.lang, person)

    def answers_of(self, role: str | None = None, dimension: str | None = None) -> list[str]:
        # A question without a role whose code is "saran" holds suggestions too (older instruments).
        codes = {q.code for q in self.instrument.open_questions
                 if (role is None or q.role == role or (role == "saran" and q.role is None and q.code == "saran"))
                 and (dimension is None or q.dimension == dimension)}
        return [a["text"] for a in self.open_answers if a.get("code") in codes and a.get("text")]

    # agreement from what respondents ticked
    def sides(self, item: dict) -> tuple[list[int], list[int]]:
        points = len(item.get("answer_counts") or item.get("labels") or [])
        middle = (points - 1) / 2
        high = [i for i in range(points) if i > middle]
        low = [i for i in reversed(range(points)) if i < middle]
        return high, low

    def share(self, item: dict, side: list[int]) -> float | None:
        counts, n = item.get("answer_counts") or [], item.get("n") or 0
        return 100 * sum(counts[i] for i in side) / n if n else None

    def words(self, item: dict, side: list[int]) -> str:
        labels = item.get("labels") or self.scores["scale"]["labels"]
        ordered = sorted(side, key=lambda i: abs(i - (len(labels) - 1) / 2))  # nearest the middle first
        return join_list([common_noun(labels[i], self.lang) if " " in labels[i] else labels[i].lower()
                          for i in ordered], self.lang, self.w["or"])

    def agrees(self, item: dict) -> bool:
        labels = item.get("labels") or self.scores["scale"]["labels"]
        return any(self.w["agree_marker"] in label.lower() for label in labels)


def draft_findings(scores: dict, instrument, open_answers: list[dict] | None = None,
                   settings: dict | None = None) -> dict:
    """The closing chapter's text (the findings document described above)."""
    draft = Draft(scores, instrument, settings or {}, open_answers or [])
    w = draft.w
    if draft.skm:
        from .skm import skm_kesimpulan
        kesimpulan = skm_kesimpulan(draft)
    else:
        kesimpulan = {"opening": _opening(draft),
                      "dimensions": [_dimension(draft, d) for d in scores["dimensions"]],
                      "closing": _closing(draft)}
    kesimpulan["ipa"] = _ipa(draft)
    kesimpulan["factors"] = _factors(draft)
    if kesimpulan["closing"] is None:
        del kesimpulan["closing"]
    saran = draft_saran(draft) if scores["n_responses"] else []
    return {
        "language": draft.lang,
        "target_category": draft.target,
        "kesimpulan": kesimpulan,
        "saran_lead": (w["saran_lead_skm"] if draft.skm else w["saran_lead"]) if saran else "",
        "saran": saran,
        "notes": [] if scores["n_responses"] else [w["no_responses"]],
    }


def _opening(draft: Draft) -> dict:
    w, scores = draft.w, draft.scores
    overall, dims = scores["overall"], scores["dimensions"]
    if overall.get("mean") is None:
        text = w["opening_empty"].format(variable=draft.variable, institution=draft.institution)
        return {"id": "kesimpulan.opening", "text": text, "fingerprint": fingerprint(None)}
    parts = [w["opening"].format(variable=draft.variable, where=draft.where,
                                 category=overall["category"], mean=draft.num(overall["mean"]),
                                 pct=draft.pct(overall["percent_ideal"]))]
    parts.append(w["opening_dimensions"].format(n=count_words(len(dims), draft.lang),
                                                names=join_list([d["name"] for d in dims], draft.lang)))
    scored = [d for d in dims if d.get("mean") is not None]
    if len(scored) > 1:
        best = max(scored, key=lambda d: d["mean"])
        worst = min(scored, key=lambda d: d["mean"])
        if draft.num(best["mean"]) == draft.num(worst["mean"]):
            parts.append(w["opening_equal"].format(mean=draft.num(best["mean"])))
        else:
            parts.append(w["opening_range"].format(best=best["name"], best_mean=draft.num(best["mean"]),
                                                   worst=worst["name"], worst_mean=draft.num(worst["mean"]),
                                                   worst_category=worst["category"]))
        categories = {d["category"] for d in scored}
        if len(categories) == 1:
            parts.append(w["opening_same_category"].format(category=categories.pop()))
    numbers = [overall["mean"], overall["percent_ideal"], *(d.get("mean") for d in dims)]
    return {"id": "kesimpulan.opening", "text": " ".join(parts), "fingerprint": fingerprint(*numbers)}


def share_phrase(draft: Draft, item: dict, agree_side: bool, only: bool = False, against: bool = False) -> str:
    """"sebanyak 59,3 % responden setuju atau sangat setuju" from the ticked answers."""
    w = draft.w
    high, low = draft.sides(item)
    side, other = (high, low) if agree_side else (low, high)
    pct = draft.share(item, side)
    if draft.agrees(item):
        key = "share_only" if only and pct is not None and pct < 50 else "share_agree"
    else:
        key = "share_answer_only" if only and pct is not None and pct < 50 else "share_answer"
    if pct == 0:
        key = "share_none" if draft.agrees(item) else "share_answer_none"
    elif pct == 100:
        key = "share_all" if draft.agrees(item) else "share_answer_all"
    text = w[key].format(pct=draft.pct(pct), words=draft.words(item, side))
    if against:
        other_pct = draft.share(item, other)
        if other_pct:
            text += ", " + w["share_against"].format(pct=draft.pct(other_pct), words=draft.words(item, other))
    return text


def statement_sentence(draft: Draft, statement: Statement, best: bool) -> tuple[str, list]:
    """The strongest or weakest statement in its own words, with its mean and ticked share."""
    w, item = draft.w, statement.item
    phrase = draft.phrase(statement)
    mean = draft.num(item["mean"])
    numbers = [item["mean"]]
    if best:
        top = w["top_weak"] if draft.below(item) else w["top"]
        if phrase.noun:
            share = share_phrase(draft, item, True)
            text = w["best_noun"].format(top=top, noun=phrase.text, mean=mean, share=share)
        elif statement.reverse:
            share = share_phrase(draft, item, False)
            # "… responden tidak setuju bahwa mereka harus kembali …": the person is already named.
            clause = draft.phrase(statement, "mereka" if draft.lang == "id" else "they").text
            text = w["best_reverse"].format(top=top, clause=clause, mean=mean, share=share)
        else:
            share = share_phrase(draft, item, True)
            text = w["best"].format(top=top, clause=phrase.text, mean=mean, share=share)
    else:
        lead = w["worst_lead_below"] if draft.below(item) else w["worst_lead"]
        if phrase.noun:
            share = share_phrase(draft, item, True, only=True, against=True)
            text = w["worst_noun"].format(lead=lead, noun=phrase.text, mean=mean, category=item["category"], share=share)
        elif statement.reverse:
            share = share_phrase(draft, item, True)  # agreeing with a complaint
            text = w["worst_reverse"].format(lead=lead, clause=phrase.text, mean=mean, category=item["category"],
                                             share=share)
        else:
            share = share_phrase(draft, item, True, only=True, against=True)
            text = w["worst"].format(lead=lead, clause=phrase.text, mean=mean, category=item["category"], share=share)
    high, low = draft.sides(item)
    numbers += [draft.share(item, high), draft.share(item, low)]
    return text, numbers


def other_item(draft: Draft, statement: Statement) -> str:
    w, phrase = draft.w, draft.phrase(statement)
    mean = draft.num(statement.mean)
    if phrase.noun:
        return w["other_item_noun"].format(noun=phrase.text, mean=mean)
    key = "other_item_reverse" if statement.reverse else "other_item"
    return w[key].format(clause=phrase.text, mean=mean)


def aspects(draft: Draft, statements: list[Statement]) -> str:
    """The indicators of these statements as common nouns: the service's own terms."""
    names = list(dict.fromkeys(common_noun(s.indicator["name"], draft.lang, keep=draft.institution)
                               for s in statements))
    return join_list(names[:2], draft.lang)


def _dimension(draft: Draft, d: dict) -> dict:
    w = draft.w
    paragraph_id = f"kesimpulan.dim.{d['code']}"
    if d.get("mean") is None:
        return {"code": d["code"], "name": d["name"], "paragraphs": [
            {"id": paragraph_id, "text": w["dimension_empty"].format(name=d["name"]), "fingerprint": fingerprint(None)}]}
    key = "dimension_percent" if draft.scores["categories"].get("basis") == "percent_ideal" else "dimension"
    parts = [w[key].format(name=d["name"], category=d["category"], mean=draft.num(d["mean"]),
                           pct=draft.pct(d["percent_ideal"]))]
    numbers = [d["mean"], d["percent_ideal"]]
    mine = sorted((s for s in draft.statements if s.dimension is d), key=lambda s: (draft.printed(s.mean), s.order))
    if len(mine) == 1:
        only, phrase = mine[0], draft.phrase(mine[0])
        share = share_phrase(draft, only.item, not only.reverse or phrase.noun)
        parts.append(w["single_noun" if phrase.noun else "single"].format(noun=phrase.text, clause=phrase.text,
                                                                          share=share))
        numbers.append(only.mean)
    elif mine:
        worst, best = mine[0], mine[-1]
        for statement, is_best in ((best, True), (worst, False)):
            text, stated = statement_sentence(draft, statement, is_best)
            parts.append(text)
            numbers += stated
        others = [s for s in mine[1:-1] if draft.below(s.item)]
        if others:
            listed = [other_item(draft, s) for s in others[:3]]
            if len(others) <= 3:
                parts.append(w["others"].format(target=draft.target, items=join_list(listed, draft.lang)))
            else:
                parts.append(w["others_more"].format(n=count_words(len(others), draft.lang), target=draft.target,
                                                     items=join_list(listed[:2], draft.lang)))
            numbers += [s.mean for s in others[:3]]
    weak = [s for s in mine if draft.below(s.item)]
    if mine:
        if draft.below(d):
            parts.append(w[_sided("meaning_below", draft)].format(aspects=aspects(draft, weak or mine[:1])))
        elif weak:
            parts.append(w["meaning_mixed"].format(aspects=aspects(draft, weak)))
        else:
            parts.append(w[_sided("meaning_good", draft)].format(aspects=aspects(draft, list(reversed(mine))[:1])))
    quotes = group_answers(draft.answers_of(dimension=d["code"]), limit=2)["groups"]
    if quotes:
        shown = [w["quote_count"].format(text=_bare(g["text"]), n=g["count"]) for g in quotes]
        parts.append(w["quotes"].format(quotes=join_list(shown, draft.lang)))
        numbers += [g["key"] for g in quotes] + [g["count"] for g in quotes]
    return {"code": d["code"], "name": d["name"], "paragraphs": [
        {"id": paragraph_id, "text": " ".join(parts), "fingerprint": fingerprint(*numbers)}]}


def _sided(key: str, draft: Draft) -> str:
    """The wording of a paired study where its own exists (there "harapan" names the importance side)."""
    return f"{key}_paired" if draft.scores.get("ipa") else key


def _closing(draft: Draft) -> dict | None:
    w, dims = draft.w, [d for d in draft.scores["dimensions"] if d.get("mean") is not None]
    if not dims:
        return None
    good = [d["name"] for d in dims if not draft.below(d)]
    weak = [d["name"] for d in dims if draft.below(d)]
    if not weak:
        parts = [w[_sided("closing_all", draft)].format(variable=draft.variable)]
    elif not good:
        parts = [w[_sided("closing_none", draft)].format(variable=draft.variable)]
    else:
        parts = [w[_sided("closing_mixed", draft)].format(variable=draft.variable, good=join_list(good, draft.lang),
                                           weak=join_list(weak, draft.lang))]
    below = [s for s in draft.statements if draft.below(s.item)]
    if below:
        parts.append(w["closing_weak"].format(n=count_words(len(draft.statements), draft.lang),
                                              k=count_words(len(below), draft.lang), target=draft.target))
    else:
        parts.append(w["closing_strong"].format(target=draft.target))
    return {"id": "kesimpulan.closing", "text": " ".join(parts),
            "fingerprint": fingerprint(len(draft.statements), len(below), *good, "|", *weak)}


def _bare(text: str) -> str:
    """An answer without its final punctuation, so a closing quote is not followed by a second stop."""
    return " ".join(str(text).split()).rstrip(".!?;:,")


def _factors(draft: Draft) -> list[dict]:
    """Supporting and inhibiting factors from open questions with those roles (one subsection)."""
    w, paragraphs, present = draft.w, [], []
    for role in ("pendukung", "penghambat"):
        texts = draft.answers_of(role=role)
        if not texts:
            continue
        grouped = group_answers(texts)["groups"]
        frequent = [g for g in grouped if g["count"] >= draft.min_mentions][:5]
        shown = frequent or grouped[:3]
        items = join_list([w["factor_item"].format(text=_lower_answer(g["text"]), n=g["count"]) for g in shown],
                          draft.lang)
        kind = w["factor_kind"][role]
        text = (w["factor"].format(kind=kind, items=items) if frequent else
                w["factor_few"].format(kind=kind, min=count_words(draft.min_mentions, draft.lang), items=items))
        paragraphs.append({"id": f"kesimpulan.factors.{role}", "text": text,
                           "fingerprint": fingerprint(*[g["key"] for g in shown], *[g["count"] for g in shown])})
        present.append(role)
    if not paragraphs:
        return []
    title = w["factors_title"]["both" if len(present) == 2 else present[0]]
    return [{"title": title, "paragraphs": paragraphs}]


def _lower_answer(text: str) -> str:
    return lower_first(_bare(text))


# Importance–performance analysis of a paired study (scores["ipa"]): kesesuaian at 2 decimals,
# as the results chapter's IPA tables print it.
IPA_CLAUSES_SHOWN = 4  # quadrant-I statements named with their words; more are named by code


def ipa_first(draft: Draft) -> list[Statement]:
    """The quadrant-I statements (Prioritas Utama), lowest tingkat kesesuaian first."""
    ipa = draft.scores.get("ipa")
    if not ipa:
        return []
    rows = {row["code"]: row for row in ipa["items"]}
    first = [s for s in draft.statements if rows.get(s.code, {}).get("quadrant") == 1]
    return sorted(first, key=lambda s: (draft.printed(rows[s.code]["conformity_percent"]), s.order))


def _ipa(draft: Draft) -> list[dict]:
    ipa = draft.scores.get("ipa")
    if not ipa or ipa["overall"].get("conformity_percent") is None:
        return []
    w, overall = draft.w, ipa["overall"]
    rows = {row["code"]: row for row in ipa["items"]}
    conformity = overall["conformity_percent"]
    pct = lambda value: format_percent(value, 2, draft.lang)  # noqa: E731
    parts = [w["ipa_overall"].format(pct=pct(conformity), importance=draft.num(overall["importance_mean"]),
                                     performance=draft.num(overall["performance_mean"]), gap=draft.num(overall["gap"]))]
    printed = draft.printed(conformity)
    parts.append(w["ipa_overall_equal"] if printed == 100 else
                 w["ipa_overall_below"] if printed < 100 else w["ipa_overall_above"])
    first = ipa_first(draft)
    numbers = [conformity, overall["gap"], overall["importance_mean"], overall["performance_mean"]]
    if first:
        listed = []
        for statement in first:
            code, value = statement.code, pct(rows[statement.code]["conformity_percent"])
            if len(first) > IPA_CLAUSES_SHOWN:
                listed.append(w["ipa_first_code"].format(code=code, pct=value))
                numbers += [code, rows[code]["conformity_percent"]]
                continue
            phrase = draft.phrase(statement)
            key = "ipa_first_item_noun" if phrase.noun else (
                "ipa_first_item_reverse" if statement.reverse else "ipa_first_item")
            listed.append(w[key].format(clause=phrase.text, noun=phrase.text, code=code, pct=value))
            numbers += [code, rows[code]["conformity_percent"]]
        key = "ipa_first_many" if len(first) > IPA_CLAUSES_SHOWN else "ipa_first_one" if len(first) == 1 else "ipa_first"
        parts.append(w[key].format(items=join_list(listed, draft.lang), n=count_words(len(first), draft.lang)))
        parts.append(w["ipa_first_meaning"])
        numbers += [s.code for s in first]
    else:
        parts.append(w["ipa_first_none"])
    return [{"title": w["ipa_title"], "paragraphs": [
        {"id": "kesimpulan.ipa", "text": " ".join(parts), "fingerprint": fingerprint(*numbers)}]}]
