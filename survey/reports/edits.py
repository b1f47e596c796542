"""Apply the researcher's edits to the drafted findings (pure: plain data in and out)."""
from __future__ import annotations

import copy


def apply_edits(findings: dict, edits: dict[str, dict]) -> dict:
    """Findings with edited texts, removed and reordered Saran, and the researcher's own Saran.

    `edits` maps a finding id to {"text", "addressee", "fingerprint", "position", "removed", "added"}.
    Each paragraph gains `edited` and `review` (edited, but its numbers changed since).
    """
    result = copy.deepcopy(findings)

    def revise(paragraph: dict) -> dict:
        edit = edits.get(paragraph["id"])
        paragraph["draft"] = paragraph["text"]
        paragraph["edited"] = bool(edit and edit.get("text"))
        paragraph["review"] = bool(paragraph["edited"] and edit.get("fingerprint") != paragraph["fingerprint"])
        if paragraph["edited"]:
            paragraph["text"] = edit["text"]
        return paragraph

    for paragraph in kesimpulan_paragraphs(result):
        revise(paragraph)
    saran = [revise(s) for s in result["saran"] if not edits.get(s["id"], {}).get("removed")]
    for finding_id, edit in edits.items():
        if edit.get("added") and not edit.get("removed") and edit.get("text"):
            saran.append({"id": finding_id, "addressee": edit.get("addressee") or "", "text": edit["text"],
                          "draft": "", "edited": True, "review": False, "added": True, "basis": {},
                          "fingerprint": edit.get("fingerprint")})
    # The researcher's order (positions 1..n) where given; unplaced Saran (new weak indicators,
    # say) keep their drafted place, after a placed one that claims the same number.
    default_order = {s["id"]: i for i, s in enumerate(saran)}

    def place(item: dict) -> tuple:
        position = edits.get(item["id"], {}).get("position")
        return ((position, 0) if position is not None else (default_order[item["id"]] + 1, 1),
                default_order[item["id"]])
    saran.sort(key=place)
    result["saran"] = saran
    result["removed"] = [s for s in findings["saran"] if edits.get(s["id"], {}).get("removed")]
    return result


def kesimpulan_paragraphs(findings: dict) -> list[dict]:
    """Every Kesimpulan paragraph in print order: opening, dimensions, IPA, factors, closing."""
    kesimpulan = findings["kesimpulan"]
    paragraphs = [kesimpulan["opening"]]
    for section in kesimpulan["dimensions"] + kesimpulan.get("ipa", []) + kesimpulan.get("factors", []):
        paragraphs += section["paragraphs"]
    if kesimpulan.get("closing"):
        paragraphs.append(kesimpulan["closing"])
    return paragraphs


def saran_groups(saran: list[dict]) -> list[dict]:
    """Saran grouped by addressee, in order of first appearance: [{"addressee", "items"}]."""
    groups: dict[str, list[dict]] = {}
    for item in saran:
        groups.setdefault(item.get("addressee") or "", []).append(item)
    return [{"addressee": addressee, "items": items} for addressee, items in groups.items()]


def move(order: list[str], finding_id: str, direction: str) -> list[str]:
    """The Saran order after moving one up or down a place (unchanged at either end)."""
    order = list(order)
    if finding_id not in order:
        return order
    i = order.index(finding_id)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
    return order
