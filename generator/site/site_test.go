package site

import (
	"bytes"
	"html"
	"testing"
)

// FuzzEscapeTo holds escapeTo, which writes table cells, to
// html.EscapeString.
func FuzzEscapeTo(f *testing.F) {
	for _, s := range []string{"", "plain", `<script>alert("x&y")</script>`, "O'Brien", "区<>&'\"区", "&amp;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		escapeTo(&b, s)
		if want := html.EscapeString(s); b.String() != want {
			t.Errorf("escapeTo(%q) = %q, want %q", s, b.String(), want)
		}
	})
}
