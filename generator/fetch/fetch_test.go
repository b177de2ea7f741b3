package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/medium"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/generator/provenance"
)

// media is the medium package's fixtures, made by real producers.
const media = "../../testdata/media"

// ministry is a test server in the shape of the ministry's site, serving
// the seed's notice as a page that links its annex: the page in GBK under
// a stale <meta charset="utf-8"> (the header says GBK), its annex under
// the server's name.
func ministry(t *testing.T) (*httptest.Server, [][]byte, func(annex []byte)) {
	t.Helper()
	utf8Page, err := os.ReadFile(filepath.Join(media, "complete", "notice.html"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := simplifiedchinese.GBK.NewEncoder().Bytes(utf8Page)
	if err != nil {
		t.Fatal(err)
	}
	annex, err := os.ReadFile(filepath.Join(media, "annex.docx"))
	if err != nil {
		t.Fatal(err)
	}
	served := annex // what the annex's address serves; revise changes it
	var mu sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("/article/zwgk/gkgztz/202309/20230903438152.shtml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=GBK")
		w.Header().Set("Last-Modified", "Fri, 08 Sep 2023 08:20:00 GMT") // the page's own date wins
		w.Write(page)
	})
	mux.HandleFunc("/cms/202309/P020230907336418960218.docx", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		w.Header().Set("ETag", `"annex-1"`)
		mu.Lock()
		defer mu.Unlock()
		w.Write(served)
	})
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	return srv, [][]byte{page, annex}, func(b []byte) {
		mu.Lock()
		defer mu.Unlock()
		served = b
	}
}

// options returns Options for srv: its certificate trusted, a fixed clock.
func options(t *testing.T, srv *httptest.Server) Options {
	c := NewClient()
	c.Transport.(*http.Transport).TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig
	return Options{Seeds: t.TempDir(), Client: c, Timeout: 5 * time.Second, Now: func() time.Time { return time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC) }}
}

// TestFetch fetches the seed's notice through a redirect from http to
// https: the page kept as served, its charset recorded, the annex under
// the server's name, the record whole; the folder read as the build reads
// it gives the seed's 70 rows; fetched again, nothing changes; with other
// bytes, a revision is kept beside the first.
func TestFetch(t *testing.T) {
	srv, bodies, revise := ministry(t)
	redirect := httptest.NewServer(http.RedirectHandler(srv.URL+"/article/zwgk/gkgztz/202309/20230903438152.shtml", http.StatusMovedPermanently))
	t.Cleanup(redirect.Close)
	o := options(t, srv)
	res, err := Fetch(context.Background(), redirect.URL+"/article/zwgk/gkgztz/202309/20230903438152.shtml", o)
	if err != nil {
		t.Fatal(err)
	}
	if got := filepath.Base(res.Folder); got != "2023-09-07_20230903438152" {
		t.Errorf("folder %q", got)
	}
	page, annex := res.Record.Files[0], res.Record.Files[1]
	if len(res.Record.Files) != 2 || page.Name != "20230903438152.shtml" || page.Charset != "GBK" || !strings.HasPrefix(page.FinalURL, "https://") ||
		annex.Name != "P020230907336418960218.docx" || annex.ETag != `"annex-1"` || annex.SHA256 != provenance.Sum(bodies[1]) || annex.Size != int64(len(bodies[1])) {
		t.Errorf("record %+v", res.Record)
	}
	kept, err := os.ReadFile(filepath.Join(res.Folder, page.Name))
	if err != nil || !bytes.Equal(kept, bodies[0]) {
		t.Errorf("the page is not kept as served: %v", err)
	}
	entry, n := readSeeds(t, o.Seeds)
	if len(n.Lists) != 1 || n.Lists[0].Count != 70 {
		t.Fatalf("lists %v", n.Lists)
	}

	again, err := Fetch(context.Background(), redirect.URL+"/article/zwgk/gkgztz/202309/20230903438152.shtml", o)
	if err != nil || !again.Unchanged || again.Folder != res.Folder {
		t.Errorf("fetched again: %+v, %v", again, err)
	}
	if names := dirNames(t, o.Seeds); len(names) != 1 {
		t.Errorf("seeds hold %v after fetching the same bytes again", names)
	}
	if err := os.WriteFile(filepath.Join(res.Folder, annex.Name), []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs := medium.Read(entry)
	if len(errs) == 0 || errs[0].Code != diag.Edited || !strings.Contains(errs[0].Error(), annex.Name) {
		t.Errorf("a hand-edited file: %v", errs)
	}
	revise(append(slices.Clone(bodies[1]), 0))
	rev, err := Fetch(context.Background(), redirect.URL+"/article/zwgk/gkgztz/202309/20230903438152.shtml", o)
	if err != nil || rev.RevisionOf != res.Folder || filepath.Base(rev.Folder) != "2023-09-07_20230903438152-2" {
		t.Errorf("a revision: %+v, %v", rev, err)
	}
}

// TestDispositionNames keeps an attachment under the name its server gives
// in raw GBK bytes, and reduces hostile names to safe base names.
func TestDispositionNames(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("附件1.docx")
	for _, tc := range []struct{ header, want string }{
		{`attachment; filename="` + gbk + `"`, "附件1.docx"},
		{"attachment; filename=\"附件1.docx\"", "附件1.docx"},
		{`attachment; filename*=UTF-8''%E9%99%84%E4%BB%B62.pdf`, "附件2.pdf"},
		{`attachment; filename="%E9%99%84%E4%BB%B63.pdf"`, "附件3.pdf"},
		{`attachment; filename="../../etc/passwd"`, "passwd.docx"},
		{`attachment; filename="a/b\\c.docx"`, "c.docx"},
		{"attachment; filename=\"x\x00y.docx\"", "xy.docx"},
		{"attachment; filename=\"\u202excod.exe\"", "xcod.exe.docx"},
		{`attachment; filename=".hidden.docx"`, "hidden.docx"},
		{`attachment; filename="..."`, "P1.docx"},
		{`attachment; filename="provenance.json"`, "_provenance.json.docx"},
		{"", "P1.docx"},
	} {
		u, _ := CheckURL("https://a.example/cms/P1.docx")
		if got := attachmentName(tc.header, u); got != tc.want {
			t.Errorf("%q: name %q, want %q", tc.header, got, tc.want)
		}
	}
}

// TestHostileServers refuses each hostile answer with its message, and
// leaves the seeds folder as it was.
func TestHostileServers(t *testing.T) {
	big := bytes.Repeat([]byte("a"), 2<<20)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(big)
	zw.Close()
	mux := http.NewServeMux()
	mux.Handle("/to-file", http.RedirectHandler("file:///etc/passwd", http.StatusFound))
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(big) })
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz.Bytes())
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		for range 100 {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(time.Second):
			}
		}
	})
	mux.HandleFunc("/links-404", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<html><body><p>通知</p><a href="/missing.pdf">附件1</a></body></html>`))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	for _, tc := range []struct{ path, want string }{
		{"/to-file", "a redirect to a file: address, which is not followed (only http and https)"},
		{"/loop", "more than 5 redirects (a loop?)"},
		{"/big", "more than the 1048576 bytes a notice's file may have"},
		{"/gzip", "more than the 1048576 bytes a notice's file may have"},
		{"/slow", "no whole answer within 2s"},
		{"/links-404", "/missing.pdf: the server answered 404 Not Found"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			o := Options{Seeds: t.TempDir(), MaxSize: 1 << 20, Timeout: 2 * time.Second}
			if err := os.WriteFile(filepath.Join(o.Seeds, "kept.txt"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Fetch(context.Background(), srv.URL+tc.path, o)
			var fe *Error
			if !errors.As(err, &fe) || !strings.HasSuffix(err.Error(), tc.want) {
				t.Errorf("error %v, want one ending %q", err, tc.want)
			}
			if names := dirNames(t, o.Seeds); !slices.Equal(names, []string{"kept.txt"}) {
				t.Errorf("seeds hold %v after a failed fetch", names)
			}
		})
	}
	if _, err := Fetch(context.Background(), "ftp://a.example/x", Options{Seeds: t.TempDir()}); err == nil {
		t.Error("an ftp address was fetched")
	}
}

// dirNames lists a folder's names.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestReviewCases: a redirect from https down to http is refused; a page
// linking more attachments than a notice has is refused, not cut short;
// the same notice fetched over http after https is the same notice; a
// notice whose date is known nowhere gets a folder name that stays the
// same.
func TestReviewCases(t *testing.T) {
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/many.html":
			var b strings.Builder
			for i := range 60 {
				fmt.Fprintf(&b, `<a href="/f%d.pdf">附件%d</a>`, i, i)
			}
			w.Write([]byte(b.String()))
		case "/undated.html":
			w.Write([]byte("<p>通知</p>"))
		default:
			w.Write([]byte("<p>x</p>"))
		}
	}))
	t.Cleanup(plain.Close)
	down := httptest.NewTLSServer(http.RedirectHandler(plain.URL+"/x.html", http.StatusFound))
	t.Cleanup(down.Close)
	o := options(t, down)
	if _, err := Fetch(context.Background(), down.URL+"/x.html", o); err == nil || !strings.HasSuffix(err.Error(), "a redirect from https down to http, which is not followed") {
		t.Errorf("https to http: %v", err)
	}
	if _, err := Fetch(context.Background(), plain.URL+"/many.html", o); err == nil || !strings.HasSuffix(err.Error(), "the page links more than 50 attachments: not a notice's page") {
		t.Errorf("60 attachment links: %v", err)
	}
	res, err := Fetch(context.Background(), plain.URL+"/undated.html", o)
	if err != nil || filepath.Base(res.Folder) != "undated_undated" {
		t.Fatalf("an undated notice: %+v, %v", res, err)
	}
	// The record names it over https: fetched over http, it is the same.
	rec, err := provenance.Read(res.Folder)
	if err != nil {
		t.Fatal(err)
	}
	rec.Notice = strings.Replace(rec.Notice, "http://", "https://", 1)
	if err := rec.Write(res.Folder); err != nil {
		t.Fatal(err)
	}
	again, err := Fetch(context.Background(), plain.URL+"/undated.html", o)
	if err != nil || !again.Unchanged {
		t.Errorf("the same notice over http: %+v, %v", again, err)
	}
	if names := dirNames(t, o.Seeds); len(names) != 1 {
		t.Errorf("seeds hold %v", names)
	}
}

// TestDispositionFetched fetches a page whose annex the server sends
// under a Content-Disposition name in raw GBK bytes: the file is kept
// under that name, and the folder reads as the build reads it, to its 70
// rows.
func TestDispositionFetched(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(media, "complete", "notice.html"))
	if err != nil {
		t.Fatal(err)
	}
	annex, err := os.ReadFile(filepath.Join(media, "annex.docx"))
	if err != nil {
		t.Fatal(err)
	}
	gbkName, _ := simplifiedchinese.GBK.NewEncoder().String("全国第三批城市一刻钟便民生活圈试点名单.docx")
	mux := http.NewServeMux()
	mux.HandleFunc("/notice.html", func(w http.ResponseWriter, r *http.Request) { w.Write(page) })
	mux.HandleFunc("/cms/202309/P020230907336418960218.docx", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Disposition", `attachment; filename="`+gbkName+`"`)
		w.Write(annex)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	o := Options{Seeds: t.TempDir(), Timeout: 5 * time.Second}
	res, err := Fetch(context.Background(), srv.URL+"/notice.html", o)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Record.Files[1].Name; got != "全国第三批城市一刻钟便民生活圈试点名单.docx" {
		t.Errorf("the annex is kept as %q", got)
	}
	if _, n := readSeeds(t, o.Seeds); len(n.Lists) != 1 || n.Lists[0].Count != 70 {
		t.Errorf("lists %v", n.Lists)
	}
}

// readSeeds reads the one notice of the seeds folder as the build reads
// it, failing on any problem.
func readSeeds(t *testing.T, seeds string) (medium.Entry, *notice.Notice) {
	t.Helper()
	entries, errs := medium.Find(seeds)
	if len(errs) > 0 || len(entries) != 1 {
		t.Fatalf("entries %v, %v", entries, errs)
	}
	rec, errs := medium.Read(entries[0])
	if rec == nil || len(errs) > 0 {
		t.Fatalf("read: %v", errs)
	}
	n, errs := notice.Parse(rec, lists.Default())
	if errs = append(errs, n.Check()...); len(errs) > 0 {
		t.Fatalf("parsed: %v", errs)
	}
	return entries[0], n
}
