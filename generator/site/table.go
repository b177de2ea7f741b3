package site

import (
	"bytes"
	"cmp"
	"html"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/gazetteer"
	"github.com/bianmin-data/pilots/generator/lists"
)

// rowsMarker stands for the rows of a page's table in the template's
// output; render puts the rows in its place as it writes the page, so the
// rows (most of a list page) are not copied through the template engine.
const rowsMarker = "<!--pilots-rows-->"

// column is one column of the tables of designations on the pages. The
// Chinese pages lead with the area's Chinese name, the English pages with
// its English name; the other name follows, marked with its language.
type column struct {
	Key     string // the data's field: the name of the column in the sort parameter of the URL
	Label   string // the header
	Numeric bool   // sorted as numbers
}

// columns are the columns of a table of designations in p's language.
func columns(p *Page) []column {
	cols := []column{
		{Key: "area", Label: p.T("area")}, {Key: "area_en", Label: p.T("area_en")},
		{Key: "province", Label: p.T("province")}, {Key: "batch", Label: p.T("batch"), Numeric: true},
		{Key: "seq", Label: p.T("seq"), Numeric: true}, {Key: "division_code", Label: p.T("code")}, {Key: "level", Label: p.T("level")},
	}
	if p.Lang != "zh" { // the area's name in English first, under the area's heading
		cols[0], cols[1] = column{Key: "area_en", Label: p.T("area")}, column{Key: "area", Label: p.T("area_zh")}
	}
	return cols
}

// rowOptions say how writeRows writes a table's rows.
type rowOptions struct {
	filters bool   // rows carry the data-* attributes the filters and facets read
	area    string // the area whose page this is: its name is not a link to itself
}

// writeRows writes the rows of a table of designations. It is Go, not a
// template, because the rows are most of the site's HTML: html/template
// spends a reflective call on every value of every row, and the rows of a
// million-pilot site took minutes that way. Every value is escaped here.
// The links and labels that repeat from row to row are made once per call.
// No cell links to the page it is on (a batch's rows to their batch page,
// a province's to its page, an area's to its own). In English the
// province and area cells hold the English name first and sort by it
// (data-sort), the Chinese name after it, marked lang="zh-CN". The rows go
// to a buffer from buffers, which render returns once the page is
// written.
func writeRows(p *Page, rows []*data.Row, opt rowOptions) *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	b.Grow(len(rows) * 450)
	w := func(parts ...string) { // written piece by piece: no concatenated temporaries
		for _, s := range parts {
			b.WriteString(s)
		}
	}
	esc := func(s string) { escapeTo(b, s) }
	zh := p.Lang == "zh"
	// link opens a link to target unless it is this page, and returns
	// what closes it.
	link := func(href, target string) string {
		if target == p.Path {
			return ""
		}
		w(`<a href="`, href, `">`)
		return `</a>`
	}
	// A batch is shown with its kind (试点第3批), sorts by its kind first
	// (data-sort: the kind's order, then the number) and is filtered as
	// pilot-3.
	type batchText struct{ value, sort, href, target, label, kind string }
	type batchKey struct {
		kind  *lists.Kind
		batch int
	}
	batches := map[batchKey]batchText{}
	type provinceText struct{ href, target string }
	provinces := map[string]provinceText{}
	levels := map[string]string{}
	root := html.EscapeString(p.Link(""))
	// areaLink opens the link to pl's area page unless it is this page,
	// and returns what closes it.
	areaLink := func(pl *data.Row) string {
		id := areaID(pl)
		if id == opt.area {
			return ""
		}
		w(`<a href="`, root, `areas/`)
		esc(url.PathEscape(id))
		w(`.html">`)
		return `</a>`
	}
	// zhArea and enArea write the cells of the area's Chinese name (with
	// its note, sorting by the English name on English pages) and its
	// English name, the one linked to the area's page.
	zhArea := func(pl *data.Row, linked bool) {
		w(`<td lang="zh-CN"`)
		if !zh && pl.AreaEN != "" {
			w(` data-sort="`)
			esc(pl.AreaEN)
			w(`"`)
		}
		w(`>`)
		end := ""
		if linked {
			end = areaLink(pl)
		}
		esc(pl.Area)
		w(end)
		if pl.Note != "" {
			w(` <small>（`)
			esc(pl.Note)
			w(`）</small>`)
		}
		w(`</td>`)
	}
	enArea := func(pl *data.Row, linked bool) {
		w(`<td lang="en">`)
		end := ""
		if linked && pl.AreaEN != "" {
			end = areaLink(pl)
		}
		esc(pl.AreaEN)
		w(end, `</td>`)
	}
	var num [20]byte
	for _, pl := range rows {
		bt, ok := batches[batchKey{pl.List, pl.Batch}]
		if !ok {
			target := batchPage(pl.List, pl.Batch)
			bt = batchText{html.EscapeString(batchValue(pl.List, pl.Batch)), strconv.Itoa(batchSort(pl.List, pl.Batch)),
				html.EscapeString(p.Link(target)), target, html.EscapeString(batchLabel(p, pl.List, pl.Batch)), html.EscapeString(pl.List.ID)}
			batches[batchKey{pl.List, pl.Batch}] = bt
		}
		slug := provinceSlug(pl.Province, pl.ProvinceCode)
		pt, ok := provinces[slug]
		if !ok {
			target := provincePath(slug)
			pt = provinceText{html.EscapeString(p.Link(target)), target}
			provinces[slug] = pt
		}
		level, ok := levels[pl.Level]
		if !ok && pl.Level != "" {
			level = html.EscapeString(p.T("level_" + pl.Level))
			levels[pl.Level] = level
		}
		if opt.filters {
			w(`<tr data-batch="`, bt.value, `" data-kind="`, bt.kind, `" data-level="`)
			esc(pl.Level)
			w(`" data-province="`)
			esc(pl.Province)
			w("\">\n")
		} else {
			w("<tr>\n")
		}
		if zh {
			zhArea(pl, true)
			enArea(pl, false)
		} else {
			enArea(pl, true)
			zhArea(pl, pl.AreaEN == "")
		}
		if zh || pl.ProvinceEN == "" {
			w(`<td>`)
		} else {
			w(`<td data-sort="`)
			esc(pl.ProvinceEN)
			w(`">`)
		}
		end := link(pt.href, pt.target)
		switch {
		case zh || pl.ProvinceEN == "":
			esc(pl.Province)
			w(end)
			if pl.ProvinceEN != "" {
				w(` <span class="en" lang="en">`)
				esc(pl.ProvinceEN)
				w(`</span>`)
			}
		default:
			esc(pl.ProvinceEN)
			w(end, ` <span class="en" lang="zh-CN">`)
			esc(pl.Province)
			w(`</span>`)
		}
		w(`</td><td class="batch" data-sort="`, bt.sort, `">`)
		end = link(bt.href, bt.target)
		w(bt.label, end, `</td><td>`)
		b.Write(strconv.AppendInt(num[:0], int64(pl.Seq), 10))
		w(`</td><td><code>`)
		esc(pl.DivisionCode)
		w(`</code></td><td>`, level, "</td>\n</tr>\n")
	}
	return b
}

// escapeTo writes s to b escaped as html.EscapeString does, without
// making a new string.
func escapeTo(b *bytes.Buffer, s string) {
	for {
		i := strings.IndexAny(s, `<>&'"`)
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		b.WriteString(htmlEntities[s[i]])
		s = s[i+1:]
	}
}

// htmlEntities are html.EscapeString's replacements.
var htmlEntities = map[byte]string{'<': "&lt;", '>': "&gt;", '&': "&amp;", '\'': "&#39;", '"': "&#34;"}

// pageRows is the most rows one page lists. A longer list is split into
// pages (provinces, batches), or cut short with a pointer to them (home),
// so that no page grows with the table.
const pageRows = 1000

// tableData is a table of designations on a page.
type tableData struct {
	Caption         string
	Columns         []column      // the header, in order
	Rows            template.HTML // the rows, written by writeRows
	Filters         bool          // show the filter controls, the facets and the export
	ProvinceOptions []option
	BatchOptions    []option   // each batch with its kind, in the kinds' order
	Facets          []facet    // with Filters: the values of province, level, kind and batch
	CSV             string     // with Filters: the published CSV the rows come from, which the export cuts
	NoMatch         string     // with Filters: what a filter that matches no row says (what the site holds, and does not)
	FirstKind       string     // with Filters: the first kind's id, whose batches old addresses (?batch=3) name
	Pager           []pageLink // the pages of a list split over several
}

// facet is a column the table's rows can be narrowed by, with each of its
// values; the script counts the rows of each value and makes each a link
// that filters (the links carry the filter in the URL, as the filters do).
type facet struct {
	Key, Label string // the URL parameter and data-* attribute; the heading
	Values     []option
}

// pageLink is one entry of a pager.
type pageLink struct {
	Label   int
	Path    string
	Current bool
}

// batchValue is a batch's value in the filters and the URL: pilot-3.
func batchValue(k *lists.Kind, b int) string { return k.ID + "-" + strconv.Itoa(b) }

// batchSort orders batches by kind, then number.
func batchSort(k *lists.Kind, b int) int { return k.Order*100000 + b }

// pointers points at each row of a slice.
func pointers(ps []data.Row) []*data.Row {
	out := make([]*data.Row, len(ps))
	for i := range ps {
		out[i] = &ps[i]
	}
	return out
}

// pager links the pages of a split list, marking the current one.
func pager(paths []string, current int) []pageLink {
	if len(paths) < 2 {
		return nil
	}
	links := make([]pageLink, len(paths))
	for i, p := range paths {
		links[i] = pageLink{Label: i + 1, Path: p, Current: i == current}
	}
	return links
}

type option struct{ Value, Label string }

// table makes the table of designations of a page. Only a table with
// filters (the home's) has the filter options and facets, and rows with
// the data-* attributes they read. area is the area whose page it is, or
// "".
func (r *renderer) table(p *Page, rows []*data.Row, caption string, filters bool, area string) *tableData {
	p.rows = writeRows(p, rows, rowOptions{filters: filters, area: area})
	tv := &tableData{Caption: caption, Columns: columns(p), Filters: filters, Rows: rowsMarker}
	if !filters {
		return tv
	}
	tv.FirstKind = r.Table.Catalog.Kinds[0].ID
	province, level, kind := facet{Key: "province", Label: p.T("province")}, facet{Key: "level", Label: p.T("level")}, facet{Key: "kind", Label: p.T("list_kind")}
	batch := facet{Key: "batch", Label: p.T("batch")}
	seen := map[string]bool{}
	// add adds value to f, labelled, the first time it comes.
	add := func(f *facet, value string, label func() string) {
		if k := f.Key + "\x00" + value; !seen[k] {
			seen[k] = true
			f.Values = append(f.Values, option{value, label()})
		}
	}
	type kindBatch struct {
		kind  *lists.Kind
		batch int
	}
	var batches []kindBatch
	codes := map[string]string{} // each province's code, and the Corps' after Xinjiang's
	for _, pl := range rows {
		codes[pl.Province] = cmp.Or(pl.ProvinceCode, "999999")
		if pl.Province == gazetteer.Corps {
			codes[pl.Province] += "x"
		}
		add(&province, pl.Province, func() string {
			if p.Lang != "zh" && pl.ProvinceEN != "" {
				return pl.ProvinceEN
			}
			return pl.Province
		})
		if pl.Level != "" {
			add(&level, pl.Level, func() string { return p.T("level_" + pl.Level) })
		}
		add(&kind, pl.List.ID, func() string { return programme(p, pl.List) })
		if kb := (kindBatch{pl.List, pl.Batch}); !slices.Contains(batches, kb) {
			batches = append(batches, kb)
		}
	}
	slices.SortFunc(batches, func(a, b kindBatch) int { return batchSort(a.kind, a.batch) - batchSort(b.kind, b.batch) })
	for _, kb := range batches {
		batch.Values = append(batch.Values, option{batchValue(kb.kind, kb.batch), batchLabel(p, kb.kind, kb.batch)})
	}
	tv.BatchOptions = batch.Values
	// Provinces in the order of their codes, the Corps after Xinjiang, as
	// the statistics list them.
	slices.SortStableFunc(province.Values, func(a, b option) int { return strings.Compare(codes[a.Value], codes[b.Value]) })
	tv.ProvinceOptions = province.Values // an option holds text alone: in English the English name
	tv.Facets = []facet{province, level}
	if len(kind.Values) > 1 {
		tv.Facets = append(tv.Facets, kind)
	}
	tv.Facets = append(tv.Facets, batch)
	return tv
}

// provinceGroup is a province's designations, of every kind and batch.
type provinceGroup struct {
	Slug, Name, NameEN string
	Rows               []*data.Row // every designation, into the table, not copies
	Counts             []int       // how many of them are of each kind, by the kind's Order
}

// provinces groups every designation by province, in the order of the provinces'
// codes (the Corps last).
func (r *renderer) provinces() []*provinceGroup {
	bySlug := map[string]*provinceGroup{}
	var groups []*provinceGroup
	for i := range r.Table.Rows {
		p := &r.Table.Rows[i]
		slug := provinceSlug(p.Province, p.ProvinceCode)
		g, ok := bySlug[slug]
		if !ok {
			g = &provinceGroup{Slug: slug, Name: p.Province, NameEN: p.ProvinceEN, Counts: make([]int, len(r.Table.Catalog.Kinds))}
			bySlug[slug] = g
			groups = append(groups, g)
		}
		g.Rows = append(g.Rows, p)
		g.Counts[p.List.Order]++
	}
	slices.SortStableFunc(groups, func(a, b *provinceGroup) int { return strings.Compare(a.Slug, b.Slug) })
	return groups
}
