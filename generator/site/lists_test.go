package site

import (
	"strings"
	"testing"
)

// TestTranslationParagraphs checks that a one-line machine translation is
// cut into its parts, and one with line ends at them.
func TestTranslationParagraphs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"To all: as follows: First, plan. Do it. Second, guide. Annex: the list", "To all: as follows:|First, plan. Do it.|Second, guide.|Annex: the list"},
		{"One line.\nAnother, First, not cut.", "One line.|Another, First, not cut."},
		{"No parts at all. First-rate, though.", "No parts at all. First-rate, though."},
	} {
		if got := strings.Join(translationParagraphs(tc.in), "|"); got != tc.want {
			t.Errorf("%q:\ngot  %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
