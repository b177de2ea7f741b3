"""Prints the data type and value of every cell of a column of the pilots
sheet, as openpyxl (what pandas uses) reads them: s for string, n for
number, f for formula."""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["pilots"]
col = int(sys.argv[2])
for row in ws.iter_rows(min_row=2, min_col=col, max_col=col):
    c = row[0]
    print(f"{c.data_type}\t{c.value}")
