package generator

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/internal/clients"
)

var clientScripts = filepath.Join(clients.Root(), "testdata", "clients")

// TestReaders reads the CSV, Excel CSV, XLSX and JSON of every table as
// researchers do, with pandas and openpyxl, and with R (readr, readxl,
// jsonlite), and checks they are the same table, with integer columns as
// integers, codes as text and Chinese intact.
func TestReaders(t *testing.T) {
	for _, r := range []struct {
		name   string
		find   func(testing.TB, ...string) string
		script string
	}{
		{"pandas", clients.Python, "pandas_check.py"},
		{"R", clients.R, "r_check.R"},
	} {
		t.Run(r.name, func(t *testing.T) {
			prog := r.find(t)
			for _, tc := range []struct {
				site      func(testing.TB) string
				dir, stem string
				rows      int
				first     string
			}{
				{seedSite, "data", "pilots", 70, "朝阳区"},
				{seedSite, "data/batch-3", "pilots", 70, "朝阳区"},
				// The seed with the two-list fixture: every table of both
				// kinds, and the combined one.
				{twoListsSite, "data", "pilots", 78, "朝阳区"},
				{twoListsSite, "data/batch-4", "pilots", 8, "门头沟区"},
				{twoListsSite, "data/pioneer-zones", "pioneer-zones", 5, "朝阳区"},
				{twoListsSite, "data/pioneer-zones/batch-1", "pioneer-zones", 5, "朝阳区"},
				{twoListsSite, "data/designations", "designations", 83, "朝阳区"},
			} {
				site := tc.site(t)
				out := clients.Stdout(t, "", prog, filepath.Join(clientScripts, r.script), filepath.Join(site, tc.dir), strconv.Itoa(tc.rows), tc.stem)
				if want := fmt.Sprintf("ok: 4 files, %d rows, first area %s", tc.rows, tc.first); !strings.Contains(out, want) {
					t.Errorf("%s: %s says %s, want %s", tc.dir, r.name, out, want)
				}
			}
		})
	}
}

// TestGIS reads pilots.geojson as GIS users do: with GDAL (ogrinfo and
// ogr2ogr, which QGIS reads GeoJSON through), geopandas and R's sf. Each
// must see a layer of points in WGS 84 whose attributes have the types of
// the data dictionary, and each writes the layer back as CSV, the point's
// X and Y first, which must be the rows of pilots.csv at their seat points.
// The tricky site has areas without a point (null geometries).
func TestGIS(t *testing.T) {
	for _, c := range []struct {
		name string
		read func(t *testing.T, geojson string, rows int) string // the layer as CSV
	}{
		{"GDAL", readGDAL},
		{"geopandas", func(t *testing.T, geojson string, _ int) string {
			return clients.Stdout(t, "", clients.Python(t, "geopandas"), filepath.Join(clientScripts, "geopandas_check.py"), geojson)
		}},
		{"sf", func(t *testing.T, geojson string, _ int) string {
			return clients.Stdout(t, "", clients.R(t, "sf"), filepath.Join(clientScripts, "sf_check.R"), geojson)
		}},
	} {
		for _, s := range []struct {
			name      string
			site      func(*testing.T) string
			dir, stem string
		}{
			{"seeds", func(t *testing.T) string { return seedSite(t) }, "data", "pilots"},
			{"tricky", trickySite, "data", "pilots"},
			{"two-lists", func(t *testing.T) string { return twoListsSite(t) }, "data/designations", "designations"},
		} {
			t.Run(c.name+"/"+s.name, func(t *testing.T) {
				dir := filepath.Join(s.site(t), filepath.FromSlash(s.dir))
				want := readCSV(t, filepath.Join(dir, s.stem+".csv"))
				out := c.read(t, filepath.Join(dir, s.stem+".geojson"), len(want)-1)
				lat, lon := slices.Index(want[0], "latitude"), slices.Index(want[0], "longitude")
				for i, row := range want {
					xy := []string{row[lon], row[lat]}
					if i == 0 {
						xy = []string{"X", "Y"}
					}
					want[i] = append(xy, row...)
				}
				sameTable(t, c.name, parseCSV(t, out), want)
			})
		}
	}
}

// readGDAL checks with ogrinfo that geojson is a layer of rows points in
// WGS 84 with the dictionary's field types, and returns it as ogr2ogr
// writes it in CSV, dates as the other readers write them.
func readGDAL(t *testing.T, geojson string, rows int) string {
	ogrinfo := clients.Find(t, "GDAL (ogrinfo)", "ogrinfo")
	ogr2ogr := clients.Find(t, "GDAL (ogr2ogr)", "ogr2ogr")
	info := clients.Stdout(t, "", ogrinfo, "-ro", "-so", "-al", geojson)
	for _, says := range []string{"Geometry: Point\n", fmt.Sprintf("Feature Count: %d\n", rows), `ID["EPSG",4326]`} {
		if !strings.Contains(info, says) {
			t.Errorf("ogrinfo does not say %q:\n%s", says, info)
		}
	}
	kind := map[string]string{"string": "String", "integer": "Integer", "number": "Real", "date": "Date"}
	for _, f := range data.Fields {
		if line := f.Name + ": " + kind[f.Type] + " "; !strings.Contains(info, "\n"+line) {
			t.Errorf("ogrinfo does not say %q", line)
		}
	}
	out := clients.Stdout(t, "", ogr2ogr, "-f", "CSV", "/vsistdout/", geojson, "-lco", "GEOMETRY=AS_XY")
	return gdalDate.ReplaceAllString(out, "$1-$2-$3") // GDAL's CSV writes 2023/08/31
}

var gdalDate = regexp.MustCompile(`\b(\d{4})/(\d{2})/(\d{2})\b`)

// TestLibreOffice converts the workbook to CSV with LibreOffice and checks
// it equals pilots.csv cell for cell: numbers, text codes and dates survive
// the round trip through a real spreadsheet program.
func TestLibreOffice(t *testing.T) {
	soffice := clients.Find(t, "LibreOffice (soffice)", "soffice", "libreoffice")
	for _, tc := range []struct{ dir, stem string }{
		{filepath.Join(seedSite(t), "data"), "pilots"},
		{filepath.Join(twoListsSite(t), "data", "pioneer-zones"), "pioneer-zones"},
		{filepath.Join(twoListsSite(t), "data", "designations"), "designations"},
	} {
		tmp := t.TempDir()
		clients.Run(t, "", soffice, "-env:UserInstallation=file://"+filepath.Join(tmp, "profile"), "--headless",
			"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true",
			"--outdir", tmp, filepath.Join(tc.dir, tc.stem+".xlsx"))
		sameTable(t, "LibreOffice", readCSV(t, filepath.Join(tmp, tc.stem+".csv")), readCSV(t, filepath.Join(tc.dir, tc.stem+".csv")))
	}
}

// sameTable fails the test unless the table a client read, got, is want
// (pilots.csv, header first) row for row.
func sameTable(t *testing.T, who string, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s reads %d rows, pilots.csv has %d", who, len(got)-1, len(want)-1)
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d:\n%-11s %q\npilots.csv  %q", i, who, got[i], want[i])
		}
	}
}

// parseCSV parses the CSV a client wrote to stdout.
func parseCSV(t *testing.T, out string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("%v in the CSV written back:\n%s", err, out)
	}
	return rows
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// TestSHA256SUMS runs sha256sum -c in every folder with checksums.
func TestSHA256SUMS(t *testing.T) {
	sum := clients.Find(t, "sha256sum", "sha256sum")
	site := seedSite(t)
	for _, dir := range []string{"data", "data/batch-3"} {
		out := clients.Run(t, filepath.Join(site, dir), sum, "--strict", "-c", "SHA256SUMS")
		if n := strings.Count(out, ": OK"); n < 6 {
			t.Errorf("%s: only %d files checked:\n%s", dir, n, out)
		}
	}
}

// TestJSONLD expands the DCAT catalog with the jsonld library and checks
// that every dataset and distribution is there, with download URLs, sizes
// and checksums that match the files.
func TestJSONLD(t *testing.T) {
	node, _ := clients.NodeModules(t, "jsonld")
	site := seedSite(t)
	out := clients.Run(t, "", node, filepath.Join(clientScripts, "jsonld_expand.js"), filepath.Join(site, "data", "catalog.jsonld"))
	var datasets []struct {
		ID            string
		Type          []string
		Titles        []string
		License       string
		InSeries      string
		Distributions []struct {
			Type                                          []string
			Download, MediaType, Bytes, Algorithm, SHA256 string
		}
	}
	if err := json.Unmarshal([]byte(out), &datasets); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(datasets) != 3 {
		t.Fatalf("%d datasets, want 3 (all batches, batch 3, every list)", len(datasets))
	}
	for _, d := range datasets {
		if d.Type[0] != "http://www.w3.org/ns/dcat#Dataset" || len(d.Titles) != 2 || d.License != "http://publications.europa.eu/resource/authority/licence/CC0" {
			t.Errorf("dataset %s: %v %v %s", d.ID, d.Type, d.Titles, d.License)
		}
		// The table of every batch is the series each batch is in.
		if series := strings.HasSuffix(d.ID, "data/#dataset"); series != slices.Contains(d.Type, "http://www.w3.org/ns/dcat#DatasetSeries") ||
			strings.HasSuffix(d.ID, "batches/3/#dataset") != (d.InSeries == DefaultBaseURL+"data/#dataset") {
			t.Errorf("dataset %s: types %v, in series %q", d.ID, d.Type, d.InSeries)
		}
		if len(d.Distributions) < 5 {
			t.Errorf("dataset %s has %d distributions", d.ID, len(d.Distributions))
		}
		for _, x := range d.Distributions {
			rel := strings.TrimPrefix(x.Download, DefaultBaseURL)
			b, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(rel)))
			if err != nil {
				t.Errorf("distribution %s: %v", x.Download, err)
				continue
			}
			h := sha256.Sum256(b)
			if x.SHA256 != hex.EncodeToString(h[:]) || x.Bytes != strconv.Itoa(len(b)) ||
				x.Algorithm != "http://spdx.org/rdf/terms#checksumAlgorithm_sha256" || !strings.HasPrefix(x.MediaType, "https://www.iana.org/assignments/media-types/") {
				t.Errorf("distribution %s: %+v does not describe the file (%d bytes)", rel, x, len(b))
			}
		}
	}
}

// TestSchema validates pilots.json against pilots.schema.json with ajv in
// draft 2020-12 mode, and checks that a row with an extra key or a bad code
// is rejected, so the schema is strict.
func TestSchema(t *testing.T) {
	node, modules := clients.NodeModules(t, "ajv-cli")
	clients.NodeModules(t, "ajv-formats")
	site := seedSite(t)
	ajv := func(data string) (string, error) {
		cmd := exec.Command(node, filepath.Join(modules, "ajv-cli", "dist", "index.js"), "validate", "--spec=draft2020",
			"-c", "ajv-formats", "-s", filepath.Join(site, "data", "pilots.schema.json"), "-d", data)
		cmd.Dir = filepath.Join(clients.Root(), ".ci")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	for _, dir := range []string{"data", "data/batch-3"} {
		if out, err := ajv(filepath.Join(site, dir, "pilots.json")); err != nil {
			t.Errorf("%s/pilots.json does not validate: %v\n%s", dir, err, out)
		}
	}
	var rows []map[string]any
	if err := json.Unmarshal(mustRead(t, filepath.Join(site, "data", "pilots.json")), &rows); err != nil {
		t.Fatal(err)
	}
	for name, spoil := range map[string]func(map[string]any){
		"extra key":  func(r map[string]any) { r["population"] = 1 },
		"bad code":   func(r map[string]any) { r["division_code"] = "1101" },
		"bad date":   func(r map[string]any) { r["issued_on"] = "31/08/2023" },
		"string seq": func(r map[string]any) { r["seq"] = "1" },
		"no area":    func(r map[string]any) { delete(r, "area") },
	} {
		bad := []map[string]any{{}}
		for k, v := range rows[0] {
			bad[0][k] = v
		}
		spoil(bad[0])
		b, _ := json.Marshal(bad)
		path := filepath.Join(t.TempDir(), "bad.json")
		os.WriteFile(path, b, 0o644)
		if out, err := ajv(path); err == nil {
			t.Errorf("%s: the schema accepts it:\n%s", name, out)
		}
	}
}

// TestDataPackage loads every Data Package with the Frictionless datapackage
// library and reads every resource with type casting.
func TestDataPackage(t *testing.T) {
	node, _ := clients.NodeModules(t, "datapackage")
	site := seedSite(t)
	for _, dir := range []string{"data", "data/batch-3"} {
		out := clients.Run(t, filepath.Join(site, dir), node, filepath.Join(clientScripts, "datapackage_read.js"), "datapackage.json")
		var res []struct {
			Name  string
			Rows  int
			Types map[string]string
			Area  string
			Batch int
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if len(res) != 1 {
			t.Fatalf("%s: %d resources, want 1 (pilots.csv)", dir, len(res))
		}
		for _, r := range res {
			if r.Rows != 70 || r.Area != "朝阳区" || r.Batch != 3 ||
				r.Types["batch"] != "number" || r.Types["latitude"] != "number" || r.Types["issued_on"] != "date" || r.Types["division_code"] != "string" {
				t.Errorf("%s %s: %+v", dir, r.Name, r)
			}
		}
	}
}

// TestHostileCells builds a notice whose areas look like formulas and
// checks that they arrive inert: string cells in the workbook (as excelize
// and openpyxl read it), apostrophe-prefixed in the Excel CSV, and
// unaltered in the canonical CSV and JSON.
func TestHostileCells(t *testing.T) {
	out := build(t, filepath.Join("..", "testdata", "hostile", "formula"))
	areas := []string{`=HYPERLINK("http://x","y")`, "+河北区", "-黄浦区"}

	canonical := readCSV(t, filepath.Join(out, "data", "pilots.csv"))
	excel := readCSV(t, filepath.Join(out, "data", "pilots.excel.csv"))
	var js []map[string]any
	if err := json.Unmarshal(mustRead(t, filepath.Join(out, "data", "pilots.json")), &js); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(filepath.Join(out, "data", "pilots.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, area := range areas {
		if canonical[i+1][5] != area || js[i]["area"] != area {
			t.Errorf("row %d: canonical CSV %q, JSON %q; want %q unaltered", i+1, canonical[i+1][5], js[i]["area"], area)
		}
		if excel[i+1][5] != "'"+area {
			t.Errorf("row %d: Excel CSV %q, want %q", i+1, excel[i+1][5], "'"+area)
		}
		cell := "F" + strconv.Itoa(i+2)
		typ, _ := f.GetCellType("pilots", cell)
		formula, _ := f.GetCellFormula("pilots", cell)
		value, _ := f.GetCellValue("pilots", cell)
		if formula != "" || value != area || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
			t.Errorf("XLSX %s: type %v, formula %q, value %q; want the string %q", cell, typ, formula, value, area)
		}
	}
	if excel[1][11] != "'@SUM(A1)" || canonical[1][11] != "@SUM(A1)" {
		t.Errorf("note: Excel CSV %q, canonical %q", excel[1][11], canonical[1][11])
	}

	py := clients.Python(t)
	cells := clients.Run(t, "", py, filepath.Join(clientScripts, "openpyxl_cell.py"), filepath.Join(out, "data", "pilots.xlsx"), "6")
	for i, line := range strings.Split(strings.TrimSpace(cells), "\n") {
		if line != "s\t"+areas[i] {
			t.Errorf("openpyxl reads row %d as %q, want a string %q", i+1, line, areas[i])
		}
	}
}

// TestWorkbookReaders reads every workbook of the seed and two-list sites
// with the readers that trust what the file says rather than repair it:
// openpyxl in read-only mode (csvkit's in2csv, agate and Frictionless read
// through it), which believes each sheet's dimension; exceljs, which
// refuses core properties outside the cp: prefix; and SheetJS. Each must
// read the table of the CSV beside it, cell for cell.
func TestWorkbookReaders(t *testing.T) {
	py := clients.Python(t, "openpyxl")
	node, _ := clients.NodeModules(t, "exceljs")
	clients.NodeModules(t, "xlsx")
	for _, tc := range []struct {
		site      func(testing.TB) string
		dir, stem string
	}{
		{seedSite, "data", "pilots"},
		{twoListsSite, "data/batch-4", "pilots"},
		{twoListsSite, "data/pioneer-zones", "pioneer-zones"},
	} {
		dir := filepath.Join(tc.site(t), filepath.FromSlash(tc.dir))
		book := filepath.Join(dir, tc.stem+".xlsx")
		want := readCSV(t, filepath.Join(dir, tc.stem+".csv"))
		var csv []string
		for _, r := range want {
			csv = append(csv, strings.Join(r, "\t"))
		}

		out := clients.Stdout(t, "", py, filepath.Join(clientScripts, "workbook_readonly.py"), book)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		sheets := 0
		for len(lines) > 0 && strings.HasPrefix(lines[0], "sheet\t") {
			f := strings.Split(lines[0], "\t")
			if rows, _ := strconv.Atoi(f[2]); rows < 2 {
				t.Errorf("%s: openpyxl read-only sees %s rows in sheet %s", book, f[2], f[1])
			}
			sheets++
			lines = lines[1:]
		}
		if sheets != 3 || strings.Join(lines, "\n") != strings.Join(csv, "\n") {
			t.Errorf("%s: openpyxl read-only reads %d sheets and\n%.600s\nwant 3 and\n%.600s", book, sheets, strings.Join(lines, "\n"), strings.Join(csv, "\n"))
		}

		out = clients.Stdout(t, "", node, filepath.Join(clientScripts, "workbook_check.js"), book)
		for _, reader := range []string{"exceljs", "sheetjs"} {
			i := strings.Index(out, reader+"\t")
			if i < 0 {
				t.Fatalf("%s: no %s output in\n%s", book, reader, out)
			}
			rest := strings.SplitN(out[i:], "\n", 2)
			head := strings.Split(rest[0], "\t")
			n, _ := strconv.Atoi(head[1])
			rows := strings.Split(rest[1], "\n")[:min(n, len(strings.Split(rest[1], "\n")))]
			if head[2] != tc.stem+",fields,source" || strings.Join(rows, "\n") != strings.Join(csv, "\n") {
				t.Errorf("%s: %s reads sheets %s and\n%.600s\nwant\n%.600s", book, reader, head[2], strings.Join(rows, "\n"), strings.Join(csv, "\n"))
			}
		}
	}
}

// TestTableSchemaRules checks every Data Package of the seed and two-list
// sites by the rules of the Frictionless reference validator, which cannot
// be installed here (it is on PyPI only): each resource's file has the
// bytes and hash the package says; every cell of every row is of its
// field's type; a required field is never empty; a pattern matches the
// whole value, as Table Schema's XML Schema patterns do (the npm library
// the Data Package test uses does not anchor, which let `https?://` pass
// while the reference validator rejected every row); bounds hold; and the
// primary key is unique.
func TestTableSchemaRules(t *testing.T) {
	for _, site := range []string{seedSite(t), twoListsSite(t)} {
		packages, _ := filepath.Glob(filepath.Join(site, "data", "*", "datapackage.json"))
		more, _ := filepath.Glob(filepath.Join(site, "data", "*", "*", "datapackage.json"))
		packages = append(append(packages, filepath.Join(site, "data", "datapackage.json")), more...)
		if len(packages) < 2 {
			t.Fatalf("%d data packages in %s", len(packages), site)
		}
		for _, pkg := range packages {
			checkDataPackage(t, pkg)
		}
	}
}

func checkDataPackage(t *testing.T, pkg string) {
	t.Helper()
	var p struct {
		Resources []struct {
			Path, Hash string
			Bytes      int64
			Schema     struct {
				Fields []struct {
					Name, Type  string
					Constraints struct {
						Required         bool
						Pattern          string
						Minimum, Maximum *float64
					}
				}
				PrimaryKey []string
			}
		}
	}
	if err := json.Unmarshal(mustRead(t, pkg), &p); err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Resources {
		file := filepath.Join(filepath.Dir(pkg), filepath.FromSlash(r.Path))
		b := mustRead(t, file)
		if sum := sha256.Sum256(b); r.Hash != "sha256:"+hex.EncodeToString(sum[:]) || r.Bytes != int64(len(b)) {
			t.Errorf("%s: bytes or hash differ from the file", file)
		}
		rows := readCSV(t, file)
		fields := r.Schema.Fields
		if len(rows[0]) != len(fields) {
			t.Fatalf("%s: %d columns, the schema has %d fields", file, len(rows[0]), len(fields))
		}
		keys := map[string]bool{}
		for i, row := range rows[1:] {
			var key []string
			for j, f := range fields {
				v := row[j]
				if rows[0][j] != f.Name {
					t.Fatalf("%s: column %d is %s, the schema says %s", file, j, rows[0][j], f.Name)
				}
				if slices.Contains(r.Schema.PrimaryKey, f.Name) {
					key = append(key, v)
				}
				c := f.Constraints
				if v == "" {
					if c.Required {
						t.Errorf("%s row %d: %s is required", file, i+1, f.Name)
					}
					continue
				}
				var n float64
				var err error
				switch f.Type {
				case "integer":
					var k int64
					k, err = strconv.ParseInt(v, 10, 64)
					n = float64(k)
				case "number":
					n, err = strconv.ParseFloat(v, 64)
				case "date":
					_, err = time.Parse("2006-01-02", v)
				}
				if err != nil {
					t.Errorf("%s row %d: %s %q is not a %s", file, i+1, f.Name, v, f.Type)
				}
				if c.Pattern != "" && !regexp.MustCompile(`^(?:`+c.Pattern+`)$`).MatchString(v) {
					t.Errorf("%s row %d: %s %q does not match the pattern %s as a whole", file, i+1, f.Name, v, c.Pattern)
				}
				if c.Minimum != nil && n < *c.Minimum || c.Maximum != nil && n > *c.Maximum {
					t.Errorf("%s row %d: %s %v is out of bounds", file, i+1, f.Name, n)
				}
			}
			if k := strings.Join(key, "|"); keys[k] {
				t.Errorf("%s row %d: primary key %v repeated", file, i+1, key)
			} else {
				keys[k] = true
			}
		}
	}
}

// TestDCATAP validates the DCAT catalog of the seed and two-list sites
// against the DCAT-AP 3.0.1 SHACL shapes (vendored in testdata/, with
// their notice), with rdf-validate-shacl, offline: not one violation.
func TestDCATAP(t *testing.T) {
	node, _ := clients.NodeModules(t, "rdf-validate-shacl")
	clients.NodeModules(t, "@zazuko/env-node")
	shapes := filepath.Join("..", "testdata", "dcat-ap-3.0.1")
	for _, site := range []string{seedSite(t), twoListsSite(t)} {
		out := clients.Stdout(t, "", node, filepath.Join(clientScripts, "shacl_check.mjs"), filepath.Join(site, "data", "catalog.jsonld"),
			filepath.Join(shapes, "dcat-ap-SHACL.ttl"), filepath.Join(shapes, "ranges.ttl"))
		if !strings.Contains(out, "conforms=true results=0") {
			t.Errorf("the DCAT-AP shapes report on %s:\n%s", site, out)
		}
	}
}

// TestDuckDB reads every table's CSV (with the dictionary's types), JSON
// and Parquet with DuckDB (npm @duckdb/node-api), as analysts do: the three
// must be the same rows, and the Parquet's columns the dictionary's types,
// codes as text.
func TestDuckDB(t *testing.T) {
	node, _ := clients.NodeModules(t, "@duckdb/node-api")
	duck := map[string]string{"integer": "INTEGER", "number": "DOUBLE", "string": "VARCHAR", "date": "DATE"}
	// The columns and their types as a JSON object, in Fields order.
	var types, want []string
	for _, f := range data.Fields {
		types = append(types, strconv.Quote(f.Name)+":"+strconv.Quote(duck[f.Type]))
		want = append(want, f.Name+" "+duck[f.Type])
	}
	typesJSON := "{" + strings.Join(types, ",") + "}"
	for _, tc := range []struct {
		site      func(testing.TB) string
		dir, stem string
		rows      int
	}{
		{seedSite, "data", "pilots", 70},
		{seedSite, "data/batch-3", "pilots", 70},
		{twoListsSite, "data/pioneer-zones", "pioneer-zones", 5},
		{twoListsSite, "data/designations", "designations", 83},
	} {
		dir := filepath.Join(tc.site(t), filepath.FromSlash(tc.dir))
		out := clients.Stdout(t, "", node, filepath.Join(clientScripts, "duckdb_check.js"), dir, tc.stem, string(typesJSON))
		if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 || lines[0] != strings.Join(want, ", ") || lines[1] != fmt.Sprintf("ok: %d rows", tc.rows) {
			t.Errorf("%s: DuckDB says\n%s\nwant\n%s\nok: %d rows", tc.dir, out, strings.Join(want, ", "), tc.rows)
		}
	}
}
