"""The yardstick for `study scores --json`: what a student's plain pandas script computes from
the same responses exported as CSV (item and dimension means/sd/counts, item-total r,
Cronbach's alpha per dimension), printed as JSON.

    .venv/bin/python bench/plain_pandas.py FILE.csv
"""
import json
import sys

import numpy as np
import pandas as pd

frame = pd.read_csv(sys.argv[1])
reverse = [c for c in frame.columns if c.endswith("_2_1")]  # bench/_data.py: first item of indicator 2
frame[reverse] = 6 - frame[reverse]
out = {"items": {}, "dimensions": {}}
for code in frame.columns:
    column = frame[code]
    out["items"][code] = {"n": int(column.count()), "mean": column.mean(), "sd": column.std(),
                          "counts": column.value_counts().sort_index().astype(int).tolist()}
for dimension in sorted({c.split("_")[0] for c in frame.columns}):
    block = frame[[c for c in frame.columns if c.split("_")[0] == dimension]].dropna()
    total = block.sum(axis=1)
    k = block.shape[1]
    alpha = k / (k - 1) * (1 - block.var().sum() / total.var())
    out["dimensions"][dimension] = {"mean": float(np.nanmean(block.to_numpy())), "alpha": alpha,
                                    "r": {c: block[c].corr(total) for c in block.columns}}
print(json.dumps(out))
