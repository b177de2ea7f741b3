"""Reads every sheet of a workbook with openpyxl in read-only mode, which
trusts each sheet's dimension (as csvkit's in2csv, agate and Frictionless
do), and prints each sheet's name, its rows and its columns, then every
row of the first sheet as tab-separated text, as the CSV has it."""
import datetime
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
for ws in wb.worksheets:
    rows = list(ws.iter_rows(values_only=True))
    print(f"sheet\t{ws.title}\t{len(rows)}\t{max((len(r) for r in rows), default=0)}")


def text(v):
    if v is None:
        return ""
    if isinstance(v, datetime.datetime):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return repr(v)
    return str(v)


for row in wb.worksheets[0].iter_rows(values_only=True):
    print("\t".join(text(v) for v in row))
