package data

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"
)

// csvRow is a pilot as CSV cells. Its tags are the column names, in the
// order of Fields (a test holds them together).
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
}

// set fills the row's cells from p.
func (r *csvRow) set(p *Pilot) {
	*r = csvRow{
		Batch: strconv.Itoa(p.Batch), Seq: strconv.Itoa(p.Seq),
		Province: p.Province, ProvinceEN: p.ProvinceEN, ProvinceCode: p.ProvinceCode,
		Area: p.Area, AreaEN: p.AreaEN, DivisionCode: p.DivisionCode, Level: p.Level,
		Note: p.Note, IssuedOn: p.IssuedOn.Format(Date), SourceURL: p.SourceURL,
	}
	if p.Point != nil {
		r.Latitude = strconv.FormatFloat(p.Point.Lat, 'f', -1, 64)
		r.Longitude = strconv.FormatFloat(p.Point.Lon, 'f', -1, 64)
	}
}

// WriteCSV writes the canonical CSV: RFC 4180, UTF-8 without BOM, \n line
// ends, a header row, values exactly as published.
func WriteCSV(w io.Writer, t *Table) error {
	return writeCSV(w, t, false)
}

// WriteExcelCSV writes the CSV for spreadsheet programs: a UTF-8 byte order
// mark (so Excel does not read it as the local code page), CRLF line ends,
// and every text cell that a spreadsheet would take for a formula (one
// starting with =, +, -, @, tab or CR) prefixed with an apostrophe, as
// OWASP recommends against CSV injection. The canonical CSV keeps the data
// unaltered.
func WriteExcelCSV(w io.Writer, t *Table) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	return writeCSV(w, t, true)
}

func writeCSV(w io.Writer, t *Table, excel bool) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = excel
	if len(t.Pilots) == 0 { // MarshalChan needs a first row to write the header
		if err := gocsv.MarshalCSV([]*csvRow{}, gocsv.NewSafeCSVWriter(cw)); err != nil {
			return err
		}
		return bw.Flush()
	}
	// gocsv takes rows from a channel. The rows are made in a ring of
	// slots, reused once gocsv is done with them: a slot is filled again
	// only after ringSize more sends, and at most chanSize+1 rows are in
	// flight, so it is never overwritten while gocsv reads it.
	const chanSize, ringSize = 256, 1024
	rows := make(chan any, chanSize)
	ring := make([]csvRow, ringSize)
	go func() {
		defer close(rows)
		for i := range t.Pilots {
			r := &ring[i%ringSize]
			r.set(&t.Pilots[i])
			if excel {
				r.neutralise()
			}
			rows <- r
		}
	}()
	if err := gocsv.MarshalChan(rows, gocsv.NewSafeCSVWriter(cw)); err != nil {
		for range rows { // let the sender finish
		}
		return err
	}
	return bw.Flush()
}

// neutralise defuses every text cell a spreadsheet would evaluate. Numeric
// columns are left alone: -12.5 is a number, not a formula.
func (r *csvRow) neutralise() {
	for _, s := range []*string{
		&r.Province, &r.ProvinceEN, &r.ProvinceCode, &r.Area, &r.AreaEN,
		&r.DivisionCode, &r.Level, &r.Note, &r.IssuedOn, &r.SourceURL,
	} {
		*s = Neutralise(*s)
	}
}

// Neutralise prefixes s with an apostrophe when a spreadsheet would read it
// as a formula.
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
