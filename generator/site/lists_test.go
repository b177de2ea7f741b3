package site

import (
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/lists"
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

// TestCheckKinds refuses a kind of list that would take a folder of the
// site's own pages, or put its data outside data/.
func TestCheckKinds(t *testing.T) {
	for _, tc := range []struct{ prefix, dataDir, want string }{
		{"streets", "data/streets", ""},
		{"about", "data/streets", `page_prefix "about" is a folder of the site's own`},
		{"lists", "data/streets", `page_prefix "lists" is a folder`},
		{"streets", "about/streets", `data_dir "about/streets" is not under data/`},
	} {
		k := *lists.Default().Kinds[1]
		k.PagePrefix, k.DataDir, k.BatchDir = tc.prefix, tc.dataDir, tc.dataDir+"/batch-"
		err := checkKinds(&lists.Catalog{Kinds: []*lists.Kind{&k}})
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s %s: %v, want %q", tc.prefix, tc.dataDir, err, tc.want)
		}
	}
}
