package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/gazetteer"
	"github.com/bianmin-data/pilots/generator/lists"
)

// Langs are the site's languages; the first is at the root.
var Langs = []string{"zh", "en"}

// prefix is where a language's pages live.
func prefix(lang string) string {
	if lang == Langs[0] {
		return ""
	}
	return lang + "/"
}

// contentPages are the Markdown pages, in menu order; Key is their name in
// content/ and in the menu.
var contentPages = []navItem{
	{"about", "about/index.html"},
	{"dictionary", "dictionary/index.html"},
	{"method", "method/index.html"},
	{"cite", "cite/index.html"},
	{"changelog", "changelog/index.html"},
}

type navItem struct{ Key, Path string }

// ownFolders are the folders of the site's own pages and files, which no
// kind of list may take for its pages or its data (content/lists.json).
func ownFolders() []string {
	own := []string{"lists", "areas", "provinces", "assets", "charts", "data", strings.TrimSuffix(prefix("en"), "/")}
	for _, c := range contentPages {
		own = append(own, strings.TrimSuffix(c.Path, "/index.html"))
	}
	return own
}

// checkKinds refuses a kind of list whose pages would take a folder of
// the site's own, or whose data would lie outside data/ or take one of its
// pages' folders: the build would otherwise fail late, on a file written
// twice, or overwrite a page.
func checkKinds(kinds *lists.Catalog) error {
	own := ownFolders()
	for _, k := range kinds.Kinds {
		if slices.Contains(own, k.PagePrefix) {
			return fmt.Errorf("%s: kind %q: page_prefix %q is a folder of the site's own (%s)", lists.File, k.ID, k.PagePrefix, strings.Join(own, ", "))
		}
		for _, d := range [...]struct{ key, dir string }{{"data_dir", k.DataDir}, {"batch_dir", k.BatchDir}} { // in this order: one message for one mistake
			if top, _, _ := strings.Cut(d.dir, "/"); top != "data" {
				return fmt.Errorf("%s: kind %q: %s %q is not under data/", lists.File, k.ID, d.key, d.dir)
			}
		}
	}
	return nil
}

// batchPage is the page of batch b of a list of kind k: batches/3/ for the
// national pilots (a published address), pioneer-zones/1/ beside it.
func batchPage(k *lists.Kind, b int) string { return lists.BatchPage(k, b) + "index.html" }

// areaID names an area's page: its division code, or, for an area without
// one, its province's code (or xpcc) and its name as printed, when that is
// a plain name (letters and digits, at most 32 of them); another name, one
// that could not stand in a path as it is, by the start of its SHA-256.
func areaID(p *data.Row) string {
	if p.DivisionCode != "" {
		return p.DivisionCode
	}
	name := p.Area
	plain := utf8.RuneCountInString(name) <= 32 && !strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if !plain || name == "" {
		sum := sha256.Sum256([]byte(name))
		name = hex.EncodeToString(sum[:6])
	}
	return provinceSlug(p.Province, p.ProvinceCode) + "-" + name
}

// areaPath is the page of the area id: a file, not a folder of its own
// (areas/110105.html), since the site has thousands; areaJSON is its JSON
// beside it (areas/110105.json).
func areaPath(id string) string { return "areas/" + id + ".html" }

func areaJSON(id string) string { return "areas/" + id + ".json" }

// provinceSlug names a province's folder: its code, or xpcc for the
// Corps, whose cities share Xinjiang's code prefix.
func provinceSlug(province, code string) string {
	switch {
	case province == gazetteer.Corps:
		return "xpcc"
	case code == "":
		return "unknown"
	}
	return code
}

func provincePath(slug string) string { return "provinces/" + slug + "/index.html" }

// paginate splits rows into pages of pageRows, the first at first
// (…/index.html) and the others at …/2/index.html and so on, and returns
// each page's path and rows.
func paginate(first string, rows []*data.Row) (paths []string, chunks [][]*data.Row) {
	dir := strings.TrimSuffix(first, "index.html")
	for i := 0; i == 0 || i*pageRows < len(rows); i++ {
		path := first
		if i > 0 {
			path = dir + strconv.Itoa(i+1) + "/index.html"
		}
		paths = append(paths, path)
		chunks = append(chunks, rows[i*pageRows:min(len(rows), (i+1)*pageRows)])
	}
	return paths, chunks
}
