package diag

import "testing"

// TestDerived places offsets of a derived text in its origins: a run
// copied from a page at the page's line and column (counted in the
// page's characters), a run read from a workbook at its sheet and cell, a
// separator with the run before it, and the text before any run at the
// file as a whole; the excerpt is the origin's line.
func TestDerived(t *testing.T) {
	page := NewSource("p.html", "<p>标题</p>\n<td>北京市</td>")
	// 北京市 | 朝阳区 (from a workbook)
	text := "北京市 朝阳区"
	d := NewDerived("notice", "x"+text, []Piece{
		{Off: 1, Len: len("北京市"), From: page, FromOff: len("<p>标题</p>\n<td>")},
		{Off: 1 + len("北京市 "), Len: len("朝阳区"), File: "附件1.xlsx", Place: "名单!C7", Order: 7<<20 | 3},
	})
	for _, tc := range []struct {
		off     int
		want    string
		excerpt string
	}{
		{0, "notice", ""},
		{1, "p.html:2:5", "<td>北京市</td>"},
		{1 + len("北京"), "p.html:2:7", "<td>北京市</td>"},
		{1 + len("北京市"), "p.html:2:8", "<td>北京市</td>"}, // the separator
		{1 + len("北京市 朝"), "附件1.xlsx:名单!C7", "x北京市 朝阳区"},
	} {
		if got := d.Position(tc.off).String(); got != tc.want {
			t.Errorf("offset %d at %s, want %s", tc.off, got, tc.want)
		}
		e := d.Errorf(tc.off, NoList, "x")
		if e.Pos.String() != tc.want || e.Excerpt != tc.excerpt {
			t.Errorf("offset %d: diagnostic at %s with excerpt %q, want %s, %q", tc.off, e.Pos, e.Excerpt, tc.want, tc.excerpt)
		}
	}
	// A text derived from a derived text is placed in the first origin.
	dd := NewDerived("folder", "北京市", []Piece{{Off: 0, Len: len("北京市"), From: d, FromOff: 1}})
	if got := dd.Position(len("北")).String(); got != "p.html:2:6" {
		t.Errorf("derived twice: %s", got)
	}
	// Places sort after the lines of the file they are in, by their order.
	l := List{d.Errorf(1+len("北京市 朝"), NoList, "b"), &Diagnostic{Pos: Position{File: "附件1.xlsx", Line: 3 << 20, Col: 1, Place: "名单!A3"}}}
	l.Sort()
	if l[0].Pos.Place != "名单!A3" {
		t.Errorf("sorted %v, %v", l[0].Pos, l[1].Pos)
	}
}
