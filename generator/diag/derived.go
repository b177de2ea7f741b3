package diag

import "sort"

// A derived Source is text made from other media: the text of a web page
// without its markup, a Word table's cells, a PDF's lines. Its Pieces say
// where each run of it came from, so that a problem found in the derived
// text is reported where a maintainer can find it: at the line and column
// of the original page, or at a place in a medium without lines (a
// workbook's sheet and cell, a Word file's table, row and cell, a PDF's
// page and line).

// Piece maps a run of a derived text to its origin.
type Piece struct {
	Off int // byte offset in the derived text where the run starts
	Len int // its length in bytes

	// A run copied from an original text: its Source and its offset there.
	From    *Source
	FromOff int

	// Otherwise a run read from a medium without lines: the file, the place
	// (名单!C7, table 1 row 3 cell 2, page 2 line 14) and an order within
	// the file for sorting diagnostics.
	File  string
	Place string
	Order int
}

// NewDerived returns the Source of a derived text called name, whose runs
// come from pieces, sorted by Off. Offsets that fall between pieces belong
// to the piece before them (separators added while deriving); those
// before the first piece to the file as a whole.
func NewDerived(name, text string, pieces []Piece) *Source {
	s := NewSource(name, text)
	s.pieces = pieces
	return s
}

// piece returns the piece holding derived offset off, or nil.
func (s *Source) piece(off int) *Piece {
	i := sort.Search(len(s.pieces), func(i int) bool { return s.pieces[i].Off > off }) - 1
	if i < 0 {
		return nil
	}
	return &s.pieces[i]
}

// origin returns the position of derived offset off, and the line and
// offset within it of its excerpt.
func (s *Source) origin(off int) (Position, string, int) {
	p := s.piece(off)
	switch {
	case p == nil:
		return Position{File: s.Name}, "", 0
	case p.From != nil:
		o := p.FromOff + max(0, min(off-p.Off, p.Len))
		if p.From.pieces != nil { // derived from a derived text
			return p.From.origin(o)
		}
		line, col := p.From.line(o)
		return p.From.Position(o), line, col
	}
	line, col := s.line(off)
	return Position{File: p.File, Line: p.Order, Col: 1, Place: p.Place}, line, col
}

// String of a place: file:place.
func (p Position) placeString() string { return Quote(p.File) + ":" + Quote(p.Place) }
