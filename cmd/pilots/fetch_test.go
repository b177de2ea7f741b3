package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/bianmin-data/pilots/generator/provenance"
)

// ministrySite is a test server in the shape of the ministry's site: a
// listing page linking the seed's notice, the notice's page in GBK (its
// header says so) linking its annex, and the annex, which it returns.
func ministrySite(t *testing.T) (*httptest.Server, []byte) {
	t.Helper()
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
	return srv, annex
}

// TestWatchFetchBuild runs what the scheduled workflow runs, against a
// test server in the shape of the ministry's site: watch -fetch finds the
// one notice on the listing and fetches it (exit 3), watch again finds
// nothing new (exit 0), and the build gives its 70 rows with the annex
// published beside its batch, in SHA256SUMS, linked from the batch page
// and named by the Data Package and the DCAT catalog.
func TestWatchFetchBuild(t *testing.T) {
	srv, annex := ministrySite(t)
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

// TestOpenPulls runs the watch workflow's second step, .github/open-pulls.sh,
// on a clone whose seeds/ the first step (watch -fetch, against the test
// server) gave a new notice's folder: the folder is committed on a branch
// of its own, pushed, and a pull request asked for (gh, here a stand-in
// that records its arguments), titled with the notice's title.
func TestOpenPulls(t *testing.T) {
	for _, tool := range []string{"git", "sh"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is needed", tool)
			}
			t.Skipf("no %s", tool)
		}
	}
	srv, _ := ministrySite(t)
	dir := t.TempDir()
	remote, clone := filepath.Join(dir, "remote.git"), filepath.Join(dir, "clone")
	git := func(in string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = in
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git(dir, "init", "-q", "--bare", "-b", "main", remote)
	git(dir, "clone", "-q", remote, clone)
	if err := os.MkdirAll(filepath.Join(clone, "seeds"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(clone, "seeds", ".keep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	git(clone, "checkout", "-q", "-b", "main")
	git(clone, "add", ".")
	git(clone, "commit", "-q", "-m", "start")
	git(clone, "push", "-q", "origin", "main")

	var stdout, stderr strings.Builder
	if code := run([]string{"watch", "-seeds", filepath.Join(clone, "seeds"), "-fetch", srv.URL + "/article/zwgk/gkgztz/"}, &stdout, &stderr); code != 3 {
		t.Fatalf("watch -fetch: exit %d\n%s", code, stderr.String())
	}
	log := filepath.Join(dir, "watch.log")
	if err := os.WriteFile(log, []byte(stdout.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	asked := filepath.Join(dir, "gh.args")
	if err := os.WriteFile(filepath.Join(bin, "gh"), []byte("#!/bin/sh\nprintf '%s\\n' \"$@\" > "+asked+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("../../.github/open-pulls.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", script, log)
	cmd.Dir = clone
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("open-pulls.sh: %v\n%s", err, out)
	}
	args, err := os.ReadFile(asked)
	if err != nil {
		t.Fatalf("gh was not asked for a pull request: %v", err)
	}
	for _, want := range []string{"--head\nnotice/2023-09-07_20230903438152\n", "--title\n商务部等13部门办公厅（室）关于公布全国第三批城市一刻钟便民生活圈试点名单的通知\n"} {
		if !strings.Contains(string(args), want) {
			t.Errorf("gh was asked %q, without %q", args, want)
		}
	}
	git(dir, "--git-dir", remote, "rev-parse", "--verify", "-q", "refs/heads/notice/2023-09-07_20230903438152:seeds/2023-09-07_20230903438152/provenance.json")
}

// TestFetchSavedByHand refuses to fetch a notice that seeds/ holds saved
// by hand (pasted text whose 来源 is the address): the fetched copy would
// claim its list twice. Nothing is written.
func TestFetchSavedByHand(t *testing.T) {
	srv, _ := ministrySite(t)
	address := srv.URL + "/article/zwgk/gkgztz/202309/20230903438152.shtml"
	pasted, err := os.ReadFile("../../testdata/media/pasted.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(pasted), "\n", 3)
	seeds := t.TempDir()
	if err := os.WriteFile(filepath.Join(seeds, "pasted.txt"), []byte(lines[0]+"\n来源："+address+"\n"+lines[2]), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if code := run([]string{"fetch", "-seeds", seeds, address}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "pasted.txt already holds this notice, saved by hand") {
		t.Errorf("exit %d, %s", code, stderr.String())
	}
	if entries, _ := os.ReadDir(seeds); len(entries) != 1 {
		t.Errorf("seeds hold %d entries after a refused fetch", len(entries))
	}
}
