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

// omitted are the columns a page leaves out of its table because every
// row would hold the same in them: what the page is about, which it states
// once above the table instead (facts). A batch's page leaves out the
// batch, a province's the province, an area's its names, province and
// division (code and level) where its rows agree on them.
type omitted struct{ batch, province, names, division bool }

// columns are the columns of a table of designations in p's language,
// without those o leaves out.
func columns(p *Page, o omitted) []column {
	var cols []column
	if !o.names {
		if p.Lang == "zh" {
			cols = append(cols, column{Key: "area", Label: p.T("area")}, column{Key: "area_en", Label: p.T("area_en")})
		} else { // the area's name in English first, under the area's heading
			cols = append(cols, column{Key: "area_en", Label: p.T("area")}, column{Key: "area", Label: p.T("area_zh")})
		}
	}
	if !o.province {
		cols = append(cols, column{Key: "province", Label: p.T("province")})
	}
	if !o.batch {
		cols = append(cols, column{Key: "batch", Label: p.T("batch"), Numeric: true})
	}
	cols = append(cols, column{Key: "seq", Label: p.T("seq"), Numeric: true})
	if !o.division {
		cols = append(cols, column{Key: "division_code", Label: p.T("code")}, column{Key: "level", Label: p.T("level")})
	}
	return cols
}

// omit is o where the templates show the facts (showsFacts); else no
// column but a batch page's batch, which its heading and caption name: a
// portal's province.html from before the facts keeps every column, so that
// nothing its tables would leave out goes unseen.
func (r *renderer) omit(o omitted) omitted {
	if r.showsFacts() {
		return o
	}
	return omitted{batch: o.batch}
}

// showsFacts reports whether province.html shows a page's facts
// (.Data.Facts), found once a build by running it on a page whose facts
// are a mark. A template that fails here fails on its pages, which say so.
func (r *renderer) showsFacts() bool {
	r.factsOnce.Do(func() {
		p := r.page(provincePath(markID), Langs[0])
		p.Data = &provinceData{Name: markTitle, Summary: markSummary, Facts: factsMarker, Table: &tableData{Caption: markCaption, Rows: rowsMarker}}
		var b bytes.Buffer
		err := execute(r.layouts["province.html"], "province.html", &b, p)
		r.factsShown = err != nil || strings.Contains(b.String(), factsMarker)
	})
	return r.factsShown
}

// areaOmitted is what an area's page leaves out of its table: each of its
// names, province and division that all its rows agree on. The names stay
// when a row has a note, which their cell holds.
func areaOmitted(rows []*data.Row) omitted {
	same := func(field func(*data.Row) string) bool {
		for _, r := range rows[1:] {
			if field(r) != field(rows[0]) {
				return false
			}
		}
		return true
	}
	noNotes := !slices.ContainsFunc(rows, func(r *data.Row) bool { return r.Note != "" })
	return omitted{
		names:    noNotes && same(func(r *data.Row) string { return r.Area }) && same(func(r *data.Row) string { return r.AreaEN }),
		province: same(func(r *data.Row) string { return r.Province }) && same(func(r *data.Row) string { return r.ProvinceEN }),
		division: same(func(r *data.Row) string { return r.DivisionCode }) && same(func(r *data.Row) string { return r.Level }),
	}
}

// rowOptions say how writeRows writes a table's rows.
type rowOptions struct {
	filters bool    // rows carry the data-* attributes the filters and facets read
	area    string  // the area whose page this is: its name is not a link to itself
	omit    omitted // the columns the table leaves out
}

// cellWriter writes the cells of a page's tables of designations to b.
// The links and labels of provinces and levels, which repeat from row to
// row, are made once a page; those of batches once a build (batchTexts).
type cellWriter struct {
	b         *bytes.Buffer
	p         *Page
	zh        bool
	root      string // the site's root from the page, in its language, escaped
	area      string // the area whose page this is
	batches   batchTexts
	provinces map[string]provinceText
	levels    map[string]string
}

// A batch is shown with its kind (试点第3批), sorts by its kind first
// (data-sort: the kind's order, then the number) and is filtered as
// pilot-3. Its texts are escaped; href is its page from the site's root
// in a language, and label is by language.
type batchText struct {
	value, sort, href, target, kind string
	label                           map[string]string
}

type batchKey struct {
	kind  *lists.Kind
	batch int
}

// batchTexts are the texts of the batches' cells, made once a build
// (newBatchTexts), not once a page: an area on 400 lists had its 400
// batches' texts made again for each of its pages. Only read once made,
// so the pages share it without a lock.
type batchTexts map[batchKey]*batchText

// newBatchTexts makes the texts of every batch of t.
func newBatchTexts(t *data.Table) batchTexts {
	m := batchTexts{}
	for _, b := range t.Batches {
		m[batchKey{b.Kind, b.Number}] = newBatchText(b.Kind, b.Number)
	}
	return m
}

func newBatchText(k *lists.Kind, b int) *batchText {
	target := batchPage(k, b)
	bt := &batchText{value: html.EscapeString(batchValue(k, b)), sort: strconv.Itoa(batchSort(k, b)), href: html.EscapeString(target),
		target: target, kind: html.EscapeString(k.ID), label: map[string]string{}}
	for _, lang := range Langs {
		bt.label[lang] = html.EscapeString(lists.BatchLabel(k, b, lang))
	}
	return bt
}

type provinceText struct{ href, target string }

func newCellWriter(p *Page, b *bytes.Buffer, area string) *cellWriter {
	return &cellWriter{b: b, p: p, zh: p.Lang == "zh", root: html.EscapeString(p.Link("")), area: area,
		batches: p.batches, provinces: map[string]provinceText{}, levels: map[string]string{}}
}

// w writes parts piece by piece: no concatenated temporaries.
func (c *cellWriter) w(parts ...string) {
	for _, s := range parts {
		c.b.WriteString(s)
	}
}

func (c *cellWriter) esc(s string) { escapeTo(c.b, s) }

// link opens a link to target unless it is this page, and returns what
// closes it.
func (c *cellWriter) link(href, target string) string {
	if target == c.p.Path {
		return ""
	}
	c.w(`<a href="`, href, `">`)
	return `</a>`
}

// areaLink opens the link to pl's area page unless it is this page, and
// returns what closes it.
func (c *cellWriter) areaLink(pl *data.Row) string {
	id := areaID(pl)
	if id == c.area {
		return ""
	}
	c.w(`<a href="`, c.root, `areas/`)
	c.esc(url.PathEscape(id))
	c.w(`.html">`)
	return `</a>`
}

// zhArea and enArea write the cells of the area's Chinese name (with its
// note, sorting by the English name on English pages) and its English
// name, the one linked to the area's page.
func (c *cellWriter) zhArea(pl *data.Row, linked bool) {
	c.w(`<td lang="zh-CN"`)
	if !c.zh && pl.AreaEN != "" {
		c.w(` data-sort="`)
		c.esc(pl.AreaEN)
		c.w(`"`)
	}
	c.w(`>`)
	end := ""
	if linked {
		end = c.areaLink(pl)
	}
	c.esc(pl.Area)
	c.w(end)
	if pl.Note != "" {
		c.w(` <small>（`)
		c.esc(pl.Note)
		c.w(`）</small>`)
	}
	c.w(`</td>`)
}

func (c *cellWriter) enArea(pl *data.Row, linked bool) {
	c.w(`<td lang="en">`)
	end := ""
	if linked && pl.AreaEN != "" {
		end = c.areaLink(pl)
	}
	c.esc(pl.AreaEN)
	c.w(end, `</td>`)
}

// province writes what the province's cell holds: its name in the page's
// language, linked to its page, and its name in the other, marked with its
// language.
func (c *cellWriter) province(pl *data.Row) {
	slug := provinceSlug(pl.Province, pl.ProvinceCode)
	pt, ok := c.provinces[slug]
	if !ok {
		target := provincePath(slug)
		pt = provinceText{html.EscapeString(c.p.Link(target)), target}
		c.provinces[slug] = pt
	}
	end := c.link(pt.href, pt.target)
	if c.zh || pl.ProvinceEN == "" {
		c.esc(pl.Province)
		c.w(end)
		if pl.ProvinceEN != "" {
			c.w(` <span class="en" lang="en">`)
			c.esc(pl.ProvinceEN)
			c.w(`</span>`)
		}
		return
	}
	c.esc(pl.ProvinceEN)
	c.w(end, ` <span class="en" lang="zh-CN">`)
	c.esc(pl.Province)
	c.w(`</span>`)
}

// batch is the texts of pl's batch: the build's (batchTexts), or made
// for a page without them.
func (c *cellWriter) batch(pl *data.Row) *batchText {
	if bt := c.batches[batchKey{pl.List, pl.Batch}]; bt != nil {
		return bt
	}
	return newBatchText(pl.List, pl.Batch)
}

// level is the level's name in the page's language, escaped.
func (c *cellWriter) level(pl *data.Row) string {
	level, ok := c.levels[pl.Level]
	if !ok && pl.Level != "" {
		level = html.EscapeString(c.p.T("level_" + pl.Level))
		c.levels[pl.Level] = level
	}
	return level
}

// writeRows writes the rows of a table of designations. It is Go, not a
// template, because the rows are most of the site's HTML: html/template
// spends a reflective call on every value of every row, and the rows of a
// million-pilot site took minutes that way. Every value is escaped here.
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
	c := newCellWriter(p, b, opt.area)
	o := opt.omit
	var num [20]byte
	for _, pl := range rows {
		bt := c.batch(pl)
		if opt.filters {
			c.w(`<tr data-batch="`, bt.value, `" data-kind="`, bt.kind, `" data-level="`)
			c.esc(pl.Level)
			c.w(`" data-province="`)
			c.esc(pl.Province)
			c.w("\">\n")
		} else {
			c.w("<tr>\n")
		}
		switch {
		case o.names:
		case c.zh:
			c.zhArea(pl, true)
			c.enArea(pl, false)
		default:
			c.enArea(pl, true)
			c.zhArea(pl, pl.AreaEN == "")
		}
		if !o.province {
			if c.zh || pl.ProvinceEN == "" {
				c.w(`<td>`)
			} else {
				c.w(`<td data-sort="`)
				c.esc(pl.ProvinceEN)
				c.w(`">`)
			}
			c.province(pl)
			c.w(`</td>`)
		}
		if !o.batch {
			c.w(`<td class="batch" data-sort="`, bt.sort, `">`)
			end := ""
			if bt.target != c.p.Path {
				c.w(`<a href="`, c.root, bt.href, `">`)
				end = `</a>`
			}
			c.w(bt.label[c.p.Lang], end, `</td>`)
		}
		c.w(`<td>`)
		b.Write(strconv.AppendInt(num[:0], int64(pl.Seq), 10))
		c.w(`</td>`)
		if !o.division {
			c.w(`<td><code>`)
			c.esc(pl.DivisionCode)
			c.w(`</code></td><td>`, c.level(pl), `</td>`)
		}
		c.w("\n</tr>\n")
	}
	return b
}

// facts writes what a page states once above its table in place of the
// columns it leaves out (o), as its first row has it: a list of terms
// (<dl class="meta facts">, styled as a notice's facts). On an area's page
// (area) they are the area's name in the other language (the heading
// names it in the page's), its province, division code and level, each
// as its cell would hold it; on a province's page, the province's name in
// the other language. It is "" when there is none. A batch's page names
// its batch in its heading and caption.
func facts(p *Page, first *data.Row, o omitted, area string) string {
	var b bytes.Buffer
	c := newCellWriter(p, &b, area)
	fact := func(label, lang string, value func()) {
		c.w(`<div><dt>`, html.EscapeString(p.T(label)), `</dt><dd`)
		if lang != "" {
			c.w(` lang="`, lang, `"`)
		}
		c.w(`>`)
		value()
		c.w("</dd></div>\n")
	}
	if o.names {
		if c.zh && first.AreaEN != "" {
			fact("area_en", "en", func() { c.esc(first.AreaEN) })
		} else if !c.zh && first.AreaEN != "" {
			fact("area_zh", "zh-CN", func() { c.esc(first.Area) })
		}
	}
	switch {
	case o.province && area != "":
		fact("province", "", func() { c.province(first) })
	case o.province && first.ProvinceEN != "" && c.zh: // a province's page: its heading names it
		fact("area_en", "en", func() { c.esc(first.ProvinceEN) })
	case o.province && first.ProvinceEN != "":
		fact("area_zh", "zh-CN", func() { c.esc(first.Province) })
	}
	if o.division && first.DivisionCode != "" {
		fact("code", "", func() { c.w(`<code>`); c.esc(first.DivisionCode); c.w(`</code>`) })
	}
	if l := c.level(first); o.division && l != "" {
		fact("level", "", func() { c.w(l) })
	}
	if b.Len() == 0 {
		return ""
	}
	return "<dl class=\"meta facts\">\n" + b.String() + "</dl>"
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
	CSV             string     // with Filters: the published CSV for spreadsheets the rows come from, which the export cuts
	Files           []option   // with Filters: the table's whole files (.Value the path from the root, .Label the format), which the page links where filtering cannot work
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

// table makes the table of designations of a page, its rows written as
// opt says. Only a table with filters (the lists') has the filter options
// and facets, and rows with the data-* attributes they read.
func (r *renderer) table(p *Page, rows []*data.Row, caption string, opt rowOptions) *tableData {
	p.rows = writeRows(p, rows, opt)
	filters := opt.filters
	tv := &tableData{Caption: caption, Columns: columns(p, opt.omit), Filters: filters, Rows: rowsMarker}
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
