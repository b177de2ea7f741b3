package site

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
)

// areaGroup is one area and every designation of it, across kinds and
// batches: its page is areas/<id>.html, beside it areas/<id>.json.
type areaGroup struct {
	ID   string
	Rows []*data.Row // in table order: by kind, batch, seq
}

// areaGroups groups every row of the combined table by area, in the order
// of their ids.
func (r *renderer) areaGroups() []*areaGroup {
	byID := map[string]*areaGroup{}
	var out []*areaGroup
	for i := range r.Table.Rows {
		p := &r.Table.Rows[i]
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

// areaPages renders every area's page in a language, and with the Chinese
// ones their JSON, from a prototype (prototype.go) when the templates
// allow.
func (r *renderer) areaPages(lang string) error {
	proto, p, err := r.newPrototype(areaPath(markID), lang, "designations")
	if err != nil {
		return err
	}
	for _, a := range r.areas {
		if proto != nil {
			title, desc, summary, caption := r.areaText(a, p)
			rows := writeRows(p, a.Rows, rowOptions{area: a.ID})
			err = r.fromPrototype(prefix(lang)+areaPath(a.ID), proto, protoValues{a.ID, title, desc, summary, caption, rows})
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

// noticeTitle is the title of the notice that announced row's batch, in
// p's language where the notice has a translation.
func (r *renderer) noticeTitle(p *Page, row *data.Row) string {
	return noticeName(p, r.notices[row.List.Batch(row.Batch)])
}

// areaText is an area page's title, description, summary and table
// caption.
func (r *renderer) areaText(a *areaGroup, p *Page) (title, desc, summary, caption string) {
	name, full := areaNames(a, p.Lang)
	var since []string // each designation: since when, on which list, by which notice
	for _, row := range a.Rows {
		since = append(since, fmt.Sprintf(p.T("area_since"), row.IssuedOn.Format(data.Date), batchLabel(p, row.List, row.Batch), r.noticeTitle(p, row)))
	}
	summary = fmt.Sprintf(p.T("area_summary"), full, strings.Join(since, p.T("area_since_sep")))
	return name, fmt.Sprintf(p.T("area_description"), full), summary, fmt.Sprintf(p.T("caption_area"), name)
}

// area renders an area's page in a language by running its template.
func (r *renderer) area(a *areaGroup, lang string) error {
	p := r.page(areaPath(a.ID), lang)
	title, desc, summary, caption := r.areaText(a, p)
	p.Title, p.Description = title, desc
	tv := r.table(p, a.Rows, caption, false, a.ID)
	p.Data = &provinceData{Name: title, Summary: summary, Heading: p.T("designations"), Table: tv, JSON: areaJSON(a.ID)}
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
