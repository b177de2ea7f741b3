package medium

import (
	"strings"
	"unicode"
)

// cell is a table cell's text and where it is in its file.
type cell struct {
	text  string
	place string // 名单!C7, table 1 row 3 cell 2, page 2 line 14
	order int    // orders the places of the file
}

// listRows returns the rows of the first table (of tables, each a list of
// rows) that holds a row starting with 序号, from that row on: the annex's
// list. It returns nil when no table has such a row.
func listRows(tables [][][]cell) [][]cell {
	for _, rows := range tables {
		for i, r := range rows {
			if len(r) > 0 && strings.HasPrefix(r[0].text, "序号") {
				return rows[i:]
			}
		}
	}
	return nil
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
