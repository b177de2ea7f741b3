package data

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bianmin-data/pilots/generator/internal/sums"
	"github.com/bianmin-data/pilots/generator/notice"
)

// Keywords describe every dataset, in both languages.
var Keywords = []string{"一刻钟便民生活圈", "便民生活圈", "试点", "商务部", "15-minute city", "convenient living circle", "pilot areas", "China", "commerce"}

// relative returns p relative to the folder dir (both slash-separated,
// dir a prefix of p).
func relative(p, dir string) string {
	if dir == "" {
		return p
	}
	return strings.TrimPrefix(p, dir+"/")
}

// WriteDataPackage writes a Frictionless Tabular Data Package describing
// the canonical CSV among the table's files, which lie in its folder. The
// Excel variant is left out: its byte order mark is not part of the
// Frictionless CSV dialect, and Frictionless readers take it into the
// first header.
func WriteDataPackage(w io.Writer, t *Table, files []File) error {
	dir := t.Dir()
	var resources []object
	for _, f := range files {
		if f.Output.ID != "csv" {
			continue
		}
		resources = append(resources, object{
			{"name", t.Slug()},
			{"title", "Pilots, " + t.Name()},
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
	}
	return writeIndented(w, object{
		{"profile", "tabular-data-package"},
		{"name", t.Slug()},
		{"id", t.Slug() + "-" + t.Version()},
		{"title", t.FileTitle()},
		{"description", description(t)},
		{"version", t.Version()},
		{"created", t.Modified().UTC().Format(time.RFC3339)},
		{"keywords", Keywords},
		{"licenses", []object{{{"name", LicenseID}, {"path", LicenseURL}, {"title", LicenseTitle}}}},
		{"sources", sources},
		{"contributors", []object{{{"title", Publisher}, {"role", "publisher"}}}},
		{"resources", resources},
	})
}

func description(t *Table) string {
	var batches []string
	for _, b := range t.Batches {
		what := "batch"
		if t.Kind == 0 && b.Kind == notice.PioneerZones {
			what = "pioneer-zone batch"
		}
		batches = append(batches, fmt.Sprintf("%s %d (signed %s, %d %s)", what, b.Number, b.Notice.Signed.Format(Date), b.Pilots, units[b.Kind]))
	}
	areas := map[notice.Kind]string{notice.Pilots: "pilot areas", notice.PioneerZones: "whole-area pioneer zones", 0: "pilot areas and pioneer zones"}[t.Kind]
	return fmt.Sprintf("The %d %s of China's 15-minute convenient living circle programme in %s, as listed in the notices of the Ministry of Commerce and other ministries, with division codes, English names and approximate seat points.",
		len(t.Pilots), areas, strings.Join(batches, ", "))
}

// units names the rows of a batch of each kind, in descriptions.
var units = map[notice.Kind]string{notice.Pilots: "pilots", notice.PioneerZones: "pioneer zones"}

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
		if f.Pattern != "" && f.Type == "string" {
			c = append(c, member{"pattern", strings.TrimSuffix(strings.TrimPrefix(f.Pattern, "^"), "$")})
		}
		if f.Min != nil {
			c = append(c, member{"minimum", *f.Min})
		}
		if f.Max != nil {
			c = append(c, member{"maximum", *f.Max})
		}
		fd := object{{"name", f.Name}, {"type", f.Type}, {"title", f.TitleEN}, {"description", f.DescEN}}
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

// WriteSums writes SHA256SUMS for files, with paths relative to dir, in
// the format `sha256sum -c` reads.
func WriteSums(w io.Writer, files []File, dir string) error {
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

// WriteCatalog writes a DCAT-AP 3.0.1 catalog in JSON-LD, which the
// DCAT-AP shapes accept with no violation and harvesters (CKAN's
// ckanext-dcat, the EU portal) take as is: one dataset per set, with a
// distribution per data file (download URL, media type, file type, size,
// SHA-256). Each kind's table of every batch is a dcat:DatasetSeries, and
// each of its batches a dataset dcat:inSeries it, so that a harvester does
// not list the files of a batch twice. Each dataset's landing page is its
// page on the site (links).
func WriteCatalog(w io.Writer, sets []*Set, links Links) error {
	baseURL := links.BaseURL
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
	contact := object{{"@type", []string{"vcard:Kind", "vcard:Organization"}}, {"vcard:fn", Publisher}, {"vcard:hasURL", object{{"@id", baseURL}}}}
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
		var sources []object
		for _, b := range t.Batches {
			sources = append(sources, object{{"@id", b.Notice.SourceURL}, {"@type", "dcat:Dataset"},
				{"dct:title", object{{"@value", b.Notice.Title}, {"@language", "zh"}}},
				{"dct:description", object{{"@value", "The notice that announced the list, on the site of the Ministry of Commerce of the PRC."}, {"@language", "en"}}}})
		}
		first, last := t.Signed()
		d := object{
			{"@id", datasetID(t, links)},
			{"@type", "dcat:Dataset"},
		}
		switch {
		case t.Kind != 0 && t.Batch == 0:
			d[1] = member{"@type", []string{"dcat:Dataset", "dcat:DatasetSeries"}}
		case t.Kind != 0:
			series := &Table{Kind: t.Kind}
			d = append(d, member{"dcat:inSeries", object{{"@id", datasetID(series, links)}}})
		}
		d = append(d, object{
			{"dct:identifier", t.Slug()},
			{"dct:title", []object{
				{{"@value", t.TitleZH()}, {"@language", "zh"}},
				{{"@value", t.TitleEN()}, {"@language", "en"}},
			}},
			{"dct:description", object{{"@value", description(t)}, {"@language", "en"}}},
			{"dct:issued", date(t.Issued())},
			{"dct:modified", date(t.Modified())},
			{"owl:versionInfo", t.Version()},
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
			{"dcat:keyword", Keywords},
			{"dcat:landingPage", typed(baseURL+links.Page(t), "foaf:Document")},
			{"dct:source", sources},
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
			{"owl", "http://www.w3.org/2002/07/owl#"},
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
					{{"@value", PilotsZH + "开放数据"}, {"@language", "zh"}},
					{{"@value", TitleEN + ": open data"}, {"@language", "en"}},
				}},
				{"dct:description", object{{"@value", "Every list of China's 15-minute convenient living circle programme, national pilots and whole-area pioneer zones, batch by batch, as CSV, XLSX, JSON and GeoJSON."}, {"@language", "en"}}},
				{"dct:publisher", publisher},
				{"dct:license", license},
				{"dct:issued", date(sets[0].Table.Issued())},
				{"dct:modified", date(sets[0].Table.Modified())},
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
				{"foaf:name", Publisher},
				{"dct:type", concept("http://purl.org/adms/publishertype/NonProfitOrganisation", "Non-profit organisation")},
			},
		}},
	})
}

// datasetID is the IRI of a table's dataset in the catalog: its page and
// #dataset for the national pilots (a published identifier); the page and
// the table's slug for the others, since several of them share the
// downloads page.
func datasetID(t *Table, links Links) string {
	if t.Kind == notice.Pilots {
		return links.BaseURL + links.Page(t) + "#dataset"
	}
	return links.BaseURL + links.Page(t) + "#" + t.Slug()
}

// primaryKey is the columns that identify a row of t.
func primaryKey(t *Table) []string {
	if t.Kind == 0 {
		return []string{"list", "batch", "seq"}
	}
	return []string{"batch", "seq"}
}
