package medium

import (
	"strings"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/seed"
)

// Read reads the notice of e into a seed record: a .txt as the scraper's
// record (seed.Read) or as pasted text (seed.ReadText), a page through
// readPage, and a folder's attachments appended to its notice's text as
// annexes (see attach). It returns a nil record when nothing can be
// parsed, and every problem found.
func Read(e Entry) (*seed.Record, diag.List) {
	data, errs := seed.Load(e.Main)
	if errs != nil {
		return nil, errs
	}
	var rec *seed.Record
	switch kindOf(e.Main) {
	case page:
		text, bad := decode(e.Main, data)
		if bad != nil {
			return nil, diag.List{bad}
		}
		text = strings.ReplaceAll(text, "\r\n", "\n")
		d := &document{name: e.Main, medium: "page"}
		if bad := readPage(d, diag.NewSource(e.Main, text)); bad != nil {
			return nil, diag.List{bad}
		}
		rec = d.record()
	default:
		if seed.IsRecord(data) {
			rec, errs = seed.Read(e.Main, data)
		} else {
			rec, errs = seed.ReadText(e.Main, data)
		}
	}
	if rec == nil || len(e.Attachments) == 0 {
		return rec, errs
	}
	return attach(e, rec, errs)
}

// attach makes the record of a folder: the notice's record, its text
// followed by the annexes read from the attachments.
func attach(e Entry, rec *seed.Record, errs diag.List) (*seed.Record, diag.List) {
	d := &document{name: e.Path, medium: "folder"}
	src := rec.Src
	text, _ := rec.Field("resulting_text")
	// The notice's fields, where they are; then its text again at the end,
	// where the annexes follow it.
	d.copy(src, 0, src.Text)
	d.sep("\n")
	for _, key := range seed.Keys {
		if f, ok := rec.Field(key); ok && key != "resulting_text" {
			d.fields = append(d.fields, f)
		}
	}
	body := d.copy(src, text.Offset, text.Value)
	d.sep("\n")
	w := e.work
	if w == nil {
		w = &work{}
	}
	errs = append(errs, annexes(d, e.Attachments, text.Value, w)...)
	d.field("resulting_text", body)
	return d.record(), errs
}
