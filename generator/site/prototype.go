package site

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"

	"github.com/bianmin-data/pilots/generator/lists"
)

// The pages of areas and of provinces differ from one another of their
// kind only in their values: they all lie at the same depth, in one
// template (province.html). So the template runs once per language, on
// marks (a prototype), and each page is the prototype with its values put
// in place of the marks, escaped as HTML: a few microseconds a page where
// running the template took a hundred or more (html/template makes a
// reflective call for every action and every escaper of the layout, and
// the site has as many area pages as areas: thousands). Where the
// prototype has a mark inside a script or a style element, which a
// portal's own template might do, escaping as HTML would not do, and each
// page runs the template itself. TestPrototypes holds the pages to what
// the template makes.

// The marks that stand for a page's values in a prototype: letters only,
// which no escaper of html/template changes.
const (
	markID      = "QxAREAIDxQ"
	markTitle   = "QxAREATITLExQ"
	markDesc    = "QxAREADESCxQ"
	markSummary = "QxAREASUMMARYxQ"
	markCaption = "QxAREACAPTIONxQ"
)

// factsMarker stands for a page's facts (the <dl> of what its table
// leaves out), HTML written by facts, as rowsMarker for its rows;
// crumbsMarker for its breadcrumb, HTML written by crumbs.
const (
	factsMarker  = "<!--pilots-facts-->"
	crumbsMarker = "<!--pilots-crumbs-->"
)

// marks are the marks a prototype may hold, rowsMarker, factsMarker and
// crumbsMarker.
var marks = []string{markID, markTitle, markDesc, markSummary, markCaption, rowsMarker, factsMarker, crumbsMarker}

// protoValues are the values of one page made from a prototype: the id in
// its path, its title (also its heading), description, summary, table
// caption, facts and breadcrumb (HTML) and rows (a buffer from buffers,
// which fromPrototype returns).
type protoValues struct {
	id, title, desc, summary, caption, facts, crumbs string
	rows                                             *bytes.Buffer
}

// newPrototype runs province.html for path, which holds markID, in lang,
// on marks, with the table headed by the message heading ("" for the
// default) and without the columns o leaves out. It returns the
// prototype's parts and its page, or nil parts when the template puts a
// mark where HTML escaping would not do. Only pages with facts, and whose
// table leaves out what o does, are made from it.
func (r *renderer) newPrototype(path, lang, heading string, o omitted) ([]string, *Page, error) {
	p := r.page(path, lang)
	p.Title, p.Description = markTitle, markDesc
	d := &provinceData{Name: markTitle, Summary: markSummary, Facts: factsMarker, Crumbs: crumbsMarker, Table: &tableData{Caption: markCaption, Columns: columns(p, o), Rows: rowsMarker}}
	if heading != "" { // an area's page
		d.Heading, d.JSON = p.T(heading), areaJSON(markID)
	} else { // a province's: its counts cover what every count of every list does
		d.Covers = lists.UpperFirst(r.coversAll(p))
	}
	p.Data = d
	var proto bytes.Buffer
	if err := execute(r.layouts["province.html"], "province.html", &proto, p); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", p.file(), err)
	}
	parts, ok := splitMarks(proto.String())
	if !ok {
		parts = nil
	}
	return parts, p, nil
}

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

// fromPrototype writes the page file from the prototype's parts with v's
// values.
func (r *renderer) fromPrototype(file string, parts []string, v protoValues) error {
	defer buffers.Put(v.rows)
	values := map[string]string{
		markID: url.PathEscape(v.id), markTitle: html.EscapeString(v.title), markDesc: html.EscapeString(v.desc),
		markSummary: html.EscapeString(v.summary), markCaption: html.EscapeString(v.caption),
	}
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
				_, err = w.Write(v.rows.Bytes())
			case part == factsMarker:
				_, err = io.WriteString(w, v.facts)
			case part == crumbsMarker:
				_, err = io.WriteString(w, v.crumbs)
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
