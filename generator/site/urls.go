package site

import (
	"strconv"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/gazetteer"
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

func batchPage(b int) string { return "batches/" + strconv.Itoa(b) + "/index.html" }

// TablePage is the page that describes a table, relative to the site's
// root: the downloads page for every batch, the batch's page for one. The
// metadata points to it as the table's landing page.
func TablePage(t *data.Table) string {
	if t.Batch == 0 {
		return "data/"
	}
	return strings.TrimSuffix(batchPage(t.Batch), "index.html")
}

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

func provincePage(p *data.Pilot) string {
	return provincePath(provinceSlug(p.Province, p.ProvinceCode))
}

func provincePath(slug string) string { return "provinces/" + slug + "/index.html" }

// paginate splits rows into pages of pageRows, the first at first
// (…/index.html) and the others at …/2/index.html and so on, and returns
// each page's path and rows.
func paginate(first string, rows []*data.Pilot) (paths []string, chunks [][]*data.Pilot) {
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
