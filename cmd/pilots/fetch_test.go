package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/bianmin-data/pilots/generator/provenance"
)

// TestWatchFetchBuild runs what the scheduled workflow runs, against a
// test server in the shape of the ministry's site: watch -fetch finds the
// one notice on the listing and fetches it (exit 3), watch again finds
// nothing new (exit 0), and the build gives its 70 rows with the annex
// published beside its batch, in SHA256SUMS, linked from the batch page
// and named by the Data Package and the DCAT catalog.
func TestWatchFetchBuild(t *testing.T) {
	page, err := os.ReadFile("../../testdata/media/complete/notice.html")
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(page)
	if err != nil {
		t.Fatal(err)
	}
	annex, err := os.ReadFile("../../testdata/media/annex.docx")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/article/zwgk/gkgztz/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<ul><li><a href="202309/20230903438152.shtml">商务部等13部门办公厅（室）关于公布全国第三批城市一刻钟便民生活圈试点名单的通知</a> 2023-09-07</li></ul>`))
	})
	mux.HandleFunc("/article/zwgk/gkgztz/202309/20230903438152.shtml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=GBK")
		w.Write(gbk)
	})
	mux.HandleFunc("/cms/202309/P020230907336418960218.docx", func(w http.ResponseWriter, r *http.Request) { w.Write(annex) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	seeds, out := filepath.Join(dir, "seeds"), filepath.Join(dir, "public")
	if err := os.Mkdir(seeds, 0o755); err != nil {
		t.Fatal(err)
	}
	listing := srv.URL + "/article/zwgk/gkgztz/"
	var stdout, stderr strings.Builder
	if code := run([]string{"watch", "-seeds", seeds, "-fetch", listing}, &stdout, &stderr); code != 3 {
		t.Fatalf("watch -fetch: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "new: 2023-09-07 "+srv.URL+"/article/zwgk/gkgztz/202309/20230903438152.shtml") ||
		!strings.Contains(stdout.String(), "list 1: pilots batch 3 (pilot), 70 rows (70 stated)") {
		t.Errorf("watch -fetch printed:\n%s", stdout.String())
	}
	stdout.Reset()
	if code := run([]string{"watch", "-seeds", seeds, listing}, &stdout, &stderr); code != 0 || stdout.String() != "no new notice\n" {
		t.Errorf("watch again: exit %d, %q %s", code, stdout.String(), stderr.String())
	}
	if code := run([]string{"build", "-q", "-seeds", seeds, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	folder := "2023-09-07_20230903438152"
	rel := "sources/" + folder + "/P020230907336418960218.docx"
	published, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil || !bytes.Equal(published, annex) {
		t.Fatalf("the annex is not published as retrieved at %s: %v", rel, err)
	}
	sum := provenance.Sum(annex)
	for file, want := range map[string]string{
		"SHA256SUMS":                    sum + "  " + rel,
		"batches/3/index.html":          sum,
		"data/batch-3/datapackage.json": "/" + rel,
		"data/catalog.jsonld":           "http://www.w3.org/ns/prov#wasDerivedFrom",
		"data/batch-3/pilots.csv":       "70,新疆维吾尔自治区",
		"en/batches/3/index.html":       "../../" + rel,
	} {
		b, err := os.ReadFile(filepath.Join(out, file))
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s does not hold %q (%v)", file, want, err)
		}
	}
}
