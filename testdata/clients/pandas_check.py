"""Reads pilots.csv, pilots.excel.csv, pilots.xlsx and pilots.json of one
folder with pandas, as a researcher would, and checks that they hold the
same table: same columns in order, same rows, integers as integers, codes
as text, Chinese intact. Prints a one-line summary; raises on any
difference."""
import json
import math
import sys

import pandas as pd

folder, want_rows = sys.argv[1], int(sys.argv[2])
codes = {"province_code": str, "division_code": str}
frames = {
    "csv": pd.read_csv(f"{folder}/pilots.csv", dtype=codes),
    "excel.csv": pd.read_csv(f"{folder}/pilots.excel.csv", dtype=codes, encoding="utf-8-sig"),
    "xlsx": pd.read_excel(f"{folder}/pilots.xlsx", sheet_name="pilots", dtype=codes, engine="openpyxl"),
    "json": pd.read_json(f"{folder}/pilots.json", dtype=codes, convert_dates=False, precise_float=True),
}
with open(f"{folder}/pilots.json", encoding="utf-8") as f:
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
print(f"ok: {len(frames)} files, {want_rows} rows, first area {frames['xlsx'].loc[0, 'area']}")
