package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/lists"
)

// TestSiteSettings builds the seed with a portal's own site.toml in its
// -content folder: its address, report address and publisher reach the
// pages, the feed, the Data Package, the catalog and the workbook, and a
// flag overrides the address it gives. A site.toml with an unknown key is
// an option error naming its line.
func TestSiteSettings(t *testing.T) {
	contentDir := t.TempDir()
	toml := `base_url = "https://data.portal.example/living-circle/"
report_url = "mailto:data@portal.example"
[publisher]
name_zh = "某省数据开放平台"
name_en = "A Province Open Data Portal"
url = "https://portal.example/"
email = "data@portal.example"
`
	if err := os.WriteFile(filepath.Join(contentDir, "site.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, diags := Load(seedDir, lists.Default())
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(ds, Options{Out: out, Content: contentDir}); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string][]string{
		"index.html":            {"https://data.portal.example/living-circle/", "某省数据开放平台", "mailto:data@portal.example"},
		"en/data/index.html":    {"A Province Open Data Portal"},
		"feed.xml":              {"A Province Open Data Portal", "https://data.portal.example/living-circle/feed.xml"},
		"data/datapackage.json": {`"title": "A Province Open Data Portal"`},
		"data/catalog.jsonld":   {"A Province Open Data Portal", "mailto:data@portal.example", "https://portal.example/"},
		"cite/index.html":       {"某省数据开放平台. ", "A Province Open Data Portal"},
	} {
		b, err := os.ReadFile(filepath.Join(out, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s does not hold %q", file, w)
			}
		}
		if strings.Contains(string(b), "bianmin pilots open-data project") || strings.Contains(string(b), DefaultBaseURL) {
			t.Errorf("%s still names the built-in publisher or address", file)
		}
	}
	out2 := filepath.Join(t.TempDir(), "public")
	if _, err := Build(ds, Options{Out: out2, Content: contentDir, BaseURL: "https://flag.example/"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out2, "sitemap.xml")); !strings.Contains(string(b), "https://flag.example/") || strings.Contains(string(b), "data.portal.example") {
		t.Error("the -base-url flag does not override site.toml")
	}
	if err := os.WriteFile(filepath.Join(contentDir, "site.toml"), []byte(toml+"colour = \"red\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(ds, Options{Out: out, Content: contentDir})
	var oe *OptionError
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), `site.toml:8: unknown key "publisher.colour"`) {
		t.Errorf("an unknown key: %v", err)
	}
}
