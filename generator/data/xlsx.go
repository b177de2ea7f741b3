package data

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// Sheet names of the workbook.
const (
	SheetPilots = "pilots"
	SheetFields = "fields"
	SheetSource = "source"
)

// WriteXLSX writes the workbook: the pilots sheet (bold frozen header,
// autofilter through a table, integers and coordinates as numbers, codes as text, dates as
// dates), the fields sheet (the data dictionary) and the source sheet
// (notices, licence, citation). Strings are always written as strings,
// never as formulas. The pilots sheet is streamed, so a large table costs
// little memory; it is the workbook's only stream, which keeps excelize's
// output in a fixed order. Document properties come from the notices.
func WriteXLSX(w io.Writer, t *Table) error {
	f := excelize.NewFile()
	defer f.Close()
	// The zip goes straight to w: File.WriteTo would build the whole
	// workbook in a buffer first (72 MB at a million rows) only to copy it
	// to w. What excelize then writes to its own buffer is nothing. The
	// buffer is needed only to patch the headers of parts over 4 GiB
	// (zip64), which a table of fewer than directRows rows cannot have.
	direct := len(t.Pilots) < directRows
	f.SetZipWriter(func(buf io.Writer) excelize.ZipWriter {
		if direct {
			return newZipWriter(w)
		}
		return newZipWriter(buf)
	})
	if err := writeWorkbook(f, t); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	_, err := f.WriteTo(w)
	return err
}

func writeWorkbook(f *excelize.File, t *Table) error {
	if err := f.SetSheetName("Sheet1", SheetPilots); err != nil {
		return err
	}
	styles, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := writePilotsSheet(f, t, styles); err != nil {
		return err
	}
	if err := writeFieldsSheet(f, styles); err != nil {
		return err
	}
	if err := writeSourceSheet(f, t, styles); err != nil {
		return err
	}
	created := t.Issued().UTC().Format(time.RFC3339)
	return f.SetDocProps(&excelize.DocProperties{
		Title:          t.FileTitle(),
		Subject:        "Pilot areas announced by the Ministry of Commerce and other ministries",
		Creator:        Publisher,
		LastModifiedBy: Publisher,
		Keywords:       "一刻钟便民生活圈; convenient living circle; pilots; China",
		Description:    "Licence " + LicenseID + ". Built from the notices; see the source sheet.",
		Identifier:     t.Slug(),
		Language:       "zh-CN",
		Version:        t.Version(),
		Created:        created,
		Modified:       t.Modified().UTC().Format(time.RFC3339),
	})
}

// directRows is the most rows a workbook is written without excelize's
// buffer: a row of the pilots sheet is about 1.2 KB of XML, so the sheet
// stays well under 4 GiB.
var directRows = 2_000_000

// newZipWriter compresses the workbook's parts with klauspost/compress at
// its fastest level: several times faster than compress/flate's default
// (deflate was a third of a million-row workbook), and its output depends
// on the module version pinned in go.mod, not on the Go toolchain, so the
// workbook's bytes are the same whichever Go builds the site.
func newZipWriter(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		fw, ok := flateWriters.Get().(*flate.Writer)
		if !ok {
			var err error
			if fw, err = flate.NewWriter(w, flate.BestSpeed); err != nil {
				return nil, err
			}
		} else {
			fw.Reset(w)
		}
		return &pooledFlate{fw}, nil
	})
	return zw
}

// flateWriters keeps compressors for reuse: a workbook has a dozen parts,
// and a compressor's tables are large.
var flateWriters sync.Pool

// pooledFlate returns its compressor to the pool when closed.
type pooledFlate struct{ *flate.Writer }

func (p *pooledFlate) Close() error {
	err := p.Writer.Close()
	flateWriters.Put(p.Writer)
	return err
}

type styles struct{ header, text, integer, number, date, wrap int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	dateFmt := "yyyy-mm-dd"
	for _, st := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}},
		{&s.text, excelize.Style{NumFmt: 49}}, // "@": shown as text, never as 1.1E+05
		{&s.integer, excelize.Style{NumFmt: 1}},
		{&s.number, excelize.Style{NumFmt: 0}},
		{&s.date, excelize.Style{CustomNumFmt: &dateFmt}},
		{&s.wrap, excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	} {
		id, err := f.NewStyle(&st.style)
		if err != nil {
			return s, err
		}
		*st.id = id
	}
	return s, nil
}

func writePilotsSheet(f *excelize.File, t *Table, st styles) error {
	sw, err := f.NewStreamWriter(SheetPilots)
	if err != nil {
		return err
	}
	// Each column has its style (codes as text, dates as dates), which
	// every cell of the column takes: the cells are plain values, with no
	// excelize.Cell around each (an allocation per cell, a tenth of a
	// large workbook's time).
	for i := range Fields {
		f := &Fields[i]
		style := st.text
		switch {
		case f.Int != nil:
			style = st.integer
		case f.Number != nil:
			style = st.number
		case f.Date != nil:
			style = st.date
		}
		if err := sw.SetColWidth(i+1, i+1, f.Width); err != nil {
			return err
		}
		if err := sw.SetColStyle(i+1, i+1, style); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(Fields))
	for i, fd := range Fields {
		header[i] = excelize.Cell{StyleID: st.header, Value: fd.Name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	row := make([]any, len(Fields))
	for i := range t.Pilots {
		p := &t.Pilots[i]
		for j := range Fields {
			row[j] = cellValue(&Fields[j], p)
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	// The autofilter comes with a table over the rows: File.AutoFilter
	// would read the whole streamed sheet back into memory and write it out
	// again (two thirds of a 100,000-row build, in the profile).
	last, err := excelize.CoordinatesToCellName(len(Fields), len(t.Pilots)+1)
	if err != nil {
		return err
	}
	noStripes := false
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "pilots", ShowRowStripes: &noStripes}); err != nil {
		return err
	}
	return sw.Flush()
}

// cellValue is the value of field f of p in the pilots sheet: a number, a
// string, a date, or nil for no cell.
func cellValue(f *Field, p *Pilot) any {
	switch {
	case f.Int != nil:
		return f.Int(p)
	case f.Number != nil:
		if v, ok := f.Number(p); ok {
			return v
		}
		return nil
	case f.Date != nil:
		return f.Date(p)
	}
	if s := f.String(p); s != "" {
		return s
	}
	return nil
}

func writeFieldsSheet(f *excelize.File, st styles) error {
	if _, err := f.NewSheet(SheetFields); err != nil {
		return err
	}
	rows := [][]string{{"name", "type", "title_zh", "title_en", "description_zh", "description_en", "source", "example"}}
	for _, fd := range Fields {
		rows = append(rows, []string{fd.Name, fd.Type, fd.TitleZH, fd.TitleEN, fd.DescZH, fd.DescEN, fd.Source, fd.Example})
	}
	return writeTextSheet(f, SheetFields, rows, []float64{15, 9, 18, 20, 50, 60, 34, 30}, st)
}

func writeSourceSheet(f *excelize.File, t *Table, st styles) error {
	if _, err := f.NewSheet(SheetSource); err != nil {
		return err
	}
	rows := [][]string{{"item", "value"}}
	for _, b := range t.Batches {
		n, nt := fmt.Sprintf("batch %d ", b.Number), b.Notice
		if b.Kind == notice.PioneerZones {
			n = fmt.Sprintf("pioneer-zone batch %d ", b.Number)
		}
		rows = append(rows,
			[]string{n + "title", nt.Title},
			[]string{n + "signed on", nt.Signed.Format(Date)},
			[]string{n + "published on", nt.Published.Format(Date)},
			[]string{n + "issued by", strings.Join(nt.Offices, "、")},
			[]string{n + "source URL", nt.SourceURL},
			[]string{n + "archived URL", nt.ArchivedURL},
		)
	}
	rows = append(rows,
		[]string{"licence", LicenseID + " (" + LicenseURL + "); attribution requested"},
		[]string{"how to cite", Citation(t)},
		[]string{"note", "The Chinese text of the notices is the only source of the data; codes, English names and coordinates come from the gazetteer described in the fields sheet."},
	)
	return writeTextSheet(f, SheetSource, rows, []float64{24, 110}, st)
}

// writeTextSheet writes rows of text, the first as a bold header, with the
// given column widths.
func writeTextSheet(f *excelize.File, sheet string, rows [][]string, widths []float64, st styles) error {
	for i, w := range widths {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	for r, row := range rows {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return err
			}
			style := st.wrap
			if r == 0 {
				style = st.header
			}
			if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
				return err
			}
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// Citation is how to cite the table, in one line.
func Citation(t *Table) string {
	return fmt.Sprintf("%s. %s · %s, version %s. Data from the notices of the Ministry of Commerce of the PRC and other ministries. %s.",
		Publisher, kindNames[t.Kind].zh, t.TitleEN(), t.Version(), LicenseID)
}
