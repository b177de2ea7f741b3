package site

import (
	"strings"
	"testing"
	"testing/fstest"

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

// TestReadAnnounced reads announced.md with and without its Chinese
// sources, and refuses a row of the wrong width by its line.
func TestReadAnnounced(t *testing.T) {
	kinds := lists.Default()
	for _, tc := range []struct{ name, table, want string }{
		{"with source_zh", "| list | batch | announced | areas | status | source | source_zh |\n| --- | --- | --- | --- | --- | --- | --- |\n| pilot | 1 | 2021 | 30 | announced | a report | 一则报道 |\n", "a report|一则报道"},
		{"without", "| list | batch | announced | areas | status | source |\n| --- | --- | --- | --- | --- | --- |\n| pilot | 1 | 2021 | 30 | announced | a report |\n", "a report|"},
		{"wrong width", "| list | batch | announced | areas | status | source | source_zh |\n| --- |\n| pilot | 1 | 2021 | 30 | announced | a report |\n", "announced.md:3: 6 cells, want 7"},
	} {
		got, err := readAnnounced(fstest.MapFS{announcedFile: {Data: []byte(tc.table)}}, kinds)
		var s string
		if err != nil {
			s = err.Error()
		} else if len(got) == 1 {
			s = got[0].Source + "|" + got[0].SourceZH
		}
		if s != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, s, tc.want)
		}
	}
}
