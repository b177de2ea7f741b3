package site

import (
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"
)

// TestSmallSiteCrawl renders the small site of two lists and follows every
// relative link of every page: each leads to a file the site wrote. Every
// kind of page is there, in both languages.
func TestSmallSiteCrawl(t *testing.T) {
	got := &files{m: map[string][]byte{}}
	if err := testSite().Render(got.create); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"index.html", "lists/index.html", "batches/index.html", "pioneer-zones/index.html",
		"batches/4/index.html", "pioneer-zones/1/index.html", "provinces/420000/index.html", "areas/420500.html",
		"data/index.html", "about/index.html", "dictionary/index.html", "method/index.html", "cite/index.html", "changelog/index.html"} {
		for _, p := range []string{page, "en/" + page} {
			if got.m[p] == nil {
				t.Errorf("no page %s", p)
			}
		}
	}
	href := regexp.MustCompile(`(?:href|src)="([^"]+)"`)
	links := 0
	for p, b := range got.m {
		if !strings.HasSuffix(p, ".html") || p == "404.html" {
			continue
		}
		for _, m := range href.FindAllStringSubmatch(string(b), -1) {
			u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
			if err != nil {
				t.Errorf("%s: %q is no address", p, m[1])
				continue
			}
			if u.IsAbs() || u.Path == "" || strings.HasPrefix(m[1], "/") {
				continue // another site, or a fragment of this page
			}
			target := path.Join(path.Dir(p), u.Path)
			if strings.HasSuffix(u.Path, "/") {
				target += "/index.html"
			}
			if strings.HasPrefix(target, "data/") || strings.HasPrefix(target, "assets/") || strings.HasPrefix(target, "charts/") || strings.HasPrefix(target, "en/charts/") {
				continue // the downloads and assets, written by other stages
			}
			links++
			if got.m[target] == nil {
				t.Errorf("%s links %s, which the site does not have", p, m[1])
			}
		}
	}
	if links < 100 {
		t.Errorf("only %d links followed", links)
	}
}
