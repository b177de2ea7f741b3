package data

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"
)

// Cells is the XML excelize writes for each distinct value of each column
// of a data sheet, so that a workbook's rows are put together from it
// instead of going through excelize's stream writer one cell at a time
// (its SetRow was over a quarter of a large build's time: it escapes,
// measures and copies every string of every row, though a table holds few
// distinct values: a province, a level, a notice's address repeat on
// thousands of rows).
//
// The XML is excelize's own: newCells writes each distinct value once, in
// its column, through a stream writer set up as the data sheet's (the same
// styles, the same column formats), and cuts each cell out of what it
// wrote, around its reference. A row is then excelize's row element with
// those cells, each given its own reference. TestCellsAsExcelize checks
// that the sheet is byte for byte the one excelize's SetRow writes.
//
// Cells of a kind's table of every batch serve each of its batches' too:
// a batch's values are among them, and every workbook makes its styles in
// the same order, so with the same numbers.
//
// Time and memory are linear in the table's cells: one map look-up per
// cell, and the distinct values held once.
type Cells struct {
	cols []column // by column of Fields
}

// column is the XML of each distinct value of a column, by the value's
// type: numbers by their bits, so that -0 (written "-0") is not 0.
type column struct {
	strs   map[string]cellXML
	ints   map[int]cellXML
	floats map[uint64]cellXML
	dates  map[time.Time]cellXML
}

// cellXML is a cell without its row number: the cell of row n is head, n,
// tail.
type cellXML struct{ head, tail string }

// find returns the cell of column j of p: has is false for an empty cell,
// known is false for a value not yet in c.
func (c *Cells) find(j int, p *Row) (x cellXML, has, known bool) {
	f, col := &Fields[j], &c.cols[j]
	switch {
	case f.Int != nil:
		x, known = col.ints[f.Int(p)]
	case f.Number != nil:
		v, ok := f.Number(p)
		if !ok {
			return x, false, true
		}
		x, known = col.floats[math.Float64bits(v)]
	case f.Date != nil:
		x, known = col.dates[f.Date(p)]
	default:
		s := f.String(p)
		if s == "" {
			return x, false, true
		}
		x, known = col.strs[s]
	}
	return x, true, known
}

// emptyCells is Cells of no value.
func emptyCells() *Cells {
	c := &Cells{cols: make([]column, len(Fields))}
	for j := range c.cols {
		c.cols[j] = column{map[string]cellXML{}, map[int]cellXML{}, map[uint64]cellXML{}, map[time.Time]cellXML{}}
	}
	return c
}

// set records x as the cell of value v (cellValue) in column j.
func (c *Cells) set(j int, v any, x cellXML) {
	col := &c.cols[j]
	switch v := v.(type) {
	case int:
		col.ints[v] = x
	case float64:
		col.floats[math.Float64bits(v)] = x
	case time.Time:
		col.dates[v] = x
	case string:
		col.strs[v] = x
	default:
		panic(fmt.Sprintf("xlsx: a cell of type %T", v))
	}
}

// dataSheetPart is the zip part of the data sheet, the workbook's first.
const dataSheetPart = "xl/worksheets/sheet1.xml"

// newCells returns the XML of every value of t's data sheet.
//
// Row n of the scratch sheet holds the (n-1)th distinct value of each
// column, so that it has no more rows than t (excelize refuses a row past
// Excel's last, and a table may have more distinct values, in all its
// columns, than Excel has rows): a cell's XML is the same whatever else
// its row holds.
func newCells(t *Table) (*Cells, error) {
	c := emptyCells()
	distinct := make([][]any, len(Fields)) // by column, in the order met
	rows := 0
	for i := range t.Rows {
		for j := range Fields {
			if _, has, known := c.find(j, &t.Rows[i]); has && !known {
				v := cellValue(&Fields[j], &t.Rows[i])
				c.set(j, v, cellXML{})
				distinct[j] = append(distinct[j], v)
				rows = max(rows, len(distinct[j]))
			}
		}
	}

	f := excelize.NewFile()
	defer f.Close()
	var sheet bytes.Buffer
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return &partCapture{name: dataSheetPart, into: &sheet} })
	sw, _, err := startWorkbook(f, t)
	if err != nil {
		return nil, err
	}
	row := make([]any, len(Fields))
	for i := range rows {
		for j := range row {
			row[j] = nil
			if i < len(distinct[j]) {
				row[j] = distinct[j][i]
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	if _, err := f.WriteTo(io.Discard); err != nil {
		return nil, err
	}

	// Each row: <row r="n"><c … r="An" …>…</c><c … r="Bn" …>…</c>…</row>,
	// its cells in the order of their columns. Text is escaped in the XML,
	// so neither "<c", a reference nor "</row>" can appear in a cell's
	// value.
	xml := sheet.String()
	for i := range rows {
		n := strconv.Itoa(i + 2)
		open := `<row r="` + n + `">`
		from := strings.Index(xml, open)
		if from < 0 {
			return nil, fmt.Errorf("xlsx: excelize wrote no row %s", n)
		}
		xml = xml[from+len(open):]
		to := strings.Index(xml, "</row>")
		if to < 0 {
			return nil, fmt.Errorf("xlsx: row %s has no end", n)
		}
		cells := xml[:to]
		for j := range Fields {
			if i >= len(distinct[j]) {
				continue
			}
			if !strings.HasPrefix(cells, "<c") {
				return nil, fmt.Errorf("xlsx: row %s has no cell at %s%s: %.80q", n, colNames[j], n, cells)
			}
			end := strings.Index(cells[2:], "<c")
			if end < 0 {
				end = len(cells)
			} else {
				end += 2
			}
			cell := cells[:end]
			cells = cells[end:]
			ref := ` r="` + colNames[j] + n + `"`
			at := strings.Index(cell, ref)
			if at < 0 {
				return nil, fmt.Errorf("xlsx: row %s has no cell at %s%s: %.80q", n, colNames[j], n, cell)
			}
			c.set(j, distinct[j][i], cellXML{head: cell[:at] + ` r="` + colNames[j], tail: `"` + cell[at+len(ref):]})
		}
		if cells != "" {
			return nil, fmt.Errorf("xlsx: row %s has more cells than values: %.80q", n, cells)
		}
		xml = xml[to:]
	}
	return c, nil
}

// colNames are the data sheet's column letters, by column of Fields.
var colNames = func() []string {
	names := make([]string, len(Fields))
	for j := range names {
		names[j], _ = excelize.ColumnNumberToName(j + 1)
	}
	return names
}()

// writeRows writes the data sheet's rows of t, from the second row on.
func (c *Cells) writeRows(w io.Writer, t *Table) error {
	buf := make([]byte, 0, 64<<10)
	for i := range t.Rows {
		n := int64(i + 2)
		buf = append(buf, `<row r="`...)
		buf = strconv.AppendInt(buf, n, 10)
		buf = append(buf, `">`...)
		for j := range Fields {
			x, has, known := c.find(j, &t.Rows[i])
			if !has {
				continue
			}
			if !known {
				return fmt.Errorf("xlsx: row %d: no cell for %v in column %s", i+2, cellValue(&Fields[j], &t.Rows[i]), Fields[j].Name)
			}
			buf = append(buf, x.head...)
			buf = strconv.AppendInt(buf, n, 10)
			buf = append(buf, x.tail...)
		}
		buf = append(buf, `</row>`...)
		if len(buf) >= 60<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

// sharedCells is the Cells of a kind's table of every batch, made once
// for all the workbooks of that kind; or, for the combined table, those of
// every kind's put together (kinds).
type sharedCells struct {
	of    *Table
	kinds []*sharedCells
	once  sync.Once
	cells *Cells
	err   error
}

func (s *sharedCells) get() (*Cells, error) {
	s.once.Do(func() {
		if s.of != nil {
			s.cells, s.err = newCells(s.of)
			return
		}
		s.cells = emptyCells()
		for _, k := range s.kinds {
			c, err := k.get()
			if err != nil {
				s.err = err
				return
			}
			for j, col := range c.cols {
				maps.Copy(s.cells.cols[j].strs, col.strs)
				maps.Copy(s.cells.cols[j].ints, col.ints)
				maps.Copy(s.cells.cols[j].floats, col.floats)
				maps.Copy(s.cells.cols[j].dates, col.dates)
			}
		}
	})
	return s.cells, s.err
}

// partCapture is a zip writer that keeps the bytes of one part and drops
// the others.
type partCapture struct {
	name string
	into *bytes.Buffer
}

func (p *partCapture) Create(name string) (io.Writer, error) {
	if name == p.name {
		return p.into, nil
	}
	return io.Discard, nil
}

func (p *partCapture) AddFS(fsys fs.FS) error { return nil }
func (p *partCapture) Close() error           { return nil }
