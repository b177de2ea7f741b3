package data

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bianmin-data/pilots/generator/internal/sums"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/settings"
)

// Keywords describe the dataset of t, in both languages: the programme's,
// and the names of the kinds of list it holds.
func Keywords(t *Table) []string {
	words := []string{"一刻钟便民生活圈", "便民生活圈", "商务部", "15-minute city", "convenient living circle", "China", "commerce"}
	for _, k := range t.Catalog.Kinds {
		if t.Scope == lists.EveryList || t.Kind == k {
			words = append(words, k.ZH.Short, k.EN.Many)
		}
	}
	return words
}

// relative returns p relative to the folder dir (both slash-separated,
// dir a prefix of p).
func relative(p, dir string) string {
	if dir == "" {
		return p
	}
	return strings.TrimPrefix(p, dir+"/")
}

// writeDataPackage writes a Frictionless Tabular Data Package describing
// the canonical CSV among the table's files, which lie in its folder. The
// Excel variant is left out: its byte order mark is not part of the
// Frictionless CSV dialect, and Frictionless readers take it into the
// first header.
func writeDataPackage(w io.Writer, t *Table, files []File, baseURL string, pub settings.Publisher) error {
	dir := t.Dir()
	var resources []object
	for _, f := range files {
		if f.Output.ID != "csv" {
			continue
		}
		resources = append(resources, object{
			{"name", t.Slug()},
			{"title", t.Title("en")},
			{"profile", "tabular-data-resource"},
			{"path", relative(f.Path, dir)},
			{"format", "csv"},
			{"mediatype", "text/csv"},
			{"encoding", "utf-8"},
			{"bytes", f.Bytes},
			{"hash", "sha256:" + f.SHA256},
			{"dialect", object{{"delimiter", ","}, {"lineTerminator", "\n"}, {"quoteChar", "\""}, {"doubleQuote", true}, {"header", true}}},
			{"schema", tableSchema(t)},
		})
	}
	var sources []object
	for _, b := range t.Batches {
		sources = append(sources, object{{"title", b.Notice.Title}, {"path", b.Notice.SourceURL}})
		if s := b.Source; s != nil {
			sources = append(sources, object{{"title", sourceTitle(b)}, {"path", baseURL + s.Href()}})
		}
	}
	return writeIndented(w, object{
		{"profile", "tabular-data-package"},
		{"name", t.Slug()},
		{"id", t.Slug() + "-" + t.Version()},
		{"title", t.FileTitle()},
		{"description", description(t)},
		{"version", t.Version()},
		{"created", t.Modified().UTC().Format(time.RFC3339)},
		{"keywords", Keywords(t)},
		{"licenses", []object{{{"name", LicenseID}, {"path", LicenseURL}, {"title", LicenseTitle}}}},
		{"sources", sources},
		{"contributors", []object{{{"title", pub.NameEN}, {"role", "publisher"}}}},
		{"resources", resources},
	})
}

// description describes t in English: how many areas of which lists, and
// the batches with their notices' dates.
func description(t *Table) string {
	var batches []string
	for _, b := range t.Batches {
		batches = append(batches, fmt.Sprintf("%s (signed %s, %s)", lists.BatchLabel(b.Kind, b.Number, "en"), b.Notice.Signed.Format(Date), b.Kind.EN.Count(b.Count, "en")))
	}
	return fmt.Sprintf("%s of China's 15-minute convenient living circle programme, in %s, as listed in the notices of the Ministry of Commerce and other ministries, with division codes, English names and approximate seat points.",
		lists.UpperFirst(t.Names("en").Count(len(t.Rows), "en")), strings.Join(batches, ", "))
}

// tableSchema is the Frictionless Table Schema of t's CSV files, from
// Fields. A table of one kind is keyed by batch and seq, the combined
// table by list, batch and seq.
func tableSchema(t *Table) object {
	var fields []object
	for _, f := range Fields {
		c := object{}
		if f.Required {
			c = append(c, member{"required", true})
		}
		if pattern := f.PatternIn(t.Catalog); pattern != "" && f.Type == "string" {
			c = append(c, member{"pattern", strings.TrimSuffix(strings.TrimPrefix(pattern, "^"), "$")})
		}
		if f.Min != nil {
			c = append(c, member{"minimum", *f.Min})
		}
		if f.Max != nil {
			c = append(c, member{"maximum", *f.Max})
		}
		fd := object{{"name", f.Name}, {"type", f.Type}, {"title", f.TitleEN}, {"description", f.Desc("en", t.Catalog)}}
		if f.Type == "date" {
			fd = append(fd, member{"format", "default"})
		}
		if len(c) > 0 {
			fd = append(fd, member{"constraints", c})
		}
		fields = append(fields, fd)
	}
	return object{
		{"fields", fields},
		{"primaryKey", primaryKey(t)},
		{"missingValues", []string{""}},
	}
}

// writeSums writes SHA256SUMS for files, with paths relative to dir, in
// the format `sha256sum -c` reads.
func writeSums(w io.Writer, files []File, dir string) error {
	lines := make([]sums.Line, 0, len(files))
	for _, f := range files {
		lines = append(lines, sums.Line{Path: relative(f.Path, dir), SHA256: f.SHA256})
	}
	return sums.Write(w, lines)
}

// The IRIs of the EU vocabularies and others the catalog refers to, each
// typed in the catalog itself as DCAT-AP 3.0.1's shapes want: a harvester
// that validates offline cannot look the types up.
const (
	euAuthority = "http://publications.europa.eu/resource/authority/"
	licenceIRI  = euAuthority + "licence/CC0"
	// ckanLicence is the title of CC0 in CKAN's default licence list:
	// ckanext-dcat matches a licence by URI, then by title, and knows
	// neither the EU's nor creativecommons.org's address for CC0.
	ckanLicence = "Creative Commons CCZero"
	themeIRI    = euAuthority + "data-theme/REGI" // regions and cities
	stable      = euAuthority + "planned-availability/STABLE"
)

// writeCatalog writes a DCAT-AP 3.0.1 catalog in JSON-LD, which the
// DCAT-AP shapes accept with no violation and harvesters (CKAN's
// ckanext-dcat, the EU portal) take as is: one dataset per set, with a
// distribution per data file (download URL, media type, file type, size,
// SHA-256). Each kind's table of every batch is a dcat:DatasetSeries, and
// each of its batches a dataset dcat:inSeries it, so that a harvester does
// not list the files of a batch twice. Each dataset's landing page is its
// page on the site (lists.Table.Page), its identifier the one its page
// gives it (lists.Table.DatasetID). baseURL is the site's absolute address.
func writeCatalog(w io.Writer, sets []*Set, baseURL string, pub settings.Publisher) error {
	all := sets[len(sets)-1].Table // the combined table, written last
	date := func(t time.Time) object { return object{{"@value", t.Format(Date)}, {"@type", "xsd:date"}} }
	typed := func(iri, class string) object { return object{{"@id", iri}, {"@type", class}} }
	license := object{{"@id", licenceIRI}, {"@type", "dct:LicenseDocument"}, {"dct:title", ckanLicence},
		{"rdfs:seeAlso", object{{"@id", LicenseURL}}}}
	publisherID := baseURL + "#publisher"
	publisher := object{{"@id", publisherID}}
	language := typed(euAuthority+"language/ZHO", "dct:LinguisticSystem")
	spatial := typed(euAuthority+"country/CHN", "dct:Location")
	concept := func(iri, label string) object {
		return object{{"@id", iri}, {"@type", "skos:Concept"}, {"skos:prefLabel", object{{"@value", label}, {"@language", "en"}}}}
	}
	contact := object{{"@type", []string{"vcard:Kind", "vcard:Organization"}}, {"vcard:fn", pub.NameEN}, {"vcard:hasURL", object{{"@id", pub.Address(baseURL)}}}}
	if pub.Email != "" {
		contact = append(contact, member{"vcard:hasEmail", object{{"@id", "mailto:" + pub.Email}}})
	}
	theme := append(concept(themeIRI, "Regions and cities"), member{"skos:inScheme", object{{"@id", euAuthority + "data-theme"}}})
	var datasets []object
	for _, set := range sets {
		t := set.Table
		var dists []object
		for _, f := range set.Files {
			if f.Output.Kind != DataFile {
				continue
			}
			url := baseURL + f.Path
			dists = append(dists, object{
				{"@id", url},
				{"@type", "dcat:Distribution"},
				{"dct:title", f.Output.Name + ": " + f.Base()},
				{"dct:description", object{{"@value", f.Output.About}, {"@language", "en"}}},
				{"dcat:accessURL", object{{"@id", url}}},
				{"dcat:downloadURL", object{{"@id", url}}},
				{"dcat:mediaType", typed("https://www.iana.org/assignments/media-types/"+f.Output.MediaType, "dct:MediaType")},
				{"dct:format", typed(euAuthority+"file-type/"+f.Output.FileType, "dct:MediaTypeOrExtent")},
				{"dcat:byteSize", object{{"@value", strconv.FormatInt(f.Bytes, 10)}, {"@type", "xsd:nonNegativeInteger"}}},
				{"spdx:checksum", object{
					{"@type", "spdx:Checksum"},
					{"spdx:algorithm", typed("http://spdx.org/rdf/terms#checksumAlgorithm_sha256", "spdx:ChecksumAlgorithm")},
					{"spdx:checksumValue", object{{"@value", f.SHA256}, {"@type", "xsd:hexBinary"}}},
				}},
				{"dcatap:availability", concept(stable, "Stable")},
				{"dct:issued", date(t.Issued())},
				{"dct:modified", date(t.Modified())},
				{"dct:license", license},
			})
		}
		var sources, derived []object
		for _, b := range t.Batches {
			sources = append(sources, object{{"@id", b.Notice.SourceURL}, {"@type", "dcat:Dataset"},
				{"dct:title", object{{"@value", b.Notice.Title}, {"@language", "zh"}}},
				{"dct:description", object{{"@value", "The notice that announced the list, on the site of the Ministry of Commerce of the PRC."}, {"@language", "en"}}}})
			if s := b.Source; s != nil {
				derived = append(derived, object{{"@id", baseURL + s.Href()}, {"@type", "foaf:Document"},
					{"dct:title", object{{"@value", sourceTitle(b)}, {"@language", "en"}}},
					{"spdx:checksum", object{
						{"@type", "spdx:Checksum"},
						{"spdx:algorithm", typed("http://spdx.org/rdf/terms#checksumAlgorithm_sha256", "spdx:ChecksumAlgorithm")},
						{"spdx:checksumValue", object{{"@value", s.SHA256}, {"@type", "xsd:hexBinary"}}},
					}}})
			}
		}
		first, last := t.Signed()
		d := object{
			{"@id", t.DatasetID(baseURL)},
			{"@type", "dcat:Dataset"},
		}
		switch {
		case t.Scope == lists.EveryBatch:
			d[1] = member{"@type", []string{"dcat:Dataset", "dcat:DatasetSeries"}}
		case t.Scope == lists.OneBatch:
			d = append(d, member{"dcat:inSeries", object{{"@id", t.Kind.All().DatasetID(baseURL)}}})
		}
		d = append(d, object{
			{"dct:identifier", t.Slug()},
			{"dct:title", []object{
				{{"@value", t.Title("zh")}, {"@language", "zh"}},
				{{"@value", t.Title("en")}, {"@language", "en"}},
			}},
			{"dct:description", object{{"@value", description(t)}, {"@language", "en"}}},
			{"dct:issued", date(t.Issued())},
			{"dct:modified", date(t.Modified())},
			{"dcat:version", t.Version()},
			{"dct:publisher", publisher},
			{"dcat:contactPoint", contact},
			{"dcat:theme", theme},
			{"dct:license", license},
			{"dct:language", language},
			{"dct:spatial", spatial},
			{"dct:temporal", object{
				{"@type", "dct:PeriodOfTime"},
				{"dcat:startDate", date(first)},
				{"dcat:endDate", date(last)},
			}},
			{"dcat:keyword", Keywords(t)},
			{"dcat:landingPage", typed(baseURL+t.Page(), "foaf:Document")},
			{"dct:source", sources},
		}...)
		if derived != nil {
			d = append(d, member{"http://www.w3.org/ns/prov#wasDerivedFrom", derived})
		}
		d = append(d, object{
			{"dcat:distribution", dists},
		}...)
		datasets = append(datasets, d)
	}
	return writeIndented(w, object{
		{"@context", object{
			{"dcat", "http://www.w3.org/ns/dcat#"},
			{"dcatap", "http://data.europa.eu/r5r/"},
			{"dct", "http://purl.org/dc/terms/"},
			{"foaf", "http://xmlns.com/foaf/0.1/"},
			{"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
			{"skos", "http://www.w3.org/2004/02/skos/core#"},
			{"spdx", "http://spdx.org/rdf/terms#"},
			{"vcard", "http://www.w3.org/2006/vcard/ns#"},
			{"xsd", "http://www.w3.org/2001/XMLSchema#"},
		}},
		{"@graph", []object{
			{
				{"@id", baseURL + "data/catalog.jsonld"},
				{"@type", "dcat:Catalog"},
				{"dct:title", []object{
					{{"@value", all.Names("zh").Programme + "开放数据"}, {"@language", "zh"}},
					{{"@value", all.Names("en").Programme + ": open data"}, {"@language", "en"}},
				}},
				{"dct:description", object{{"@value", catalogDescription(all, sets)}, {"@language", "en"}}},
				{"dct:publisher", publisher},
				{"dct:license", license},
				{"dct:issued", date(all.Issued())},
				{"dct:modified", date(all.Modified())},
				{"dct:language", language},
				{"dct:spatial", spatial},
				{"dcat:themeTaxonomy", object{{"@id", euAuthority + "data-theme"}, {"@type", "skos:ConceptScheme"},
					{"dct:title", object{{"@value", "Data theme"}, {"@language", "en"}}}}},
				{"foaf:homepage", typed(baseURL, "foaf:Document")},
				{"dcat:dataset", datasets},
			},
			{
				{"@id", publisherID},
				{"@type", "foaf:Agent"},
				{"foaf:name", pub.NameEN},
				{"dct:type", concept("http://purl.org/adms/publishertype/NonProfitOrganisation", "Non-profit organisation")},
			},
		}},
	})
}

// catalogDescription says what the catalog holds: every kind of list,
// batch by batch, in the formats of the data files it lists.
func catalogDescription(all *Table, sets []*Set) string {
	var kinds, formats []string
	for _, k := range all.Catalog.Kinds {
		kinds = append(kinds, k.EN.Programme)
	}
	for _, s := range sets {
		for _, f := range s.Files {
			if f.Output.Kind == DataFile && !slices.Contains(formats, f.Output.Name) {
				formats = append(formats, f.Output.Name)
			}
		}
	}
	return fmt.Sprintf("Every list of China's 15-minute convenient living circle programme (%s), batch by batch, as %s.", strings.Join(kinds, "; "), strings.Join(formats, ", "))
}

// primaryKey is the columns that identify a row of t.
func primaryKey(t *Table) []string {
	if t.Scope == lists.EveryList {
		return []string{"list", "batch", "seq"}
	}
	return []string{"batch", "seq"}
}

// sourceTitle names the published copy of the attachment a batch's list
// was read from: the notice's annex, as retrieved.
func sourceTitle(b Batch) string {
	s, what := b.Source, "the annex"
	if s.Annex > 0 {
		what = fmt.Sprintf("annex %d", s.Annex)
	}
	title := fmt.Sprintf("%s of the notice, as published (%s)", what, s.Name)
	if !s.Retrieved.IsZero() {
		title += ", retrieved " + s.Retrieved.Format(Date) + " from " + s.URL
	}
	return title
}
