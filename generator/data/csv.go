package data

import (
	"bufio"
	"encoding/csv"
	"io"
	"reflect"
	"strings"
	"unsafe"

	"github.com/gocarina/gocsv"
)

// csvRow is the struct gocsv marshals a row as: one string field per
// column of Fields, in order, tagged with the column's name (structOf), so
// that the columns are declared once, in Fields.
var csvRow = structOf(func(f *Field) (reflect.Type, string) { return reflect.TypeFor[string](), `csv:"` + f.Name + `"` })

// csvCells are the cells of a value of csvRow, in Fields order: a struct
// of strings alone is laid out as an array of them, which init checks.
func csvCells(r reflect.Value) []string {
	return unsafe.Slice((*string)(r.UnsafePointer()), len(Fields))
}

func init() {
	for i := range csvRow.NumField() {
		if csvRow.Field(i).Offset != uintptr(i)*unsafe.Sizeof("") {
			panic("data: the CSV row is not laid out as an array of strings")
		}
	}
}

// setCSV fills the cells of the csvRow at r from p; with excel, text cells
// a spreadsheet would take for a formula are defused (Neutralise).
// Numbers are left alone: -12.5 is a number, not a formula.
func setCSV(r reflect.Value, p *Row, excel bool) {
	cells := csvCells(r)
	for i := range Fields {
		f := &Fields[i]
		cells[i] = f.Text(p)
		if excel && (f.String != nil || f.Date != nil) {
			cells[i] = Neutralise(cells[i])
		}
	}
}

// WriteCSV writes the canonical CSV: RFC 4180, UTF-8 without BOM, \n line
// ends, a header row, values exactly as published.
func WriteCSV(w io.Writer, t *Table) error {
	_, err := writeCSV(w, t, false)
	return err
}

// WriteExcelCSV writes the CSV for spreadsheet programs: a UTF-8 byte order
// mark (so Excel does not read it as the local code page), CRLF line ends,
// and every text cell that a spreadsheet would take for a formula (one
// starting with =, +, -, @, tab or CR) prefixed with an apostrophe, as
// OWASP recommends against CSV injection. The canonical CSV keeps the data
// unaltered.
func WriteExcelCSV(w io.Writer, t *Table) error {
	_, err := writeCSV(w, t, true)
	return err
}

func cutCSV(w io.Writer, t *Table) (map[int][]Range, error)      { return writeCSV(w, t, false) }
func cutExcelCSV(w io.Writer, t *Table) (map[int][]Range, error) { return writeCSV(w, t, true) }

// writeCSV writes either CSV, and returns for each batch's run of rows the
// header and its rows (Format.Cut).
func writeCSV(w io.Writer, t *Table, excel bool) (map[int][]Range, error) {
	ow := &offsetWriter{w: w}
	bw := bufio.NewWriterSize(ow, 64<<10)
	if excel {
		bw.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = excel
	if len(t.Rows) == 0 { // MarshalChan needs a first row to write the header
		if err := gocsv.MarshalCSV(reflect.MakeSlice(reflect.SliceOf(reflect.PointerTo(csvRow)), 0, 0).Interface(), gocsv.NewSafeCSVWriter(cw)); err != nil {
			return nil, err
		}
		return nil, bw.Flush()
	}
	// mw notes the offset where each run of a batch's rows begins (the
	// header ends where the first begins), and where the last ends.
	starts := runs(t.Rows)
	mw := &markingWriter{Writer: cw, marks: starts[:len(starts)-1], offset: func() int64 {
		cw.Flush()
		return ow.n + int64(bw.Buffered())
	}}
	// gocsv takes rows from a channel. The rows are made in a ring of
	// slots, reused once gocsv is done with them: a slot is filled again
	// only after ringSize more sends, and at most chanSize+1 rows are in
	// flight, so it is never overwritten while gocsv reads it.
	const chanSize, ringSize = 256, 1024
	rows := make(chan any, chanSize)
	ring := reflect.New(reflect.ArrayOf(min(ringSize, len(t.Rows)), csvRow)).Elem() // a short table needs no reuse
	go func() {
		defer close(rows)
		for i := range t.Rows {
			r := ring.Index(i % ring.Len()).Addr()
			setCSV(r, &t.Rows[i], excel)
			rows <- r.Interface()
		}
	}()
	if err := gocsv.MarshalChan(rows, mw); err != nil {
		for range rows { // let the sender finish
		}
		return nil, err
	}
	offsets := append(mw.offsets, mw.offset())
	cuts := map[int][]Range{}
	for i, start := range starts[:len(starts)-1] {
		cuts[t.Rows[start].Batch] = []Range{{0, offsets[0]}, {offsets[i], offsets[i+1]}}
	}
	return cuts, bw.Flush()
}

// markingWriter is the CSVWriter gocsv writes records to: before the data
// row whose index is the next of marks, it notes the offset in the file.
// Record 0 is the header.
type markingWriter struct {
	*csv.Writer
	marks   []int // data row indices, ascending
	offset  func() int64
	offsets []int64
	records int
}

func (m *markingWriter) Write(record []string) error {
	if len(m.offsets) < len(m.marks) && m.records == m.marks[len(m.offsets)]+1 {
		m.offsets = append(m.offsets, m.offset())
	}
	m.records++
	return m.Writer.Write(record)
}

// Neutralise prefixes s with an apostrophe when a spreadsheet would read it
// as a formula.
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
