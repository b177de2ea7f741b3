package medium

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/bianmin-data/pilots/generator/seed"
)

// A Word file (.docx): its tables, read with encoding/xml from the zip.
//
// Only word/document.xml is read, as a stream of tokens: every top-level
// table (w:tbl) is a list of rows (w:tr) of cells (w:tc), a cell's text its
// runs' w:t. A cell continuing a merged cell downwards (w:vMerge without
// "restart") is empty, so the province printed once is carried down by
// package notice; a cell spanning columns (w:gridSpan) is read once, and
// the columns it covers count in the cells' numbers. A table inside a cell
// adds its text to that cell. Each cell is placed as "table 1 row 3 cell 2".
// A paragraph right under a table that is a note (注：…共70个) is read as a
// row of its own, "table 1 note", at most maxNote bytes of it.
//
// Bounds: the document part may unpack to at most maxUnpacked bytes (more
// is refused as a zip bomb; a part that unpacks to more than its header
// says, archive/zip refuses as it reads), elements may nest
// at most maxNesting deep, and a file may hold at most maxCells cells; time
// and memory are linear in the unpacked part, each of its tokens read
// once (counted in work).

// maxUnpacked bounds the bytes a part of a zip (a .docx or .xlsx) may
// unpack to: the real annexes' parts are under a megabyte.
const maxUnpacked = 64 << 20

// maxNesting bounds the depth of XML elements: real documents nest a few
// dozen deep.
const maxNesting = 256

// maxCells bounds the cells of a file's tables: a list of a few thousand
// rows has some ten thousand.
const maxCells = 1 << 20

// errTooDeep and the others are the bounds' refusals.
var (
	errTooDeep  = tooComplex(fmt.Sprintf("elements nested more than %d deep", maxNesting))
	errTooMany  = tooComplex(fmt.Sprintf("more than %d table cells", maxCells))
	errTooLarge = tooComplex(fmt.Sprintf("a part unpacks to more than %d MiB (a zip bomb?)", maxUnpacked>>20))
)

// openPart returns the unpacked part name of the zip data, at most
// maxUnpacked bytes.
func openPart(data []byte, name string) ([]byte, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a zip file as .docx and .xlsx are: %v", err)
	}
	for _, f := range z.File {
		if f.Name != name {
			continue
		}
		if f.UncompressedSize64 > maxUnpacked {
			return nil, errTooLarge
		}
		r, err := f.Open()
		if err != nil {
			return nil, err
		}
		part, err := io.ReadAll(io.LimitReader(r, maxUnpacked+1))
		if cerr := r.Close(); err == nil {
			err = cerr
		}
		switch {
		case err != nil:
			return nil, fmt.Errorf("%s: %v", name, err)
		case len(part) > maxUnpacked:
			return nil, errTooLarge
		}
		return part, nil
	}
	return nil, fmt.Errorf("no %s in the file: it is not a Word document", name)
}

// readDocx returns the tables of the Word file data, counting its work in
// w: each token of the document part read by a docxScanner.
func readDocx(data []byte, w *work) ([][][]cell, error) {
	part, err := openPart(data, "word/document.xml")
	if err != nil {
		return nil, err
	}
	dec := xml.NewDecoder(bytes.NewReader(part))
	s := &docxScanner{}
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			return s.tables, nil
		}
		if err != nil {
			return nil, fmt.Errorf("word/document.xml: %v", err)
		}
		w.tokens++
		switch t := tok.(type) {
		case xml.StartElement:
			err = s.start(t)
		case xml.EndElement:
			s.end(t)
		case xml.CharData:
			s.charData(t)
		}
		if err != nil {
			return nil, err
		}
	}
}

// docxScanner reads the tokens of a document part into its tables, as
// go/scanner.Scanner reads a source: where it is (the depth of elements
// and of tables, the row's column, the cell being read, an mc:Fallback
// being skipped) is in its fields, with a method per kind of token and
// per element of a table.
type docxScanner struct {
	tables          [][][]cell
	depth, tblDepth int // of elements, and of tables (1 in a top-level one)
	cells           int // read in all, for maxCells
	col             int // the column of the next cell of the row, spans counted
	cur             *cell
	text            strings.Builder // cur's text
	span            int             // the columns cur covers
	continued       bool            // cur continues a merged cell down
	inText          bool            // in a w:t, whose text is the cell's
	fallback        int             // the depth of the mc:Fallback being skipped, 0 outside one

	// A paragraph of the body, outside tables, and whether only empty
	// ones stand between it and the table above: a note under a table
	// (注：…共70个) is read as a row of its own (notePara).
	para       strings.Builder
	inPara     bool
	afterTable bool
}

// start reads the start of an element: nothing inside an mc:Fallback (its
// mc:Choice was read), otherwise what the element begins or says of the
// cell.
func (s *docxScanner) start(t xml.StartElement) error {
	if s.depth++; s.depth > maxNesting {
		return errTooDeep
	}
	if s.fallback == 0 && t.Name.Local == "Fallback" {
		s.fallback = s.depth
	}
	if s.fallback > 0 {
		return nil
	}
	switch t.Name.Local {
	case "p":
		if s.tblDepth == 0 {
			s.inPara = true
			s.para.Reset()
		}
	case "tbl":
		s.startTable()
	case "tr":
		s.startRow()
	case "tc":
		return s.startCell()
	case "gridSpan":
		s.gridSpan(t)
	case "vMerge":
		s.vMerge(t)
	case "t":
		s.inText = true
	case "tab", "br":
		s.text.WriteByte(' ')
	}
	return nil
}

// end reads the end of an element: of an mc:Fallback, the end of its
// skipping; of a table, a cell or a w:t, the end of what it began.
func (s *docxScanner) end(t xml.EndElement) {
	if s.depth--; s.fallback > 0 {
		if s.depth < s.fallback {
			s.fallback = 0
		}
		return
	}
	switch t.Name.Local {
	case "p":
		s.endPara()
	case "tbl":
		if s.tblDepth--; s.tblDepth == 0 {
			s.afterTable = true
		}
	case "tc":
		s.endCell()
	case "t":
		s.inText = false
	}
}

// charData adds text to the cell being read when it is in a w:t, or to
// the body's paragraph, at most maxNote bytes of it.
func (s *docxScanner) charData(t xml.CharData) {
	switch {
	case !s.inText || s.fallback > 0:
	case s.cur != nil:
		s.text.Write(t)
	case s.inPara && s.para.Len() < maxNote:
		s.para.Write(t[:min(len(t), maxNote-s.para.Len())])
	}
}

// maxNote bounds the text kept of a paragraph of the body.
const maxNote = 512

// endPara ends a paragraph of the body: one that is a note (seed.IsNote)
// right under a table, empty paragraphs apart, is added to that table as
// a row of one cell, placed "table 1 note", for package notice to end the
// list there and check the total it states.
func (s *docxScanner) endPara() {
	if s.tblDepth != 0 || !s.inPara {
		return
	}
	s.inPara = false
	text := cellText(s.para.String())
	if text == "" {
		return // an empty paragraph keeps the table above
	}
	if s.afterTable && seed.IsNote(text) && len(s.tables) > 0 {
		n := len(s.tables)
		s.tables[n-1] = append(s.tables[n-1], []cell{{text: text, place: fmt.Sprintf("table %d note", n), order: n<<40 | (1<<20-1)<<20}})
	}
	s.afterTable = false
}

// startTable begins a table; a top-level one is a new table of the file,
// one inside a cell adds its text to that cell.
func (s *docxScanner) startTable() {
	if s.tblDepth++; s.tblDepth == 1 {
		s.tables = append(s.tables, nil)
	}
}

// startRow begins a row of a top-level table.
func (s *docxScanner) startRow() {
	if s.tblDepth == 1 {
		s.tables[len(s.tables)-1] = append(s.tables[len(s.tables)-1], nil)
		s.col = 0
	}
}

// startCell begins a cell of a top-level table, placed as "table 1 row 3
// cell 2", refusing more than maxCells in the file and a cell outside a
// row.
func (s *docxScanner) startCell() error {
	if s.tblDepth != 1 {
		return nil
	}
	if s.cells++; s.cells > maxCells {
		return errTooMany
	}
	rows := s.tables[len(s.tables)-1]
	if len(rows) == 0 {
		return fmt.Errorf("word/document.xml: table %d has a cell outside a row", len(s.tables))
	}
	if s.col >= 1<<20 {
		return errTooMany
	}
	s.cur = &cell{place: fmt.Sprintf("table %d row %d cell %d", len(s.tables), len(rows), s.col+1),
		order: len(s.tables)<<40 | len(rows)<<20 | s.col + 1}
	s.span, s.continued = 1, false
	s.text.Reset()
	return nil
}

// gridSpan reads the columns a cell of a top-level table covers, from 2 to
// 64 (anything else is one).
func (s *docxScanner) gridSpan(t xml.StartElement) {
	if s.tblDepth == 1 {
		if n, err := strconv.Atoi(attr(t, "val")); err == nil && n > 1 && n <= 64 {
			s.span = n
		}
	}
}

// vMerge marks a cell of a top-level table that continues a merged cell
// down (its val is not "restart"): it is read empty.
func (s *docxScanner) vMerge(t xml.StartElement) {
	if s.tblDepth == 1 && s.cur != nil && attr(t, "val") != "restart" {
		s.continued = true
	}
}

// endCell adds the cell being read to its row, with its text unless it
// continues a merged cell, and moves the column past the columns it
// covers.
func (s *docxScanner) endCell() {
	if s.tblDepth != 1 || s.cur == nil {
		return
	}
	if !s.continued {
		s.cur.text = cellText(s.text.String())
	}
	rows := s.tables[len(s.tables)-1]
	rows[len(rows)-1] = append(rows[len(rows)-1], *s.cur)
	s.col += s.span
	s.cur = nil
}

// attr returns the value of the attribute named local of t.
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
