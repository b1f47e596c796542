"""The importance–performance Cartesian diagram (Martilla & James) as inline SVG (pure).

x = performance mean, y = importance mean, dashed cut lines at the means of the statement means,
the four quadrants named, every point labelled with its statement code. Labels are placed
greedily (nearest free spot around the point, then further out with a leader line) so that no
two labels, no label and point, and no label and quadrant name overlap, for up to 45 points.
"""
from __future__ import annotations

import math
from html import escape

from ..narrative.numbers import format_number

WIDTH, HEIGHT = 640, 520
LEFT, RIGHT, TOP, BOTTOM = 60, 16, 16, 48
FONT = 10  # label font size in px
CHAR_W = 0.6 * FONT  # a generous average advance for sans-serif digits, capitals and hyphens
POINT_R = 3.0
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
CUT_WORD = {"id": "garis potong", "en": "cut line"}
AXIS_TITLES = {"id": ("Kinerja", "Kepentingan"), "en": ("Performance", "Importance")}


def label_box(x: float, y: float, text: str) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a label whose text starts at x with its baseline at y."""
    return (x, y - FONT * 0.8, x + CHAR_W * len(text), y + FONT * 0.25)


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _axis_range(values: list[float], cut: float, low: int, high: int) -> tuple[float, float]:
    """A range around the points and the cut line, padded, in steps of 0.25, inside the scale."""
    lo, hi = min(values + [cut]), max(values + [cut])
    pad = max(0.1, (hi - lo) * 0.08)
    lo = max(float(low), math.floor((lo - pad) * 4) / 4)
    hi = min(float(high), math.ceil((hi + pad) * 4) / 4)
    if hi - lo < 0.5:
        lo, hi = max(float(low), lo - 0.25), min(float(high), hi + 0.25)
    return lo, hi


def ipa_layout(ipa: dict, scale: dict, language: str = "id", width: int = WIDTH, height: int = HEIGHT) -> dict | None:
    """Everything the diagram draws, in pixel coordinates (y down): the plot box, ticks, axis titles,
    cut lines, quadrant names and each point with its label position. The SVG below and the PNG of
    the Word document (survey/reports/figures.py) both draw this, so their labels sit alike.
    None when no statement has both sides answered."""
    points = [row for row in ipa["items"] if row["quadrant"] is not None]
    if not points:
        return None
    x_mean, y_mean = ipa["x_mean"], ipa["y_mean"]
    x_lo, x_hi = _axis_range([p["performance_mean"] for p in points], x_mean, scale["min"], scale["max"])
    y_lo, y_hi = _axis_range([p["importance_mean"] for p in points], y_mean, scale["min"], scale["max"])
    plot = (LEFT, TOP, width - RIGHT, height - BOTTOM)

    def px(value: float) -> float:
        return plot[0] + (value - x_lo) / (x_hi - x_lo) * (plot[2] - plot[0])

    def py(value: float) -> float:
        return plot[3] - (value - y_lo) / (y_hi - y_lo) * (plot[3] - plot[1])

    lang = language if language in AXIS_TITLES else "id"
    sides = ipa.get("sides") or {}
    x_title = sides.get("performance") or AXIS_TITLES[lang][0]
    y_title = sides.get("importance") or AXIS_TITLES[lang][1]
    # Quadrant names in the plot's corners: I top left, II top right, III bottom left, IV bottom right.
    occupied: list[tuple[float, float, float, float]] = []
    labels = ipa["quadrant_labels"]
    corners = {"1": (plot[0] + 4, plot[1] + 12, "start"), "2": (plot[2] - 4, plot[1] + 12, "end"),
               "3": (plot[0] + 4, plot[3] - 6, "start"), "4": (plot[2] - 4, plot[3] - 6, "end")}
    quadrants = []
    for key, (x, y, anchor) in corners.items():
        text = f"{ROMAN[key]}. {labels[key]}"
        left = x if anchor == "start" else x - CHAR_W * len(text)
        occupied.append(label_box(left, y, text))
        quadrants.append((x, y, anchor, text))
    # The cut lines too: a label across a dashed line is hard to read (the line strikes it through).
    cx, cy = px(x_mean), py(y_mean)
    occupied += [(cx - 1, plot[1], cx + 1, plot[3]), (plot[0], cy - 1, plot[2], cy + 1)]
    placed = place_labels([(px(p["performance_mean"]), py(p["importance_mean"]), p["code"]) for p in points],
                          plot, occupied)
    return {
        "width": width, "height": height, "plot": plot, "lang": lang,
        "x_ticks": [(px(step), format_number(step, 2, lang)) for step in _ticks(x_lo, x_hi)],
        "y_ticks": [(py(step), format_number(step, 2, lang)) for step in _ticks(y_lo, y_hi)],
        # "garis potong" in words: a combining macron (x̄) falls apart in WeasyPrint's SVG text.
        "x_title": f"{x_title} ({CUT_WORD[lang]} = {format_number(x_mean, 2, lang)})",
        "y_title": f"{y_title} ({CUT_WORD[lang]} = {format_number(y_mean, 2, lang)})",
        "aria": f"{y_title} – {x_title}",
        "cut": (cx, cy),
        "quadrants": quadrants,
        "points": [{"code": p["code"], "x": x, "y": y, "label_x": lx, "label_y": ly, "leader": leader,
                    "title": f"{p['code']}: {format_number(p['performance_mean'], 2, lang)}; "
                             f"{format_number(p['importance_mean'], 2, lang)}"}
                   for p, (x, y, lx, ly, leader) in zip(points, placed)],
    }


def ipa_chart(ipa: dict, scale: dict, language: str = "id", width: int = WIDTH, height: int = HEIGHT) -> str:
    """The Cartesian diagram of an `ipa` block; "" when no statement has both sides answered."""
    layout = ipa_layout(ipa, scale, language, width, height)
    if layout is None:
        return ""
    plot = layout["plot"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{escape(layout["aria"])}" font-family="sans-serif" font-size="{FONT}">',
             f'<rect x="{plot[0]}" y="{plot[1]}" width="{plot[2] - plot[0]}" height="{plot[3] - plot[1]}" '
             'fill="#fff" stroke="#333"/>']
    for x, label in layout["x_ticks"]:
        parts.append(f'<line x1="{x:.1f}" y1="{plot[3]}" x2="{x:.1f}" y2="{plot[3] + 4}" stroke="#333"/>'
                     f'<text x="{x:.1f}" y="{plot[3] + 15}" text-anchor="middle">{label}</text>')
    for y, label in layout["y_ticks"]:
        parts.append(f'<line x1="{plot[0] - 4}" y1="{y:.1f}" x2="{plot[0]}" y2="{y:.1f}" stroke="#333"/>'
                     f'<text x="{plot[0] - 6}" y="{y + 3:.1f}" text-anchor="end">{label}</text>')
    parts.append(f'<text x="{(plot[0] + plot[2]) / 2:.1f}" y="{height - 10}" text-anchor="middle" font-size="11">'
                 f'{escape(layout["x_title"])}</text>')
    parts.append(f'<text transform="translate(14 {(plot[1] + plot[3]) / 2:.1f}) rotate(-90)" text-anchor="middle" '
                 f'font-size="11">{escape(layout["y_title"])}</text>')
    cx, cy = layout["cut"]
    parts.append(f'<line x1="{cx:.1f}" y1="{plot[1]}" x2="{cx:.1f}" y2="{plot[3]}" stroke="#555" stroke-dasharray="5 3"/>'
                 f'<line x1="{plot[0]}" y1="{cy:.1f}" x2="{plot[2]}" y2="{cy:.1f}" stroke="#555" stroke-dasharray="5 3"/>')
    for x, y, anchor, text in layout["quadrants"]:
        parts.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-weight="bold" fill="#444">'
                     f'{escape(text)}</text>')
    for p in layout["points"]:
        x, y, lx, ly = p["x"], p["y"], p["label_x"], p["label_y"]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{POINT_R}" fill="#1f4e79">'
                     f'<title>{escape(p["title"])}</title></circle>')
        if p["leader"]:
            parts.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{lx + CHAR_W * len(p["code"]) / 2:.1f}" '
                         f'y2="{ly - FONT * 0.3:.1f}" stroke="#999" stroke-width="0.6"/>')
        parts.append(f'<text class="point-label" x="{lx:.1f}" y="{ly:.1f}">{escape(p["code"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _ticks(lo: float, hi: float) -> list[float]:
    step = 0.25 if hi - lo <= 2 else 0.5
    first = math.ceil(lo / step - 1e-9) * step
    return [round(first + i * step, 2) for i in range(int((hi - first) / step + 1e-9) + 1)]


def place_labels(points: list[tuple[float, float, str]], plot: tuple[float, float, float, float],
                 occupied: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float, bool]]:
    """(x, y, label x, label baseline y, leader line?) per point: the first free candidate spot.

    Candidates ring the point at growing distances (right, left, above, below, the diagonals);
    beyond the first ring a leader line joins label and point. Boxes of all points are occupied
    from the start, so a label never hides another point.
    """
    boxes = list(occupied) + [(x - POINT_R - 1, y - POINT_R - 1, x + POINT_R + 1, y + POINT_R + 1) for x, y, _ in points]
    result = []
    # Crowded points first: they have the fewest free spots.
    def crowding(i: int) -> float:
        x, y, _ = points[i]
        return -sum(1 for (a, b, _) in points if abs(a - x) < 40 and abs(b - y) < 20)
    order = sorted(range(len(points)), key=crowding)
    chosen: dict[int, tuple[float, float, float, float, bool]] = {}
    for i in order:
        x, y, text = points[i]
        w, best, best_cost = CHAR_W * len(text), None, None
        for ring in range(0, 8):
            d = 5 + ring * 9
            spots = [(x + d, y + 3.5), (x - d - w, y + 3.5), (x - w / 2, y - d), (x - w / 2, y + d + 8),
                     (x + d * 0.8, y - d * 0.8), (x - d * 0.8 - w, y - d * 0.8),
                     (x + d * 0.8, y + d * 0.8 + 6), (x - d * 0.8 - w, y + d * 0.8 + 6)]
            for lx, ly in spots:
                box = label_box(lx, ly, text)
                if box[0] < plot[0] + 1 or box[2] > plot[2] - 1 or box[1] < plot[1] + 1 or box[3] > plot[3] - 1:
                    continue
                cost = sum(_overlap(box, other) for other in boxes)
                if cost == 0:
                    best, best_cost = (lx, ly, ring > 0), 0
                    break
                if best_cost is None or cost < best_cost:
                    best, best_cost = (lx, ly, True), cost
            if best_cost == 0:
                break
        lx, ly, leader = best if best else (x + 5, y + 3.5, False)
        boxes.append(label_box(lx, ly, text))
        chosen[i] = (x, y, lx, ly, leader)
    result = [chosen[i] for i in range(len(points))]
    return result
