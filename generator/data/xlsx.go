package data

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/settings"
	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// Sheet names of the workbook beside its data sheet, which is named after
// its table (dataSheet).
const (
	SheetFields = "fields"
	SheetSource = "source"
)

// dataSheet is the name of the workbook's sheet of rows: the table's base
// name (pilots, pioneer-zones).
func dataSheet(t *Table) string { return t.Base() }

// tableName is the name of the sheet's Excel table, which may hold
// letters, digits and _ only: pilots, pioneer_zones.
func tableName(t *Table) string { return strings.ReplaceAll(t.Base(), "-", "_") }

// WriteXLSX writes the workbook: the data sheet (bold frozen header,
// autofilter through a table, integers and coordinates as numbers, codes as text, dates as
// dates), the fields sheet (the data dictionary) and the source sheet
// (notices, licence, citation). Strings are always written as strings,
// never as formulas. The data sheet is streamed, so a large table costs
// little memory; it is the workbook's only stream, which keeps excelize's
// output in a fixed order. Document properties come from the notices, and
// the publisher is the built-in settings'.
func WriteXLSX(w io.Writer, t *Table) error {
	cells, err := newCells(t)
	if err != nil {
		return err
	}
	return writeXLSX(w, t, cells, nil, nil, settings.Default().Publisher)
}

// sheetCopy lets the workbook of the combined table, while one kind of
// list has every row, copy that kind's data sheet as it is compressed
// instead of compressing the same rows again (a third of the workbooks'
// work at a million rows): the rows are the same slice and their cells
// that kind's, so the sheet's bytes are the same wherever excelize writes
// the same around them. The kind's workbook notes what excelize wrote
// around its rows (held); the combined one copies the kind's part when it
// has the same, and writes its own otherwise.
type sheetCopy struct {
	held   string
	open   func() (*os.File, error) // the kind's workbook, written before
	copied bool                     // whether the combined workbook copied its sheet, for the tests
}

// writeXLSX writes the workbook of t, its data sheet's rows put together
// from cells (Cells). With record, it notes its data sheet there; with
// like, it copies like's data sheet where it is its own (sheetCopy).
func writeXLSX(w io.Writer, t *Table, cells *Cells, record, like *sheetCopy, pub settings.Publisher) error {
	f := excelize.NewFile()
	defer f.Close()
	// The zip goes straight to w: File.WriteTo would build the whole
	// workbook in a buffer first (72 MB at a million rows) only to copy it
	// to w. What excelize then writes to its own buffer is nothing. Its
	// buffer serves to patch the headers of parts over 4 GiB (zip64), which
	// a sheet of at most MaxRows rows of about 1.2 KB of XML each cannot
	// have.
	modified := t.Modified()
	rows := func(w io.Writer) error { return cells.writeRows(w, t) }
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		z := newZipWriter(w, modified, rows)
		z.record, z.like = record, like
		return z
	})
	if err := writeWorkbook(f, t, pub); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	_, err := f.WriteTo(w)
	return err
}

func writeWorkbook(f *excelize.File, t *Table, pub settings.Publisher) error {
	sw, styles, err := startWorkbook(f, t)
	if err != nil {
		return err
	}
	// The rows are not written here: the zip writer puts them in the
	// sheet as it is zipped (newZipWriter).
	last, err := excelize.CoordinatesToCellName(len(Fields), len(t.Rows)+1)
	if err != nil {
		return err
	}
	// The autofilter comes with a table over the rows: File.AutoFilter
	// would read the whole streamed sheet back into memory and write it out
	// again (two thirds of a 100,000-row build, in the profile).
	noStripes := false
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: tableName(t), ShowRowStripes: &noStripes}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := writeFieldsSheet(f, t, styles); err != nil {
		return err
	}
	if err := writeSourceSheet(f, t, styles, pub); err != nil {
		return err
	}
	created := t.Issued().UTC().Format(time.RFC3339)
	return f.SetDocProps(&excelize.DocProperties{
		Title:          t.FileTitle(),
		Subject:        lists.UpperFirst(t.Names("en").Many) + " announced by the Ministry of Commerce and other ministries",
		Creator:        pub.NameEN,
		LastModifiedBy: pub.NameEN,
		Keywords:       "一刻钟便民生活圈; convenient living circle; " + t.Names("en").Short + "; China",
		Description:    "Licence " + LicenseID + ". Built from the notices; see the source sheet.",
		Identifier:     t.Slug(),
		Language:       "zh-CN",
		Version:        t.Version(),
		Created:        created,
		Modified:       t.Modified().UTC().Format(time.RFC3339),
	})
}

// newZipWriter compresses the workbook's parts with klauspost/compress at
// its fastest level: several times faster than compress/flate's default
// (deflate was a third of a million-row workbook), and its output depends
// on the module version pinned in go.mod, not on the Go toolchain, so the
// workbook's bytes are the same whichever Go builds the site.
//
// Every part is dated modified, the date the data last changed (or
// 1980-01-01, the first date a zip can hold, for a table without one): a
// zero date shows as 1980-00-00 in zip tools. The core properties get the
// cp: prefix Excel writes (workbook.go).
//
// rows writes the data sheet's rows: they go into its part just before
// the end of its sheetData, after the header row excelize wrote.
func newZipWriter(w io.Writer, modified time.Time, rows func(io.Writer) error) *datedZip {
	if modified.Year() < 1980 {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
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
	return &datedZip{Writer: zw, modified: modified, rows: rows}
}

// datedZip is a zip writer whose parts are dated, whose core properties
// part is rewritten with the cp: prefix (excelize writes keywords,
// lastModifiedBy and version in the default namespace, legal XML that
// exceljs refuses to open: Unexpected xml node in parseOpen), and which
// puts the rows in the data sheet.
type datedZip struct {
	*zip.Writer
	modified time.Time
	rows     func(io.Writer) error
	pending  string        // the part held in held, until the next part
	held     *bytes.Buffer // the core properties or the data sheet (without its rows)
	record   *sheetCopy    // where to note the data sheet, or nil
	like     *sheetCopy    // a data sheet to copy where it is this one, or nil
}

// corePart is the name of the core properties part.
const corePart = "docProps/core.xml"

func (z *datedZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	if name == corePart || name == dataSheetPart {
		z.pending, z.held = name, new(bytes.Buffer)
		return z.held, nil
	}
	return z.create(name)
}

func (z *datedZip) create(name string) (io.Writer, error) {
	return z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.modified})
}

func (z *datedZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	if z.rows != nil {
		return fmt.Errorf("excelize wrote no %s", dataSheetPart)
	}
	return z.Writer.Close()
}

// flush writes the part held, once it is complete: the core properties
// prefixed, the data sheet with its rows.
func (z *datedZip) flush() error {
	if z.held == nil {
		return nil
	}
	name, held := z.pending, z.held.String()
	z.held = nil
	if name == corePart {
		w, err := z.create(name)
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, corePrefix.Replace(held))
		return err
	}
	end := strings.LastIndex(held, "</sheetData>")
	if end < 0 || z.rows == nil {
		return fmt.Errorf("%s: no sheetData to put the rows in", name)
	}
	rows := z.rows
	z.rows = nil
	if z.record != nil {
		z.record.held = held
	}
	if z.like != nil && z.like.held == held {
		if copied, err := z.copySheet(); copied || err != nil {
			return err
		}
	}
	w, err := z.create(name)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, held[:end]); err != nil {
		return err
	}
	if err := rows(w); err != nil {
		return err
	}
	_, err = io.WriteString(w, held[end:])
	return err
}

// copySheet copies the data sheet of z.like's workbook, compressed and
// with its header, which zip.Writer.Copy keeps as written: the same bytes
// as compressing it here. It copies nothing, and says so, where that
// part is dated otherwise than this workbook's (the two tables' dates
// differ when a kind has a batch without rows). The workbook it reads is
// one this build wrote: it reads its central directory (a dozen parts) and
// copies the part through zip.Writer.Copy's buffer, in time linear in the
// part and memory bounded by the buffer.
func (z *datedZip) copySheet() (copied bool, err error) {
	f, err := z.like.open()
	if err != nil {
		return false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false, err
	}
	zr, err := zip.NewReader(f, info.Size())
	if err != nil {
		return false, err
	}
	for _, part := range zr.File {
		if part.Name == dataSheetPart && part.Modified.Equal(z.modified) {
			z.like.copied = true
			return true, z.Copy(part)
		}
	}
	return false, nil
}

// corePrefix puts the core-properties namespace on a cp: prefix, as Excel
// writes it.
var corePrefix = strings.NewReplacer(
	`<coreProperties xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"`,
	`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"`,
	"</coreProperties>", "</cp:coreProperties>",
	"<keywords>", "<cp:keywords>", "</keywords>", "</cp:keywords>",
	"<lastModifiedBy>", "<cp:lastModifiedBy>", "</lastModifiedBy>", "</cp:lastModifiedBy>",
	"<version>", "<cp:version>", "</version>", "</cp:version>",
	"<category>", "<cp:category>", "</category>", "</cp:category>",
	"<contentStatus>", "<cp:contentStatus>", "</contentStatus>", "</cp:contentStatus>",
	"<revision>", "<cp:revision>", "</revision>", "</cp:revision>",
)

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

// startWorkbook names the data sheet, makes the workbook's styles, and
// starts the data sheet's stream: its dimension, column widths and
// formats, frozen header row and the header row itself. It is the same
// for the workbook and for the scratch one newCells writes, so that both
// number their styles alike.
func startWorkbook(f *excelize.File, t *Table) (*excelize.StreamWriter, styles, error) {
	if err := f.SetSheetName("Sheet1", dataSheet(t)); err != nil {
		return nil, styles{}, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, st, err
	}
	// The dimension is written at the head of the stream: the sheet's
	// range, which readers that trust it (openpyxl read-only, and csvkit
	// and Frictionless through it) read as the table's extent.
	last, err := excelize.CoordinatesToCellName(len(Fields), len(t.Rows)+1)
	if err != nil {
		return nil, st, err
	}
	if err := f.SetSheetDimension(dataSheet(t), "A1:"+last); err != nil {
		return nil, st, err
	}
	sw, err := f.NewStreamWriter(dataSheet(t))
	if err != nil {
		return nil, st, err
	}
	// Each column has its style (codes as text, dates as dates), which
	// every cell of the column takes: the cells are plain values.
	// Columns are set last first: the stream writer puts each before the
	// ones set earlier, and readers expect them in ascending order.
	for i := len(Fields) - 1; i >= 0; i-- {
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
			return nil, st, err
		}
		if err := sw.SetColStyle(i+1, i+1, style); err != nil {
			return nil, st, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, st, err
	}
	header := make([]any, len(Fields))
	for i, fd := range Fields {
		header[i] = excelize.Cell{StyleID: st.header, Value: fd.Name}
	}
	return sw, st, sw.SetRow("A1", header)
}

// cellValue is the value of field f of p in the pilots sheet: a number, a
// string, a date, or nil for no cell.
func cellValue(f *Field, p *Row) any {
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

func writeFieldsSheet(f *excelize.File, t *Table, st styles) error {
	if _, err := f.NewSheet(SheetFields); err != nil {
		return err
	}
	rows := [][]string{{"name", "type", "title_zh", "title_en", "description_zh", "description_en", "source", "example"}}
	for _, fd := range Fields {
		rows = append(rows, []string{fd.Name, fd.Type, fd.TitleZH, fd.TitleEN, fd.Desc("zh", t.Catalog), fd.Desc("en", t.Catalog), fd.Source, fd.Example})
	}
	return writeTextSheet(f, SheetFields, rows, []float64{15, 9, 18, 20, 50, 60, 34, 30}, st)
}

func writeSourceSheet(f *excelize.File, t *Table, st styles, pub settings.Publisher) error {
	if _, err := f.NewSheet(SheetSource); err != nil {
		return err
	}
	rows := [][]string{{"item", "value"}}
	for _, b := range t.Batches {
		n, nt := lists.BatchLabel(b.Kind, b.Number, "en")+" ", b.Notice
		rows = append(rows,
			[]string{n + "title", nt.Title},
			[]string{n + "signed on", nt.Signed.Format(Date)},
			[]string{n + "published on", nt.Published.Format(Date)},
			[]string{n + "issued by", strings.Join(nt.Offices, "、")},
			[]string{n + "source URL", nt.SourceURL},
			[]string{n + "archived URL", nt.ArchivedURL},
			[]string{n + "read from", b.From},
		)
	}
	rows = append(rows,
		[]string{"licence", LicenseID + " (" + LicenseURL + "); attribution requested"},
		[]string{"how to cite", Citation(t, pub)},
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
	last, err := excelize.CoordinatesToCellName(len(rows[0]), len(rows))
	if err != nil {
		return err
	}
	if err := f.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// Citation is how to cite the table, in one line.
func Citation(t *Table, pub settings.Publisher) string {
	return fmt.Sprintf("%s. %s · %s, version %s. Data from the notices of the Ministry of Commerce of the PRC and other ministries. %s.",
		pub.NameEN, t.Title("zh"), t.Title("en"), t.Version(), LicenseID)
}
