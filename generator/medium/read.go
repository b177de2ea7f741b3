package medium

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/provenance"
	"github.com/bianmin-data/pilots/generator/seed"
)

// Read reads the notice of e into a seed record: a .txt as the scraper's
// record (seed.Read) or as pasted text (seed.ReadText), a page through
// readPage, and a folder's attachments appended to its notice's text as
// annexes (see attach). It returns a nil record when nothing can be
// parsed, and every problem found.
func Read(e Entry) (*seed.Record, diag.List) {
	prov, warned := readProvenance(e)
	data, errs := seed.Load(e.Main)
	if errs != nil {
		return nil, append(warned, errs...)
	}
	rec, errs := readMain(e, data, prov)
	errs = append(warned, errs...)
	if rec != nil {
		rec.Refused = rec.Refused || e.Refused
	}
	return rec, errs
}

// readMain reads the notice's own file, data, and its attachments.
func readMain(e Entry, data []byte, prov *provenance.Record) (*seed.Record, diag.List) {
	var rec *seed.Record
	var errs diag.List
	var links []link
	switch kindOf(e.Main) {
	case page:
		var declared string // the server's charset wins over the page's <meta>
		if f, ok := prov.File(filepath.Base(e.Main)); ok {
			declared = f.Charset
		}
		if isMHTML(e.Main) {
			page, charset, err := mhtmlPage(data)
			if err != nil {
				return nil, diag.List{diag.InFile(e.Main, 0, diag.BadFile, "%v", err)}
			}
			data, declared = page, charset
		}
		text, warned := decode(e.Main, data, declared)
		if warned.Errors(false) != nil {
			return nil, warned
		}
		errs = warned
		text = strings.ReplaceAll(text, "\r\n", "\n")
		d := &document{name: e.Main, medium: "page"}
		if bad := readPage(d, diag.NewSource(e.Main, text)); bad != nil {
			return nil, diag.List{bad}
		}
		rec, links = d.record(), d.links
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
	return attach(e, rec, errs, withFetched(links, prov))
}

// readProvenance reads e's provenance record, if it has one, and warns of
// each file whose bytes are not those recorded (edited since it was
// fetched) or that is recorded and gone. A record that cannot be read is
// a warning too: the folder is read as one saved by hand.
func readProvenance(e Entry) (*provenance.Record, diag.List) {
	if e.Provenance == "" {
		return nil, nil
	}
	dir := filepath.Dir(e.Provenance)
	prov, err := provenance.Read(dir)
	if err != nil {
		return nil, diag.List{warning(e.Provenance, diag.Edited, "%v: the folder is read as one saved by hand", err)}
	}
	var warned diag.List
	for _, f := range prov.Files {
		path := filepath.Join(dir, filepath.Base(f.Name))
		data, errs := seed.Load(path)
		switch {
		case errs != nil:
			warned.Add(warning(path, diag.Edited, "recorded in %s as fetched from %s, and not in the folder", provenance.Name, f.URL))
		case provenance.Sum(data) != f.SHA256:
			warned.Add(warning(path, diag.Edited, "edited since it was fetched: its SHA-256 is not the one %s records for %s", provenance.Name, f.URL))
		}
	}
	return prov, warned
}

// withFetched adds to a page's links, for each attachment fetched from an
// address, the file under its own name, so that an attachment saved under
// the name its server gave it (Content-Disposition) is still matched by
// the link it was fetched through.
func withFetched(links []link, prov *provenance.Record) []link {
	if prov == nil {
		return links
	}
	out := slices.Clone(links)
	for _, l := range links {
		for _, f := range prov.Files {
			if strings.EqualFold(linkFile(f.URL), l.file) && f.Name != l.file {
				out = append(out, link{file: f.Name, text: l.text})
			}
		}
	}
	return out
}

// attach makes the record of a folder: the notice's record, its text
// followed by the annexes read from the attachments, matched with the
// page's links.
func attach(e Entry, rec *seed.Record, errs diag.List, links []link) (*seed.Record, diag.List) {
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
	more, refused := annexes(d, e.Attachments, text.Value, links, w)
	errs = append(errs, more...)
	d.field("resulting_text", body)
	out := d.record()
	out.Refused = refused
	return out, errs
}
