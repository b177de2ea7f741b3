package medium

import (
	"strings"
	"unicode"

	"github.com/bianmin-data/pilots/generator/seed"
)

// cell is a table cell's text and where it is in its file.
type cell struct {
	text  string
	place string // 名单!C7, table 1 row 3 cell 2, page 2 line 14
	order int    // orders the places of the file
}

// listRows returns the annex's list: the rows of the first table (of
// tables, each a list of rows) that holds a row starting with 序号, from
// that row on, and of the tables right after it that carry it on (a table
// split by a page break into two, its header repeated or not, perhaps
// inside one province's merged block): a following table continues the
// list when no row is wider than the header and its first row that
// holds text is the header again or a numbered row. The list ends at a
// note under it (seed.IsNote: 注：…共70个, which is kept, so that package
// notice checks the total it states) or at an empty row followed by prose
// (a row whose first cell is neither a number nor the header), which is
// not. It returns nil when no table has a 序号 row. Time is linear in the
// rows.
func listRows(tables [][][]cell) [][]cell {
	for ti, rows := range tables {
		for i, r := range rows {
			if len(r) == 0 || !strings.HasPrefix(r[0].text, "序号") {
				continue
			}
			out := rows[i:len(rows):len(rows)] // appending copies
			for _, next := range tables[ti+1:] {
				if !continues(next, len(r)) {
					break
				}
				out = append(out, next...)
			}
			return untilNote(out)
		}
	}
	return nil
}

// continues reports whether the table rows carries on a list whose header
// has width cells.
func continues(rows [][]cell, width int) bool {
	first := true
	for _, r := range rows {
		if len(r) > width {
			return false
		}
		if t := firstText(r); t != "" && first {
			if !strings.HasPrefix(t, "序号") && !isRowNumber(t) {
				return false
			}
			first = false
		}
	}
	return !first
}

// untilNote returns rows up to the end of the list: a note, which is kept
// as its own row, or an empty row followed by prose.
func untilNote(rows [][]cell) [][]cell {
	for i := 1; i < len(rows); i++ {
		t := firstText(rows[i])
		if seed.IsNote(t) {
			return append(rows[:i:i], noteRow(rows[i]))
		}
		if t == "" && i+1 < len(rows) {
			if next := firstText(rows[i+1]); next != "" && !isRowNumber(next) && !strings.HasPrefix(next, "序号") && !seed.IsNote(next) {
				return rows[:i]
			}
		}
	}
	return rows
}

// noteRow is a note's row as one cell: the first that holds text (a note
// is typed in one cell, or in cells merged across the table).
func noteRow(r []cell) []cell {
	for _, c := range r {
		if c.text != "" {
			return []cell{c}
		}
	}
	return nil
}

// firstText is the text of a row's first cell that holds any.
func firstText(r []cell) string {
	for _, c := range r {
		if c.text != "" {
			return c.text
		}
	}
	return ""
}

// isRowNumber reports whether s is a row's number: ASCII or full-width
// digits.
func isRowNumber(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r >= '０' && r <= '９') }) < 0
}

// writeRows appends rows to d, a line each, their cells separated by a
// space, each cell at its place in file. Empty cells (the rest of a merged
// cell) are left out: package notice carries a province down.
func writeRows(d *document, file string, rows [][]cell) {
	for _, r := range rows {
		n := 0
		for _, c := range r {
			if c.text == "" {
				continue
			}
			if n > 0 {
				d.sep(" ")
			}
			d.place(file, c.place, c.order, c.text)
			n++
		}
		if n > 0 {
			d.sep("\n")
		}
	}
}

// cellText is a cell's text as one token: the white space within it
// dropped (a name broken over two lines of its cell), but a space kept
// between two Latin words.
func cellText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 && r < 0x80 {
			last := b.String()[b.Len()-1]
			if last < 0x80 {
				b.WriteByte(' ')
			}
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
