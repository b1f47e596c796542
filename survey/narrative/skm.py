"""Kesimpulan of an SKM study (Permen PANRB 14/2017, KepMenPAN 25/2004): IKM, mutu and kinerja
first, then one sentence per unsur (the weakest unsur gets its evidence and what it means)."""
from __future__ import annotations

from .numbers import count_words, join_list


def skm_kesimpulan(draft) -> dict:
    from .findings import fingerprint
    w, scores = draft.w, draft.scores
    ikm, dims = scores["ikm"], scores["dimensions"]
    rows = {u["code"]: u for u in ikm["unsur"]}
    grades = scores["categories"].get("grades") or ["D", "C", "B", "A"]
    target_grade = grades[draft.target_index] if draft.target_index < len(grades) else draft.target
    scored = [d for d in dims if d.get("mean") is not None]

    if ikm.get("value") is None:
        opening = [w["skm_opening_empty"].format(institution=draft.institution)]
    else:
        opening = [w["skm_opening"].format(institution=draft.institution, value=draft.num(ikm["value"]),
                                           grade=ikm["grade"], label=ikm["label"])]
    opening.append(w["skm_basis"].format(n=count_words(len(dims), draft.lang), regulation=ikm["regulation"]))
    if len(scored) > 1:
        best = max(scored, key=lambda d: d["mean"])
        worst = min(scored, key=lambda d: d["mean"])
        if draft.num(best["mean"]) != draft.num(worst["mean"]):
            opening.append(w["skm_range"].format(best=best["name"], best_nrr=draft.num(best["mean"]),
                                                 worst=worst["name"], worst_nrr=draft.num(worst["mean"]),
                                                 worst_grade=rows[worst["code"]]["grade"]))
    below = [d for d in scored if draft.below(d)]
    if below:
        opening.append(w["skm_below"].format(grade=target_grade, names=join_list([d["name"] for d in below], draft.lang)))
    else:
        opening.append(w["skm_below_none"].format(grade=target_grade))
    numbers = [ikm.get("value"), *(d.get("mean") for d in dims)]
    result = {"opening": {"id": "kesimpulan.opening", "text": " ".join(opening), "fingerprint": fingerprint(*numbers)}}

    weakest = min(scored, key=lambda d: d["mean"]) if scored else None
    result["dimensions"] = [_unsur(draft, d, rows[d["code"]], d is weakest) for d in dims]
    if scored:
        if below:
            text = w["skm_closing_weak"].format(institution=draft.institution,
                                                names=join_list([d["name"] for d in below], draft.lang))
        else:
            text = w["skm_closing_good"].format(institution=draft.institution)
        result["closing"] = {"id": "kesimpulan.closing", "text": text,
                             "fingerprint": fingerprint(*(d["code"] for d in below))}
    else:
        result["closing"] = None
    return result


def noun_of(draft, statement) -> str:
    """An SKM question as a noun phrase; a declarative statement as "pernyataan bahwa …"."""
    phrase = draft.phrase(statement)
    if phrase.noun:
        return phrase.text
    word = "keluhan" if statement.reverse and draft.lang == "id" else (
        "the complaint" if statement.reverse else draft.w["statement_word"] if draft.lang == "id" else "the statement")
    return f"{word} {'bahwa' if draft.lang == 'id' else 'that'} {phrase.text}"


def _unsur(draft, d: dict, row: dict, weakest: bool) -> dict:
    from .findings import fingerprint, share_phrase
    w = draft.w
    paragraph_id = f"kesimpulan.dim.{d['code']}"
    mine = sorted((s for s in draft.statements if s.dimension is d), key=lambda s: (draft.printed(s.mean), s.order))
    if d.get("mean") is None or not mine:
        return {"code": d["code"], "name": d["name"], "paragraphs": [
            {"id": paragraph_id, "text": w["skm_unsur_empty"].format(name=d["name"]), "fingerprint": fingerprint(None)}]}
    low, high = mine[0], mine[-1]
    common = {"name": d["name"], "nrr": draft.num(row["nrr"]), "grade": row["grade"] or "–", "label": row["label"] or "–"}
    numbers = [row["nrr"]]
    if draft.below(d):
        parts = [w["skm_unsur_below"].format(**common, noun=noun_of(draft, low), mean=draft.num(low.mean))]
        numbers.append(low.mean)
    elif draft.below(low.item):
        parts = [w["skm_unsur_weak_item"].format(**common, noun=noun_of(draft, low), mean=draft.num(low.mean),
                                                 target=draft.target)]
        numbers.append(low.mean)
    elif weakest:  # its evidence follows: name the statement it is about
        parts = [w["skm_unsur_lowest"].format(**common, noun=noun_of(draft, low), mean=draft.num(low.mean))]
        numbers.append(low.mean)
    else:
        parts = [w["skm_unsur"].format(**common, noun=noun_of(draft, high))]
    if weakest:
        share = share_phrase(draft, low.item, not low.reverse, only=True, against=True)
        parts.append(w["skm_weakest_share"].format(share=share))
        high_side, low_side = draft.sides(low.item)
        numbers += [draft.share(low.item, high_side), draft.share(low.item, low_side)]
        parts.append(w["skm_meaning"])
    return {"code": d["code"], "name": d["name"], "paragraphs": [
        {"id": paragraph_id, "text": " ".join(parts), "fingerprint": fingerprint(*numbers)}]}
