package medium

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// A workbook (.xlsx), read through excelize: each sheet a table, its rows
// streamed (excelize's Rows), each cell placed as "名单!C7". A merged cell
// holds its value in its top-left cell only, so a province merged over
// its rows is printed once, and package notice carries it down. The list
// is the first sheet with a row that starts with 序号 (listRows).
//
// Bounds: the workbook's parts may unpack to at most maxUnpacked bytes
// (excelize's UnzipSizeLimit), and its sheets hold at most maxCells cells;
// rows are streamed, and an empty row costs one step, so a sheet of a
// million empty rows is read in a million steps and no memory.
func readXlsx(data []byte) ([][][]cell, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnpacked, UnzipXMLSizeLimit: maxUnpacked})
	if err != nil {
		return nil, fmt.Errorf("not a workbook: %v", err)
	}
	tables, err := sheets(f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return tables, err
}

// sheets reads every sheet of f.
func sheets(f *excelize.File) ([][][]cell, error) {
	var tables [][][]cell
	cells := 0
	for si, name := range f.GetSheetList() {
		rows, err := f.Rows(name)
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %v", name, err)
		}
		table, err := sheet(rows, name, si, &cells)
		if err = errors.Join(err, rows.Close()); err != nil {
			return nil, err
		}
		tables = append(tables, table)
	}
	return tables, nil
}

// sheet reads the rows of the sheet name, the si-th, counting its cells
// in cells.
func sheet(rows *excelize.Rows, name string, si int, cells *int) ([][]cell, error) {
	var table [][]cell
	for r := 1; rows.Next(); r++ {
		cols, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("sheet %q row %d: %v", name, r, err)
		}
		var row []cell
		for c, v := range cols {
			if v = cellText(v); v == "" {
				continue
			}
			if *cells++; *cells > maxCells {
				return nil, errTooMany
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r)
			row = append(row, cell{text: v, place: name + "!" + ref, order: si<<42 | r<<21 | c + 1}) // 21 bits of row: Excel's last is 1<<20
		}
		if row != nil {
			table = append(table, row)
		}
	}
	return table, nil
}
