package generator

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bianmin-data/pilots/generator/internal/clients"
	"github.com/bianmin-data/pilots/generator/serve"
)

// TestLighthouse runs Lighthouse (npm lighthouse, with Chromium) on every
// type of page, at the addresses people open (folders, not index.html),
// in both languages for the home. It fails on any score under 100 in
// accessibility, best practices and SEO, and holds performance to what a
// page costs, counted as Lighthouse counts it, which is the same on any
// machine (costCounted). The performance score itself is timed (the main
// thread's work is measured on the machine, then multiplied), so a busy
// machine of two cores scores a page under 100 that costs what it did on
// a quiet one: the score and its timed metrics are logged, not asserted.
// The site is built for the address it is served at, so that its
// canonical links and sitemap are its own, as on the real host.
// Lighthouse does not load a page answered with 404, so the 404 page is
// left to TestAxe and TestNotFoundPage.
func TestLighthouse(t *testing.T) {
	node, modules := clients.NodeModules(t, "lighthouse")
	chrome := clients.Find(t, "Chromium", "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
	var h atomic.Value // the site's handler, once it is built for the server's address
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Load().(http.Handler).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(load(t, seedDir), Options{Out: out, BaseURL: srv.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	site, err := serve.Handler(out)
	if err != nil {
		t.Fatal(err)
	}
	h.Store(site)

	for _, p := range []string{
		"", "en/", "lists/", "en/batches/", "batches/3/", "provinces/320000/", "en/areas/321200.html", "about/", "en/dictionary/", "data/",
	} {
		r := lighthouse(t, node, modules, chrome, srv.URL+"/"+p)
		for _, c := range []string{"accessibility", "best-practices", "seo"} {
			if f := r.under100(c); f != "" {
				t.Errorf("%s: %s", p, f)
			}
		}
		for _, f := range r.costCounted(t, srv.URL+"/") {
			t.Errorf("%s: performance: %s", p, f)
		}
		a := r.Audits
		t.Logf("%s: performance (timed) %s; FCP %.0f ms, LCP %.0f ms, TBT %.0f ms, speed index %.0f ms", p, r.under100("performance"),
			a["first-contentful-paint"].NumericValue, a["largest-contentful-paint"].NumericValue, a["total-blocking-time"].NumericValue, a["speed-index"].NumericValue)
	}
}

// maxRequests is the most requests a page makes: itself, its stylesheet,
// its script and its icon, and room for a picture.
const maxRequests = 6

// report is what the tests read of a Lighthouse report.
type report struct {
	Categories map[string]struct {
		Score     *float64
		AuditRefs []struct{ ID string }
	}
	Audits map[string]struct {
		Title        string
		Score        *float64
		NumericValue float64
		Details      struct {
			OverallSavingsBytes *float64
			Items               json.RawMessage // a list of objects, in the audits urls reads
		}
	}
}

// lighthouse runs Lighthouse on address and returns its report.
func lighthouse(t *testing.T, node, modules, chrome, address string) *report {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.json")
	cmd := exec.Command(node, filepath.Join(modules, "lighthouse", "cli", "index.js"), address,
		"--quiet", "--output=json", "--output-path="+out, "--only-categories=performance,accessibility,best-practices,seo",
		"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage")
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("lighthouse %s: %v\n%s", address, err, b)
	}
	var r report
	if err := json.Unmarshal(mustRead(t, out), &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// under100 says how category c scored, with its audits under 100, when
// it scored under 100; "" when it scored 100.
func (r *report) under100(c string) string {
	cat, ok := r.Categories[c]
	if ok && cat.Score != nil && *cat.Score >= 1 {
		return ""
	}
	var under []string
	for _, ref := range cat.AuditRefs {
		if a := r.Audits[ref.ID]; a.Score != nil && *a.Score < 1 {
			under = append(under, ref.ID+" ("+a.Title+")")
		}
	}
	score := -1.0
	if cat.Score != nil {
		score = *cat.Score * 100
	}
	return fmt.Sprintf("%s %.0f; audits under 100: %v", c, score, under)
}

// urls are the addresses an audit lists, such as each request of
// network-requests.
func (r *report) urls(t *testing.T, id string) []string {
	t.Helper()
	var items []struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(r.Audits[id].Details.Items, &items); err != nil {
		t.Fatalf("lighthouse %s: %v", id, err)
	}
	var urls []string
	for _, it := range items {
		urls = append(urls, it.URL)
	}
	return urls
}

// costCounted says what a page costs beyond the bounds of a page that
// scores 100 in performance, each counted, none timed: no byte that
// Lighthouse finds to save (compression, minification, unused CSS and
// script, images), no layout shift, its bytes in all as its audit of them
// scores 100, at most maxRequests requests, all to the site (base), and
// no redirect. (Which resources Lighthouse lists as blocking the first
// paint depends on the times it measured: the script at the end of the
// body is listed on a busy machine.)
func (r *report) costCounted(t *testing.T, base string) []string {
	t.Helper()
	var out []string
	a := r.Audits
	for _, id := range slices.Sorted(maps.Keys(a)) {
		if saved := a[id].Details.OverallSavingsBytes; saved != nil && *saved > 0 {
			out = append(out, fmt.Sprintf("%s: %.0f bytes to save", id, *saved))
		}
	}
	if cls := a["cumulative-layout-shift"].NumericValue; cls != 0 {
		out = append(out, fmt.Sprintf("layout shifts of %g", cls))
	}
	if w := a["total-byte-weight"]; w.Score == nil || *w.Score < 1 {
		out = append(out, fmt.Sprintf("%.0f bytes in all", w.NumericValue))
	}
	requests := r.urls(t, "network-requests")
	if len(requests) > maxRequests || len(requests) == 0 {
		out = append(out, fmt.Sprintf("%d requests, want 1 to %d: %v", len(requests), maxRequests, requests))
	}
	for _, q := range requests {
		if !strings.HasPrefix(q, base) {
			out = append(out, "a request outside the site: "+q)
		}
	}
	if s := a["redirects"].Score; s != nil && *s < 1 {
		out = append(out, "redirects")
	}
	return out
}
