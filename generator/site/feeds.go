package site

import (
	"encoding/xml"
	"fmt"
	"io"
	neturl "net/url"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
)

// feeds writes feed.xml, sitemap.xml and robots.txt. All three are made
// from the notices alone, so rebuilding gives the same bytes.
func (r *renderer) feeds() error {
	for _, f := range []struct {
		path string
		fn   func(io.Writer) error
	}{
		{"feed.xml", r.atom},
		{"sitemap.xml", r.sitemap},
		{"robots.txt", r.robots},
	} {
		if err := r.create(f.path, f.fn); err != nil {
			return err
		}
	}
	return nil
}

// atom writes an Atom feed with one entry per batch, dated by its notice.
func (r *renderer) atom(w io.Writer) error {
	type link struct {
		Rel  string `xml:"rel,attr,omitempty"`
		Type string `xml:"type,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	type text struct {
		Type string `xml:"type,attr,omitempty"`
		Lang string `xml:"xml:lang,attr,omitempty"`
		Body string `xml:",chardata"`
	}
	type entry struct {
		Title     text   `xml:"title"`
		ID        string `xml:"id"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Links     []link `xml:"link"`
		Summary   text   `xml:"summary"`
	}
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Lang    string   `xml:"xml:lang,attr"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links   []link  `xml:"link"`
		Rights  string  `xml:"rights"`
		Entries []entry `xml:"entry"`
	}
	stamp := func(n interface{ Format(string) string }) string { return n.Format(data.Date) + "T00:00:00Z" }
	f := feed{
		Lang:    "zh-CN",
		Title:   r.Table.Title("zh") + " · " + r.Table.Title("en"),
		ID:      r.BaseURL,
		Updated: stamp(r.Table.Modified()),
		Links:   []link{{Rel: "self", Type: "application/atom+xml", Href: r.BaseURL + "feed.xml"}, {Rel: "alternate", Type: "text/html", Href: r.BaseURL}},
		Rights:  "Data: " + data.LicenseID,
	}
	f.Author.Name = r.Publisher.NameEN
	for i := len(r.Table.Batches) - 1; i >= 0; i-- {
		b := r.Table.Batches[i]
		n := b.Notice
		set := r.files.Set(b.Kind.Batch(b.Number))
		url := r.BaseURL + set.Table.Page()
		f.Entries = append(f.Entries, entry{
			Title:     text{Body: entryTitle(b)},
			ID:        url,
			Updated:   stamp(n.Published),
			Published: stamp(n.Published),
			Links: []link{
				{Rel: "alternate", Type: "text/html", Href: url},
				{Rel: "related", Type: "text/csv", Href: r.BaseURL + set.Table.Dir() + "/" + data.Outputs[0].FileFor(set.Table)},
			},
			Summary: text{Type: "text", Body: feedSummary(b)},
		})
	}
	return writeXML(w, f)
}

// entryTitle is a batch's title in the feed: its notice's, or, for a
// notice of several lists, its annex's.
func entryTitle(b data.Batch) string {
	if len(b.Notice.Lists) > 1 && b.Annex != "" {
		return b.Annex
	}
	return b.Notice.Title
}

// feedSummary says what a batch is, in both languages.
func feedSummary(b data.Batch) string {
	signed := b.Notice.Signed.Format(data.Date)
	return fmt.Sprintf("%s：%s，%s 发文。%s: %s, signed %s.",
		lists.BatchLabel(b.Kind, b.Number, "zh"), b.Kind.ZH.Count(b.Count, "zh"), signed,
		lists.UpperFirst(lists.BatchLabel(b.Kind, b.Number, "en")), b.Kind.EN.Count(b.Count, "en"), signed)
}

// sitemap lists every page in both languages, each with its alternates
// in every language (xhtml:link, as the pages' own hreflang links).
func (r *renderer) sitemap(w io.Writer) error {
	type alternate struct {
		Rel      string `xml:"rel,attr"`
		HrefLang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
	type url struct {
		Loc        string      `xml:"loc"`
		LastMod    string      `xml:"lastmod"`
		Alternates []alternate `xml:"xhtml:link"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		XHTML   string   `xml:"xmlns:xhtml,attr"`
		URLs    []url    `xml:"url"`
	}
	set := urlset{XHTML: "http://www.w3.org/1999/xhtml"}
	mod := r.Table.Modified().Format(data.Date)
	address := func(file string) string {
		return r.BaseURL + (&neturl.URL{Path: strings.TrimSuffix(file, "index.html")}).EscapedPath()
	}
	for _, file := range r.written {
		neutral := strings.TrimPrefix(file, prefix("en"))
		var alts []alternate
		for _, a := range []struct{ hreflang, lang string }{{"zh-CN", "zh"}, {"en", "en"}, {"x-default", "zh"}} {
			alts = append(alts, alternate{"alternate", a.hreflang, address(prefix(a.lang) + neutral)})
		}
		set.URLs = append(set.URLs, url{Loc: address(file), LastMod: mod, Alternates: alts})
	}
	return writeXML(w, set)
}

func (r *renderer) robots(w io.Writer) error {
	_, err := fmt.Fprintf(w, "User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n", r.BaseURL)
	return err
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// datasetID is the schema.org @id of a table's Dataset: the identifier
// the DCAT catalog gives it too (lists.Table.DatasetID), the same in both
// languages, so that the pages and the catalog describe one Dataset.
func (r *renderer) datasetID(t *data.Table) string { return t.DatasetID(r.BaseURL) }

// datasetLD is the schema.org Dataset of a table and its files, for
// search engines: the table of every list on the downloads page (the
// landing page the DCAT catalog names), with each batch as a part; a
// batch on its own page, part of it.
func (r *renderer) datasetLD(set *data.Set, p *Page) map[string]any {
	t := set.Table
	var dists []map[string]any
	for _, f := range set.Files {
		dists = append(dists, map[string]any{
			"@type": "DataDownload", "encodingFormat": f.Output.MediaType, "contentUrl": r.BaseURL + f.Path,
			"contentSize": fmt.Sprint(f.Bytes), "name": f.Output.Name,
		})
	}
	var vars []map[string]any
	for _, f := range data.Fields {
		name := f.TitleZH
		if p.Lang != "zh" {
			name = f.TitleEN
		}
		desc := f.Desc(p.Lang, t.Catalog)
		vars = append(vars, map[string]any{"@type": "PropertyValue", "propertyID": f.Name, "name": name, "description": desc})
	}
	first, last := t.Signed()
	name := t.Title(p.Lang)
	id := r.datasetID(t)
	ld := map[string]any{
		"@context":              "https://schema.org",
		"@type":                 "Dataset",
		"@id":                   id,
		"identifier":            id,
		"name":                  name,
		"description":           p.Description,
		"url":                   r.BaseURL + t.Page(),
		"inLanguage":            p.HTMLLang(),
		"license":               data.LicenseURL,
		"isAccessibleForFree":   true,
		"creator":               map[string]any{"@type": "Organization", "name": r.Publisher.NameEN, "url": r.Publisher.Address(r.BaseURL)},
		"publisher":             map[string]any{"@type": "Organization", "name": r.Publisher.NameEN, "url": r.Publisher.Address(r.BaseURL)},
		"includedInDataCatalog": map[string]any{"@type": "DataCatalog", "@id": r.BaseURL + "#catalog", "name": p.T("site"), "url": r.BaseURL},
		"dateModified":          t.Modified().Format(data.Date),
		"datePublished":         t.Issued().Format(data.Date),
		"version":               t.Version(),
		"keywords":              data.Keywords(t),
		"temporalCoverage":      first.Format(data.Date) + "/" + last.Format(data.Date),
		"spatialCoverage": map[string]any{"@type": "Place", "name": "中国 China",
			"geo": map[string]any{"@type": "GeoShape", "box": "18.1 73.5 53.6 134.8"}},
		"variableMeasured": vars,
		"distribution":     dists,
	}
	if t.Scope == lists.OneBatch {
		ld["isPartOf"] = map[string]any{"@type": "Dataset", "@id": t.Kind.All().DatasetID(r.BaseURL)}
	} else {
		var parts []map[string]any
		for _, b := range t.Batches {
			bt := b.Kind.Batch(b.Number)
			parts = append(parts, map[string]any{"@type": "Dataset", "@id": bt.DatasetID(r.BaseURL), "name": bt.Title(p.Lang), "url": r.BaseURL + bt.Page()})
		}
		ld["hasPart"] = parts
	}
	return ld
}
