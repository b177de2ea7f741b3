package site

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/notice"
)

// testSite is a site of two lists and three rows: an area on both kinds,
// an area without a division code, and names that need escaping.
func testSite() *Site {
	day := time.Date(2024, 9, 10, 0, 0, 0, 0, time.UTC)
	n := &notice.Notice{Title: "关于公布第四批和首批先行区名单的通知", Signed: day, Published: day, SourceURL: "http://example.org/"}
	kinds := lists.Default()
	pilots, pioneers := kinds.Kinds[0], kinds.Kinds[1]
	n.Lists = []*notice.List{{Kind: pilots, Batch: 4}, {Kind: pioneers, Batch: 1}}
	row := func(kind *lists.Kind, batch, seq int, area, en, code string) data.Row {
		return data.Row{Batch: batch, Seq: seq, Province: "湖北省", ProvinceEN: "Hubei", ProvinceCode: "420000",
			Area: area, AreaEN: en, DivisionCode: code, IssuedOn: day, SourceURL: n.SourceURL, List: kind}
	}
	t := &data.Table{Table: kinds.All(), Catalog: kinds,
		Batches: []data.Batch{{Kind: pilots, Number: 4, Notice: n, Count: 2}, {Kind: pioneers, Number: 1, Notice: n, Count: 1}},
		Rows: []data.Row{
			row(pilots, 4, 1, "宜昌市", "Yichang City", "420500"),
			row(pilots, 4, 2, "光谷<新区>", `"Optics" & Valley`, ""),
			row(pioneers, 1, 1, "宜昌市", "Yichang City", "420500"),
		},
	}
	downloads := &data.Downloads{}
	for _, tb := range append(slices.Concat(t.ByKind()...), t) { // each with its two CSVs, as a build writes them
		set := &data.Set{Table: tb}
		for _, o := range data.Outputs {
			if strings.HasSuffix(o.Ext, ".csv") {
				set.Files = append(set.Files, data.File{Path: tb.Dir() + "/" + o.FileFor(tb), Output: o})
			}
		}
		downloads.Sets = append(downloads.Sets, set)
	}
	return &Site{Table: t, BaseURL: "https://example.org/pilots/", Downloads: downloads}
}

// files is a Create that keeps what is written, by path.
type files struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (f *files) create(rel string, write func(io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m[rel] = b.Bytes()
	return nil
}

// TestPrototypes checks that the area and province pages made from their
// prototypes are the very pages the template makes for each, names that
// need escaping included; and that a template that puts a page's title in
// a script makes each page run the template.
func TestPrototypes(t *testing.T) {
	for _, tc := range []struct {
		name      string
		templates fstest.MapFS
	}{
		{"built-in templates", nil},
		{"title in a script", fstest.MapFS{"province.html": {Data: []byte(`{{define "content"}}<h1>{{.Data.Name}}</h1><script>var t = {{.Title}};</script>{{template "table" .}}{{end}}`)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := testSite()
			if tc.templates != nil {
				s.Templates = tc.templates
			}
			got := &files{m: map[string][]byte{}}
			if err := s.Render(got.create); err != nil {
				t.Fatal(err)
			}
			want := &files{m: map[string][]byte{}}
			r, err := newRenderer(s, want.create)
			if err != nil {
				t.Fatal(err)
			}
			r.files, _ = s.Downloads.Wait()
			n := 0
			for _, lang := range Langs {
				for _, a := range r.areas {
					if err := r.area(a, lang, r.omit(areaOmitted(a.Rows))); err != nil {
						t.Fatal(err)
					}
					n++
				}
				for _, g := range r.groups {
					if err := r.province(g, lang, nil); err != nil {
						t.Fatal(err)
					}
					n++
				}
			}
			if n != 2*len(Langs)+len(r.groups)*len(Langs) || len(r.groups) == 0 {
				t.Fatalf("%d area and province pages, %d provinces", n, len(r.groups))
			}
			for path, page := range want.m {
				if !bytes.Equal(got.m[path], page) {
					t.Errorf("%s from the prototype:\n%s\nfrom the template:\n%s", path, got.m[path], page)
				}
				if !slices.ContainsFunc([]string{"宜昌市", "Yichang", "光谷&lt;新区&gt;", "&#34;Optics&#34; &amp; Valley"}, func(name string) bool { return strings.Contains(string(page), name) }) {
					t.Errorf("%s does not name its area", path)
				}
			}
		})
	}
}

// TestAreaSince checks that an area's page says since when, on which
// list and by which notice it was designated (in English by the title
// announced.md gives the notice, marked as the site's translation),
// which earlier batches of the list the site does not hold, and links
// its JSON.
func TestAreaSince(t *testing.T) {
	got := &files{m: map[string][]byte{}}
	if err := testSite().Render(got.create); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string][]string{
		"areas/420500.html": {"2024-09-10 起入选试点第4批（《关于公布第四批和首批先行区名单的通知》），更早的试点第1、2、3批本站未收录；2024-09-10 起入选先行区第1批（",
			`href="../areas/420500.json"`},
		"en/areas/420500.html": {"on pilots batch 4 since 2024-09-10 (Notice of the Ministry of Commerce and 10 other departments on the fourth batch of national pilots and the first batch of whole-area pioneer zones [translated by this site]); pilots batches 1, 2 and 3, earlier, not held here; on pioneer zones batch 1 since 2024-09-10 (",
			`href="../../areas/420500.json"`},
	} {
		page := string(got.m[path])
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
	}
}

// encoderAreaJSON is an area's JSON as encoding/json's Encoder writes it,
// from a struct of its fields: what writeAreaJSON must write, byte for
// byte.
func encoderAreaJSON(t *testing.T, a *areaGroup, baseURL string) string {
	t.Helper()
	first := a.Rows[0]
	type designation struct {
		List     string  `json:"list"`
		Batch    int     `json:"batch"`
		Seq      int     `json:"seq"`
		Note     *string `json:"note"`
		IssuedOn string  `json:"issued_on"`
		Source   string  `json:"source_url"`
		Page     string  `json:"page"`
	}
	nullable := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	v := struct {
		Area         string        `json:"area"`
		AreaEN       *string       `json:"area_en"`
		Province     string        `json:"province"`
		ProvinceEN   *string       `json:"province_en"`
		ProvinceCode *string       `json:"province_code"`
		DivisionCode *string       `json:"division_code"`
		Level        *string       `json:"level"`
		Designations []designation `json:"designations"`
	}{first.Area, nullable(first.AreaEN), first.Province, nullable(first.ProvinceEN), nullable(first.ProvinceCode),
		nullable(first.DivisionCode), nullable(first.Level), nil}
	for _, p := range a.Rows {
		v.Designations = append(v.Designations, designation{p.List.String(), p.Batch, p.Seq, nullable(p.Note),
			p.IssuedOn.Format(data.Date), p.SourceURL, baseURL + strings.TrimSuffix(batchPage(p.List, p.Batch), "index.html")})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestAreaJSONAsEncoder checks an area's JSON against encoding/json's for
// values it escapes (quotes, backslashes, control characters, U+2028,
// bytes that are not UTF-8, markup it must leave as it is), absent ones
// (null), and designations of two kinds sharing the strings of a batch.
func TestAreaJSONAsEncoder(t *testing.T) {
	kinds := lists.Default()
	day := time.Date(2023, 8, 31, 0, 0, 0, 0, time.UTC)
	hostile := []string{`"引号"`, `a\b`, "line\nend\t", "\u2028\u2029", "\x01\x7f", "\xff\xfe", "<b>&amp;</b>", "😀", ""}
	var rows []*data.Row
	for i, s := range hostile {
		rows = append(rows, &data.Row{Batch: i%3 + 1, Seq: i + 1, Province: "北京市" + s, ProvinceEN: s, ProvinceCode: "110000", Area: "朝阳区" + s,
			AreaEN: s, DivisionCode: s, Level: s, Note: s, IssuedOn: day.AddDate(0, i, 0), SourceURL: "http://example.org/?a=1&b=" + s, List: kinds.Kinds[i%2]})
	}
	js := &jsonStrings{}
	for _, a := range []*areaGroup{{ID: "110105", Rows: rows}, {ID: "x", Rows: rows[len(rows)-1:]}, {ID: "y", Rows: rows[:2]}} {
		var b bytes.Buffer
		if err := writeAreaJSON(&b, a, "https://example.org/a&b/", js); err != nil {
			t.Fatal(err)
		}
		if want := encoderAreaJSON(t, a, "https://example.org/a&b/"); b.String() != want {
			t.Errorf("area %s:\n got %q\nwant %q", a.ID, b.String(), want)
		}
	}
}
