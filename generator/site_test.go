package generator

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/bianmin-data/pilots/bench/synth"
	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/internal/clients"
	"github.com/bianmin-data/pilots/generator/lists"
)

// htmlPages lists the HTML pages of a site, by slash-separated path.
func htmlPages(t testing.TB, site string) []string {
	t.Helper()
	var pages []string
	for name := range files(t, site) {
		if strings.HasSuffix(name, ".html") {
			pages = append(pages, name)
		}
	}
	sort.Strings(pages)
	return pages
}

// templateAction matches what an unexecuted template action looks like.
var templateAction = regexp.MustCompile(`\{\{-? *(\.|\$|end|if|range|with|template|define|block)`)

// TestCrawl reads every page of the built site as a crawler would: every
// relative link and asset resolves to a file, nothing is double-escaped,
// no template leftovers, and every page has a lang, a title, a
// description, a canonical link, hreflang alternates and exactly one h1.
func TestCrawl(t *testing.T) {
	crawl(t, seedSite(t))
	crawl(t, twoListsSite(t))
}

// TestCrawlLarge builds a table long enough to be split over pages and
// crawls it: the lists page stops at pageRows, batch and province lists have
// pages of their own, and every link between them resolves.
func TestCrawlLarge(t *testing.T) {
	site := build(t, seedsOf(t, synth.Notices(2500, 1500)))
	crawl(t, site)
	all := string(mustRead(t, filepath.Join(site, "en", "lists", "index.html")))
	if n := strings.Count(all, "<tr data-batch="); n != 1000 || !strings.Contains(all, "The first 1000 rows of 2500 designated areas") {
		t.Errorf("the lists page lists %d rows", n)
	}
	for _, p := range []string{"batches/1/2/index.html", "en/batches/1/2/index.html", "provinces/110000/index.html"} {
		if _, err := os.Stat(filepath.Join(site, p)); err != nil {
			t.Errorf("missing page %s", p)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "batches", "2", "2")); err == nil {
		t.Error("batch 2 has 1000 rows and needs no second page")
	}
	page2 := string(mustRead(t, filepath.Join(site, "batches", "1", "2", "index.html")))
	if n := strings.Count(page2, "<tr>\n<td lang=\"zh-CN\">"); n != 500 || !strings.Contains(page2, `aria-current="page">2</span>`) {
		t.Errorf("batch 1 page 2 lists %d rows", n)
	}
}

// crawl checks every page of a built site.
func crawl(t *testing.T, site string) {
	pages := htmlPages(t, site)
	if len(pages) < 20 {
		t.Fatalf("only %d pages", len(pages))
	}
	for _, p := range pages {
		raw := mustRead(t, filepath.Join(site, filepath.FromSlash(p)))
		for _, bad := range []string{"&amp;lt;", "&amp;gt;", "&amp;amp;", "&amp;quot;", "&amp;#", "<no value>", "%!", "ZgotmplZ"} {
			if bytes.Contains(raw, []byte(bad)) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
		if m := templateAction.Find(raw); m != nil {
			t.Errorf("%s contains a template action %q", p, m)
		}
		doc, err := html.Parse(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var h1, titles int
		var title, desc, canonical string
		alternates := map[string]bool{}
		walk(doc, func(n *html.Node) {
			switch n.Data {
			case "html":
				if attr(n, "lang") == "" {
					t.Errorf("%s: <html> without lang", p)
				}
			case "h1":
				h1++
			case "title":
				if n.Parent != nil && n.Parent.Data == "head" {
					titles++
					if n.FirstChild != nil {
						title = n.FirstChild.Data
					}
				}
			case "meta":
				if attr(n, "name") == "description" {
					desc = attr(n, "content")
				}
			case "link":
				switch attr(n, "rel") {
				case "canonical":
					canonical = attr(n, "href")
				case "alternate":
					if h := attr(n, "hreflang"); h != "" {
						alternates[h] = true
					}
				}
			case "script":
				if attr(n, "type") == "application/ld+json" {
					var v struct {
						Type  string           `json:"@type"`
						Graph []map[string]any `json:"@graph"`
					}
					if n.FirstChild == nil || json.Unmarshal([]byte(n.FirstChild.Data), &v) != nil || v.Type != "Dataset" && len(v.Graph) == 0 {
						t.Errorf("%s: JSON-LD does not parse as a Dataset or a graph of them", p)
					}
					for _, d := range v.Graph {
						if d["@type"] != "Dataset" {
							t.Errorf("%s: a %v in the JSON-LD graph", p, d["@type"])
						}
					}
				}
			}
			for _, a := range []string{"href", "src"} {
				if v := attr(n, a); v != "" {
					checkLink(t, site, p, n, v)
				}
			}
		})
		if h1 != 1 || titles != 1 || strings.TrimSpace(title) == "" || strings.TrimSpace(desc) == "" {
			t.Errorf("%s: %d h1, %d titles %q, description %q", p, h1, titles, title, desc)
		}
		if p != "404.html" && (!strings.HasPrefix(canonical, DefaultBaseURL) || !alternates["zh-CN"] || !alternates["en"] || !alternates["x-default"]) {
			t.Errorf("%s: canonical %q, alternates %v", p, canonical, alternates)
		}
	}
}

// checkLink checks one href or src of page p.
func checkLink(t *testing.T, site, p string, n *html.Node, link string) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Errorf("%s: bad link %q", p, link)
		return
	}
	switch {
	case u.Scheme == "" && u.Host == "" && u.Path == "":
		checkAnchor(t, site, p, p, link, u.Fragment) // #fragment or ?query only
		return
	case u.Scheme != "":
		// Absolute addresses are for the outside world and for the places
		// that must be absolute; never for a link between pages.
		if strings.HasPrefix(link, DefaultBaseURL) && n.Data == "a" && p != "404.html" {
			t.Errorf("%s: absolute link %q between pages; links must be relative", p, link)
		}
		return
	}
	if strings.HasPrefix(u.Path, "/") {
		// The 404 page is served at any depth: its links lead from the
		// host's root to the base URL's path, and must be pages there.
		base, _ := url.Parse(DefaultBaseURL)
		if p != "404.html" || !strings.HasPrefix(u.Path, base.Path) {
			t.Errorf("%s: root-relative link %q breaks under a sub-path", p, link)
			return
		}
		u.Path = "/" + strings.TrimPrefix(u.Path, base.Path)
	}
	if strings.HasSuffix(u.Path, "/") {
		t.Errorf("%s: link %q names a folder; file:// needs index.html", p, link)
		return
	}
	target := path.Join(path.Dir(p), u.Path)
	if strings.HasPrefix(u.Path, "/") {
		target = u.Path[1:]
	}
	if target == p && n.Data == "a" && u.Fragment == "" && u.RawQuery == "" && attr(n, "aria-current") != "page" {
		t.Errorf("%s: a link %q to the page itself", p, link)
	}
	if _, err := os.Stat(filepath.Join(site, filepath.FromSlash(target))); err != nil {
		t.Errorf("%s: broken link %q", p, link)
		return
	}
	checkAnchor(t, site, p, target, link, u.Fragment)
}

// checkAnchor checks that the page target, which p links to, has an
// element whose id is the link's fragment, if it has one.
func checkAnchor(t *testing.T, site, p, target, link, fragment string) {
	t.Helper()
	if fragment == "" || !strings.HasSuffix(target, ".html") {
		return
	}
	if !bytes.Contains(mustRead(t, filepath.Join(site, filepath.FromSlash(target))), []byte(` id="`+fragment+`"`)) {
		t.Errorf("%s: link %q to an anchor that %s does not have", p, link, target)
	}
}

func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// TestNuHTMLChecker runs the Nu HTML Checker on every page of the seed's
// site, the two-list site, and the site of the two-list notice as served
// (whose batch pages link the annexes kept), and fails on any error it
// reports.
func TestNuHTMLChecker(t *testing.T) {
	java := clients.Find(t, "java", "java")
	_, modules := clients.NodeModules(t, "vnu-jar")
	site := seedSite(t)
	args := []string{"-jar", filepath.Join(modules, "vnu-jar", "build", "dist", "vnu.jar"), "--errors-only", "--format", "gnu"}
	for _, s := range []string{site, twoListsSite(t), servedSite(t)} {
		for _, p := range htmlPages(t, s) {
			args = append(args, filepath.Join(s, filepath.FromSlash(p)))
		}
	}
	if out := clients.Run(t, "", java, args...); strings.TrimSpace(out) != "" {
		t.Errorf("the Nu HTML Checker reports:\n%s", out)
	}
	if out := clients.Run(t, "", java, args[0], args[1], "--errors-only", "--css", filepath.Join(site, "assets", "style.css")); strings.TrimSpace(out) != "" {
		t.Errorf("the Nu HTML Checker reports on the stylesheet:\n%s", out)
	}
}

// TestHomeWeight keeps the home page, with everything it loads, under
// 150 KB before compression.
func TestHomeWeight(t *testing.T) {
	site := seedSite(t)
	for _, home := range []string{"index.html", "en/index.html"} {
		total := len(mustRead(t, filepath.Join(site, home)))
		for _, asset := range []string{"assets/style.css", "assets/app.js", "assets/favicon.svg"} {
			total += len(mustRead(t, filepath.Join(site, asset)))
		}
		if total > 150_000 {
			t.Errorf("%s weighs %d bytes with its assets, over 150 KB", home, total)
		}
	}
}

// TestREADMEDownloads holds the downloads table of docs/downloads.md to data.Outputs:
// every file written for a table is listed there with who it is for.
func TestREADMEDownloads(t *testing.T) {
	readme := string(mustRead(t, "../docs/downloads.md"))
	pilots := &data.Table{Table: lists.Default().Kinds[0].All()}
	for _, o := range data.Outputs {
		if row := "| `" + o.FileFor(pilots) + "`"; !strings.Contains(readme, row) {
			t.Errorf("docs/downloads.md's table has no row for %s (%s)", o.FileFor(pilots), o.Name)
		}
	}
}
