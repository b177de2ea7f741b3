package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The tests in this file read the site as search engines and harvesters
// do: the sitemap, the schema.org records, the link previews' picture,
// and the downloads pages' lists of files.

// TestSitemapAlternates checks that every address of the sitemap has its
// alternates in both languages and x-default, each a page of the site.
func TestSitemapAlternates(t *testing.T) {
	site := twoListsSite(t)
	var set struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Rel      string `xml:"rel,attr"`
				HrefLang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(mustRead(t, filepath.Join(site, "sitemap.xml")), &set); err != nil {
		t.Fatal(err)
	}
	if len(set.URLs) < 100 {
		t.Fatalf("%d addresses in the sitemap", len(set.URLs))
	}
	for _, u := range set.URLs {
		langs := map[string]string{}
		for _, l := range u.Links {
			if l.Rel == "alternate" {
				langs[l.HrefLang] = l.Href
			}
		}
		if len(langs) != 3 || langs["x-default"] != langs["zh-CN"] || (langs["zh-CN"] != u.Loc && langs["en"] != u.Loc) {
			t.Errorf("%s: alternates %v", u.Loc, langs)
			continue
		}
		for _, href := range langs {
			if !isPage(site, href) {
				t.Errorf("%s: alternate %s is no page of the site", u.Loc, href)
			}
		}
	}
}

// isPage reports whether the absolute address href is a page of site.
func isPage(site, href string) bool {
	rel, ok := strings.CutPrefix(href, DefaultBaseURL)
	if !ok {
		return false
	}
	p, err := url.PathUnescape(rel)
	if err != nil {
		return false
	}
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	_, err = os.Stat(filepath.Join(site, filepath.FromSlash(p)))
	return err == nil
}

// jsonLDOf returns the JSON-LD records of a page.
func jsonLDOf(t *testing.T, site, page string) []map[string]any {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(mustRead(t, filepath.Join(site, filepath.FromSlash(page)))))
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	walk(doc, func(n *html.Node) {
		if n.Data == "script" && attr(n, "type") == "application/ld+json" && n.FirstChild != nil {
			var v map[string]any
			if err := json.Unmarshal([]byte(n.FirstChild.Data), &v); err != nil {
				t.Errorf("%s: %v", page, err)
			}
			graph, _ := v["@graph"].([]any)
			if graph == nil {
				out = append(out, v)
			}
			for _, g := range graph {
				out = append(out, g.(map[string]any))
			}
		}
	})
	return out
}

// TestSchemaOrg checks the schema.org Datasets: one record per table, the
// same @id in both languages, on the downloads page (the landing page the
// DCAT catalog names) and the batch pages only, with the properties
// Google's Dataset Search reads, and every batch a part of its table.
func TestSchemaOrg(t *testing.T) {
	site := twoListsSite(t)
	ids := map[string][]string{} // @id → pages
	records := map[string]map[string]any{}
	for _, p := range htmlPages(t, site) {
		lds := jsonLDOf(t, site, p)
		neutral := strings.TrimPrefix(p, "en/")
		isKind := neutral == "batches/index.html" || neutral == "pioneer-zones/index.html" // a kind's page, not a landing page
		isData := !isKind && (neutral == "data/index.html" || strings.HasPrefix(neutral, "batches/") || strings.HasPrefix(neutral, "pioneer-zones/"))
		if len(lds) > 0 && !isData || len(lds) == 0 && isData && !strings.Contains(strings.TrimPrefix(neutral, "batches/"), "/2/") {
			t.Errorf("%s: %d JSON-LD records", p, len(lds))
		}
		for _, ld := range lds {
			id, _ := ld["@id"].(string)
			ids[id] = append(ids[id], p)
			records[id] = ld
			for _, k := range []string{"identifier", "name", "description", "url", "license", "creator", "includedInDataCatalog", "variableMeasured", "spatialCoverage", "distribution", "temporalCoverage"} {
				if ld[k] == nil {
					t.Errorf("%s: the Dataset has no %s", p, k)
				}
			}
			geo, _ := ld["spatialCoverage"].(map[string]any)["geo"].(map[string]any)
			if geo["@type"] != "GeoShape" || geo["box"] == nil {
				t.Errorf("%s: spatialCoverage without a shape: %v", p, ld["spatialCoverage"])
			}
		}
	}
	for id, pages := range ids {
		if len(pages) != 2 || !slices.Contains(pages, "en/"+strings.TrimPrefix(pages[0], "en/")) || !slices.Contains(pages, strings.TrimPrefix(pages[0], "en/")) {
			t.Errorf("Dataset %s is on %v, want one page in each language", id, pages)
		}
	}
	whole := records[DefaultBaseURL+"data/#dataset"]
	if whole == nil {
		t.Fatalf("no Dataset of every national pilot: %v", ids)
	}
	parts, _ := whole["hasPart"].([]any)
	for _, part := range parts {
		id := part.(map[string]any)["@id"].(string)
		ld := records[id]
		if ld == nil {
			t.Errorf("part %s has no record of its own", id)
			continue
		}
		if up, _ := ld["isPartOf"].(map[string]any); up == nil || up["@id"] != whole["@id"] {
			t.Errorf("%s is not part of %s: %v", id, whole["@id"], ld["isPartOf"])
		}
	}
	if len(parts) != 2 {
		t.Errorf("%d parts of every national pilot, want batches 3 and 4", len(parts))
	}
	pz := records[DefaultBaseURL+"data/#pioneer-zones"]
	if pz == nil || len(pz["hasPart"].([]any)) != 1 || records[DefaultBaseURL+"pioneer-zones/1/#dataset"]["isPartOf"].(map[string]any)["@id"] != pz["@id"] {
		t.Errorf("the pioneer zones' Dataset %v and its batch", pz["hasPart"])
	}
}

// TestPreviewsAndTitles checks the link previews' picture and that every
// page but the home is titled with the site's name too.
func TestPreviewsAndTitles(t *testing.T) {
	site := seedSite(t)
	b, err := os.ReadFile(filepath.Join(site, "charts", "og.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || img.Width != 1200 || img.Height != 630 {
		t.Errorf("og.png: %v %d×%d", err, img.Width, img.Height)
	}
	title := regexp.MustCompile(`<title>([^<]*)</title>`)
	for _, p := range htmlPages(t, site) {
		page := string(mustRead(t, filepath.Join(site, filepath.FromSlash(p))))
		if !strings.Contains(page, `<meta property="og:image" content="`+DefaultBaseURL+"charts/og.png\">") {
			t.Errorf("%s: no og:image", p)
		}
		m := title.FindStringSubmatch(page)
		site := "一刻钟便民生活圈名单"
		if strings.HasPrefix(p, "en/") {
			site = "15-minute living circle lists"
		}
		if strings.TrimPrefix(p, "en/") != "index.html" && (m == nil || !strings.HasSuffix(m[1], " · "+site)) {
			t.Errorf("%s: title %q without the site's name", p, m)
		}
	}
}

// TestDownloadsListedOnce checks that no downloads page lists a file
// twice (the same checksum twice), and that the folders it says hold the
// same rows do: their CSV, JSON, GeoJSON and Parquet files are the same
// bytes.
func TestDownloadsListedOnce(t *testing.T) {
	for _, s := range []struct {
		name string
		site func(testing.TB) string
	}{{"seeds", seedSite}, {"two-lists", twoListsSite}} {
		site := s.site(t)
		// Each data file's line in a table's checksums: its link and
		// checksum.
		row := regexp.MustCompile(`<a href="([^"]+)" download>[^\n]*<code class="hash">([0-9a-f]{64})</code>`)
		data := regexp.MustCompile(`\.(csv|xlsx|parquet|geojson|json)$`)
		for _, p := range []string{"data/index.html", "en/data/index.html", "batches/index.html", "batches/3/index.html"} {
			page := string(mustRead(t, filepath.Join(site, filepath.FromSlash(p))))
			seen := map[string]string{}
			for _, m := range row.FindAllStringSubmatch(page, -1) {
				if !data.MatchString(m[1]) || strings.HasSuffix(m[1], ".schema.json") || strings.HasSuffix(m[1], "datapackage.json") {
					continue
				}
				if seen[m[2]] != "" {
					t.Errorf("%s %s: %s and %s, the same file listed twice", s.name, p, seen[m[2]], m[1])
				}
				seen[m[2]] = m[1]
			}
			if len(seen) == 0 {
				t.Errorf("%s %s: no files listed", s.name, p)
			}
		}
		// Each note of copies follows its table: every data file of the
		// table but the workbook has a twin of the same bytes in each
		// folder the note names.
		page := string(mustRead(t, filepath.Join(site, "data", "index.html")))
		notes := 0
		for _, table := range strings.Split(page, `<section class="dl"`)[1:] {
			end := strings.Index(table, "</section>")
			note := regexp.MustCompile(`(?s)<p class="also">(.*?)</p>`).FindStringSubmatch(table[:end])
			if note == nil {
				continue
			}
			notes++
			for _, dir := range regexp.MustCompile(`<code>([^<]+)</code>`).FindAllStringSubmatch(note[1], -1) {
				for _, m := range row.FindAllStringSubmatch(table[:end], -1) {
					if !data.MatchString(m[1]) || strings.HasSuffix(m[1], ".xlsx") || strings.HasSuffix(m[1], ".schema.json") || strings.HasSuffix(m[1], "datapackage.json") {
						continue
					}
					// The twin has the same extension, all of it
					// (.excel.csv is not .csv): pilots.csv's in
					// data/designations/ is designations.csv.
					b := mustRead(t, filepath.Join(site, "data", filepath.FromSlash(m[1])))
					_, ext, _ := strings.Cut(filepath.Base(m[1]), ".")
					twins, _ := filepath.Glob(filepath.Join(site, filepath.FromSlash(dir[1]), "*."+ext))
					found := false
					for _, tw := range twins {
						if _, twExt, _ := strings.Cut(filepath.Base(tw), "."); twExt == ext && bytes.Equal(b, mustRead(t, tw)) {
							found = true
						}
					}
					if !found {
						t.Errorf("%s: %s has no twin in %s", s.name, m[1], dir[1])
					}
				}
			}
		}
		if s.name == "seeds" && notes != 1 {
			t.Errorf("seeds: %d notes of copies, want the one under the national pilots", notes)
		}
	}
}

// TestChartFiles reads the charts' own files as someone who took them
// away would: each SVG is XML with a title and the source line, its
// counts are those of the chart's CSV, and the CSV counts each province's
// rows of pilots.csv.
func TestChartFiles(t *testing.T) {
	site := seedSite(t)
	want := map[string]int{}
	rows := readCSV(t, filepath.Join(site, "data", "pilots.csv"))
	for _, r := range rows[1:] {
		want[r[slices.Index(rows[0], "province")]]++
	}
	data := readCSV(t, filepath.Join(site, "charts", "pilots-by-province.csv"))
	if strings.Join(data[0], ",") != "province,province_en,province_code,pilots,pioneer_zones" || len(data)-1 != len(want) {
		t.Fatalf("the charts' data: %v, %d provinces, want %d", data[0], len(data)-1, len(want))
	}
	for _, r := range data[1:] {
		if r[3] != fmt.Sprint(want[r[0]]) || r[4] != "0" {
			t.Errorf("the charts' data: %v, want %d pilots", r, want[r[0]])
		}
	}
	for _, f := range []string{"charts/tilemap.svg", "charts/bars.svg", "en/charts/tilemap.svg", "en/charts/bars.svg"} {
		b := mustRead(t, filepath.Join(site, filepath.FromSlash(f)))
		var svg struct {
			XMLName xml.Name
			Title   string `xml:"title"`
		}
		if err := xml.Unmarshal(b, &svg); err != nil || svg.XMLName.Space != "http://www.w3.org/2000/svg" || svg.Title == "" {
			t.Errorf("%s: %v, element %v, title %q", f, err, svg.XMLName, svg.Title)
		}
		if !bytes.Contains(b, []byte(DefaultBaseURL)) || !bytes.Contains(b, []byte("CC0-1.0")) || !bytes.Contains(b, []byte("<style>")) {
			t.Errorf("%s: no source line or style of its own", f)
		}
	}
}
