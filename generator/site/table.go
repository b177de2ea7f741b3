package site

import (
	"bytes"
	"html"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/notice"
)

// rowsMarker stands for the rows of a page's table in the template's
// output; render puts the rows in its place as it writes the page, so the
// rows (most of a list page) are not copied through the template engine.
const rowsMarker = "<!--pilots-rows-->"

// writeRows writes the rows of a table of pilots. It is Go, not a
// template, because the rows are most of the site's HTML: html/template
// spends a reflective call on every value of every row, and the rows of a
// million-pilot site took minutes that way. Every value is escaped here.
// The links and labels that repeat from row to row are made once per call.
// The rows go to a buffer from buffers, which render returns once the page
// is written.
func writeRows(p *Page, pilots []*data.Pilot, filters bool) *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	b.Grow(len(pilots) * 400)
	w := func(parts ...string) { // written piece by piece: no concatenated temporaries
		for _, s := range parts {
			b.WriteString(s)
		}
	}
	esc := func(s string) { escapeTo(b, s) }
	type batchText struct{ number, link, label string }
	type batchKey struct {
		kind  notice.Kind
		batch int
	}
	batches := map[batchKey]batchText{}
	provinceLinks := map[string]string{}
	levels := map[string]string{}
	root := html.EscapeString(p.Link(""))
	var num [20]byte
	for _, pl := range pilots {
		bt, ok := batches[batchKey{pl.List, pl.Batch}]
		if !ok {
			bt = batchText{strconv.Itoa(pl.Batch), html.EscapeString(p.Link(batchPage(pl.List, pl.Batch))), ""}
			if pl.List == notice.PioneerZones {
				bt.label = ` <small>` + html.EscapeString(p.T("pioneer_short")) + `</small>`
			}
			batches[batchKey{pl.List, pl.Batch}] = bt
		}
		slug := provinceSlug(pl.Province, pl.ProvinceCode)
		provinceLink, ok := provinceLinks[slug]
		if !ok {
			provinceLink = html.EscapeString(p.Link(provincePage(pl)))
			provinceLinks[slug] = provinceLink
		}
		level, ok := levels[pl.Level]
		if !ok && pl.Level != "" {
			level = html.EscapeString(p.T("level_" + pl.Level))
			levels[pl.Level] = level
		}
		if filters {
			w(`<tr data-batch="`, bt.number, `" data-province="`)
			esc(pl.Province)
			w("\">\n")
		} else {
			w("<tr>\n")
		}
		w(`<td><a href="`, bt.link, `">`, bt.number, `</a>`, bt.label, `</td><td>`)
		b.Write(strconv.AppendInt(num[:0], int64(pl.Seq), 10))
		w(`</td>`, `<td><a href="`, provinceLink, `">`)
		esc(pl.Province)
		w(`</a>`)
		if pl.ProvinceEN != "" {
			w(` <span class="en" lang="en">`)
			esc(pl.ProvinceEN)
			w(`</span>`)
		}
		w(`</td><td lang="zh-CN"><a href="`, root, `areas/`)
		esc(url.PathEscape(areaID(pl)))
		w(`.html">`)
		esc(pl.Area)
		w(`</a>`)
		if pl.Note != "" {
			w(` <small>（`)
			esc(pl.Note)
			w(`）</small>`)
		}
		w(`</td><td lang="en">`)
		esc(pl.AreaEN)
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

// tableData is a table of pilots on a page.
type tableData struct {
	Caption         string
	Rows            template.HTML // the rows, written by writeRows
	Filters         bool          // show the filter controls
	ProvinceOptions []option
	BatchOptions    []int
	Pager           []pageLink // the pages of a list split over several
}

// pageLink is one entry of a pager.
type pageLink struct {
	Label   int
	Path    string
	Current bool
}

// pointers points at each pilot of a slice.
func pointers(ps []data.Pilot) []*data.Pilot {
	out := make([]*data.Pilot, len(ps))
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

// table makes the table of pilots of a page. Only a table with filters
// (the home's) has the filter options, and rows with the data-batch and
// data-province attributes the filters read.
func (r *renderer) table(p *Page, pilots []*data.Pilot, caption string, filters bool) *tableData {
	p.rows = writeRows(p, pilots, filters)
	tv := &tableData{Caption: caption, Filters: filters, Rows: rowsMarker}
	if !filters {
		return tv
	}
	seenProv := map[string]bool{}
	seenBatch := map[int]bool{}
	for _, pl := range pilots {
		if !seenProv[pl.Province] {
			seenProv[pl.Province] = true
			label := pl.Province
			if p.Lang != "zh" && pl.ProvinceEN != "" {
				label = pl.ProvinceEN + " " + pl.Province
			}
			tv.ProvinceOptions = append(tv.ProvinceOptions, option{pl.Province, label})
		}
		if !seenBatch[pl.Batch] {
			seenBatch[pl.Batch] = true
			tv.BatchOptions = append(tv.BatchOptions, pl.Batch)
		}
	}
	slices.Sort(tv.BatchOptions)
	return tv
}

// provinceGroup is a province's pilots across batches.
type provinceGroup struct {
	Slug, Name, NameEN string
	Pilots             []*data.Pilot // every designation, into the table, not copies
	National           int           // how many of them are national pilots
}

// provinces groups every designation by province, in the order of the provinces'
// codes (the Corps last).
func (r *renderer) provinces() []*provinceGroup {
	bySlug := map[string]*provinceGroup{}
	var groups []*provinceGroup
	for i := range r.Table.Pilots {
		p := &r.Table.Pilots[i]
		slug := provinceSlug(p.Province, p.ProvinceCode)
		g, ok := bySlug[slug]
		if !ok {
			g = &provinceGroup{Slug: slug, Name: p.Province, NameEN: p.ProvinceEN}
			bySlug[slug] = g
			groups = append(groups, g)
		}
		g.Pilots = append(g.Pilots, p)
		if p.List == notice.Pilots {
			g.National++
		}
	}
	slices.SortStableFunc(groups, func(a, b *provinceGroup) int { return strings.Compare(a.Slug, b.Slug) })
	return groups
}
