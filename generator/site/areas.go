package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/internal/parallel"
	"github.com/bianmin-data/pilots/generator/lists"
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
	full := r.omit(areaProto)
	proto, p, err := r.newPrototype(areaPath(markID), lang, "designations", full)
	if err != nil {
		return err
	}
	// Two at a time: making a file waits in the file system (on a folder's
	// lock, or for a free inode) as long as it takes to render one. The
	// first error stops the rest: a full disk is one error, not thousands.
	var failed atomic.Bool
	return parallel.On(2, len(r.areas), func(i int) (err error) {
		if failed.Load() {
			return nil
		}
		defer func() {
			if err != nil {
				failed.Store(true)
			}
		}()
		a := r.areas[i]
		if o := r.omit(areaOmitted(a.Rows)); proto != nil && o == full {
			title, desc, summary, caption := r.areaText(a, p)
			rows := writeRows(p, a.Rows, rowOptions{area: a.ID, omit: o})
			err = r.fromPrototype(prefix(lang)+areaPath(a.ID), proto, protoValues{a.ID, title, desc, summary, caption, facts(p, a.Rows[0], o, a.ID), areaCrumbs(p, a, title), rows})
		} else {
			err = r.area(a, lang, o)
		}
		if err != nil || lang != Langs[0] {
			return err
		}
		return r.create(areaJSON(a.ID), func(w io.Writer) error {
			return writeAreaJSON(w, a, r.BaseURL, r.strings)
		})
	})
}

// areaProto is what the table of an area's page made from the prototype
// leaves out, where the templates show the facts (renderer.omit):
// everything but the batch and the number, which is what an area whose
// rows agree on its names, province and division leaves out.
var areaProto = omitted{names: true, province: true, division: true}

// areaNames are an area's name in a language, and its name with its
// province's (江苏省泰州市; Taizhou City, Jiangsu). An English page names
// the area in English alone: the Chinese name is in its facts (or its
// table), marked as Chinese.
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
	return r.noticeName(p, r.notices[row.List.Batch(row.Batch)])
}

// areaText is an area page's title, description, summary and table
// caption.
func (r *renderer) areaText(a *areaGroup, p *Page) (title, desc, summary, caption string) {
	name, full := areaNames(a, p.Lang)
	var since []string // each designation: since when, on which list, by which notice
	for _, row := range a.Rows {
		since = append(since, r.since(p, row))
	}
	summary = fmt.Sprintf(p.T("area_summary"), full, strings.Join(since, p.T("area_since_sep")))
	return name, fmt.Sprintf(p.T("area_description"), full), summary, fmt.Sprintf(p.T("caption_area"), name)
}

// sinceKey is what an area page's clause on one designation depends on.
type sinceKey struct {
	lang   string
	kind   *lists.Kind
	batch  int
	issued time.Time
}

// since is what an area's page says of one of its designations: since
// when, on which list, by which notice, and which earlier batches of the
// list the site does not hold (an earlier designation would not show).
// Every area of a batch says the
// same, so each is made once a build (r.sinces).
func (r *renderer) since(p *Page, row *data.Row) string {
	k := sinceKey{p.Lang, row.List, row.Batch, row.IssuedOn}
	if s, ok := r.sinces.Load(k); ok {
		return s.(string)
	}
	s, _ := r.sinces.LoadOrStore(k, fmt.Sprintf(p.T("area_since"), row.IssuedOn.Format(data.Date), batchLabel(p, row.List, row.Batch), r.noticeTitle(p, row))+r.earlier(p, row.List, row.Batch))
	return s.(string)
}

// area renders an area's page in a language by running its template,
// its table without the columns o leaves out.
func (r *renderer) area(a *areaGroup, lang string, o omitted) error {
	p := r.page(areaPath(a.ID), lang)
	title, desc, summary, caption := r.areaText(a, p)
	p.Title, p.Description = title, desc
	tv := r.table(p, a.Rows, caption, rowOptions{area: a.ID, omit: o})
	p.Data = &provinceData{Name: title, Summary: summary, Facts: template.HTML(facts(p, a.Rows[0], o, a.ID)), Heading: p.T("designations"), Table: tv, JSON: areaJSON(a.ID),
		Crumbs: template.HTML(areaCrumbs(p, a, title))}
	return r.render("province.html", p)
}

// writeAreaJSON writes an area's designations: the area's fields as the
// tables have them, and for each designation its list, batch, seq, note,
// notice date and source, and the page of its batch; indented by two
// spaces, as encoding/json's Encoder with SetIndent("", "  ") and without
// HTML escaping writes it (TestAreaJSONAsEncoder), but written in one pass:
// the Encoder marshals, then indents what it marshalled, and reflects on
// every designation (a tenth of a million-row build). Each string is
// encoded by encoding/json; those of a batch (its list, date, source and
// page), which every area of the batch repeats, once a build (js).
func writeAreaJSON(w io.Writer, a *areaGroup, baseURL string, js *jsonStrings) error {
	first := a.Rows[0]
	b := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(b)
	b.Reset()
	str := func(s string, nullable bool) error {
		if s == "" && nullable {
			b.WriteString("null")
			return nil
		}
		return jsonString(b, s)
	}
	b.WriteString("{\n")
	for _, f := range []struct {
		key, value string
		nullable   bool
	}{{"area", first.Area, false}, {"area_en", first.AreaEN, true}, {"province", first.Province, false}, {"province_en", first.ProvinceEN, true},
		{"province_code", first.ProvinceCode, true}, {"division_code", first.DivisionCode, true}, {"level", first.Level, true}} {
		b.WriteString(`  "` + f.key + `": `)
		if err := str(f.value, f.nullable); err != nil {
			return err
		}
		b.WriteString(",\n")
	}
	b.WriteString(`  "designations": [`)
	var num [20]byte
	for i, p := range a.Rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    {\n      \"list\": ")
		b.Write(js.of(p.List.String()))
		b.WriteString(",\n      \"batch\": ")
		b.Write(strconv.AppendInt(num[:0], int64(p.Batch), 10))
		b.WriteString(",\n      \"seq\": ")
		b.Write(strconv.AppendInt(num[:0], int64(p.Seq), 10))
		b.WriteString(",\n      \"note\": ")
		if err := str(p.Note, true); err != nil {
			return err
		}
		b.WriteString(",\n      \"issued_on\": ")
		b.Write(js.of(p.IssuedOn.Format(data.Date)))
		b.WriteString(",\n      \"source_url\": ")
		b.Write(js.of(p.SourceURL))
		b.WriteString(",\n      \"page\": ")
		b.Write(js.of(baseURL + strings.TrimSuffix(batchPage(p.List, p.Batch), "index.html")))
		b.WriteString("\n    }")
	}
	b.WriteString("\n  ]\n}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// jsonString writes s as a JSON string, as encoding/json's Encoder writes
// it without HTML escaping.
func jsonString(b *bytes.Buffer, s string) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

// jsonStrings holds the JSON of the strings of a site's batches: a few
// per batch. Its methods may be called from several goroutines.
type jsonStrings struct{ m sync.Map }

// of is s as a JSON string (jsonString), encoded once.
func (js *jsonStrings) of(s string) []byte {
	if v, ok := js.m.Load(s); ok {
		return v.([]byte)
	}
	var b bytes.Buffer
	jsonString(&b, s) // a string always encodes
	v, _ := js.m.LoadOrStore(s, bytes.Clone(b.Bytes()))
	return v.([]byte)
}
