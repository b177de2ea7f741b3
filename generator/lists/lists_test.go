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
// named by its line, kind and key: among them folders and names that a
// batch of another kind, or of the same, would take whenever it arrives,
// and names holding characters that show nothing or reorder the text.
func TestParseErrors(t *testing.T) {
	names := `"zh": {"programme": "甲", "list": "甲名单", "one": "甲地", "short": "甲"},` + "\n" +
		`"en": {"programme": "a", "list": "a list", "one": "a", "many": "as", "short_one": "a", "short": "as"}`
	// A kind takes nine lines, one a key (zh and en one each): id on its
	// first, zh on its second, slug on its sixth, data_dir on its seventh.
	kind := func(id, slug, dir string) string {
		return `{"id": "` + id + `",` + "\n" + names + ",\n" + `"annex_words": ["甲"],` + "\n" + `"count_words": ["甲"],` + "\n" +
			`"slug": "` + slug + `",` + "\n" + `"data_dir": "` + dir + `",` + "\n" + `"batch_dir": "` + dir + `/batch-",` + "\n" + `"page_prefix": "` + slug + `"}`
	}
	combined := func(slug, dir string) string {
		return `"combined": {` + names + `, "slug": "` + slug + `", "data_dir": "` + dir + `"}`
	}
	// catalog puts the kinds from line 2 (the first's id), 11 (the
	// second's), and the combined table after them, on two lines (zh,
	// then en, slug and data_dir).
	catalog := func(combined string, kinds ...string) string {
		return "{\"kinds\": [\n" + strings.Join(kinds, ",\n") + "],\n" + combined + "}"
	}
	all := combined("all", "data/all")
	a := kind("a", "as", "data")
	for _, tc := range []struct{ name, src, want string }{
		{"good", catalog(all, a), ""},
		{"folders like a batch's but not one", catalog(all, a, kind("b", "bs", "data/batch-03"), kind("c", "cs", "data/batch-0"), kind("d", "as-batch", "data/batch-x")), ""},
		{"unknown key", `{"kinds": [], "colour": 1, ` + all + `}`, `lists.json:2:143: json: unknown field "colour"`},
		{"syntax", "{\n  \"kinds\": [,]\n}", `lists.json:2:13: invalid character ','`},
		{"no kinds", catalog(all), "lists.json:1: kinds: no kind of list"},
		{"twice", catalog(all, a, kind("a", "bs", "data/b")), `lists.json:11: kind "a": given twice`},
		{"shared folder", catalog(all, a, kind("b", "bs", "data")), `lists.json:17: kind "b" data_dir: folder "data" is also kind "a" data_dir`},
		{"bad id", catalog(all, kind("A-1", "as", "data")), `lists.json:2: kinds[0]: id "A-1" is not lowercase letters, digits and _`},
		{"path", catalog(all, kind("a", "as", "../x")), `lists.json:8: kind "a": data_dir "../x" is not a relative folder of lowercase names`},
		{"another kind's batch", catalog(all, a, kind("b", "bs", "data/batch-3")),
			`lists.json:17: kind "b" data_dir: folder "data/batch-3" is where kind "a" writes its batch 3 (batch_dir "data/batch-"): two tables would write its files`},
		{"a batch to come", catalog(all, kind("b", "bs", "data/batch-7"), a),
			`lists.json:8: kind "b" data_dir: folder "data/batch-7" is where kind "a" writes its batch 7`},
		{"its own batch", catalog(all, strings.Replace(kind("a", "as", "data/x-12"), `"data/x-12/batch-"`, `"data/x-"`, 1)),
			`lists.json:8: kind "a" data_dir: folder "data/x-12" is where kind "a" writes its batch 12`},
		{"the combined table in a batch's folder", catalog(combined("all", "data/batch-20"), a),
			`lists.json:12: combined data_dir: folder "data/batch-20" is where kind "a" writes its batch 20`},
		{"a batch's name", catalog(all, a, kind("b", "as-batch-2", "data/b")),
			`lists.json:16: kind "b": slug "as-batch-2" is the name of kind "a"'s batch 2 (slug "as"): two tables would have one name in the metadata`},
		{"the combined table's name", catalog(combined("as-batch-1", "data/all"), a),
			`lists.json:12: combined: slug "as-batch-1" is the name of kind "a"'s batch 1`},
		{"right-to-left override", catalog(all, strings.Replace(a, "甲名单", "甲\u202e单名", 1)),
			`lists.json:3: kind "a" zh: list "甲\u202e单名" holds the character U+202E, which shows nothing or reorders the text around it`},
		{"zero-width space, escaped", catalog(all, a, strings.Replace(kind("b", "bs", "data/b"), `"short": "as"`, `"short": "a\u200bs"`, 1)),
			`lists.json:13: kind "b" en: short "a\u200bs" holds the character U+200B`},
		{"ESC in a word", catalog(all, strings.Replace(a, `"annex_words": ["甲"]`, `"annex_words": ["甲", "\u001b[31m甲"]`, 1)),
			`lists.json:5: kind "a": annex_words "\x1b[31m甲" holds the character U+001B`},
		{"BEL in the combined names", catalog(strings.Replace(all, `"甲地"`, `"甲\u0007地"`, 1), a),
			`lists.json:11: combined zh: one "甲\a地" holds the character U+0007`},
		{"invalid UTF-8", catalog(all, a, strings.Replace(kind("b", "bs", "data/b"), "甲名单", "甲\xff", 1)), `lists.json:12: invalid UTF-8`},
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
