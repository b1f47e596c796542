"""The Cartesian diagram: every point labelled, no two labels overlapping, nothing outside the plot."""
from __future__ import annotations

import re
from itertools import combinations

import numpy as np
import pytest

from survey.analysis.ipa_chart import HEIGHT, LEFT, POINT_R, RIGHT, TOP, BOTTOM, WIDTH, ipa_chart, label_box
from survey.scoring.ipa import QUADRANT_LABELS, quadrant


def _ipa(n_points: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    # Real studies cluster: performance 2,8-4,0 and importance 3,8-4,6 on a 1-5 scale, in steps of 1/100.
    performance = np.round(rng.uniform(2.8, 4.0, n_points), 2)
    importance = np.round(rng.uniform(3.8, 4.6, n_points), 2)
    x_mean, y_mean = float(performance.mean()), float(importance.mean())
    items = [{"code": f"{'TRRAE'[i % 5]}{'ANEMS'[i % 5]}-{i // 5 + 1}.{i % 3 + 1}",
              "importance_mean": float(imp), "performance_mean": float(perf),
              "quadrant": quadrant(imp, perf, y_mean, x_mean)}
             for i, (imp, perf) in enumerate(zip(importance, performance))]
    return {"items": items, "x_mean": x_mean, "y_mean": y_mean, "sides": {},
            "quadrant_labels": QUADRANT_LABELS["id"]}


@pytest.mark.parametrize("seed", range(8))
def test_45_labels_never_overlap_each_other_or_points(seed):
    ipa = _ipa(45, seed)
    svg = ipa_chart(ipa, {"min": 1, "max": 5})
    labels = re.findall(r'<text class="point-label" x="([\d.]+)" y="([\d.]+)">([^<]+)</text>', svg)
    circles = [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)]
    assert sorted(text for _, _, text in labels) == sorted(item["code"] for item in ipa["items"])
    boxes = [label_box(float(x), float(y), text) for x, y, text in labels]
    for a, b in combinations(boxes, 2):
        assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1]), (a, b)
    for box in boxes:
        assert LEFT <= box[0] and box[2] <= WIDTH - RIGHT and TOP <= box[1] and box[3] <= HEIGHT - BOTTOM
        for cx, cy in circles:
            apart = (box[2] <= cx - POINT_R or box[0] >= cx + POINT_R or box[3] <= cy - POINT_R
                     or box[1] >= cy + POINT_R)
            assert apart, (box, cx, cy)


def test_cut_lines_quadrant_names_and_axis_titles():
    ipa = _ipa(10, 1)
    ipa["sides"] = {"importance": "Harapan", "performance": "Kenyataan"}
    svg = ipa_chart(ipa, {"min": 1, "max": 5})
    assert svg.count('stroke-dasharray="5 3"') == 2
    for name in ("I. Prioritas Utama", "II. Pertahankan Prestasi", "III. Prioritas Rendah", "IV. Berlebihan"):
        assert name in svg
    assert "Kenyataan (garis potong = " in svg and "Harapan (garis potong = " in svg


def test_no_answered_pairs_no_chart():
    assert ipa_chart({"items": [{"code": "A", "quadrant": None}], "x_mean": None, "y_mean": None,
                      "quadrant_labels": QUADRANT_LABELS["id"]}, {"min": 1, "max": 5}) == ""


@pytest.mark.parametrize("seed", range(8))
def test_45_labels_keep_off_the_cut_lines(seed):
    """A dashed cut line through a label strikes it out: every label sits beside both lines."""
    from survey.analysis.ipa_chart import ipa_layout
    layout = ipa_layout(_ipa(45, seed), {"min": 1, "max": 5})
    cx, cy = layout["cut"]
    for p in layout["points"]:
        left, top, right, bottom = label_box(p["label_x"], p["label_y"], p["code"])
        assert right <= cx or left >= cx, (p["code"], "vertical cut line")
        assert bottom <= cy or top >= cy, (p["code"], "horizontal cut line")
