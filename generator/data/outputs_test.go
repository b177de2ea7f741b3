package data

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/generator/settings"
	"github.com/xuri/excelize/v2"
)

// cutTable is a table of three batches of 1, 3 and 2 rows, with values
// that need quoting and escaping, formula-like cells and missing ones.
func cutTable() (*Table, []*Table) {
	day := time.Date(2023, 8, 31, 0, 0, 0, 0, time.UTC)
	kinds := lists.Default()
	all := &Table{Table: kinds.Kinds[0].All(), Catalog: kinds}
	for _, b := range []struct{ number, rows int }{{1, 1}, {3, 3}, {7, 2}} {
		n := &notice.Notice{Title: fmt.Sprintf("第%d批", b.number), Signed: day, Published: day, SourceURL: "http://example.org/"}
		all.Batches = append(all.Batches, Batch{Kind: kinds.Kinds[0], Number: b.number, Notice: n, Count: b.rows})
		for seq := 1; seq <= b.rows; seq++ {
			p := Row{Batch: b.number, Seq: seq, Province: "北京市", Area: fmt.Sprintf("区, \"%d\"\n", seq), IssuedOn: day, SourceURL: "http://example.org/", List: kinds.Kinds[0]}
			if seq%2 == 0 {
				p.Note, p.ProvinceEN, p.Point = "=1+1", "Beijing", &Point{39.9, 116.4, 39.901, 116.406}
			}
			all.Rows = append(all.Rows, p)
		}
	}
	return all, all.Split()
}

// TestCut checks that each batch's file cut from the file of all batches
// is the very file Write makes of that batch alone, for every format that
// can be cut.
func TestCut(t *testing.T) {
	all, batches := cutTable()
	n := 0
	write := func(w io.Writer, f *Output, t *Table) error { return f.write(w, &input{table: t}) }
	for _, f := range Outputs {
		if f.cut == nil {
			continue
		}
		n++
		var whole bytes.Buffer
		cuts, err := f.cut(&whole, all)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		var direct bytes.Buffer
		if err := write(&direct, f, all); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(whole.Bytes(), direct.Bytes()) {
			t.Errorf("%s: Cut wrote\n%s\nWrite wrote\n%s", f.Name, whole.Bytes(), direct.Bytes())
		}
		if len(cuts) != len(batches) {
			t.Fatalf("%s: %d cuts for %d batches", f.Name, len(cuts), len(batches))
		}
		for _, b := range batches {
			var got, want bytes.Buffer
			for _, r := range cuts[b.Batch] {
				got.Write(whole.Bytes()[r.From:r.To])
			}
			if err := write(&want, f, b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s, batch %d: cut\n%q\nwant\n%q", f.Name, b.Batch, got.Bytes(), want.Bytes())
			}
		}
	}
	if n != 4 {
		t.Errorf("%d formats can be cut, want 4 (CSV, Excel CSV, JSON, GeoJSON)", n)
	}
}

// TestGeoJSON checks the GeoJSON against RFC 7946 and pilots.json: a
// FeatureCollection with a Feature per row, in order, a Point at
// [longitude, latitude] or a null geometry for a row without a point, and
// as properties the very object pilots.json has for the row.
func TestGeoJSON(t *testing.T) {
	all, _ := cutTable()
	var geo, plain bytes.Buffer
	if err := WriteGeoJSON(&geo, all); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&plain, all); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string
		Features []struct {
			Type     string
			Geometry *struct {
				Type        string
				Coordinates []float64
			}
			Properties json.RawMessage
		}
	}
	if err := json.Unmarshal(geo.Bytes(), &fc); err != nil {
		t.Fatalf("%v in\n%s", err, geo.Bytes())
	}
	var rows []json.RawMessage
	if err := json.Unmarshal(plain.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != len(all.Rows) {
		t.Fatalf("a %q of %d features for %d pilots", fc.Type, len(fc.Features), len(all.Rows))
	}
	for i, f := range fc.Features {
		p := all.Rows[i]
		switch {
		case f.Type != "Feature":
			t.Errorf("feature %d is a %q", i, f.Type)
		case p.Point == nil && f.Geometry != nil:
			t.Errorf("feature %d: a geometry for a pilot without a point", i)
		case p.Point != nil && (f.Geometry == nil || f.Geometry.Type != "Point" || !slices.Equal(f.Geometry.Coordinates, []float64{p.Point.Lon, p.Point.Lat})):
			t.Errorf("feature %d: geometry %+v, want a Point at [%v, %v]", i, f.Geometry, p.Point.Lon, p.Point.Lat)
		case !bytes.Equal(f.Properties, rows[i]):
			t.Errorf("feature %d: properties\n%s\npilots.json has\n%s", i, f.Properties, rows[i])
		}
	}
}

// dirSink is a Sink that writes into a folder.
type dirSink string

func (d dirSink) WriteSummed(rel string, fill func(io.Writer) error) (int64, string, error) {
	path := filepath.Join(string(d), filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, "", err
	}
	var b bytes.Buffer
	if err := fill(&b); err != nil {
		return 0, "", err
	}
	sum := sha256.Sum256(b.Bytes())
	return int64(b.Len()), hex.EncodeToString(sum[:]), os.WriteFile(path, b.Bytes(), 0o644)
}

func (d dirSink) Link(rel, from string) (int64, string, error) {
	b, err := os.ReadFile(filepath.Join(string(d), filepath.FromSlash(from)))
	if err != nil {
		return 0, "", err
	}
	return d.WriteSummed(rel, func(w io.Writer) error { _, err := w.Write(b); return err })
}

func (d dirSink) Open(rel string) (*os.File, error) {
	return os.Open(filepath.Join(string(d), filepath.FromSlash(rel)))
}

// TestWriteCombined checks that the combined table's files, put together
// from each kind's (the cut formats), are the very files its writers make
// of it; and that every file of every table is written, where the
// addresses promise.
func TestWriteCombined(t *testing.T) {
	one, _ := cutTable()
	all := &Table{Table: one.Catalog.All(), Catalog: one.Catalog, Batches: one.Batches, Rows: one.Rows}
	day := one.Batches[0].Notice.Signed
	n := &notice.Notice{Title: "首批先行区", Signed: day, Published: day, SourceURL: "http://example.org/"}
	all.Batches = append(all.Batches, Batch{Kind: one.Catalog.Kinds[1], Number: 1, Notice: n, Count: 2})
	for seq := 1; seq <= 2; seq++ {
		all.Rows = append(all.Rows, Row{Batch: 1, Seq: seq, Province: "江苏省", Area: fmt.Sprintf("市%d", seq), IssuedOn: day, SourceURL: n.SourceURL, List: one.Catalog.Kinds[1]})
	}
	dir := t.TempDir()
	d, err := Write(dirSink(dir), all, "https://example.org/", settings.Default().Publisher, nil)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, s := range d.Sets {
		for _, f := range s.Files {
			paths = append(paths, f.Path)
		}
	}
	for _, want := range []string{"data/pilots.csv", "data/batch-7/pilots.json", "data/catalog.jsonld", "data/pioneer-zones/pioneer-zones.xlsx",
		"data/pioneer-zones/batch-1/pioneer-zones.geojson", "data/designations/designations.csv", "data/designations/designations.xlsx", "data/designations/datapackage.json", "data/designations/SHA256SUMS"} {
		if !slices.Contains(paths, want) {
			t.Errorf("%s not written; wrote %v", want, paths)
		}
	}
	for _, o := range Outputs {
		if o.cut == nil {
			continue
		}
		if got, want := writtenAndMade(t, dir, "data/designations/"+o.FileFor(all), o, all); !bytes.Equal(got, want) {
			t.Errorf("%s: put together\n%s\nwritten\n%s", o.Name, got, want)
		}
	}
}

// TestWorkbookRowBound checks that a table of more rows than a worksheet
// holds gets no workbook, and is not said to have one, while the others
// get theirs: here a bound of 6 rows, the national pilots' 6 rows and the
// combined table's 8.
func TestWorkbookRowBound(t *testing.T) {
	i := slices.IndexFunc(Outputs, func(o *Output) bool { return o.ID == "xlsx" })
	defer func(n int) { Outputs[i].MaxRows = n }(Outputs[i].MaxRows)
	Outputs[i].MaxRows = 6
	one, _ := cutTable()
	all := &Table{Table: one.Catalog.All(), Catalog: one.Catalog, Batches: one.Batches, Rows: one.Rows}
	day := one.Batches[0].Notice.Signed
	all.Batches = append(all.Batches, Batch{Kind: one.Catalog.Kinds[1], Number: 1, Notice: one.Batches[0].Notice, Count: 2})
	for seq := 1; seq <= 2; seq++ {
		all.Rows = append(all.Rows, Row{Batch: 1, Seq: seq, Province: "江苏省", Area: fmt.Sprintf("市%d", seq), IssuedOn: day, List: one.Catalog.Kinds[1]})
	}
	dir := t.TempDir()
	d, err := Write(dirSink(dir), all, "https://example.org/", settings.Default().Publisher, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		made bool
	}{{"data/pilots.xlsx", true}, {"data/pioneer-zones/pioneer-zones.xlsx", true}, {"data/designations/designations.xlsx", false}} {
		_, err := os.Stat(filepath.Join(dir, tc.path))
		listed := false
		for _, s := range d.Sets {
			for _, f := range s.Files {
				listed = listed || f.Path == tc.path
			}
		}
		sums, _ := os.ReadFile(filepath.Join(dir, path.Dir(tc.path), "SHA256SUMS"))
		if (err == nil) != tc.made || listed != tc.made || strings.Contains(string(sums), path.Base(tc.path)) != tc.made {
			t.Errorf("%s: written %v, listed %v, in SHA256SUMS %v; want %v", tc.path, err == nil, listed, strings.Contains(string(sums), path.Base(tc.path)), tc.made)
		}
	}
}

// TestWriteCombinedOneKind checks the combined table of a site with one
// kind of list, whose data files are linked to that kind's: each is the
// very file its writer makes of the combined table.
func TestWriteCombinedOneKind(t *testing.T) {
	one, _ := cutTable()
	all := &Table{Table: one.Catalog.All(), Catalog: one.Catalog, Batches: one.Batches, Rows: one.Rows}
	dir := t.TempDir()
	sink := &linkSink{dirSink: dirSink(dir), links: map[string]string{}}
	linked := sink.links
	if _, err := Write(sink, all, "https://example.org/", settings.Default().Publisher, nil); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range Outputs {
		if o.Kind != DataFile || o.Titled {
			continue
		}
		rel := "data/designations/" + o.FileFor(all)
		if linked[rel] == "" {
			t.Errorf("%s was written, not linked", rel)
		}
		if got, want := writtenAndMade(t, dir, rel, o, all); !bytes.Equal(got, want) {
			t.Errorf("%s: linked to %s, but the writer makes another file of the combined table", rel, linked[rel])
		}
		n++
	}
	if n < 5 {
		t.Errorf("%d data files of the combined table", n)
	}
}

// writtenAndMade returns the file rel under dir, and what output o's
// writer makes of table t.
func writtenAndMade(t *testing.T, dir, rel string, o *Output, table *Table) (got, want []byte) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := o.write(&b, &input{table: table}); err != nil {
		t.Fatal(err)
	}
	return got, b.Bytes()
}

// linkSink is a dirSink that records its links, target by path.
type linkSink struct {
	dirSink
	mu    sync.Mutex
	links map[string]string
}

func (s *linkSink) Link(rel, from string) (int64, string, error) {
	s.mu.Lock()
	s.links[rel] = from
	s.mu.Unlock()
	return s.dirSink.Link(rel, from)
}

// TestWorkbookParts checks what strict readers of a workbook rely on: every
// zip entry dated with the day the data last changed (not the zero date),
// the pilots sheet's columns in ascending order, each sheet's dimension its
// range, and the core properties under the cp: prefix.
func TestWorkbookParts(t *testing.T) {
	all, _ := cutTable()
	var b bytes.Buffer
	if err := WriteXLSX(&b, all); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	part := func(name string) string {
		f, err := zr.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		return string(b)
	}
	for _, f := range zr.File {
		if !f.Modified.Equal(all.Modified()) {
			t.Errorf("%s is dated %v, want %v", f.Name, f.Modified, all.Modified())
		}
	}
	sheet := part("xl/worksheets/sheet1.xml")
	var cols []int
	for _, m := range regexp.MustCompile(`<col min="(\d+)"`).FindAllStringSubmatch(sheet, -1) {
		n, _ := strconv.Atoi(m[1])
		cols = append(cols, n)
	}
	if len(cols) != len(Fields) || !slices.IsSorted(cols) {
		t.Errorf("columns %v, want 1 to %d in order", cols, len(Fields))
	}
	last, _ := excelize.CoordinatesToCellName(len(Fields), len(all.Rows)+1)
	if !strings.Contains(sheet, `<dimension ref="A1:`+last+`"`) {
		t.Errorf("the pilots sheet's dimension is not A1:%s", last)
	}
	core := part("docProps/core.xml")
	for _, want := range []string{"<cp:coreProperties xmlns:cp=", "<cp:keywords>", "<cp:lastModifiedBy>", "<cp:version>", "</cp:coreProperties>"} {
		if !strings.Contains(core, want) {
			t.Errorf("core properties lack %s:\n%s", want, core)
		}
	}
}

// TestCatalogCKAN checks what a default CKAN (ckanext-dcat's RDF profile)
// maps from the catalog: the licence, matched by URI against CKAN's own
// list and else by its title, which for CC0 is "Creative Commons CCZero"
// (ckan/model/license.py), since that list knows neither the EU's nor
// creativecommons.org's address; and the format, CSV for both CSV files,
// so that CKAN previews the Excel CSV too.
func TestCatalogCKAN(t *testing.T) {
	all, _ := cutTable()
	dir := t.TempDir()
	if _, err := Write(dirSink(dir), all, "https://example.org/", settings.Default().Publisher, nil); err != nil {
		t.Fatal(err)
	}
	catalog, err := os.ReadFile(filepath.Join(dir, "data", "catalog.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Graph []struct {
			Datasets []struct {
				License struct {
					Title string `json:"dct:title"`
				} `json:"dct:license"`
				Distributions []struct {
					Title  string `json:"dct:title"`
					Format struct {
						ID string `json:"@id"`
					} `json:"dct:format"`
				} `json:"dcat:distribution"`
			} `json:"dcat:dataset"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal(catalog, &doc); err != nil || len(doc.Graph) == 0 {
		t.Fatalf("%v: %s", err, catalog)
	}
	for _, d := range doc.Graph[0].Datasets {
		if d.License.Title != "Creative Commons CCZero" {
			t.Errorf("licence title %q, not CKAN's", d.License.Title)
		}
		for _, x := range d.Distributions {
			if strings.HasPrefix(x.Title, "CSV") && !strings.HasSuffix(x.Format.ID, "/file-type/CSV") {
				t.Errorf("%s: format %s, not CSV", x.Title, x.Format.ID)
			}
		}
	}
}
