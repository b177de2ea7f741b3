package generator

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/publish"
	"github.com/xuri/excelize/v2"
)

// pinnedToolchain is the Go the Makefile, CI and go.mod name: 1.27.3 fixes
// standard-library vulnerabilities that govulncheck finds reachable.
const pinnedToolchain = "go1.27.3"

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const seedDir = "../seeds"

// load loads a seeds folder and fails on any error.
func load(t testing.TB, dir string) *Dataset {
	t.Helper()
	ds, diags := Load(dir, lists.Default())
	if err := diags.Err(); err != nil {
		t.Fatalf("load %s:\n%v", dir, err)
	}
	return ds
}

// build builds dir's notices into a fresh folder and returns it.
func build(t testing.TB, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(load(t, dir), Options{Out: out, BaseURL: DefaultBaseURL}); err != nil {
		t.Fatal(err)
	}
	return out
}

// Sites built once, by name, for every test that only reads them; TestMain
// removes their folders.
var (
	sitesMu   sync.Mutex
	sites     = map[string]string{} // name → the built site, "" when its build failed
	siteTemps []string
)

// sharedSite returns the site called name, built on first use from the
// seeds folder that seeds returns (given a temporary folder to write
// notices into).
func sharedSite(t testing.TB, name string, seeds func(tmp string) (string, error)) string {
	t.Helper()
	sitesMu.Lock()
	defer sitesMu.Unlock()
	if out, ok := sites[name]; ok {
		if out == "" {
			t.Fatalf("the %s site failed to build", name)
		}
		return out
	}
	sites[name] = ""
	tmp, err := os.MkdirTemp("", "pilots-site-")
	if err != nil {
		t.Fatal(err)
	}
	siteTemps = append(siteTemps, tmp)
	dir, err := seeds(tmp)
	if err != nil {
		t.Fatal(err)
	}
	ds, diags := Load(dir, lists.Default())
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "public")
	if _, err := Build(ds, Options{Out: out, BaseURL: DefaultBaseURL}); err != nil {
		t.Fatal(err)
	}
	sites[name] = out
	return out
}

// seedSite is the site built from seeds/.
func seedSite(t testing.TB) string {
	t.Helper()
	return sharedSite(t, "seed", func(string) (string, error) { return seedDir, nil })
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range siteTemps {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// TestReproducible builds the site twice and compares every byte of every
// file, the XLSX workbooks included.
func TestReproducible(t *testing.T) {
	a, b := files(t, build(t, seedDir)), files(t, build(t, seedDir))
	if len(a) != len(b) || len(a) < 50 {
		t.Fatalf("%d and %d files", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	if _, ok := a["data/pilots.xlsx"]; !ok {
		t.Error("no data/pilots.xlsx")
	}
}

// TestGolden compares the downloads with files checked by eye and by
// pandas and R (see TestReaders) or GDAL, geopandas and sf (TestGIS): the CSV, the JSON, the
// GeoJSON and a text dump of every sheet of the workbook.
// go test ./generator -update rewrites them.
func TestGolden(t *testing.T) {
	site := seedSite(t)
	dump, err := dumpXLSX(filepath.Join(site, "data/pilots.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	two := twoListsSite(t)
	twoDump, err := dumpXLSX(filepath.Join(two, "data/pioneer-zones/pioneer-zones.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{
		"pilots.csv":      mustRead(t, filepath.Join(site, "data/pilots.csv")),
		"pilots.json":     mustRead(t, filepath.Join(site, "data/pilots.json")),
		"pilots.geojson":  mustRead(t, filepath.Join(site, "data/pilots.geojson")),
		"pilots.xlsx.txt": dump,
		// The seed and the two-list fixture: the pilots of both, the
		// pioneer zones, every list in one table, and an area of both
		// kinds.
		"two-lists/pilots.csv":                     mustRead(t, filepath.Join(two, "data/pilots.csv")),
		"two-lists/batch-4.csv":                    mustRead(t, filepath.Join(two, "data/batch-4/pilots.csv")),
		"two-lists/pioneer-zones.csv":              mustRead(t, filepath.Join(two, "data/pioneer-zones/pioneer-zones.csv")),
		"two-lists/pioneer-zones.json":             mustRead(t, filepath.Join(two, "data/pioneer-zones/batch-1/pioneer-zones.json")),
		"two-lists/designations.csv":               mustRead(t, filepath.Join(two, "data/designations/designations.csv")),
		"two-lists/pioneer-zones.xlsx.txt":         twoDump,
		"two-lists/area-420500.json":               mustRead(t, filepath.Join(two, "areas/420500.json")),
		"two-lists/pioneer-zones.datapackage.json": mustRead(t, filepath.Join(two, "data/pioneer-zones/datapackage.json")),
	} {
		golden := filepath.Join("..", "testdata", "golden", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./generator -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; if the change is intended, check it and run go test ./generator -update", name, golden)
		}
	}
}

// twoLists is the fixture in the shape of the 2024 notice: pilot batch 4
// and pioneer-zone batch 1 in one notice (made-up rows; never in seeds/).
const twoLists = "../testdata/two-lists/2024_two_lists.txt"

// twoListsSite is the site built from the seed and the two-list fixture.
func twoListsSite(t testing.TB) string {
	t.Helper()
	return sharedSite(t, "two-lists", func(tmp string) (string, error) {
		files := map[string][]byte{}
		for _, src := range []string{filepath.Join(seedDir, "000_b650c5b04f2a9d19.txt"), twoLists} {
			b, err := os.ReadFile(src)
			if err != nil {
				return "", err
			}
			files[filepath.Base(src)] = b
		}
		return writeTree(filepath.Join(tmp, "seeds"), files)
	})
}

// servedSite is the site of the seed and the two-list notice as the
// ministry serves it (testdata/media/served: its page and attachments
// under the server's names), whose batch pages link the annexes kept.
func servedSite(t testing.TB) string {
	t.Helper()
	return sharedSite(t, "served", func(tmp string) (string, error) {
		files := map[string][]byte{"000_b650c5b04f2a9d19.txt": nil}
		var err error
		if files["000_b650c5b04f2a9d19.txt"], err = os.ReadFile(filepath.Join(seedDir, "000_b650c5b04f2a9d19.txt")); err != nil {
			return "", err
		}
		served := "../testdata/media/served"
		entries, err := os.ReadDir(served)
		if err != nil {
			return "", err
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(served, e.Name()))
			if err != nil {
				return "", err
			}
			files["served/"+e.Name()] = b
		}
		return writeTree(filepath.Join(tmp, "seeds"), files)
	})
}

// dumpXLSX writes every sheet of a workbook as text: the sheet's name, then
// one line per row with each cell's type and value, tab-separated.
func dumpXLSX(path string) ([]byte, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b bytes.Buffer
	for _, sheet := range f.GetSheetList() {
		b.WriteString("== " + sheet + "\n")
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		for r, row := range rows {
			cells := make([]string, len(row))
			for c, v := range row {
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, err := f.GetCellType(sheet, name)
				if err != nil {
					return nil, err
				}
				kind := cellTypeName(typ)
				if v == "" {
					kind = "-" // no cell
				}
				cells[c] = kind + ":" + v
			}
			b.WriteString(strings.Join(cells, "\t") + "\n")
		}
	}
	props, err := f.GetDocProps()
	if err != nil {
		return nil, err
	}
	b.WriteString("== properties\n")
	for _, kv := range [][2]string{
		{"title", props.Title}, {"creator", props.Creator}, {"created", props.Created},
		{"modified", props.Modified}, {"version", props.Version}, {"language", props.Language},
	} {
		b.WriteString(kv[0] + ": " + kv[1] + "\n")
	}
	return b.Bytes(), nil
}

func cellTypeName(t excelize.CellType) string {
	switch t {
	case excelize.CellTypeNumber, excelize.CellTypeUnset: // a cell without a type is a number
		return "n"
	case excelize.CellTypeDate:
		return "d"
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString:
		return "s"
	case excelize.CellTypeFormula:
		return "FORMULA"
	case excelize.CellTypeBool:
		return "b"
	default:
		return "?"
	}
}

// TestAtomic checks that a build that fails part-way, here on a page
// template that fails as it runs while the downloads are being written,
// leaves the previous site exactly as it was, and leaves no temporary
// folder behind.
func TestAtomic(t *testing.T) {
	out := build(t, seedDir)
	before := files(t, out)
	tpl := t.TempDir()
	if err := os.WriteFile(filepath.Join(tpl, "batch.html"), []byte(`{{define "content"}}{{index .Data.Offices 99}}{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(load(t, seedDir), Options{Out: out, BaseURL: DefaultBaseURL, Templates: tpl})
	if err == nil || !strings.Contains(err.Error(), "batches/3/index.html") || !strings.Contains(err.Error(), "out of range") {
		t.Fatalf("build error = %v, want the template's failure on the batch page", err)
	}
	after := files(t, out)
	if len(after) != len(before) {
		t.Fatalf("%d files before, %d after a failed build", len(before), len(after))
	}
	for name, b := range before {
		if !bytes.Equal(b, after[name]) {
			t.Errorf("%s changed by a failed build", name)
		}
	}
	checkScaffold(t, out)
}

// TestStaleStaging checks that the temporary folders a killed build left
// are emptied (one kept as the scaffold, the others removed) by the next
// build, that a folder of the scaffold in the way of a file gives way,
// and that a foreign folder is never touched.
func TestStaleStaging(t *testing.T) {
	out := build(t, seedDir)
	parent := filepath.Dir(out)
	stale := []string{filepath.Join(parent, ".public-build-123"), filepath.Join(parent, ".public-build-456")}
	foreign := filepath.Join(parent, ".public-build-mine")
	for _, d := range append(stale, foreign) {
		if err := os.MkdirAll(filepath.Join(d, "robots.txt", "x"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	marker := mustRead(t, filepath.Join(out, publish.Marker)) // a staging folder's, naming out
	for _, d := range stale {
		os.WriteFile(filepath.Join(d, publish.Marker), marker, 0o644)
		os.WriteFile(filepath.Join(d, "index.html"), []byte("half-written"), 0o644)
	}
	os.WriteFile(filepath.Join(foreign, "keep.txt"), []byte("mine"), 0o644)
	if _, err := Build(load(t, seedDir), Options{Out: out, BaseURL: DefaultBaseURL}); err != nil {
		t.Fatal(err)
	}
	checkScaffold(t, out)
	if b, err := os.ReadFile(filepath.Join(out, "robots.txt")); err != nil || !strings.HasPrefix(string(b), "User-agent") {
		t.Errorf("robots.txt = %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(foreign, "keep.txt")); err != nil {
		t.Errorf("a folder the build did not make was touched: %v", err)
	}
}

// checkScaffold checks what a complete build leaves beside out: at most
// one temporary folder, the scaffold, with folders and its marker only.
func checkScaffold(t testing.TB, out string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), publish.Pattern(out)))
	left = slices.DeleteFunc(left, func(d string) bool { return strings.HasSuffix(d, "-mine") })
	if len(left) > 1 {
		t.Errorf("%d temporary folders beside %s, want at most one: %v", len(left), out, left)
	}
	for _, d := range left {
		filepath.WalkDir(d, func(path string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && path != filepath.Join(d, publish.Marker) {
				t.Errorf("the scaffold holds a file: %s", path)
			}
			return err
		})
	}
}

// TestRefuseForeignOut checks that a build never replaces a folder it did
// not write.
func TestRefuseForeignOut(t *testing.T) {
	out := filepath.Join(t.TempDir(), "home")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "thesis.tex"), []byte("precious"), 0o644)
	_, err := Build(load(t, seedDir), Options{Out: out, BaseURL: DefaultBaseURL})
	if err == nil || !strings.Contains(err.Error(), "refusing to replace") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "thesis.tex")); err != nil || string(b) != "precious" {
		t.Errorf("foreign folder changed: %q %v", b, err)
	}
}

// TestPublicUpToDate fails when the committed public/ is not what a build
// of seeds/ writes: run make build and commit the result.
func TestPublicUpToDate(t *testing.T) {
	for _, f := range []string{"../Makefile", "../.ci/run", "../go.mod", "../.github/workflows/pages.yml"} {
		if !bytes.Contains(mustRead(t, f), []byte(pinnedToolchain)) {
			t.Errorf("%s does not pin %s", f, pinnedToolchain)
		}
	}
	committed := filepath.Join("..", "public")
	if _, err := os.Stat(committed); err != nil {
		t.Fatalf("no public/: run make build and commit it (%v)", err)
	}
	want, got := files(t, seedSite(t)), files(t, committed)
	for name, b := range want {
		if !bytes.Equal(b, got[name]) {
			t.Errorf("public/%s is stale or missing: run make build and commit public/", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("public/%s is no longer built: run make build and commit public/", name)
		}
	}
}

// TestReadOnlyOut checks that an output folder the build cannot write to
// gives a clear error and is left as it was.
func TestReadOnlyOut(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("skipped: root writes through read-only permissions; TestAtomic covers a write that fails")
	}
	out := build(t, seedDir)
	before := files(t, out)
	parent := filepath.Dir(out)
	os.Chmod(parent, 0o555)
	defer os.Chmod(parent, 0o755)
	_, err := Build(load(t, seedDir), Options{Out: out, BaseURL: DefaultBaseURL})
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("err = %v, want permission denied", err)
	}
	after := files(t, out)
	if len(after) != len(before) {
		t.Errorf("%d files before, %d after", len(before), len(after))
	}
}

// TestLockedStaging checks that a temporary folder a running build holds
// (its lock) is neither reused nor removed by another build, and is once
// the lock is released.
func TestLockedStaging(t *testing.T) {
	out := build(t, seedDir)
	busy := filepath.Join(filepath.Dir(out), ".public-build-busy")
	os.MkdirAll(filepath.Join(busy, "about"), 0o755)
	os.WriteFile(filepath.Join(busy, publish.Marker), mustRead(t, filepath.Join(out, publish.Marker)), 0o644)
	os.WriteFile(filepath.Join(busy, "about", "index.html"), []byte("being written"), 0o644)
	// As a running build holds its folder: flock(2) on it.
	lock, err := os.Open(busy)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	unlock := func() { lock.Close() }
	if _, err := Build(load(t, seedDir), Options{Out: out, BaseURL: DefaultBaseURL}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(busy, "about", "index.html")); runtime.GOOS == "linux" && string(b) != "being written" {
		t.Errorf("a running build's folder was touched: %q, %v", b, err)
	}
	unlock()
	if _, err := Build(load(t, seedDir), Options{Out: out, BaseURL: DefaultBaseURL}); err != nil {
		t.Fatal(err)
	}
	checkScaffold(t, out)
}
