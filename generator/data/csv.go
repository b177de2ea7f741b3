package data

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
	"unsafe"

	"github.com/gocarina/gocsv"
)

// csvRow is a pilot as CSV cells, for gocsv, which marshals structs. Its
// fields are the columns of Fields, in order, named by their tags (a test
// holds them together); set fills them by position from Fields.
type csvRow struct {
	Batch        string `csv:"batch"`
	Seq          string `csv:"seq"`
	Province     string `csv:"province"`
	ProvinceEN   string `csv:"province_en"`
	ProvinceCode string `csv:"province_code"`
	Area         string `csv:"area"`
	AreaEN       string `csv:"area_en"`
	DivisionCode string `csv:"division_code"`
	Level        string `csv:"level"`
	Latitude     string `csv:"latitude"`
	Longitude    string `csv:"longitude"`
	Note         string `csv:"note"`
	IssuedOn     string `csv:"issued_on"`
	SourceURL    string `csv:"source_url"`
	List         string `csv:"list"`
	GCJLatitude  string `csv:"gcj02_latitude"`
	GCJLongitude string `csv:"gcj02_longitude"`
}

// cells is the row as an array of its cells, in Fields order.
func (r *csvRow) cells() *[nFields]string { return (*[nFields]string)(unsafe.Pointer(r)) }

// nFields is the number of columns; a test holds it to len(Fields).
const nFields = 17

// set fills the row's cells from p; with excel, text cells a spreadsheet
// would take for a formula are defused (Neutralise). Numbers are left
// alone: -12.5 is a number, not a formula.
func (r *csvRow) set(p *Row, excel bool) {
	cells := r.cells()
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
		if err := gocsv.MarshalCSV([]*csvRow{}, gocsv.NewSafeCSVWriter(cw)); err != nil {
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
	ring := make([]csvRow, min(ringSize, len(t.Rows))) // a short table needs no reuse
	go func() {
		defer close(rows)
		for i := range t.Rows {
			r := &ring[i%len(ring)]
			r.set(&t.Rows[i], excel)
			rows <- r
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
