package generator

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBaseURL checks the addresses -base-url accepts, as every output
// writes them, and those it refuses: a query, a fragment, a user, a port
// out of range; and that a path with a space is escaped once, the same way
// in the sitemap, the feed and the pages.
func TestBaseURL(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"https://example.com", "https://example.com/", ""},
		{"https://example.com:8443/pilots", "https://example.com:8443/pilots/", ""},
		{"https://example.com/a b/", "https://example.com/a%20b/", ""},
		{"https://example.com/a%20b/", "https://example.com/a%20b/", ""},
		{"https://example.com/?q=1#frag", "", "has a query"},
		{"https://example.com/?", "", "has a query"},
		{"https://example.com/#frag", "", "has a fragment"},
		{"https://example.com/#", "", "has a fragment"},
		{"https://example.com:99999/", "", "port 99999 is not a port (1 to 65535)"},
		{"https://example.com:0/", "", "port 0 is not a port"},
		{"https://me@example.com/", "", "has a user name"},
		{"https://:8080/", "", "is not an absolute http(s) address"},
		{"ftp://example.com/", "", "is not an absolute http(s) address"},
	} {
		got, err := CheckBaseURL(tc.in)
		if got != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %q, %v; want %q, %q", tc.in, got, err, tc.want, tc.err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(load(t, seedDir), Options{Out: out, BaseURL: "https://example.com/a b"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sitemap.xml", "feed.xml", "index.html", "en/about/index.html", "robots.txt", "data/catalog.jsonld"} {
		b := string(mustRead(t, filepath.Join(out, name)))
		if strings.Contains(b, "example.com/a b") || strings.Contains(b, "a%2520b") || !strings.Contains(b, "https://example.com/a%20b/") {
			t.Errorf("%s: the base URL not escaped once", name)
		}
	}
}
