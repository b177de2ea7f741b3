package seed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/diag"
)

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       map[string]string
	}{
		{"plain", "title: a\nresulting_text: b\n", map[string]string{"title": "a", "resulting_text": "b"}},
		{"BOM, CRLF, no final newline", "\uFEFFtitle: a\r\nresulting_text: b\r\ndate: 2024-01-01", map[string]string{"title": "a", "resulting_text": "b", "date": "2024-01-01"}},
		{"multi-line value with a colon", "title: a\nresulting_text: b\nnote: c\n\nd\ndate: x\n", map[string]string{"resulting_text": "b\nnote: c\n\nd", "date": "x"}},
		{"nan is absent", "html: nan\ntitle: a\nresulting_text: b\n", map[string]string{"html": "", "title": "a"}},
		{"no space after the colon", "title:a\nresulting_text:b\n", map[string]string{"title": "a", "resulting_text": "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, errs := Read("x.txt", []byte(tc.text))
			if len(errs) > 0 || r == nil {
				t.Fatalf("errors: %v", errs)
			}
			for k, v := range tc.want {
				if got := r.Value(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
				if _, ok := r.Field(k); ok != (v != "") {
					t.Errorf("%s present = %v", k, ok)
				}
			}
		})
	}
}

// TestPositions checks that a value's offset gives the line and column, in
// characters, of its first character.
func TestPositions(t *testing.T) {
	r, errs := Read("x.txt", []byte("\uFEFFhtml: nan\r\ntitle: 关于公布\r\nresulting_text: 各地：\r\n附件"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	f, _ := r.Field("resulting_text")
	if p := r.Src.Position(f.Offset); p.Line != 3 || p.Col != 17 {
		t.Errorf("resulting_text at %v, want x.txt:3:17", p)
	}
	at := f.Offset + strings.Index(f.Value, "附件")
	if p := r.Src.Position(at); p.Line != 4 || p.Col != 1 {
		t.Errorf("附件 at %v, want x.txt:4:1", p)
	}
}

// TestTooLarge checks the size limit, which ReadFile checks before it
// reads anything: the file here is sparse and would read as 16 MiB of NUL.
func TestTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.txt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r, errs := ReadFile(path)
	if r != nil || len(errs) != 1 || errs[0].Error() != path+":1:1: file is larger than the 16 MiB limit for a seed" || errs[0].Code != diag.TooLarge {
		t.Errorf("got %v, %v", r, errs)
	}
}

// TestNotAFile checks that a folder or a symlink is refused with a clear
// error, not read.
func TestNotAFile(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink("/etc/passwd", link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	for path, want := range map[string]string{
		dir:  dir + ": not a regular file (d---------)",
		link: link + ": not a regular file (L---------)",
	} {
		r, errs := ReadFile(path)
		if r != nil || len(errs) != 1 || errs[0].Error() != want {
			t.Errorf("%s: got %v, want %q", path, errs, want)
		}
	}
}

// TestInvisible checks that every character that shows nothing or reorders
// the text around it is refused, in any field, at its position and with
// its code, as the control characters are; and that a CR alone among LF
// line ends is named as such.
func TestInvisible(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    string
		code diag.Code
	}{
		{"ESC", "\x1b", diag.ControlChar},
		{"C1 CSI", "\u009b", diag.ControlChar},
		{"zero-width space", "\u200b", diag.InvisibleChar},
		{"zero-width joiner", "\u200d", diag.InvisibleChar},
		{"word joiner", "\u2060", diag.InvisibleChar},
		{"soft hyphen", "\u00ad", diag.InvisibleChar},
		{"BOM in a line", "\ufeff", diag.InvisibleChar},
		{"right-to-left override", "\u202e", diag.InvisibleChar},
		{"right-to-left isolate", "\u2067", diag.InvisibleChar},
		{"line separator", "\u2028", diag.InvisibleChar},
		{"variation selector", "\ufe0f", diag.InvisibleChar},
		{"ideographic variation selector", "\U000E0100", diag.InvisibleChar},
		{"tag character", "\U000E0041", diag.InvisibleChar},
	} {
		for _, field := range []string{"title", "resulting_text", "html"} {
			t.Run(tc.name+" in "+field, func(t *testing.T) {
				text := "title: 关于公布\nresulting_text: 各地：\nhtml: <p>x</p>\n"
				text = strings.Replace(text, field+": ", field+": 朝阳"+tc.r, 1)
				_, errs := Read("x.txt", []byte(text))
				line := map[string]int{"title": 1, "resulting_text": 2, "html": 3}[field]
				col := len([]rune(field)) + 5
				if len(errs) != 1 || errs[0].Code != tc.code || errs[0].Pos.Line != line || errs[0].Pos.Col != col {
					t.Fatalf("got %v, want %s at %d:%d", errs, tc.code, line, col)
				}
				if strings.Contains(errs[0].Format(), tc.r) {
					t.Errorf("the message shows the character raw: %q", errs[0].Format())
				}
			})
		}
	}
	_, errs := Read("x.txt", []byte("title: a\nresulting_text: b\rc\n"))
	if len(errs) != 1 || errs[0].Code != diag.MixedLineEnds || errs[0].Error() != "x.txt:2:18: a line that ends in CR alone, in a file whose other lines end in LF or CRLF; use one kind of line end" {
		t.Errorf("mixed line ends: %v", errs)
	}
}
