package data

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bianmin-data/pilots/generator/settings"
)

// excelizeSheet is the data sheet of t as excelize's stream writer writes
// it, one SetRow a row: what Cells must give, byte for byte.
func excelizeSheet(t *testing.T, tb *Table) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	var sheet bytes.Buffer
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return &partCapture{name: dataSheetPart, into: &sheet} })
	sw, _, err := startWorkbook(f, tb)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]any, len(Fields))
	for i := range tb.Rows {
		for j := range Fields {
			row[j] = cellValue(&Fields[j], &tb.Rows[i])
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row); err != nil {
			t.Fatal(err)
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(Fields), len(tb.Rows)+1)
	noStripes := false
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: tableName(tb), ShowRowStripes: &noStripes}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteTo(io.Discard); err != nil {
		t.Fatal(err)
	}
	return sheet.String()
}

// writtenSheet is the data sheet of the workbook of tb written with cells.
func writtenSheet(t *testing.T, tb *Table, cells *Cells) string {
	t.Helper()
	var b bytes.Buffer
	if err := writeXLSX(&b, tb, cells, nil, nil, settings.Default().Publisher); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	r, err := zr.Open(dataSheetPart)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(got)
}

// hostileTable is cutTable with values excelize escapes, marks or cuts:
// spaces and line ends at either end, markup, its own _xHHHH_ escapes,
// control characters, bytes that are not UTF-8, a value over Excel's
// 32,767 characters, and coordinates that are not numbers.
func hostileTable() *Table {
	all, _ := cutTable()
	values := []string{" 北京市", "东城区\t", "\n", "a\r\nb", "<b>&amp;\"'</b>", "_x0041_", "_x005F_x0041_", "_x00", "\x01\x1f", "\xff\xfe", "😀", strings.Repeat("长", 40000), "=SUM(A1)", "  "}
	for i := range all.Rows {
		p := &all.Rows[i]
		p.Area = values[i%len(values)]
		p.Note = values[(i+3)%len(values)]
		p.AreaEN = values[(i+7)%len(values)]
		if i == 1 {
			p.Point = &Point{math.NaN(), math.Inf(1), 0, -0.0000001}
		}
		if i == 3 {
			p.Point = &Point{math.Copysign(0, -1), 0, 1e-300, 123456789012345678}
		}
	}
	return all
}

// TestCellsAsExcelize checks that a workbook's data sheet put together
// from Cells is the one excelize's stream writer writes a row at a time:
// for a table of values that need escaping, and for each batch of it
// with the cells of its kind's table of every batch, as Write shares
// them.
func TestCellsAsExcelize(t *testing.T) {
	for name, all := range map[string]*Table{"escapes": func() *Table { all, _ := cutTable(); return all }(), "hostile": hostileTable()} {
		t.Run(name, func(t *testing.T) {
			cells, err := newCells(all)
			if err != nil {
				t.Fatal(err)
			}
			for _, tb := range append([]*Table{all}, all.Split()...) {
				want := excelizeSheet(t, tb)
				if got := writtenSheet(t, tb, cells); got != want {
					i := 0
					for i < len(got) && i < len(want) && got[i] == want[i] {
						i++
					}
					t.Errorf("%s: the sheet differs from excelize's at byte %d:\n got %.200q\nwant %.200q", tb.Base(), i, got[i:], want[i:])
				}
			}
		})
	}
}

// TestCellsCombined checks the workbook of the combined table, whose
// cells are those of each kind's table put together, against excelize's
// stream writer: rows of two kinds, numbered on from one kind to the
// next.
func TestCellsCombined(t *testing.T) {
	one, _ := cutTable()
	all := &Table{Table: one.Catalog.All(), Catalog: one.Catalog, Batches: one.Batches, Rows: slices.Clone(one.Rows)}
	day := one.Batches[0].Notice.Signed
	all.Batches = append(all.Batches, Batch{Kind: one.Catalog.Kinds[1], Number: 1, Notice: one.Batches[0].Notice, Count: 2})
	for seq := 1; seq <= 2; seq++ {
		all.Rows = append(all.Rows, Row{Batch: 1, Seq: seq, Province: "江苏省", Area: " 市" + strconv.Itoa(seq), IssuedOn: day.AddDate(0, 0, seq), SourceURL: "http://example.org/2", List: one.Catalog.Kinds[1]})
	}
	combined := &sharedCells{}
	for _, g := range all.ByKind() {
		combined.kinds = append(combined.kinds, &sharedCells{of: g[0]})
	}
	cells, err := combined.get()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := writtenSheet(t, all, cells), excelizeSheet(t, all); got != want {
		t.Errorf("the combined sheet differs from excelize's:\n got %.300q\nwant %.300q", got, want)
	}
}

// FuzzCells checks Cells against excelize's stream writer for any text
// in a row's cells.
func FuzzCells(f *testing.F) {
	f.Add("北京市", " 东城区", "_x0041_")
	f.Add("<&>", "\x00", "\xff")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		all, _ := cutTable()
		all.Rows[0].Area, all.Rows[1].Note, all.Rows[2].AreaEN = a, b, c
		all.Rows[3].Area = a + b
		cells, err := newCells(all)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := writtenSheet(t, all, cells), excelizeSheet(t, all); got != want {
			t.Errorf("the sheet differs from excelize's for %q, %q, %q", a, b, c)
		}
	})
}

// TestCellsPastExcelRows checks a table with more distinct values, in all
// its columns, than a sheet has rows, though its own rows fit: its sheet is
// excelize's, not an error for a row past Excel's last.
func TestCellsPastExcelRows(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short: writes a sheet of 65,537 rows three times")
	}
	all, _ := cutTable()
	first := all.Rows[0]
	all.Batches = all.Batches[:1]
	all.Rows = all.Rows[:0]
	// Sixteen columns of a new value on every row: sixteen times as many
	// values as rows, over excelize.TotalRows.
	n := excelize.TotalRows/16 + 1
	all.Batches[0].Count = n
	for i := 1; i <= n; i++ {
		p := first
		s := strconv.Itoa(i)
		f := float64(i)
		p.Batch, p.Seq = i, i
		p.Province, p.ProvinceEN, p.ProvinceCode, p.Area, p.AreaEN, p.DivisionCode, p.Level, p.Note, p.SourceURL =
			"省"+s, "p"+s, "c"+s, "区"+s, "a"+s, "d"+s, "l"+s, "n"+s, "http://example.org/"+s
		p.Point = &Point{f / 1e4, f / 1e3, f / 1e5, f / 1e2}
		p.IssuedOn = first.IssuedOn.AddDate(0, 0, i)
		all.Rows = append(all.Rows, p)
	}
	cells, err := newCells(all)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := writtenSheet(t, all, cells), excelizeSheet(t, all); got != want {
		t.Error("the sheet differs from excelize's")
	}
}

// TestSheetCopy checks that a workbook given another's data sheet
// (sheetCopy) copies it where what excelize writes around the rows and the
// part's date are the same, and writes its own otherwise; that either way
// the workbook is byte for byte the one written without a copy (zip.Writer.Copy
// keeps the part's header); and that a copied part is dated as the others.
func TestSheetCopy(t *testing.T) {
	tb, _ := cutTable()
	cells, err := newCells(tb)
	if err != nil {
		t.Fatal(err)
	}
	var kind sheetCopy
	var first bytes.Buffer
	if err := writeXLSX(&first, tb, cells, &kind, nil, settings.Default().Publisher); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(kind.held, "</sheetData>") {
		t.Fatalf("noted %q, not the data sheet", kind.held)
	}
	file := filepath.Join(t.TempDir(), "kind.xlsx")
	if err := os.WriteFile(file, first.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// later is tb with one more batch, without rows, published a day
	// later: its workbook is dated otherwise.
	later := *tb
	n := *tb.Batches[0].Notice
	n.Published = n.Published.AddDate(0, 0, 1)
	later.Batches = append(slices.Clone(tb.Batches), Batch{Kind: tb.Batches[0].Kind, Number: 9, Notice: &n})
	for _, tc := range []struct {
		name   string
		table  *Table
		held   string
		copied bool
	}{
		{"same", tb, kind.held, true},
		{"written otherwise around the rows", tb, kind.held + " ", false},
		{"dated otherwise", &later, kind.held, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			like := &sheetCopy{held: tc.held, open: func() (*os.File, error) { return os.Open(file) }}
			var got, want bytes.Buffer
			if err := writeXLSX(&got, tc.table, cells, nil, like, settings.Default().Publisher); err != nil {
				t.Fatal(err)
			}
			if like.copied != tc.copied {
				t.Errorf("copied %v, want %v", like.copied, tc.copied)
			}
			if err := writeXLSX(&want, tc.table, cells, nil, nil, settings.Default().Publisher); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("the workbook differs from the one written without a copy")
			}
			zr, err := zip.NewReader(bytes.NewReader(got.Bytes()), int64(got.Len()))
			if err != nil {
				t.Fatal(err)
			}
			for _, part := range zr.File {
				if !part.Modified.Equal(tc.table.Modified()) {
					t.Errorf("%s dated %v, want %v", part.Name, part.Modified, tc.table.Modified())
				}
			}
		})
	}
}
