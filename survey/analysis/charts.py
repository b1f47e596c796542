"""Charts as inline SVG, drawn on the server from the scores (no JavaScript, no chart library).

Pure functions of the scores document; used by the results page and the PDF report alike.
"""
from __future__ import annotations

from html import escape

from ..narrative.numbers import format_number

# Disagree (warm) to agree (cool), readable in greyscale print as well.
PALETTE = {2: ["#c0392b", "#2e86c1"],
           3: ["#c0392b", "#bdc3c7", "#2e86c1"],
           4: ["#c0392b", "#f1948a", "#85c1e9", "#2e86c1"],
           5: ["#c0392b", "#f1948a", "#d5d8dc", "#85c1e9", "#2e86c1"]}
BAND_COLOURS = ["#fdedec", "#fef5e7", "#fcf3cf", "#eafaf1", "#e8f8f5", "#ebf5fb", "#f4ecf7"]


def _colours(points: int) -> list[str]:
    if points in PALETTE:
        return PALETTE[points]
    # interpolate red -> grey -> blue for other scale sizes
    out = []
    for i in range(points):
        t = i / (points - 1)
        r, g, b = (int(192 + (46 - 192) * t), int(57 + (134 - 57) * t), int(43 + (193 - 43) * t))
        out.append(f"#{r:02x}{g:02x}{b:02x}")
    return out


def likert_labels(dimension: dict, scores: dict) -> tuple[list[str], bool]:
    """(legend labels, shared): the statements' own answer labels when they all share them,
    else the scale's points numbered (each statement's labels are in the appendix)."""
    items = [item for indicator in dimension["indicators"] for item in indicator["items"]]
    own = {tuple(item.get("labels") or ()) for item in items}
    if len(own) == 1 and all(own):
        return list(next(iter(own))), True
    return [f"{i + 1}" for i in range(scores["scale"]["max"] - scores["scale"]["min"] + 1)], False


def likert_chart(dimension: dict, scores: dict, width: int = 640) -> str:
    """Diverging stacked bars, one per statement, of what respondents TICKED (answer_percents, in
    label order): disagreeing answers left of the centre line, agreeing ones right; a neutral
    middle point (odd scales) straddles the line. Negative statements are marked * : their bars
    are the answers as ticked, their scores are reversed."""
    points = scores["scale"]["max"] - scores["scale"]["min"] + 1
    colours = _colours(points)
    labels, _ = likert_labels(dimension, scores)
    items = [item for indicator in dimension["indicators"] for item in indicator["items"]]
    has_reverse = any(item.get("reverse") for item in items)
    label_w, bar_h, gap, top = 90, 18, 6, 8
    plot_w = width - label_w - 24  # room for the "100 %" tick label
    centre = label_w + plot_w / 2
    scale = plot_w / 200  # 100 % either side
    axis_y = top + len(items) * (bar_h + gap) + 2
    legend_y = axis_y + 22
    legend_rows = 1 if points <= 5 else 2
    height = legend_y + 16 * legend_rows + (16 if has_reverse else 6)
    language = scores.get("language", "id")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="{escape(dimension["name"])}" font-family="sans-serif" font-size="11">']
    middle = (points - 1) / 2
    for row, item in enumerate(items):
        y = top + row * (bar_h + gap)
        ticked = item.get("answer_percents") or item.get("percents") or [0] * points
        percents = [p or 0 for p in ticked]  # None: no answers
        left = sum(p for i, p in enumerate(percents) if i < middle) + (
            percents[int(middle)] / 2 if points % 2 else 0)
        x = centre - left * scale
        code = item["code"] + ("*" if item.get("reverse") else "")
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end">{escape(code)}</text>')
        for i, percent in enumerate(percents):
            w = (percent or 0) * scale
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colours[i]}">'
                             f'<title>{escape(labels[i])}: {format_number(percent, 1, language)} %</title></rect>')
            x += w
    parts.append(f'<line x1="{centre}" y1="{top - 4}" x2="{centre}" y2="{axis_y}" stroke="#333" stroke-width="1"/>')
    # Percentage axis: share of answers either side of the centre line.
    parts.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}" stroke="#333" stroke-width=".5"/>')
    for percent in (-100, -50, 0, 50, 100):
        x_tick = centre + percent * scale
        parts.append(f'<line x1="{x_tick:.1f}" y1="{axis_y}" x2="{x_tick:.1f}" y2="{axis_y + 4}" stroke="#333" stroke-width=".5"/>'
                     f'<text x="{x_tick:.1f}" y="{axis_y + 14}" text-anchor="middle" font-size="9">{abs(percent)} %</text>')
    per_row = -(-points // legend_rows)
    step = (width - 20) / per_row
    for i, label in enumerate(labels):
        x, y = 10 + (i % per_row) * step, legend_y + 16 * (i // per_row)
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="10" height="10" fill="{colours[i]}"/>'
                     f'<text x="{x + 13:.1f}" y="{y + 9}" font-size="9">{escape(_short(label, int(step / 5.2)))}</text>')
    if has_reverse:
        note = ("* negatively worded: bars show the answers ticked; scores are reversed" if language == "en"
                else "* pernyataan negatif: batang menunjukkan jawaban yang dipilih; skornya dibalik")
        parts.append(f'<text x="10" y="{height - 4}" font-size="9" font-style="italic">{escape(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def wrap(text: str, limit: int) -> list[str]:
    """Words into lines of at most `limit` characters (a longer word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def dimension_means_chart(scores: dict, width: int = 640) -> str:
    """Each dimension's mean (or % of ideal, or converted NRR for IKM) against the category bands."""
    categories = scores["categories"]
    unit = categories.get("basis") or categories.get("unit")
    lows = categories.get("lower_bounds") or [scores["scale"]["min"]] + categories["bounds"][:-1]
    if unit == "mean":
        lo, hi, value_key = scores["scale"]["min"], scores["scale"]["max"], "mean"
    else:
        lo, hi, value_key = (25 if scores["method"].startswith("ikm") else 0), 100, "percent_ideal"
    dims = scores["dimensions"]
    label_w, bar_h, gap, top = 200, 16, 8, 24  # 30 characters a line; longer names wrap, never clip
    names = [wrap(dim["name"], 30) for dim in dims]
    row_h = [max(bar_h, 12 * len(lines)) + gap for lines in names]
    plot_w = width - label_w - 50
    height = top + sum(row_h) + 10
    x_of = lambda v: label_w + (v - lo) / (hi - lo) * plot_w  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="dimension scores" font-family="sans-serif" font-size="11">']
    language = scores.get("language", "id")
    for i, (low, high, label) in enumerate(zip(lows, categories["bounds"], categories["labels"])):
        x0, x1 = x_of(max(low, lo)), x_of(min(high, hi))
        parts.append(f'<rect x="{x0:.1f}" y="{top - 16}" width="{x1 - x0:.1f}" height="{height - top + 12}" '
                     f'fill="{BAND_COLOURS[i % len(BAND_COLOURS)]}"/>'
                     f'<text x="{(x0 + x1) / 2:.1f}" y="{top - 5}" text-anchor="middle" font-size="9">{escape(_short(label, 18))}</text>')
    y = top
    for row, dim in enumerate(dims):
        value = dim.get(value_key)
        if scores["method"].startswith("ikm") and dim.get("mean") is not None:
            value = dim["mean"] * 25
        lines = names[row]
        parts.append(f'<text x="{label_w - 6}" y="{y + 11}" text-anchor="end" font-size="10">'
                     + "".join(f'<tspan x="{label_w - 6}" dy="{0 if k == 0 else 12}">{escape(line)}</tspan>'
                               for k, line in enumerate(lines)) + '</text>')
        if value is not None:
            parts.append(f'<rect x="{label_w}" y="{y}" width="{x_of(value) - label_w:.1f}" height="{bar_h}" fill="#1f4e79"/>'
                         f'<text x="{x_of(value) + 4:.1f}" y="{y + bar_h - 4}">{format_number(value, 2, language)}</text>')
        y += row_h[row]
    parts.append("</svg>")
    return "".join(parts)
