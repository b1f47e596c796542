"""The report's charts as 300-dpi PNG for the Word document (matplotlib, no display needed).

They draw the same numbers as the SVG charts in survey/analysis/charts.py: the Likert chart from
each statement's ticked `answer_percents` (negative statements marked *), the means chart from
each dimension's mean (× 25 for IKM) against the category bands.
"""
from __future__ import annotations

import io

from ..analysis.charts import BAND_COLOURS, _colours, likert_labels, wrap
from ..narrative.numbers import format_number

DPI = 300


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")  # no display on a server
    import matplotlib.pyplot as plt
    plt.rcParams.update({"font.family": ["Liberation Sans", "DejaVu Sans"], "font.size": 8})
    return plt


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    figure.clf()
    return buffer.getvalue()


def likert_png(dimension: dict, scores: dict) -> bytes:
    plt = _pyplot()
    points = scores["scale"]["max"] - scores["scale"]["min"] + 1
    colours = _colours(points)
    labels, _ = likert_labels(dimension, scores)
    items = [item for indicator in dimension["indicators"] for item in indicator["items"]]
    figure, axes = plt.subplots(figsize=(6.3, 0.32 * len(items) + 1.1))
    middle = (points - 1) / 2
    for row, item in enumerate(items):
        percents = [p or 0 for p in (item.get("answer_percents") or [0] * points)]
        left = sum(p for i, p in enumerate(percents) if i < middle) + (percents[int(middle)] / 2 if points % 2 else 0)
        x = -left
        for i, percent in enumerate(percents):
            axes.barh(row, percent, left=x, color=colours[i], height=0.7, label=labels[i] if row == 0 else None)
            x += percent
    axes.set_yticks(range(len(items)), [item["code"] + ("*" if item.get("reverse") else "") for item in items])
    axes.invert_yaxis()
    axes.axvline(0, color="#333", linewidth=0.8)
    axes.set_xlim(-100, 100)
    axes.set_xticks([-100, -50, 0, 50, 100], ["100 %", "50 %", "0 %", "50 %", "100 %"])
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if any(item.get("reverse") for item in items):
        note = ("* negatively worded: bars show the answers ticked; scores are reversed"
                if scores.get("language") == "en" else
                "* pernyataan negatif: batang menunjukkan jawaban yang dipilih; skornya dibalik")
        axes.set_xlabel(note, fontsize=7, style="italic")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3 if len(items) < 6 else -0.2), ncol=min(points, 5),
                frameon=False, fontsize=7)
    return _png(figure)


def means_png(scores: dict) -> bytes:
    plt = _pyplot()
    categories, language = scores["categories"], scores.get("language", "id")
    ikm = scores["method"].startswith("ikm")
    if categories["basis"] == "mean":
        lo, hi = scores["scale"]["min"], scores["scale"]["max"]
    else:
        lo, hi = (25 if ikm else 0), 100
    dims = scores["dimensions"]
    figure, axes = plt.subplots(figsize=(6.3, 0.42 * len(dims) + 0.9))
    for i, (low, high, label) in enumerate(zip(categories["lower_bounds"], categories["bounds"], categories["labels"])):
        axes.axvspan(max(low, lo), min(high, hi), color=BAND_COLOURS[i % len(BAND_COLOURS)], zorder=0)
        axes.text((max(low, lo) + min(high, hi)) / 2, -0.75, label, ha="center", va="bottom", fontsize=6.5)
    for row, dim in enumerate(dims):
        value = dim["mean"] * 25 if ikm and dim.get("mean") is not None else dim.get(
            "mean" if categories["basis"] == "mean" else "percent_ideal")
        if value is not None:
            axes.barh(row, value - lo, left=lo, color="#1f4e79", height=0.6, zorder=2)
            axes.text(value + (hi - lo) * 0.01, row, format_number(value, 2, language), va="center", fontsize=7)
    axes.set_yticks(range(len(dims)), ["\n".join(wrap(dim["name"], 30)) for dim in dims])
    axes.set_ylim(len(dims) - 0.4, -0.9)
    axes.set_xlim(lo, hi)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _png(figure)


def ipa_png(scores: dict) -> bytes:
    """The importance–performance Cartesian diagram, drawn from the very layout of the SVG
    (survey/analysis/ipa_chart.py ipa_layout): same axes, cut lines, quadrant names and label
    places, so the Word document shows what the PDF and the results page show."""
    from ..analysis.ipa_chart import CHAR_W, FONT, POINT_R, ipa_layout
    layout = ipa_layout(scores["ipa"], scores["scale"], scores.get("language", "id"))
    if layout is None:
        return b""
    plt = _pyplot()
    width, height, plot = layout["width"], layout["height"], layout["plot"]
    # One SVG pixel = 1/100 inch: a 10-px label is 7.2 pt, as wide as the layout reckoned.
    figure = plt.figure(figsize=(width / 100, height / 100))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width)
    axes.set_ylim(height, 0)
    axes.axis("off")
    pt = 72 / 100
    axes.add_patch(plt.Rectangle((plot[0], plot[1]), plot[2] - plot[0], plot[3] - plot[1], fill=False,
                                 edgecolor="#333", linewidth=0.8))
    for x, label in layout["x_ticks"]:
        axes.plot([x, x], [plot[3], plot[3] + 4], color="#333", linewidth=0.8)
        axes.text(x, plot[3] + 15, label, ha="center", va="baseline", fontsize=FONT * pt)
    for y, label in layout["y_ticks"]:
        axes.plot([plot[0] - 4, plot[0]], [y, y], color="#333", linewidth=0.8)
        axes.text(plot[0] - 6, y + 3, label, ha="right", va="baseline", fontsize=FONT * pt)
    axes.text((plot[0] + plot[2]) / 2, height - 10, layout["x_title"], ha="center", va="baseline", fontsize=11 * pt)
    axes.text(14, (plot[1] + plot[3]) / 2, layout["y_title"], ha="center", va="center", rotation=90,
              fontsize=11 * pt)
    cx, cy = layout["cut"]
    axes.plot([cx, cx], [plot[1], plot[3]], color="#555", linewidth=0.8, dashes=(5, 3))
    axes.plot([plot[0], plot[2]], [cy, cy], color="#555", linewidth=0.8, dashes=(5, 3))
    for x, y, anchor, text in layout["quadrants"]:
        axes.text(x, y, text, ha="left" if anchor == "start" else "right", va="baseline", fontsize=FONT * pt,
                  fontweight="bold", color="#444")
    for p in layout["points"]:
        if p["leader"]:
            axes.plot([p["x"], p["label_x"] + CHAR_W * len(p["code"]) / 2], [p["y"], p["label_y"] - FONT * 0.3],
                      color="#999", linewidth=0.5)
        axes.add_patch(plt.Circle((p["x"], p["y"]), POINT_R, color="#1f4e79"))
        axes.text(p["label_x"], p["label_y"], p["code"], ha="left", va="baseline", fontsize=FONT * pt)
    return _png(figure)
