package site

import (
	"slices"
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
		{"with title_en", "| list | batch | announced | areas | status | source | source_zh | title_en |\n| --- |\n| pilot | 1 | 2021 | 30 | announced | a report | 一则报道 | Notice on batch 1 |\n", "a report|一则报道|Notice on batch 1"},
		{"title_en empty", "| list | batch | announced | areas | status | source | source_zh | title_en |\n| --- |\n| pilot | 1 | 2021 | 30 | announced | a report | 一则报道 |  |\n", "a report|一则报道|"},
	} {
		got, err := readAnnounced(fstest.MapFS{announcedFile: {Data: []byte(tc.table)}}, kinds)
		var s string
		if err != nil {
			s = err.Error()
		} else if len(got) == 1 {
			s = got[0].Source + "|" + got[0].SourceZH
			if tc.name == "with title_en" || tc.name == "title_en empty" {
				s += "|" + got[0].TitleEN
			}
		}
		if s != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, s, tc.want)
		}
	}
}

// TestCovers checks the sentences that say which batches a number
// covers, made from the batches held and those announced: only batches
// announced (not proposed) count as missing, the batches of every kind
// are named with their kind, and nothing is said when every batch
// announced is held.
func TestCovers(t *testing.T) {
	s := testSite() // holds pilot batch 4 and pioneer-zone batch 1
	kinds := s.Table.Catalog.Kinds
	for _, tc := range []struct {
		announced string
		lang      string
		want      []string // covers of the pilots, of every kind, and earlier of pilot batch 4
	}{
		{"| pilot | 1 | 2021 | 30 | announced | a |\n| pilot | 3 | 2023 | 70 | announced | a |\n| pilot | 5 | 2026 | 9 | proposed | a |\n", "zh",
			[]string{"只含试点第4批，试点第1、3批本站未收录", "只含试点第4批和先行区第1批，试点第1、3批本站未收录", "，更早的试点第1、3批本站未收录"}},
		{"| pilot | 1 | 2021 | 30 | announced | a |\n| pioneer_zone | 2 | 2025 | 30 | announced | a |\n", "en",
			[]string{"pilots batch 4 only; pilots batch 1 not held here", "pilots batch 4 and pioneer zones batch 1 only; pilots batch 1 and pioneer zones batch 2 not held here", "; pilots batch 1, earlier, not held here"}},
		{"| pilot | 4 | 2024 | 8 | announced | a |\n| pioneer_zone | 2 | 2025 | 30 | proposed | a |\n", "en", []string{"", "", ""}},
	} {
		s.Content = fstest.MapFS{announcedFile: {Data: []byte("| list | batch | announced | areas | status | source |\n| --- | --- | --- | --- | --- | --- |\n" + tc.announced)}}
		r, err := newRenderer(s, (&files{m: map[string][]byte{}}).create)
		if err != nil {
			t.Fatal(err)
		}
		p := r.page("index.html", tc.lang)
		got := []string{r.covers(p, kinds[0]), r.coversAll(p), r.earlier(p, kinds[0], 4)}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.announced, got, tc.want)
		}
	}
}

// TestNoticeName checks a notice's English title: announced.md's title_en,
// marked as the site's translation; else the scraper's machine
// translation, marked as one; else what the notice announces.
func TestNoticeName(t *testing.T) {
	s := testSite()
	n := s.Table.Batches[0].Notice
	for _, tc := range []struct{ titleEN, machine, want string }{
		{"Notice on the fourth batch", "Ministry of Commerce and other 10 departments on…", "Notice on the fourth batch [translated by this site]"},
		{"", "Ministry of Commerce and other 10 departments on…", "Ministry of Commerce and other 10 departments on… [machine translation]"},
		{"", "", "Notice on pilots batch 4 and pioneer zones batch 1"},
	} {
		s.Content = fstest.MapFS{announcedFile: {Data: []byte("| list | batch | announced | areas | status | source | source_zh | title_en |\n| --- |\n| pilot | 4 | 2024 | 8 | announced | a | 甲 | " + tc.titleEN + " |\n")}}
		n.TranslatedTitle = tc.machine
		r, err := newRenderer(s, (&files{m: map[string][]byte{}}).create)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.noticeName(r.page("index.html", "en"), n); got != tc.want {
			t.Errorf("title_en %q, machine %q: %q, want %q", tc.titleEN, tc.machine, got, tc.want)
		}
		if got := r.noticeName(r.page("index.html", "zh"), n); got != n.Title {
			t.Errorf("in Chinese: %q, want %q", got, n.Title)
		}
	}
}
