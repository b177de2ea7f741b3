package generator

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
)

const batch12 = "../testdata/batch12/012_batch12.txt"

// TestNewBatch drops a second, made-up notice beside the seed, as a portal
// would, and checks that every output takes it in with no code change.
func TestNewBatch(t *testing.T) {
	out := build(t, seedsWith(t, map[string]string{"012_batch12.txt": batch12}))

	all := readCSV(t, filepath.Join(out, "data", "pilots.csv"))
	if len(all) != 77 || all[1][0] != "3" || all[70][0] != "3" || all[71][0] != "12" || all[71][1] != "1" {
		t.Fatalf("combined CSV: %d rows, batches %v … %v", len(all), all[1][:2], all[len(all)-1][:2])
	}
	b12 := readCSV(t, filepath.Join(out, "data", "batch-12", "pilots.csv"))
	want := [][]string{
		{"12", "1", "辽宁省", "Liaoning", "210000", "大连市", "Dalian City", "210200", "prefecture_city", "38.913814", "121.613679", "计划单列市", "38.91459", "121.618622"},
		{"12", "2", "辽宁省", "Liaoning", "210000", "沈阳市", "Shenyang City", "210100", "prefecture_city", "41.79433", "123.422953", "", "41.796767", "123.429096"},
		{"12", "3", "湖北省", "Hubei", "420000", "武汉市", "Wuhan City", "420100", "prefecture_city", "30.586786", "114.293143", "", "30.584355", "114.298572"},
		{"12", "4", "重庆市", "Chongqing", "500000", "渝中区", "Yuzhong District", "500103", "district", "29.559606", "106.559175", "", "29.556742", "106.56288"},
		{"12", "5", "新疆生产建设兵团", "Xinjiang Production and Construction Corps", "650000", "石河子市", "Shihezi City", "659001", "corps_city", "44.304726", "86.038317", "第八师", "44.305886", "86.041075"},
		{"12", "6", "新疆生产建设兵团", "Xinjiang Production and Construction Corps", "650000", "五家渠市", "Wujiaqu City", "659004", "corps_city", "44.166304", "87.523871", "第六师", "44.167401", "87.526884"},
	}
	if len(b12) != 7 {
		t.Fatalf("batch 12 CSV has %d rows", len(b12))
	}
	// The first twelve columns, and the GCJ-02 seat points (the last two):
	// latitude and longitude are those converted to WGS-84 (TestDatum).
	for i, w := range want {
		if got := strings.Join(append(b12[i+1][:12:12], b12[i+1][15:17]...), "|"); got != strings.Join(w, "|") {
			t.Errorf("batch 12 row %d:\n got %s\nwant %s", i+1, got, strings.Join(w, "|"))
		}
	}

	for _, page := range []string{
		"batches/12/index.html", "en/batches/12/index.html", "data/batch-12/pilots.xlsx", "data/batch-12/SHA256SUMS",
		"provinces/210000/index.html", "provinces/420000/index.html", "provinces/500000/index.html",
		"provinces/xpcc/index.html", "en/provinces/xpcc/index.html",
	} {
		if _, err := os.Stat(filepath.Join(out, page)); err != nil {
			t.Errorf("missing %s", page)
		}
	}
	batchPage := string(mustRead(t, filepath.Join(out, "batches", "12", "index.html")))
	for _, s := range []string{"全国第十二批城市一刻钟便民生活圈试点名单", "2031-02-28", "石河子市", "计划单列市", "国家发展改革委办公厅"} {
		if !strings.Contains(batchPage, s) {
			t.Errorf("the batch 12 page lacks %q", s)
		}
	}
	if xpcc := string(mustRead(t, filepath.Join(out, "en", "provinces", "xpcc", "index.html"))); !strings.Contains(xpcc, "Xinjiang Production and Construction Corps") || !strings.Contains(xpcc, "Wujiaqu City") {
		t.Error("the Corps' English page lacks its name or its cities")
	}
	home := string(mustRead(t, filepath.Join(out, "index.html")))
	if !strings.Contains(home, "<dd>76</dd>") || !strings.Contains(home, "<dd>2</dd>") {
		t.Error("the home's key figures do not count the new batch")
	}

	var feed struct {
		Updated string `xml:"updated"`
		Entries []struct {
			Title string `xml:"title"`
			ID    string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(mustRead(t, filepath.Join(out, "feed.xml")), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 2 || !strings.HasSuffix(feed.Entries[0].ID, "batches/12/") || feed.Updated != "2031-03-03T00:00:00Z" {
		t.Errorf("feed: updated %s, entries %+v", feed.Updated, feed.Entries)
	}

	var doc struct {
		Graph []struct {
			Datasets []struct {
				ID string `json:"@id"`
			} `json:"dcat:dataset"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal(mustRead(t, filepath.Join(out, "data", "catalog.jsonld")), &doc); err != nil || len(doc.Graph) == 0 {
		t.Fatal(err)
	}
	catalog := doc.Graph[0]
	if len(catalog.Datasets) != 4 {
		t.Errorf("catalog has %d datasets, want 4 (all, batch 3, batch 12, every list)", len(catalog.Datasets))
	}
}

// TestBatchConflicts checks the checks across notices: two notices of the
// same batch are an error, positioned at the annex title that names the
// batch, an area in two batches a warning.
func TestBatchConflicts(t *testing.T) {
	_, diags := Load(seedsWith(t, map[string]string{"012_batch12.txt": batch12, "013_copy.txt": batch12}), lists.Default())
	if err := diags.Err(); err == nil || !strings.Contains(err.Error(), "013_copy.txt:3:169: pilots batch 12 is also claimed by ") {
		t.Errorf("two notices of batch 12: %v", err)
	}

	again := filepath.Join(t.TempDir(), "again.txt")
	text := strings.Replace(string(mustRead(t, batch12)), "第十二批", "第十三批", 1)
	text = strings.Replace(text, "4 重庆市 渝中区", "4 北京市 朝阳区", 1)
	os.WriteFile(again, []byte(text), 0o644)
	_, diags = Load(seedsWith(t, map[string]string{"012_batch12.txt": again}), lists.Default())
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if w := diags.Warnings(); len(w) != 1 || !strings.HasSuffix(w[0].Error(), `warning: annex row 4: "北京市 朝阳区" was already on the list of pilots batch 3`) {
		t.Errorf("warnings: %v", w)
	}
}

// TestChanges checks what a build says changed since the previous build in
// the same folder, while the outputs stay the same bytes.
func TestChanges(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	run := func(seeds string) Result {
		t.Helper()
		res, err := Build(load(t, seeds), Options{Out: out, BaseURL: DefaultBaseURL})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	two := seedsWith(t, map[string]string{"012_batch12.txt": batch12})
	edited := filepath.Join(t.TempDir(), "b12.txt")
	os.WriteFile(edited, []byte(strings.Replace(string(mustRead(t, batch12)), "3 湖北省 武汉市", "3 湖北省 宜昌市", 1)), 0o644)
	for _, step := range []struct {
		seeds string
		want  []string
	}{
		{seedDir, []string{"no previous build"}},
		{two, []string{"batch 12 added: 6 rows"}},
		{two, []string{"no change"}},
		{seedsWith(t, map[string]string{"012_batch12.txt": edited}), []string{
			"batch 12 row 3 changed: area 武汉市 → 宜昌市, area_en Wuhan City → Yichang City, division_code 420100 → 420500, latitude 30.586786 → 30.70507, longitude 114.293143 → 111.285185, gcj02_latitude 30.584355 → 30.702636, gcj02_longitude 114.298572 → 111.290843",
		}},
		{seedDir, []string{"batch 12 removed: 6 rows"}},
	} {
		if got := changeLines(run(step.seeds)); strings.Join(got, "\n") != strings.Join(step.want, "\n") {
			t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(step.want, "\n"))
		}
		// The site is built in the previous one's scaffold: a folder of
		// the previous site this one does not have (batch 12's, once it
		// is removed) must not linger, empty.
		filepath.WalkDir(out, func(path string, e fs.DirEntry, err error) error {
			if entries, _ := os.ReadDir(path); err == nil && e.IsDir() && len(entries) == 0 {
				t.Errorf("empty folder %s after building %s", path, step.seeds)
			}
			return err
		})
		checkScaffold(t, out)
	}
	if _, err := os.Stat(filepath.Join(out, "batches", "12")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("batches/12 outlived its batch: %v", err)
	}
	if err := os.WriteFile(filepath.Join(out, "data", "designations", "designations.json"), []byte("[{"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "cannot compare: the previous data/designations/designations.json: unexpected end of JSON input"
	if got := changeLines(run(seedDir)); strings.Join(got, "\n") != want {
		t.Errorf("changes after a damaged pilots.json:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// changeLines writes what a build says changed, a line each, for the
// comparisons of TestChanges.
func changeLines(res Result) []string {
	switch {
	case res.CompareErr != nil:
		return []string{"cannot compare: " + res.CompareErr.Error()}
	case !res.Compared:
		return []string{"no previous build"}
	case len(res.Changes) == 0:
		return []string{"no change"}
	}
	var lines []string
	for _, c := range res.Changes {
		switch c.Kind {
		case data.BatchAdded:
			lines = append(lines, fmt.Sprintf("batch %d added: %d rows", c.Batch, c.Rows))
		case data.BatchRemoved:
			lines = append(lines, fmt.Sprintf("batch %d removed: %d rows", c.Batch, c.Rows))
		case data.RowChanged:
			var diffs []string
			for i, f := range data.Fields {
				if c.Was[i] != c.Row[i] {
					diffs = append(diffs, fmt.Sprintf("%s %s → %s", f.Name, c.Was[i], c.Row[i]))
				}
			}
			lines = append(lines, fmt.Sprintf("batch %d row %d changed: %s", c.Batch, c.Seq, strings.Join(diffs, ", ")))
		default:
			lines = append(lines, fmt.Sprintf("batch %d row %d: kind %d: %v", c.Batch, c.Seq, c.Kind, c.Row))
		}
	}
	return lines
}
