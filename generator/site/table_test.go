package site

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestOmittedColumns checks that a page leaves out of its table the
// columns of what it is about, and states them once above it: a batch
// page its batch, a province page its province, an area page the names,
// province and division its rows agree on; and that the lists keep every
// column.
func TestOmittedColumns(t *testing.T) {
	all := []string{"area", "area_en", "province", "batch", "seq", "division_code", "level"}
	allEN := append([]string{"area_en", "area"}, all[2:]...)
	renamed := testSite()
	renamed.Table.Rows[2].Area, renamed.Table.Rows[2].AreaEN = "宜昌县", "Yichang County" // the notice of the second list used the old name
	noted := testSite()
	noted.Table.Rows[0].Note = "计划单列市"
	// A portal's province.html from before the facts, which it does not show.
	oldTheme := testSite()
	oldTheme.Templates = fstest.MapFS{"province.html": {Data: []byte(`{{define "content"}}<h1>{{.Data.Name}}</h1><p class="lead">{{.Data.Summary}}</p>{{template "table" .}}{{end}}`)}}
	for _, tc := range []struct {
		name string
		site *Site
		page string
		keys []string // the table's columns
		has  []string // what the page holds besides
		not  []string // what it does not
	}{
		{"lists", testSite(), "lists/index.html", all, nil, nil},
		{"batch", testSite(), "batches/4/index.html", []string{"area", "area_en", "province", "seq", "division_code", "level"}, nil, []string{`class="batch"`}},
		{"province", testSite(), "provinces/420000/index.html", []string{"area", "area_en", "batch", "seq", "division_code", "level"},
			[]string{`<dt>英文名</dt><dd lang="en">Hubei</dd>`}, []string{`<td><a href="../../provinces/420000/index.html">`}},
		{"province in English", testSite(), "en/provinces/420000/index.html", []string{"area_en", "area", "batch", "seq", "division_code", "level"},
			[]string{`<dt>In Chinese</dt><dd lang="zh-CN">湖北省</dd>`}, nil},
		{"area", testSite(), "areas/420500.html", []string{"batch", "seq"},
			[]string{`<dt>英文名</dt><dd lang="en">Yichang City</dd>`, `<dt>省份</dt><dd><a href="../provinces/420000/index.html">湖北省</a> <span class="en" lang="en">Hubei</span></dd>`,
				`<dt>区划代码</dt><dd><code>420500</code></dd>`}, []string{"<td><code>"}},
		{"area in English", testSite(), "en/areas/420500.html", []string{"batch", "seq"},
			[]string{`<dt>In Chinese</dt><dd lang="zh-CN">宜昌市</dd>`, `<dt>Province</dt><dd><a href="../../en/provinces/420000/index.html">Hubei</a> <span class="en" lang="zh-CN">湖北省</span></dd>`}, nil},
		{"area without a code", testSite(), "areas/420000-2b4ade45dba2.html", []string{"batch", "seq"},
			[]string{"<dt>英文名</dt><dd lang=\"en\">&#34;Optics&#34; &amp; Valley</dd>"}, []string{"<dt>区划代码</dt>", "<dt>层级</dt>"}},
		{"area renamed", renamed, "areas/420500.html", []string{"area", "area_en", "batch", "seq"},
			[]string{`<td lang="zh-CN">宜昌市</td>`, `<td lang="zh-CN">宜昌县</td>`, `<dt>区划代码</dt>`}, []string{"<dt>英文名</dt>"}},
		{"area renamed in English", renamed, "en/areas/420500.html", []string{"area_en", "area", "batch", "seq"},
			[]string{`<td lang="en">Yichang County</td>`}, []string{"<dt>In Chinese</dt>"}},
		{"area with a note", noted, "areas/420500.html", []string{"area", "area_en", "batch", "seq"},
			[]string{`宜昌市 <small>（计划单列市）</small>`}, nil},
		{"lists in English", testSite(), "en/lists/index.html", allEN, nil, nil},
		{"area, a theme without facts", oldTheme, "areas/420500.html", all, []string{`<td><code>420500</code></td>`}, []string{"<dt>"}},
		{"province, a theme without facts", oldTheme, "en/provinces/420000/index.html", allEN, []string{`<span class="en" lang="zh-CN">湖北省</span>`}, nil},
		{"batch, a theme without facts", oldTheme, "batches/4/index.html", []string{"area", "area_en", "province", "seq", "division_code", "level"}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := &files{m: map[string][]byte{}}
			if err := tc.site.Render(got.create); err != nil {
				t.Fatal(err)
			}
			page, ok := got.m[tc.page]
			if !ok {
				t.Fatalf("no page %s", tc.page)
			}
			s := string(page)
			table := s[strings.Index(s, `<table id="pilots"`):]
			head := table[strings.Index(table, "<thead>"):strings.Index(table, "</thead>")]
			var keys []string
			for _, m := range regexp.MustCompile(`data-key="([^"]+)"`).FindAllStringSubmatch(head, -1) {
				keys = append(keys, m[1])
			}
			if !slices.Equal(keys, tc.keys) {
				t.Errorf("columns %q, want %q", keys, tc.keys)
			}
			body := table[strings.Index(table, "<tbody>"):strings.Index(table, "</tbody>")]
			for _, row := range strings.Split(body, "<tr")[1:] {
				if n := strings.Count(row, "<td"); n != len(tc.keys) {
					t.Errorf("a row of %d cells under %d columns: %s", n, len(tc.keys), row)
				}
			}
			for _, want := range tc.has {
				if !strings.Contains(s, want) {
					t.Errorf("no %s", want)
				}
			}
			for _, bad := range tc.not {
				if strings.Contains(s, bad) {
					t.Errorf("has %s", bad)
				}
			}
		})
	}
}
