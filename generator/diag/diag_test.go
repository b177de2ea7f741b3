package diag

import (
	"strings"
	"testing"
	"unicode"
)

func TestPosition(t *testing.T) {
	s := NewSource("x.txt", "ab\n泰州市 c\n\nd")
	for _, tc := range []struct {
		off       int
		line, col int
	}{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {3 + len("泰州"), 2, 3}, {3 + len("泰州市 "), 2, 5}, {len("ab\n泰州市 c\n"), 3, 1}, {len("ab\n泰州市 c\n\n"), 4, 1}, {1000, 4, 2},
	} {
		p := s.Position(tc.off)
		if p.Line != tc.line || p.Col != tc.col {
			t.Errorf("offset %d: %d:%d, want %d:%d", tc.off, p.Line, p.Col, tc.line, tc.col)
		}
	}
}

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "泰州": 4, "（区、市）": 10, "a泰b": 4, "": 0} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestFormat(t *testing.T) {
	s := NewSource("x.txt", "序号 1 北京市\tA")
	d := s.Errorf(len("序号 1 北京市\t"), NoArea, "bad %s", "thing")
	want := "x.txt:1:10: bad thing\n\t序号 1 北京市 A\n\t" + "              ^" // 4+1+1+1+6+1 columns
	if got := d.Format(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	w := s.Warnf(0, UnknownArea, "careful")
	if w.Error() != "x.txt:1:1: warning: careful" {
		t.Errorf("warning prints as %q", w.Error())
	}
	var l List
	l.Add(w)
	if l.Err() != nil || len(l.Errors(true)) != 1 || len(l.Warnings()) != 1 {
		t.Error("a warning alone must not fail a run unless strict")
	}
}

func TestGitHub(t *testing.T) {
	for _, tc := range []struct {
		d     Diagnostic
		fails bool
		want  string
	}{
		{Diagnostic{Pos: Position{File: "seeds/x.txt", Line: 2, Col: 81}, Msg: `annex row 5: unknown province "江南" for "滁州市"`}, true,
			`::error file=seeds/x.txt,line=2,col=81::annex row 5: unknown province "江南" for "滁州市"`},
		{Diagnostic{Pos: Position{File: "seeds/x.txt", Line: 2, Col: 81}, Severity: Warning, Msg: "annex row 1: no code"}, false,
			"::warning file=seeds/x.txt,line=2,col=81::annex row 1: no code"},
		{Diagnostic{Pos: Position{File: "seeds/x.txt", Line: 2, Col: 81}, Severity: Warning, Msg: "annex row 1: no code"}, true,
			"::error file=seeds/x.txt,line=2,col=81::annex row 1: no code"},
		{Diagnostic{Pos: Position{File: "seeds/x.txt"}, Msg: "no annex"}, true,
			"::error file=seeds/x.txt::no annex"},
		{Diagnostic{Pos: Position{File: "a,b:c%.txt", Line: 1, Col: 1}, Msg: "100% wrong\r\nhere: yes, twice"}, true,
			"::error file=a%2Cb%3Ac%25.txt,line=1,col=1::100%25 wrong%0D%0Ahere: yes, twice"},
	} {
		if got := tc.d.GitHub(tc.fails); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}

// TestShown checks what a terminal or a page is given of a file's name
// and of a message: a name with a terminal's control sequence (ESC ]0;…
// BEL retitles it, ESC [31m colours it), a right-to-left override, a
// zero-width space, a byte that is not UTF-8 or a line feed is quoted
// with Go's escapes, a plain one (Chinese, spaces, quotes) left as it is;
// a message keeps its lines and escapes the rest.
func TestShown(t *testing.T) {
	hostile := "seeds/a\x1b]0;pwned\a\x1b[31m\u202eb.txt"
	for _, tc := range []struct{ name, quoted string }{
		{"seeds/000_b650c5b04f2a9d19.txt", "seeds/000_b650c5b04f2a9d19.txt"},
		{"seeds/第三批 名单\t\"a\".txt", "seeds/第三批 名单\t\"a\".txt"},
		{hostile, `"seeds/a\x1b]0;pwned\a\x1b[31m\u202eb.txt"`},
		{"a\u200bb\xffc\n.txt", `"a\u200bb\xffc\n.txt"`},
	} {
		if got := Quote(tc.name); got != tc.quoted {
			t.Errorf("Quote(%q) = %s, want %s", tc.name, got, tc.quoted)
		}
	}
	d := Diagnostic{Pos: Position{File: hostile, Line: 2, Col: 3}, Severity: Warning, Msg: "also in " + hostile + "\nhint: \xff"}
	want := `"seeds/a\x1b]0;pwned\a\x1b[31m\u202eb.txt":2:3: warning: also in seeds/a\x1b]0;pwned\a\x1b[31m\u202eb.txt` + "\nhint: \\xff"
	if got := d.Error(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	placed := Position{File: hostile, Line: 1, Place: "名\u202e单!C7"}
	if got, want := placed.String(), `"seeds/a\x1b]0;pwned\a\x1b[31m\u202eb.txt":"名\u202e单!C7"`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestInvisible checks Invisible against Unicode's tables for every
// character, its shortcuts included.
func TestInvisible(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := r < 0x20 && r != '\t' || r >= 0x7f && r <= 0x9f ||
			unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Variation_Selector)
		if Invisible(r) != want {
			t.Errorf("Invisible(%U) = %v", r, !want)
		}
	}
}

// TestLimit checks that a Source makes Limit diagnostics, says when it is
// Full, and counts those past it, values or not, in Dropped.
func TestLimit(t *testing.T) {
	s := NewSource("x.txt", "北京市 东城区\n")
	for i := range Limit {
		if s.Full() {
			t.Fatalf("full after %d diagnostics", i)
		}
		if d := s.Warnf(0, RepeatedPilot, "row %d", i); d == nil {
			t.Fatalf("diagnostic %d not made", i)
		}
	}
	if !s.Full() {
		t.Fatalf("not full after %d diagnostics", Limit)
	}
	if d := s.Warnf(0, RepeatedPilot, ""); d != nil {
		t.Fatalf("a diagnostic past the limit: %v", d)
	}
	s.Errorf(0, RepeatedPilot, "")
	d := s.Dropped()
	if d == nil || d.Severity != Error || !strings.Contains(d.Msg, "2 more") {
		t.Fatalf("dropped: %v", d)
	}
}
