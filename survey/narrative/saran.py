"""Saran: actions for the party that acts, one per weak statement, weakest first; no statistics.

The action is the statement's own `action` from the instrument (library statements all have
one), else a grammatical sentence built from its indicator. Open answers to a `role: saran`
question that at least `saran_min_mentions` respondents gave become one more Saran.
"""
from __future__ import annotations

import re

from ..scoring.open_answers import group_answers
from .numbers import join_list
from .statements import capitalise, common_noun, lower_first, paraphrase
from .wording import SUGGESTION_STARTS


def draft_saran(draft) -> list[dict]:
    """The Saran of the findings document, in the order they are printed."""
    from .findings import fingerprint
    w, institution = draft.w, draft.institution
    # Paired studies: the quadrant-I statements (important, performing below the average) first.
    saran: list[dict] = _for_quadrant_one(draft)
    first = {code for s in saran for code in s["basis"]["items"]}
    nothing_below = not any(draft.below(s.item) for s in draft.statements)
    if nothing_below and draft.scores["overall"].get("category"):
        saran.append({"id": "saran.maintain", "addressee": institution,
                      "text": w["maintain"].format(category=draft.scores["overall"]["category"]),
                      "basis": {}, "fingerprint": fingerprint(draft.scores["overall"]["category"])})
    saran += _for_unsur(draft, skip=first) if draft.skm else _for_statements(draft, skip=first)
    suggestion = _suggestions(draft)
    if suggestion:
        saran.append(suggestion)
    recommendations = draft.instrument.recommendations
    for i, other in enumerate(recommendations):
        saran.append({"id": f"saran.other.{i}", "addressee": other.addressee, "text": other.text,
                      "basis": {}, "fingerprint": fingerprint(other.text)})
    if not recommendations and not draft.skm:
        # The default second party of a perception study: the public that uses the service.
        saran.append({"id": "saran.public", "addressee": w["public"], "text": w["public_saran"],
                      "basis": {}, "fingerprint": fingerprint("public")})
    return saran


def action_of(draft, statement) -> str:
    """What to do about a statement: its own action, else a sentence from its indicator."""
    w = draft.w
    spec = statement.spec
    if spec is not None and getattr(spec, "action", None):
        return lower_first(" ".join(spec.action.split()).rstrip(".;"))
    phrase = paraphrase(statement.item["text"], draft.lang, w["citizen"])
    if phrase.noun:
        return w["fallback_noun"].format(noun=phrase.text)
    indicator = common_noun(statement.indicator["name"], draft.lang, keep=draft.institution)
    key = "fallback_reverse" if statement.reverse else "fallback"
    return w[key].format(indicator=indicator, clause=phrase.text)


def _basis(draft, statements) -> dict:
    return {"items": [s.code for s in statements], "dimension": statements[0].dimension["code"],
            "indicator": statements[0].indicator["code"],
            "below_target": any(draft.below(s.item) for s in statements)}


def _for_quadrant_one(draft) -> list[dict]:
    """One Saran per quadrant-I statement of a paired study, lowest tingkat kesesuaian first, in
    the statement's own `action` words (else the fallback sentence); no statistics."""
    from .findings import fingerprint, ipa_first
    w, out = draft.w, []
    rows = {row["code"]: row for row in (draft.scores.get("ipa") or {}).get("items", [])}
    for i, statement in enumerate(ipa_first(draft)):
        action = action_of(draft, statement)
        text = w["ipa_saran_first" if i == 0 else "ipa_saran"].format(action=action)
        out.append({"id": f"saran.ipa.{statement.code}", "addressee": draft.institution, "text": text,
                    "basis": {**_basis(draft, [statement]), "quadrant": 1},
                    "fingerprint": fingerprint(rows[statement.code]["quadrant"], statement.item["category"])})
    return out


def _for_statements(draft, skip: set[str] = frozenset()) -> list[dict]:
    from .findings import fingerprint
    w, out = draft.w, []
    for statement in draft.weak():
        if statement.code in skip:  # already a quadrant-I Saran
            continue
        action = action_of(draft, statement)
        if draft.below(statement.item):
            text = capitalise(action) + "."
        else:  # among the lowest k although it reached the target
            indicator = common_noun(statement.indicator["name"], draft.lang, keep=draft.institution)
            text = w["keep"].format(indicator=indicator, action=action)
        out.append({"id": f"saran.item.{statement.code}", "addressee": draft.institution, "text": text,
                    "basis": _basis(draft, [statement]),
                    "fingerprint": fingerprint(statement.item["category"])})
    return out


def _for_unsur(draft, skip: set[str] = frozenset()) -> list[dict]:
    """SKM: one Saran per unsur as its follow-up plan, for every unsur below target and every weak
    item; statements already given a quadrant-I Saran (paired studies) are not repeated."""
    from .findings import fingerprint
    w = draft.w
    chosen: dict[str, list] = {}
    for statement in draft.weak():
        if statement.code not in skip:
            chosen.setdefault(statement.dimension["code"], []).append(statement)
    for d in draft.scores["dimensions"]:
        if draft.below(d) and d["code"] not in chosen:
            mine = [s for s in draft.statements if s.dimension is d and s.code not in skip]
            if mine:
                chosen[d["code"]] = [min(mine, key=lambda s: (draft.printed(s.mean), s.order))]
    order = sorted((d for d in draft.scores["dimensions"] if d["code"] in chosen),
                   key=lambda d: (draft.printed(d["mean"]), draft.scores["dimensions"].index(d)))
    out = []
    for d in order:
        statements = chosen[d["code"]]
        actions = join_list([action_of(draft, s) for s in statements], draft.lang)
        weak = draft.below(d) or any(draft.below(s.item) for s in statements)
        text = w["skm_saran" if weak else "skm_keep"].format(name=d["name"], actions=actions)
        out.append({"id": f"saran.unsur.{d['code']}", "addressee": draft.institution, "text": text,
                    "basis": _basis(draft, statements),
                    "fingerprint": fingerprint(d["category"], *(s.item["category"] for s in statements))})
    return out


def as_suggestion(text: str, language: str) -> str | None:
    """"Mohon jam pelayanan diumumkan." -> "jam pelayanan diumumkan"; None when it is no suggestion."""
    bare = " ".join(str(text).split()).rstrip(".!?;:,")
    low = bare.lower()
    # Respondents may write in either language whatever the report's: try both lists of openers.
    starts = SUGGESTION_STARTS.get(language, ()) + tuple(w for lang, words in SUGGESTION_STARTS.items()
                                                          if lang != language for w in words)
    for start in sorted(starts, key=len, reverse=True):
        if low == start or low.startswith(start + " ") or low.startswith(start + ","):
            rest = bare[len(start):].lstrip(" ,:")
            if not rest:
                return None
            if start in ("perlu adanya", "perlu ada", "harus ada"):
                rest = "ada " + rest
            return lower_first(rest)
    # "Persyaratan berkas perlu ditempel" -> "persyaratan berkas ditempel"
    match = re.search(r"\s(perlu|harus|sebaiknya|hendaknya)\s", bare)
    if match:
        return lower_first(bare[:match.start()] + " " + bare[match.end():])
    return None


def _suggestions(draft) -> dict | None:
    from .findings import fingerprint
    w = draft.w
    groups = [g for g in group_answers(draft.answers_of(role="saran"))["groups"]
              if g["count"] >= draft.min_mentions][:8]
    if not groups:
        return None
    # Only answers worded as suggestions become a Saran; remarks and thanks stay in the appendix.
    suggested = [(g, as_suggestion(g["text"], draft.lang)) for g in groups]
    suggested = [(g, clause) for g, clause in suggested if clause]
    if not suggested:
        return None
    items = join_list([w["suggest_item"].format(text=clause) for _, clause in suggested], draft.lang)
    return {"id": "saran.open", "addressee": draft.institution, "text": w["suggest"].format(items=items),
            "basis": {"open_groups": [g["key"] for g, _ in suggested]},
            "fingerprint": fingerprint(*[g["key"] for g, _ in suggested])}
