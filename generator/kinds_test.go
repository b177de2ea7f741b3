package generator

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/content"
	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/settings"
	"github.com/xuri/excelize/v2"
)

// thirdKind is a made-up kind of list, added through -content alone: a
// new entry in lists.json and a notice that announces such a list.
var thirdKind = lists.Kind{
	ID:         "model_street",
	ZH:         lists.Names{Programme: "城市一刻钟便民生活圈示范街区", List: "城市一刻钟便民生活圈示范街区名单", One: "示范街区", Short: "街区"},
	EN:         lists.Names{Programme: "model streets", List: "15-minute convenient living circle model streets", One: "model street", Many: "model streets", ShortOne: "street", Short: "streets"},
	AnnexWords: []string{"示范街区"},
	CountWords: []string{"示范街区"},
	Slug:       "model-streets",
	DataDir:    "data/model-streets",
	BatchDir:   "data/model-streets/batch-",
	PagePrefix: "model-streets",
}

// contentWith writes a content folder whose lists.json is the built-in
// one with k added, and returns the folder and the file's text.
func contentWith(t *testing.T, k lists.Kind) (string, string) {
	t.Helper()
	var c lists.Catalog
	if err := json.Unmarshal(mustRead(t, "../content/lists.json"), &c); err != nil {
		t.Fatal(err)
	}
	c.Kinds = append(c.Kinds, &k)
	src, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	contentDir := filepath.Join(t.TempDir(), "content")
	if err := os.MkdirAll(contentDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(contentDir, lists.File), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return contentDir, string(src)
}

// TestKindInBatchFolder adds a kind whose data folder is the national
// pilots' folder of batch 3, which the seed holds, or of batch 7, which
// is yet to come: the content folder is refused when it is read (as
// check reads it), naming lists.json, the line of the data_dir and the
// batch that takes the folder, not later by a build that writes
// data/batch-3/datapackage.json twice.
func TestKindInBatchFolder(t *testing.T) {
	for _, n := range []string{"3", "7"} {
		k := thirdKind
		k.DataDir = "data/batch-" + n
		dir, src := contentWith(t, k)
		at := strings.Index(src, `"data_dir": "data/batch-`+n+`"`)
		want := fmt.Sprintf(`lists.json:%d: kind "model_street" data_dir: folder "data/batch-%s" is where kind "pilot" writes its batch %s (batch_dir "data/batch-")`,
			strings.Count(src[:at], "\n")+1, n, n)
		if _, err := Kinds(dir); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("data_dir data/batch-%s: %v, want %s", n, err, want)
		}
	}
}

// thirdKindSite builds the seed and a notice of the third kind, with a
// content folder whose lists.json adds the kind, and returns the site,
// the content folder and the catalog.
func thirdKindSite(t *testing.T) (string, *lists.Catalog) {
	t.Helper()
	contentDir, _ := contentWith(t, thirdKind)
	// The two-list notice, its second list made a list of the third kind.
	notice := strings.NewReplacer("全域推进先行区试点", "示范街区", "全域推进先行区", "示范街区").Replace(string(mustRead(t, "../testdata/two-lists/2024_two_lists.txt")))
	seeds := seedsOf(t, map[string][]byte{"000_b650c5b04f2a9d19.txt": mustRead(t, filepath.Join(seedDir, "000_b650c5b04f2a9d19.txt")), "2024_streets.txt": []byte(notice)})
	kinds, err := Kinds(contentDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(kinds.Kinds) != 3 {
		t.Fatalf("the content folder's lists.json has %d kinds, want 3", len(kinds.Kinds))
	}
	ds, diags := Load(seeds, kinds)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(ds, Options{Out: out, BaseURL: DefaultBaseURL, Content: contentDir}); err != nil {
		t.Fatal(err)
	}
	return out, kinds
}

// TestThirdKind adds a made-up kind of list through -content only: its
// tables, pages, titles, sheet names, schema, Data Package, catalog, feed,
// facets and changelog carry its own names, and nothing of the pilots'.
func TestThirdKind(t *testing.T) {
	site, kinds := thirdKindSite(t)
	k := kinds.Kinds[2]
	noticeTitle := "【测试样例 · 非真实名单】商务部等11部门办公厅（室）关于公布第四批城市一刻钟便民生活圈试点名单和首批示范街区名单的通知"
	listDesc := data.Fields[data.FieldIndex("list")].Desc("en", kinds)
	read := func(rel string) string { return string(mustRead(t, filepath.Join(site, rel))) }
	all, one := k.All(), k.Batch(1)

	// Its files, where its description puts them, titled with its names.
	for _, tb := range []lists.Table{all, one} {
		dir := tb.Dir()
		csv := read(dir + "/model-streets.csv")
		if got := strings.Count(csv, "\n"); got != 6 {
			t.Errorf("%s/model-streets.csv: %d lines, want a header and 5 rows", dir, got)
		}
		if strings.Contains(csv, ",pilot,") || strings.Contains(csv, ",pioneer_zone,") {
			t.Errorf("%s/model-streets.csv holds rows of another list", dir)
		}
		var pkg struct {
			Title     string
			Resources []struct {
				Title  string
				Schema struct{ PrimaryKey []string }
			}
		}
		if err := json.Unmarshal([]byte(read(dir+"/datapackage.json")), &pkg); err != nil {
			t.Fatal(err)
		}
		if pkg.Title != tb.FileTitle() || len(pkg.Resources) != 1 || pkg.Resources[0].Title != tb.Title("en") {
			t.Errorf("%s/datapackage.json: titled %q, its resource %+v; want %q and %q", dir, pkg.Title, pkg.Resources, tb.FileTitle(), tb.Title("en"))
		}
		var schema struct{ Title, Description string }
		if err := json.Unmarshal([]byte(read(dir+"/model-streets.schema.json")), &schema); err != nil {
			t.Fatal(err)
		}
		if schema.Title != tb.FileTitle() || !strings.Contains(schema.Description, "model-streets.json: one object per model street") {
			t.Errorf("%s/model-streets.schema.json: %q, %q", dir, schema.Title, schema.Description)
		}
		wb, err := excelize.OpenFile(filepath.Join(site, dir, "model-streets.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		if sheets := wb.GetSheetList(); sheets[0] != "model-streets" {
			t.Errorf("%s/model-streets.xlsx: sheets %q, want model-streets first", dir, sheets)
		}
		if tables, err := wb.GetTables("model-streets"); err != nil || len(tables) != 1 || tables[0].Name != "model_streets" {
			t.Errorf("%s/model-streets.xlsx: tables %+v (%v), want model_streets", dir, tables, err)
		}
		if err := wb.Close(); err != nil {
			t.Fatal(err)
		}
		// Other lists are named only where every kind is: the notice's
		// own title, quoted as the source, and the list column's values;
		// and the project's name is its own.
		others := strings.NewReplacer(jsonText(t, noticeTitle), "", jsonText(t, listDesc), "", "pilot|pioneer_zone|model_street", "", settings.Default().Publisher.NameEN, "")
		for _, name := range []string{"datapackage.json", "model-streets.schema.json"} {
			if s := others.Replace(read(dir + "/" + name)); regexp.MustCompile(`(?i)\bpilots?\b|试点名单|先行区`).MatchString(s) {
				t.Errorf("%s/%s names another list: %s", dir, name, regexp.MustCompile(`(?i).{0,40}(\bpilots?\b|试点名单|先行区).{0,40}`).FindString(s))
			}
		}
	}

	// The catalog: the kind's series, its batch in it, the identifiers
	// those of their pages.
	catalog := read("data/catalog.jsonld")
	for _, id := range []string{all.DatasetID(DefaultBaseURL), one.DatasetID(DefaultBaseURL)} {
		if !strings.Contains(catalog, `"@id": "`+id+`"`) {
			t.Errorf("catalog.jsonld has no dataset %s", id)
		}
	}
	if !strings.Contains(catalog, "model streets") {
		t.Error("catalog.jsonld does not describe the model streets")
	}
	batchPage := read("model-streets/1/index.html")
	if !strings.Contains(batchPage, one.DatasetID(DefaultBaseURL)) {
		t.Errorf("model-streets/1/index.html does not give its dataset the catalog's identifier %s", one.DatasetID(DefaultBaseURL))
	}
	for _, want := range []string{"街区第1批", "5 个示范街区"} {
		if !strings.Contains(batchPage, want) {
			t.Errorf("model-streets/1/index.html lacks %q", want)
		}
	}
	if en := read("en/model-streets/1/index.html"); !strings.Contains(en, "Model streets, batch 1") || !strings.Contains(en, "5 model streets") {
		t.Error("en/model-streets/1/index.html is not titled Model streets, batch 1 with its 5 model streets")
	}
	// The feed, the changelog and the home's facets and figures.
	if feed := read("feed.xml"); !strings.Contains(feed, "街区第1批：5 个示范街区") || !strings.Contains(feed, "Streets batch 1: 5 model streets") {
		t.Error("feed.xml has no entry naming the model streets' batch")
	}
	if log := read("changelog/index.html"); !strings.Contains(log, "街区第1批") {
		t.Error("the changelog does not list the model streets' batch")
	}
	for page, wants := range map[string][]string{
		"en/index.html":               {"<dt>Streets</dt>", "Batches of streets", `href="../en/model-streets/index.html"`},
		"en/lists/index.html":         {`value="model_street-1"`, `data-batch="model_street-1"`, "Streets batch 1", "Model streets"},
		"en/model-streets/index.html": {"<h1>Model streets</h1>", `data-batch="model_street-1"`, "5 model streets in 1 batch"},
	} {
		for _, want := range wants {
			if !strings.Contains(read(page), want) {
				t.Errorf("%s lacks %q", page, want)
			}
		}
	}
	if dl := read("data/index.html"); !strings.Contains(dl, "城市一刻钟便民生活圈示范街区 · 第1批（本站目前只收录这一批）") {
		t.Error("the downloads page does not caption the model streets' table by its kind")
	}
}

// jsonText is s as JSON writes it inside a string.
func jsonText(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Trim(string(b), `"`)
}

// TestKindsDescribed holds the built-in lists.json to what the code
// needs: it parses, and the published addresses and list values of the
// two kinds stay what they were published as.
func TestKindsDescribed(t *testing.T) {
	c, err := lists.Read(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ id, slug, dir, batch, page string }{
		{"pilot", "pilots", "data", "data/batch-", "batches"},
		{"pioneer_zone", "pioneer-zones", "data/pioneer-zones", "data/pioneer-zones/batch-", "pioneer-zones"},
	}
	for i, w := range want {
		k := c.Kinds[i]
		if k.ID != w.id || k.Slug != w.slug || k.DataDir != w.dir || k.BatchDir != w.batch || k.PagePrefix != w.page {
			t.Errorf("kind %d is %s %s %s %s %s, want %v (published addresses)", i, k.ID, k.Slug, k.DataDir, k.BatchDir, k.PagePrefix, w)
		}
	}
	if all := c.All(); all.Dir() != "data/designations" || all.Base() != "designations" {
		t.Errorf("the combined table is at %s/%s, want data/designations/designations", all.Dir(), all.Base())
	}
}

// TestDatasetIdentifiers checks that every dataset of the catalog has the
// identifier on its landing page, in both languages, that the page gives
// it: one dataset, one identifier.
func TestDatasetIdentifiers(t *testing.T) {
	site := twoListsSite(t)
	var catalog struct {
		Graph []struct {
			Datasets []struct {
				ID      string `json:"@id"`
				Landing struct {
					ID string `json:"@id"`
				} `json:"dcat:landingPage"`
			} `json:"dcat:dataset"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal(mustRead(t, filepath.Join(site, "data", "catalog.jsonld")), &catalog); err != nil {
		t.Fatal(err)
	}
	ld := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	n := 0
	for _, d := range catalog.Graph[0].Datasets {
		page := strings.TrimPrefix(d.Landing.ID, DefaultBaseURL)
		for _, lang := range []string{"", "en/"} {
			html := mustRead(t, filepath.Join(site, filepath.FromSlash(lang+page), "index.html"))
			m := ld.FindSubmatch(html)
			if m == nil || !strings.Contains(string(m[1]), `"@id":"`+d.ID+`"`) {
				t.Errorf("%s%s does not give the dataset the catalog's identifier %s", lang, page, d.ID)
			}
		}
		n++
	}
	if n != 6 { // pilots (all, 3, 4), pioneer zones (all, 1), every list
		t.Errorf("the catalog has %d datasets, want 6", n)
	}
}

// TestLabelsFromKinds checks the titles of every table of the two-list
// site, in its files and in the catalog, against its identity: made from
// the kinds' description, in both languages, not from a list kept here.
func TestLabelsFromKinds(t *testing.T) {
	site := twoListsSite(t)
	kinds := lists.Default()
	pilots, pioneers := kinds.Kinds[0], kinds.Kinds[1]
	tables := []lists.Table{pilots.All(), pilots.Batch(3), pilots.Batch(4), pioneers.All(), pioneers.Batch(1), kinds.All()}
	catalog := string(mustRead(t, filepath.Join(site, "data", "catalog.jsonld")))
	for _, tb := range tables {
		dir := filepath.Join(site, filepath.FromSlash(tb.Dir()))
		var pkg struct {
			Title     string
			Resources []struct{ Name, Title string }
		}
		if err := json.Unmarshal(mustRead(t, filepath.Join(dir, "datapackage.json")), &pkg); err != nil {
			t.Fatal(err)
		}
		if pkg.Title != tb.FileTitle() || len(pkg.Resources) != 1 || pkg.Resources[0].Title != tb.Title("en") || pkg.Resources[0].Name != tb.Slug() {
			t.Errorf("%s/datapackage.json: %q %+v, want %q and a resource %s titled %q", tb.Dir(), pkg.Title, pkg.Resources, tb.FileTitle(), tb.Slug(), tb.Title("en"))
		}
		var schema struct{ Title string }
		if err := json.Unmarshal(mustRead(t, filepath.Join(dir, tb.Base()+".schema.json")), &schema); err != nil {
			t.Fatal(err)
		}
		if schema.Title != tb.FileTitle() {
			t.Errorf("%s/%s.schema.json is titled %q, want %q", tb.Dir(), tb.Base(), schema.Title, tb.FileTitle())
		}
		for _, lang := range []string{"zh", "en"} {
			if want := jsonText(t, tb.Title(lang)); !strings.Contains(catalog, `"@value": "`+want+`"`) {
				t.Errorf("catalog.jsonld has no title %q", want)
			}
		}
		wb, err := excelize.OpenFile(filepath.Join(dir, tb.Base()+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		props, err := wb.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if sheets := wb.GetSheetList(); sheets[0] != tb.Base() || props.Title != tb.FileTitle() {
			t.Errorf("%s/%s.xlsx: sheets %q, titled %q; want %s first, titled %q", tb.Dir(), tb.Base(), sheets, props.Title, tb.Base(), tb.FileTitle())
		}
		if err := wb.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// The batch pages, titled by their kinds in both languages.
	for _, tb := range tables {
		if tb.Scope != lists.OneBatch {
			continue
		}
		en := string(mustRead(t, filepath.Join(site, "en", filepath.FromSlash(tb.Page()), "index.html")))
		title := tb.Kind.EN.Programme
		want := strings.ToUpper(title[:1]) + title[1:] + ", batch " + strconv.Itoa(tb.Batch)
		if !strings.Contains(en, "<h1>"+want+"</h1>") {
			t.Errorf("en/%s is not headed %q", tb.Page(), want)
		}
	}
}

// TestNoticeAnnexes checks that each batch page of a notice of two lists
// shows the notice's every annex, linking the other list's page.
func TestNoticeAnnexes(t *testing.T) {
	site := twoListsSite(t)
	for page, want := range map[string]string{
		"batches/4/index.html":       `<p class="annexes">附件：1.第四批全国城市一刻钟便民生活圈试点名单　2.<a href="../../pioneer-zones/1/index.html">首批城市一刻钟便民生活圈全域推进先行区试点名单</a></p>`,
		"pioneer-zones/1/index.html": `<p class="annexes">附件：1.<a href="../../batches/4/index.html">第四批全国城市一刻钟便民生活圈试点名单</a>　2.首批城市一刻钟便民生活圈全域推进先行区试点名单</p>`,
	} {
		if got := string(mustRead(t, filepath.Join(site, filepath.FromSlash(page)))); !strings.Contains(got, want) {
			t.Errorf("%s lacks %s", page, want)
		}
	}
}
