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


def likert_chart(dimension: dict, scores: dict, width: int = 640) -> str:
    """Diverging stacked bars, one per statement: disagreeing answers left of the centre line,
    agreeing ones right; a neutral middle point (odd scales) straddles the line."""
    points = scores["scale"]["max"] - scores["scale"]["min"] + 1
    colours, labels = _colours(points), scores["scale"]["labels"]
    items = [item for indicator in dimension["indicators"] for item in indicator["items"]]
    label_w, bar_h, gap, top = 90, 18, 6, 8
    plot_w = width - label_w - 24  # room for the "100 %" tick label
    centre = label_w + plot_w / 2
    scale = plot_w / 200  # 100 % either side
    axis_y = top + len(items) * (bar_h + gap) + 2
    legend_y = axis_y + 22
    height = legend_y + 22
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="{escape(dimension["name"])}" font-family="sans-serif" font-size="11">']
    middle = (points - 1) / 2
    for row, item in enumerate(items):
        y = top + row * (bar_h + gap)
        percents = [p or 0 for p in (item.get("percents") or [0] * points)]  # None: no answers
        left = sum(p for i, p in enumerate(percents) if i < middle) + (
            percents[int(middle)] / 2 if points % 2 else 0)
        x = centre - left * scale
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end">{escape(item["code"])}</text>')
        for i, percent in enumerate(percents):
            w = (percent or 0) * scale
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colours[i]}">'
                             f'<title>{escape(labels[i])}: {format_number(percent, 1, scores.get("language", "id"))} %</title></rect>')
            x += w
    parts.append(f'<line x1="{centre}" y1="{top - 4}" x2="{centre}" y2="{axis_y}" stroke="#333" stroke-width="1"/>')
    # Percentage axis: share of answers either side of the centre line.
    parts.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}" stroke="#333" stroke-width=".5"/>')
    for percent in (-100, -50, 0, 50, 100):
        x_tick = centre + percent * scale
        parts.append(f'<line x1="{x_tick:.1f}" y1="{axis_y}" x2="{x_tick:.1f}" y2="{axis_y + 4}" stroke="#333" stroke-width=".5"/>'
                     f'<text x="{x_tick:.1f}" y="{axis_y + 14}" text-anchor="middle" font-size="9">{abs(percent)} %</text>')
    x = label_w
    step = plot_w / points
    for i, label in enumerate(labels):
        parts.append(f'<rect x="{x + i * step:.1f}" y="{legend_y}" width="10" height="10" fill="{colours[i]}"/>'
                     f'<text x="{x + i * step + 13:.1f}" y="{legend_y + 9}" font-size="9">{escape(_short(label))}</text>')
    parts.append("</svg>")
    return "".join(parts)


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
    label_w, bar_h, gap, top = 200, 16, 8, 24  # room for a 34-character dimension name
    plot_w = width - label_w - 50
    height = top + len(dims) * (bar_h + gap) + 10
    x_of = lambda v: label_w + (v - lo) / (hi - lo) * plot_w  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="dimension scores" font-family="sans-serif" font-size="11">']
    language = scores.get("language", "id")
    for i, (low, high, label) in enumerate(zip(lows, categories["bounds"], categories["labels"])):
        x0, x1 = x_of(max(low, lo)), x_of(min(high, hi))
        parts.append(f'<rect x="{x0:.1f}" y="{top - 16}" width="{x1 - x0:.1f}" height="{height - top + 12}" '
                     f'fill="{BAND_COLOURS[i % len(BAND_COLOURS)]}"/>'
                     f'<text x="{(x0 + x1) / 2:.1f}" y="{top - 5}" text-anchor="middle" font-size="9">{escape(_short(label, 18))}</text>')
    for row, dim in enumerate(dims):
        y = top + row * (bar_h + gap)
        value = dim.get(value_key)
        if scores["method"].startswith("ikm") and dim.get("mean") is not None:
            value = dim["mean"] * 25
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 4}" text-anchor="end" font-size="10">{escape(_short(dim["name"], 34))}</text>')
        if value is not None:
            parts.append(f'<rect x="{label_w}" y="{y}" width="{x_of(value) - label_w:.1f}" height="{bar_h}" fill="#1f4e79"/>'
                         f'<text x="{x_of(value) + 4:.1f}" y="{y + bar_h - 4}">{format_number(value, 2, language)}</text>')
    parts.append("</svg>")
    return "".join(parts)
