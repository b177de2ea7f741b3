package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
)

// areaGroup is one area and every designation of it, across kinds and
// batches: its page is areas/<id>.html, beside it areas/<id>.json.
type areaGroup struct {
	ID   string
	Rows []*data.Pilot // in table order: by kind, batch, seq
}

// areaGroups groups every row of the combined table by area, in the order
// of their ids.
func (r *renderer) areaGroups() []*areaGroup {
	byID := map[string]*areaGroup{}
	var out []*areaGroup
	for i := range r.Table.Pilots {
		p := &r.Table.Pilots[i]
		id := areaID(p)
		a, ok := byID[id]
		if !ok {
			a = &areaGroup{ID: id}
			byID[id] = a
			out = append(out, a)
		}
		a.Rows = append(a.Rows, p)
	}
	slices.SortFunc(out, func(a, b *areaGroup) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// The marks that stand for an area's values in the prototype of the area
// pages: letters only, which no escaper of html/template changes.
const (
	markID      = "QxAREAIDxQ"
	markTitle   = "QxAREATITLExQ"
	markDesc    = "QxAREADESCxQ"
	markSummary = "QxAREASUMMARYxQ"
	markCaption = "QxAREACAPTIONxQ"
)

// areaPages renders every area's page in a language, and with the Chinese
// ones their JSON. An area page differs from the next only in its values:
// they all lie at the same depth, in one template. So the template runs
// once, on marks (a prototype), and each page is the prototype with the
// area's values put in place of the marks, escaped as HTML: a few
// microseconds a page where running the template took a hundred (the
// site has as many area pages as areas: thousands). Where the prototype
// has a mark inside a script or a style element, which a portal's own
// template might do, escaping as HTML would not do, and each page runs the
// template itself.
func (r *renderer) areaPages(lang string) error {
	p := r.page(areaPath(markID), lang)
	p.Title, p.Description = markTitle, markDesc
	p.Data = &provinceData{Name: markTitle, Summary: markSummary, Table: &tableData{Caption: markCaption, Columns: columns(p), Rows: rowsMarker}}
	var proto bytes.Buffer
	if err := r.layouts["province.html"].ExecuteTemplate(&proto, "layout", p); err != nil {
		return fmt.Errorf("%s: %w", p.file(), err)
	}
	parts, ok := splitMarks(proto.String())
	for _, a := range r.areas {
		var err error
		if ok {
			err = r.areaFromPrototype(a, lang, p, parts)
		} else {
			err = r.area(a, lang)
		}
		if err != nil {
			return err
		}
		if lang == Langs[0] {
			err = r.create(areaJSON(a.ID), func(w io.Writer) error {
				return writeAreaJSON(w, a, r.BaseURL)
			})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// marks are the marks a prototype may hold, and rowsMarker.
var marks = []string{markID, markTitle, markDesc, markSummary, markCaption, rowsMarker}

// splitMarks cuts a prototype at its marks: literal text, then a mark,
// then text, and so on. It reports false when a mark stands inside a
// script or style element.
func splitMarks(proto string) ([]string, bool) {
	var parts []string
	for rest := proto; ; {
		at, mark := -1, ""
		for _, m := range marks {
			if i := strings.Index(rest, m); i >= 0 && (at < 0 || i < at) {
				at, mark = i, m
			}
		}
		if at < 0 {
			return append(parts, rest), true
		}
		before := proto[:len(proto)-len(rest)+at]
		for _, el := range []string{"script", "style"} {
			if strings.LastIndex(before, "<"+el) > strings.LastIndex(before, "</"+el) {
				return nil, false
			}
		}
		parts = append(parts, rest[:at], mark)
		rest = rest[at+len(mark):]
	}
}

// areaFromPrototype writes an area's page from the prototype's parts.
func (r *renderer) areaFromPrototype(a *areaGroup, lang string, p *Page, parts []string) error {
	title, desc, summary, caption := r.areaText(a, p)
	rows := writeRows(p, a.Rows, rowOptions{area: a.ID})
	defer buffers.Put(rows)
	values := map[string]string{
		markID: url.PathEscape(a.ID), markTitle: html.EscapeString(title), markDesc: html.EscapeString(desc),
		markSummary: html.EscapeString(summary), markCaption: html.EscapeString(caption),
	}
	file := prefix(lang) + areaPath(a.ID)
	r.mu.Lock()
	r.written = append(r.written, file)
	r.mu.Unlock()
	return r.create(file, func(w io.Writer) error {
		for i, part := range parts {
			var err error
			switch {
			case i%2 == 0:
				_, err = io.WriteString(w, part)
			case part == rowsMarker:
				_, err = w.Write(rows.Bytes())
			default:
				_, err = io.WriteString(w, values[part])
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// areaNames are an area's name in a language, and its name with its
// province's (江苏省泰州市; Taizhou City, Jiangsu). An English page names
// the area in English alone: the Chinese name is in its table, marked as
// Chinese.
func areaNames(a *areaGroup, lang string) (name, full string) {
	first := a.Rows[0]
	if lang == "zh" || first.AreaEN == "" {
		return first.Area, first.Province + first.Area
	}
	if first.ProvinceEN == "" || strings.Contains(first.AreaEN, first.ProvinceEN) {
		return first.AreaEN, first.AreaEN
	}
	return first.AreaEN, first.AreaEN + ", " + first.ProvinceEN
}

// areaText is an area page's title, description, summary and table
// caption.
func (r *renderer) areaText(a *areaGroup, p *Page) (title, desc, summary, caption string) {
	name, full := areaNames(a, p.Lang)
	summary = fmt.Sprintf(p.T("area_summary"), full, len(a.Rows))
	if len(a.Rows) == 1 {
		summary = fmt.Sprintf(p.T("area_summary_once"), full)
	}
	return name, fmt.Sprintf(p.T("area_description"), full), summary, fmt.Sprintf(p.T("caption_area"), name)
}

// area renders an area's page in a language by running its template.
func (r *renderer) area(a *areaGroup, lang string) error {
	p := r.page(areaPath(a.ID), lang)
	title, desc, summary, caption := r.areaText(a, p)
	p.Title, p.Description = title, desc
	tv := r.table(p, a.Rows, caption, false, a.ID)
	p.Data = &provinceData{Name: title, Summary: summary, Table: tv}
	return r.render("province.html", p)
}

// writeAreaJSON writes an area's designations: the area's fields as the
// tables have them, and for each designation its list, batch, seq, note,
// notice date and source, and the page of its batch.
func writeAreaJSON(w io.Writer, a *areaGroup, baseURL string) error {
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
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
