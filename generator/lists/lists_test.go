package lists

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// TestDefault checks the built-in catalog: it parses, and the two kinds
// are told apart by the longest word of a title or a count phrase.
func TestDefault(t *testing.T) {
	c := Default()
	pilots, pioneers := c.Kinds[0], c.Kinds[1]
	for _, tc := range []struct {
		title string
		want  *Kind
	}{
		{"第四批全国城市一刻钟便民生活圈试点名单", pilots},
		{"首批城市一刻钟便民生活圈全域推进先行区试点名单", pioneers},
		{"首批名单", nil},
	} {
		if got := c.InAnnexTitle(tc.title); got != tc.want {
			t.Errorf("InAnnexTitle(%q) = %v, want %v", tc.title, got, tc.want)
		}
	}
	if got := c.InCountPhrase("、首批全域推进先行区试点地区15个"); got != pioneers {
		t.Errorf("InCountPhrase of a pioneer zones' count = %v", got)
	}
	if got := c.InCountPhrase("确定全国第三批试点地区70个"); got != pilots {
		t.Errorf("InCountPhrase of a pilots' count = %v", got)
	}
}

// TestTables checks each table's addresses and names: the published ones
// of the national pilots, and those of the pioneer zones beside them.
func TestTables(t *testing.T) {
	c := Default()
	pilots, pioneers := c.Kinds[0], c.Kinds[1]
	const base = "https://example.org/p/"
	for _, tc := range []struct {
		t                                    Table
		dir, slug, page, id, titleZH, nameEN string
	}{
		{pilots.All(), "data", "pilots", "data/", base + "data/#dataset", "城市一刻钟便民生活圈试点名单（全部批次）", "all batches"},
		{pilots.Batch(3), "data/batch-3", "pilots-batch-3", "batches/3/", base + "batches/3/#dataset", "城市一刻钟便民生活圈试点名单（第3批）", "batch 3"},
		{pioneers.All(), "data/pioneer-zones", "pioneer-zones", "data/", base + "data/#pioneer-zones", "城市一刻钟便民生活圈全域推进先行区试点名单（全部批次）", "all batches"},
		{pioneers.Batch(1), "data/pioneer-zones/batch-1", "pioneer-zones-batch-1", "pioneer-zones/1/", base + "pioneer-zones/1/#dataset", "城市一刻钟便民生活圈全域推进先行区试点名单（第1批）", "batch 1"},
		{c.All(), "data/designations", "designations", "data/", base + "data/#designations", "城市一刻钟便民生活圈全部名单", "designations"},
	} {
		tb := tc.t
		got := []string{tb.Dir(), tb.Slug(), tb.Page(), tb.DatasetID(base), tb.Title("zh"), tb.Name("en")}
		want := []string{tc.dir, tc.slug, tc.page, tc.id, tc.titleZH, tc.nameEN}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	}
	a, b := pilots.Batch(3), pilots.Batch(3)
	all1, all2 := c.All(), c.All()
	if a != b || a == pioneers.Batch(3) || a == pilots.All() || all1 != all2 {
		t.Error("table identities do not compare as the tables they name")
	}
}

// TestCounts checks that the English agrees in number.
func TestCounts(t *testing.T) {
	c := Default()
	pioneers := c.Kinds[1]
	for _, tc := range []struct{ got, want string }{
		{pioneers.EN.Count(1, "en"), "1 whole-area pioneer zone"},
		{pioneers.EN.Count(15, "en"), "15 whole-area pioneer zones"},
		{pioneers.EN.ShortCount(1, "en"), "1 pioneer zone"},
		{pioneers.EN.Count(0, "en"), "0 whole-area pioneer zones"},
		{pioneers.ZH.Count(15, "zh"), "15 个全域推进先行区"},
		{BatchLabel(pioneers, 1, "zh"), "先行区第1批"},
		{BatchLabel(pioneers, 1, "en"), "pioneer zones batch 1"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestParseErrors checks that a bad catalog is refused, every problem
// named by kind and key.
func TestParseErrors(t *testing.T) {
	names := `"zh": {"programme": "甲", "list": "甲名单", "one": "甲地", "short": "甲"}, "en": {"programme": "a", "list": "a list", "one": "a", "many": "as", "short_one": "a", "short": "as"}`
	kind := func(id, slug, dir string) string {
		return `{"id": "` + id + `", ` + names + `, "annex_words": ["甲"], "count_words": ["甲"], "slug": "` + slug + `", "data_dir": "` + dir + `", "batch_dir": "` + dir + `/batch-", "page_prefix": "` + slug + `"}`
	}
	combined := `"combined": {` + names + `, "slug": "all", "data_dir": "data/all"}`
	for _, tc := range []struct{ name, src, want string }{
		{"good", `{"kinds": [` + kind("a", "as", "data") + `], ` + combined + `}`, ""},
		{"unknown key", `{"kinds": [], "colour": 1, ` + combined + `}`, `lists.json:1:`},
		{"syntax", "{\n  \"kinds\": [,]\n}", `lists.json:2:13: invalid character ','`},
		{"no kinds", `{"kinds": [], ` + combined + `}`, "lists.json: kinds: no kind of list"},
		{"twice", `{"kinds": [` + kind("a", "as", "data") + `, ` + kind("a", "bs", "data/b") + `], ` + combined + `}`, `lists.json: kind "a": given twice`},
		{"shared folder", `{"kinds": [` + kind("a", "as", "data") + `, ` + kind("b", "bs", "data") + `], ` + combined + `}`, `lists.json: kind "b" data_dir: folder "data" is also kind "a" data_dir`},
		{"bad id", `{"kinds": [` + kind("A-1", "as", "data") + `], ` + combined + `}`, `lists.json: kinds[0]: id "A-1" is not lowercase letters, digits and _`},
		{"path", `{"kinds": [` + kind("a", "as", "../x") + `], ` + combined + `}`, `lists.json: kind "a": data_dir "../x" is not a relative folder of lowercase names`},
	} {
		_, err := Read(fstest.MapFS{File: {Data: []byte(tc.src)}})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.want)
		}
	}
}

// TestReadBounded feeds Read a lists.json over its bound: refused, after
// reading at most maxFile+1 bytes, whatever the file's size.
func TestReadBounded(t *testing.T) {
	huge := append([]byte(`{"kinds": [`), bytes.Repeat([]byte(" "), maxFile)...)
	if _, err := Read(fstest.MapFS{File: {Data: huge}}); err == nil || !strings.Contains(err.Error(), "over 1048576 bytes") {
		t.Errorf("a lists.json of %d bytes: %v, want refused as over the bound", len(huge), err)
	}
}
