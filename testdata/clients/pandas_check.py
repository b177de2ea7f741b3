"""Reads pilots.csv, pilots.excel.csv, pilots.xlsx and pilots.json of one
folder (or the files of another base name, the third argument:
pioneer-zones, designations) with pandas, as a researcher would, and checks that they hold the
same table: same columns in order, same rows, integers as integers, codes
as text, Chinese intact. Prints a one-line summary; raises on any
difference."""
import json
import math
import os
import sys

import pandas as pd

folder, want_rows = sys.argv[1], int(sys.argv[2])
stem = sys.argv[3] if len(sys.argv) > 3 else "pilots"
codes = {"province_code": str, "division_code": str}
frames = {
    "csv": pd.read_csv(f"{folder}/{stem}.csv", dtype=codes),
    "excel.csv": pd.read_csv(f"{folder}/{stem}.excel.csv", dtype=codes, encoding="utf-8-sig"),
    "json": pd.read_json(f"{folder}/{stem}.json", dtype=codes, convert_dates=False, precise_float=True),
}
if os.path.exists(f"{folder}/{stem}.xlsx"):  # the combined table has none
    frames["xlsx"] = pd.read_excel(f"{folder}/{stem}.xlsx", sheet_name=stem, dtype=codes, engine="openpyxl")
with open(f"{folder}/{stem}.json", encoding="utf-8") as f:
    keys = list(json.load(f)[0].keys())


def records(df):
    out = []
    for row in df.itertuples(index=False):
        rec = []
        for v in row:
            if isinstance(v, pd.Timestamp):
                v = v.strftime("%Y-%m-%d")
            elif isinstance(v, float) and math.isnan(v):
                v = None
            elif v is pd.NA:
                v = None
            rec.append(v)
        out.append(rec)
    return out


base = records(frames["csv"])
for name, df in frames.items():
    assert list(df.columns) == keys, f"{name}: columns {list(df.columns)}"
    assert len(df) == want_rows, f"{name}: {len(df)} rows, want {want_rows}"
    for col in ("batch", "seq"):
        assert str(df[col].dtype) == "int64", f"{name}: {col} is {df[col].dtype}"
    assert records(df) == base, f"{name} differs from pilots.csv"
print(f"ok: {len(frames)} files, {want_rows} rows, first area {frames['csv'].loc[0, 'area']}")
