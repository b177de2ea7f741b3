package notice

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/seed"
)

// The notice page itself, when a seed's html field holds it: its annex is
// the page's <table> whose first row starts with 序号. Merged cells are
// why provinces are carried down in the text: in the page they are cells
// spanning rows (rowspan), which htmlRows fills in, as it fills in cells
// spanning columns (colspan). Each cell is positioned at its text in the
// html field.

// maxSpan bounds a cell's rowspan and colspan, as browsers do (HTML's
// limits are 65534 and 1000).
const maxSpan = 1000

// gridBytes is how many bytes of the page each cell of the grid needs at
// least, spans included: a cell written out takes four at least (<td>,
// its end tag left out), so a real table is within it, while spans
// repeated over a page (a colspan=1000 in 17 bytes) stop at it. It bounds
// the whole grid, every table the page has, not each cell: its memory is
// linear in the page.
const gridBytes = 4

// htmlTable reads the rows of the annex table of page, which starts at
// byte offset base of the source: each row's cells, as tokens at their
// offsets, with spanned cells repeated where they span. It returns nil
// when the page has no table whose first row starts with 序号. It makes
// at most len(page)/gridBytes+maxSpan cells in all, spans included, so
// its time and memory are linear in the page; over that it stops, and
// over is the byte offset in page of the cell where it did (else -1).
func htmlTable(page string, base int) (grid [][]token, over int) {
	s := &tableScanner{z: html.NewTokenizer(strings.NewReader(page)), base: base,
		budget: len(page)/gridBytes + maxSpan, spans: map[int]span{}}
	for {
		if s.budget < 0 {
			return nil, s.off
		}
		tt := s.z.Next()
		s.size = len(s.z.Raw())
		switch tt {
		case html.ErrorToken:
			s.endRow()
			return s.grid, -1
		case html.StartTagToken:
			s.startTag()
		case html.EndTagToken:
			if s.endTag() {
				return s.grid, -1
			}
		case html.TextToken:
			s.text()
		}
		s.off += s.size
	}
}

// tableScanner reads the tokens of a page into its annex table's grid, as
// go/scanner.Scanner reads a source: where it is (the depth of tables,
// the row and cell being read, the cells spanning down into later rows)
// and the cells it may still make are its fields, with a method per kind
// of token.
type tableScanner struct {
	z         *html.Tokenizer
	base      int // the page's offset in the source
	off, size int // the offset of the current token in the page, and its length
	budget    int // the cells it may still make, spans included
	grid      [][]token
	row       []token
	spans     map[int]span // column → a cell spanning down into later rows
	cell      *token
	parts     []string // the cell's text, a part per text token
	colspan   int      // the columns the cell spans
	rowspan   int      // the rows the cell spans
	depth     int      // of nested tables
	inAnnex   bool     // in a top-level table, the annex's if its first row says so
}

// startTag reads a start tag: a table, a row of a top-level table (which
// ends the row before and starts with the cells spanning down into it) or
// one of its cells.
func (s *tableScanner) startTag() {
	name, hasAttr := s.z.TagName()
	switch atom.Lookup(name) {
	case atom.Table:
		s.depth++
		s.inAnnex = s.depth == 1
	case atom.Tr:
		if s.inAnnex {
			s.endRow()
			s.row = []token{}
			// Cells spanning down from the rows above, in their columns.
			s.budget -= fill(&s.row, s.spans)
		}
	case atom.Td, atom.Th:
		if s.inAnnex && s.row != nil {
			s.startCell(hasAttr)
		}
	}
}

// startCell ends the cell before, adds the cells spanning down into the
// columns before this one, and starts this one with its colspan and
// rowspan, hasAttr telling whether its tag has attributes.
func (s *tableScanner) startCell(hasAttr bool) {
	s.endCell()
	s.budget -= fill(&s.row, s.spans)
	s.colspan, s.rowspan = 1, 1
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = s.z.TagAttr()
		switch string(k) {
		case "colspan":
			s.colspan = spanOf(string(v))
		case "rowspan":
			s.rowspan = spanOf(string(v))
		}
	}
	s.cell = &token{off: -1}
}

// endTag reads an end tag, ending a row or a cell, or a table; it reports
// whether the annex's table ended, which ends the reading.
func (s *tableScanner) endTag() bool {
	name, _ := s.z.TagName()
	switch atom.Lookup(name) {
	case atom.Table:
		if s.depth == 1 && len(s.grid) > 0 {
			s.endRow()
			return true
		}
		s.depth--
	case atom.Tr:
		if s.inAnnex {
			s.endRow()
		}
	case atom.Td, atom.Th:
		s.endCell()
	}
	return false
}

// text adds text to the cell being read, its spaces folded; the cell is
// placed at its first text that is not blank.
func (s *tableScanner) text() {
	if s.cell == nil {
		return
	}
	raw := string(s.z.Text())
	if t := strings.Join(strings.Fields(raw), " "); t != "" {
		if s.cell.off < 0 {
			lead := len(raw) - len(strings.TrimLeft(raw, " \t\r\n\u00a0\u3000"))
			s.cell.off = s.base + s.off + min(lead, s.size)
		}
		s.parts = append(s.parts, t)
	}
}

// endCell adds the cell being read to the row, once for each column it
// spans, and keeps it to span down into later rows.
func (s *tableScanner) endCell() {
	if s.cell == nil {
		return
	}
	s.cell.s = strings.Join(s.parts, "")
	col := len(s.row)
	s.budget -= s.colspan
	for c := range s.colspan {
		s.row = append(s.row, *s.cell)
		if s.rowspan > 1 {
			s.spans[col+c] = span{*s.cell, s.rowspan - 1}
		}
	}
	s.cell, s.parts = nil, s.parts[:0]
}

// endRow ends the cell being read and adds the row to the grid; the first
// row of a table that does not start with 序号 is not the annex's, and is
// dropped with the cells spanning down from it.
func (s *tableScanner) endRow() {
	s.endCell()
	if s.row == nil {
		return
	}
	if len(s.grid) == 0 && (len(s.row) == 0 || !strings.HasPrefix(s.row[0].s, "序号")) {
		s.row, s.spans = nil, map[int]span{}
		return // a table that is not the annex's
	}
	s.grid = append(s.grid, s.row)
	s.row = nil
}

// span is a cell spanning rows, and how many more rows it spans.
type span struct {
	cell token
	rows int
}

// fill adds to row the cells spanning down into its next columns, and
// returns how many it added.
func fill(row *[]token, spans map[int]span) (n int) {
	for ; ; n++ {
		s, ok := spans[len(*row)]
		if !ok {
			return n
		}
		*row = append(*row, s.cell)
		if s.rows--; s.rows == 0 {
			delete(spans, len(*row)-1)
		} else {
			spans[len(*row)-1] = s
		}
	}
}

// spanOf reads a rowspan or colspan: at least 1, at most maxSpan.
func spanOf(v string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxSpan)
}

// htmlRows turns the annex table's grid into rows for cells: the header
// row first (for its 备注), then each row with a number in its first
// column; the empty cells of a row are dropped.
func htmlRows(grid [][]token) (rows [][]token, hasNote bool) {
	for _, c := range grid[0] {
		if strings.Contains(c.s, "备注") {
			hasNote = true
		}
	}
	for _, r := range grid[1:] {
		var cells []token
		for i, c := range r {
			// An empty cell, or one spanning from the column before.
			if c.off >= 0 && (i == 0 || r[i-1].off != c.off) {
				cells = append(cells, c)
			}
		}
		if len(cells) > 0 && isSeq(cells[0].s) {
			rows = append(rows, cells)
		}
	}
	return rows, hasNote
}

// pageList reads the annex of the page in the html field, when there is
// one: into l when the text had no list (it was cut off before its annex),
// or else to check that the page and the text agree, row for row.
func (p *parser) pageList(text seed.Field, title seed.Field) {
	f, ok := p.rec.Field("html")
	if !ok || !strings.Contains(strings.ToLower(f.Value), "<table") {
		return
	}
	grid, over := htmlTable(f.Value, f.Offset)
	if over >= 0 {
		p.errorf(f.Offset+over, diag.TableTooLarge, "the page's tables span more than %d cells, more than its %d bytes can hold (rowspan or colspan repeated)",
			len(f.Value)/gridBytes+maxSpan, len(f.Value))
		return
	}
	if len(grid) < 2 {
		return
	}
	rows, hasNote := htmlRows(grid)
	page := &List{Notice: p.n, Layout: "page table"}
	p.cells(page, rows, hasNote)
	switch {
	case len(p.n.Lists) == 0:
		// The text stops before its annex: the page's table serves.
		page.Kind = p.kinds.InAnnexTitle(title.Value)
		if b, at, ok := batchIn(title.Value); ok {
			page.Batch = p.batchNumber(b, title.Offset+at)
		} else {
			p.errorf(title.Offset, diag.NoBatch, "no batch number in the title (expected 首批 or 第…批)")
		}
		if page.Kind == nil {
			p.errorf(title.Offset, diag.UnknownKind, "the title %q names no known list (%s)", title.Value, p.kinds.Example())
		}
		page.titleOff = title.Offset
		p.n.Lists = append(p.n.Lists, page)
	case len(p.n.Lists) == 1:
		p.agree(p.n.Lists[0], page)
	}
}

// agree reports where the text's list and the page's table differ: a row
// of one that the other has otherwise, or not at all, naming both places.
func (p *parser) agree(text, page *List) {
	bySeq := map[int]Row{}
	for _, r := range page.Rows {
		bySeq[r.Seq] = r
	}
	for _, r := range text.Rows {
		q, ok := bySeq[r.Seq]
		switch {
		case !ok:
			p.errorf(r.AreaOff, diag.PageDisagrees, "%s: %q is not in the page's table", text.RowName(r.Seq), r.Province+" "+r.Area)
		case q.Province != r.Province || q.Area != r.Area:
			p.errorf(r.AreaOff, diag.PageDisagrees, "%s: the text has %q, the page's table (at %s) %q",
				text.RowName(r.Seq), r.Province+" "+r.Area, p.src.Position(q.AreaOff), q.Province+" "+q.Area)
		}
		delete(bySeq, r.Seq)
	}
	for _, q := range page.Rows {
		if _, left := bySeq[q.Seq]; left {
			p.errorf(q.AreaOff, diag.PageDisagrees, "the page's table has row %d, %q, which the text does not", q.Seq, q.Province+" "+q.Area)
		}
	}
}
