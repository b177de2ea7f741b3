package generator

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The tests of this file hold the site to what people came for (issue
// 35): every number says which batches it covers, a search lands on its
// answer, pages lead with their downloads, exports stand alone, English
// titles are by people. Each runs at 1280 and 390 px, in both languages.

// view is a width and a language a page is tried at.
type view struct {
	name          string
	width, height int64
	lang          string // zh or en
}

// in is a page's address in v's language.
func (v view) in(page string) string {
	if v.lang == "en" {
		return "en/" + page
	}
	return page
}

// pick is zh or en, as v's language.
func (v view) pick(zh, en string) string {
	if v.lang == "en" {
		return en
	}
	return zh
}

var views = []view{{"zh 1280", 1280, 900, "zh"}, {"zh 390", 390, 844, "zh"}, {"en 1280", 1280, 900, "en"}, {"en 390", 390, 844, "en"}}

// eachView runs fn at every view, with the browser's viewport set to it.
func eachView(t *testing.T, b *browser, fn func(t *testing.T, v view)) {
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			b.do(t, chromedp.EmulateViewport(v.width, v.height))
			fn(t, v)
		})
	}
}

// open loads page of b's site and waits for its body.
func (b *browser) open(t *testing.T, page string) {
	t.Helper()
	b.do(t, chromedp.Navigate(b.base+page), chromedp.WaitReady(chromedp.CSS("body")))
}

// inView reports whether the element sel finds is shown and wholly in the
// viewport, without scrolling.
func inView(t *testing.T, b *browser, sel string) bool {
	t.Helper()
	return get(t, b, chromedp.Evaluate[bool](`(() => { const e = document.querySelector(`+jsString(sel)+`); if (!e || !e.getClientRects().length) return false;
		const r = e.getBoundingClientRect(); return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; })()`))
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// allHeldSite is the seed site built with an announced.md that announces
// only what the seeds hold (and a list proposed for comment, which is no
// designation yet): every number is whole.
func allHeldSite(t *testing.T) string {
	t.Helper()
	content, err := writeTree(filepath.Join(t.TempDir(), "content"), map[string][]byte{"announced.md": []byte(
		"| list | batch | announced | areas | status | source |\n| --- | --- | --- | --- | --- | --- |\n" +
			"| pilot | 3 | 2023-08-31 | 70 | announced | the notice |\n" +
			"| pioneer_zone | 2 | 2025-07-31 | 30 | proposed | a public comment |\n")})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(load(t, seedDir), Options{Out: out, BaseURL: DefaultBaseURL, Content: content}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCoverageStated finds, next to every number of the home, the
// province, area, kind and lists pages and the charts, which batches it
// covers, in words made from announced.md and the seeds (pilot batches 1,
// 2 and 4 and pioneer-zone batch 1 are announced and not held); and none
// of it on a site that holds every batch announced.
func TestCoverageStated(t *testing.T) {
	// notes are the coverage notes of a page: each with the number it
	// stands beside, each shown and within the page's width.
	const notes = `(() => {
		const out = [];
		const shown = e => e.getClientRects().length > 0 && e.getBoundingClientRect().right <= innerWidth;
		for (const d of document.querySelectorAll(".figures > div")) {
			const n = d.querySelector("dd.held");
			out.push({number: d.querySelector("dd").textContent, note: n && shown(n) ? n.textContent : ""});
		}
		for (const p of document.querySelectorAll("main p.held")) {
			const before = p.previousElementSibling;
			out.push({number: before ? before.textContent : "", note: shown(p) ? p.textContent : ""});
		}
		for (const f of document.querySelectorAll("figcaption")) {
			const n = f.querySelector(".held");
			out.push({number: f.closest("figure").querySelector("svg").getAttribute("class"), note: n && shown(n) ? n.textContent : ""});
		}
		return out;
	})()`
	type note struct{ Number, Note string }
	missing := map[string]string{"zh": "试点第1、2、4批", "en": "pilots batches 1, 2 and 4"}
	pages := []struct {
		page  string
		notes int    // how many numbers the page shows with a note
		all   bool   // whose numbers count every kind of list: pioneer-zone batch 1 is missing too
		lead  string // what its lead says of the batches before the first held, by language
	}{
		{"index.html", 4, false, ""}, // the three figures, and the national pilots' card
		{"provinces/440000/index.html", 1, true, ""},
		{"batches/index.html", 1, false, ""},
		{"lists/index.html", 3, false, ""},
		{"areas/321200.html", 0, false, "earlier"},
	}
	b := newBrowser(t, seedSite(t))
	eachView(t, b, func(t *testing.T, v view) {
		for _, p := range pages {
			b.open(t, v.in(p.page))
			got := get(t, b, chromedp.Evaluate[[]note](notes))
			if len(got) != p.notes {
				t.Errorf("%s: %d numbers with a note, want %d: %v", p.page, len(got), p.notes, got)
			}
			for _, n := range got {
				if !strings.Contains(n.Note, missing[v.lang]) {
					t.Errorf("%s: the number %q says %q, not that %s are not held", p.page, n.Number, n.Note, missing[v.lang])
				}
			}
			if p.all || p.page == "index.html" { // the provinces' figure counts every list
				if !slices.ContainsFunc(got, func(n note) bool {
					return strings.Contains(n.Note, v.pick("先行区第1批", "pioneer zones batch 1"))
				}) {
					t.Errorf("%s: no note says pioneer-zone batch 1 is not held: %v", p.page, got)
				}
			}
			if p.lead != "" {
				lead := get(t, b, chromedp.Text(chromedp.CSS("p.lead")))
				if want := v.pick("2023-08-31 起入选试点第3批", "on pilots batch 3 since 2023-08-31"); !strings.Contains(lead, want) ||
					!strings.Contains(lead, v.pick("更早的试点第1、2批本站未收录", "pilots batches 1 and 2, earlier, not held here")) {
					t.Errorf("%s: the area says %q: not since when among the batches held", p.page, lead)
				}
			}
		}
	})
	b.noErrors(t, "coverage")

	all := allHeldSite(t)
	whole := newBrowser(t, all)
	eachView(t, whole, func(t *testing.T, v view) {
		for _, p := range pages {
			whole.open(t, v.in(p.page))
			if got := get(t, whole, chromedp.Evaluate[[]note](notes)); slices.ContainsFunc(got, func(n note) bool { return n.Note != "" }) {
				t.Errorf("%s, every batch held: notes %v", p.page, got)
			}
			if lead := get(t, whole, chromedp.Text(chromedp.CSS("p.lead"))); strings.Contains(lead, v.pick("未收录", "not held")) {
				t.Errorf("%s, every batch held, leads with %q", p.page, lead)
			}
		}
	})
	whole.noErrors(t, "coverage, every batch held")
	for _, lang := range []string{"", "en/"} {
		if svg := string(mustRead(t, filepath.Join(all, lang+"charts", "tilemap.svg"))); strings.Contains(svg, "未收录") || strings.Contains(svg, "not held") {
			t.Errorf("%scharts/tilemap.svg, every batch held, says a batch is not held", lang)
		}
	}
}

// TestSearchLands searches as a resident would, from the home and on the
// lists page: the bar says how many rows match and offers to clear the
// filter, the first match (or the answer that none does) is in view, a
// facet tapped brings its rows into view, and a value the address names
// that no row has is said to be unknown instead of hiding every row.
func TestSearchLands(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	eachView(t, b, func(t *testing.T, v view) {
		first := `#pilots tbody tr:not([hidden]) td` // its first cell: on a phone the row is wider than the screen, and scrolls
		for _, page := range []string{"index.html?q=", "lists/index.html?q="} {
			b.do(t, chromedp.Navigate(b.base+v.in(page)+url.QueryEscape(v.pick("深圳", "Shenzhen"))), chromedp.WaitVisible(chromedp.ID("searchbar")))
			if n := get(t, b, chromedp.Evaluate[int](visibleRows)); n != 1 {
				t.Errorf("%s: %d rows", page, n)
			}
			if !inView(t, b, first) || !inView(t, b, "#searchbar") {
				t.Errorf("%s: the match or the bar is out of view", page)
			}
			if bar := get(t, b, chromedp.Text(chromedp.ID("matches"))); !strings.Contains(bar, v.pick("“深圳”", "“Shenzhen”")) || !strings.Contains(bar, v.pick("有 1 行", "1 of 70")) {
				t.Errorf("%s: the bar says %q", page, bar)
			}
		}
		b.do(t, chromedp.Click(chromedp.ID("clear")))
		if n := get(t, b, chromedp.Evaluate[int](visibleRows)); n != 70 || get(t, b, chromedp.Evaluate[bool](`!document.getElementById("searchbar").hidden`)) {
			t.Errorf("after clear: %d rows, the bar still shown", n)
		}
		if loc := get(t, b, chromedp.Location()); strings.Contains(loc, "q=") {
			t.Errorf("after clear the address is %s", loc)
		}

		// Not held: the answer that says what the site holds is in view.
		b.do(t, chromedp.Navigate(b.base+v.in("lists/index.html?q=")+url.QueryEscape(v.pick("荆州", "Jingzhou"))), chromedp.WaitVisible(chromedp.ID("nomatch")))
		if !inView(t, b, "#nomatch") {
			t.Error("the answer for an area not held is out of view")
		}

		// A facet tapped brings its rows into view, with the bar.
		b.do(t, chromedp.Navigate(b.base+v.in("lists/index.html")), chromedp.WaitVisible(chromedp.ID("q")),
			chromedp.Click(chromedp.CSS("#facets summary")), chromedp.Click(chromedp.CSS(`[data-facet="province"] a[data-value="浙江省"]`)))
		if !inView(t, b, first) || !inView(t, b, "#clear") {
			t.Error("after a facet, its first row or the clear button is out of view")
		}

		// Unknown values.
		b.do(t, chromedp.Navigate(b.base+v.in("lists/index.html?province=Atlantis")), chromedp.WaitVisible(chromedp.ID("searchbar")))
		if n := get(t, b, chromedp.Evaluate[int](visibleRows)); n != 70 {
			t.Errorf("?province=Atlantis shows %d rows, want all", n)
		}
		if bar := get(t, b, chromedp.Text(chromedp.ID("matches"))); !strings.Contains(bar, v.pick("不认识的省份“Atlantis”", "Unknown Province “Atlantis”")) {
			t.Errorf("?province=Atlantis: the bar says %q", bar)
		}
		if v.lang == "en" { // a province by its English name, as the page names it
			b.do(t, chromedp.Navigate(b.base+v.in("lists/index.html?province=Guangdong")), chromedp.WaitVisible(chromedp.ID("searchbar")))
			if n := get(t, b, chromedp.Evaluate[int](visibleRows)); n != 4 {
				t.Errorf("?province=Guangdong shows %d rows, want Guangdong's 4", n)
			}
		}
	})
	b.noErrors(t, "search")
}

// TestFilterWithoutScript opens a filtered address with scripts off: the
// page says that filtering needs JavaScript and links the whole files.
func TestFilterWithoutScript(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	eachView(t, b, func(t *testing.T, v view) {
		b.open(t, v.in("lists/index.html?q=")+url.QueryEscape("深圳"))
		if n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll("#pilots tbody tr").length`)); n != 70 {
			t.Errorf("%d rows", n)
		}
		type note struct {
			Text  string
			Links []string
		}
		got := get(t, b, chromedp.Evaluate[note](`(() => { const p = Array.from(document.querySelectorAll("main p.warning")).find(p => p.getClientRects().length);
			return p ? {text: p.textContent, links: Array.from(p.querySelectorAll("a")).map(a => a.getAttribute("href"))} : {text: "", links: []}; })()`))
		if !strings.Contains(got.Text, "JavaScript") || !slices.Contains(got.Links, "../data/designations/designations.xlsx") && !slices.Contains(got.Links, "../../data/designations/designations.xlsx") {
			t.Errorf("without JavaScript a filtered address says %q, links %v", got.Text, got.Links)
		}
	})
}

// TestLeadsWithDownloads opens a batch page and the downloads page as a
// researcher would: the batch's workbook and CSV are on the first screen,
// also on a phone; the downloads page leads with its licence, how to
// cite and the dictionary, above the first table's files; where a list
// was read from is said in people's words, the file behind a details.
func TestLeadsWithDownloads(t *testing.T) {
	b := newBrowser(t, twoListsSite(t))
	eachView(t, b, func(t *testing.T, v view) {
		for _, page := range []string{"batches/3/index.html", "batches/4/index.html", "pioneer-zones/1/index.html"} {
			b.open(t, v.in(page))
			for _, ext := range []string{"xlsx", "csv"} {
				if !inView(t, b, `.get a[href$=".`+ext+`"]`) {
					t.Errorf("%s: the %s is not on the first screen", page, ext)
				}
			}
			if !inView(t, b, `.get a[href="#downloads"]`) || !inView(t, b, `nav.toc`) {
				t.Errorf("%s: no link to every format, or no contents, on the first screen", page)
			}
			from := get(t, b, chromedp.Evaluate[string](`(() => { const d = Array.from(document.querySelectorAll(".meta dt")).find(d => d.nextElementSibling.querySelector("details"));
				return d ? d.nextElementSibling.innerText : ""; })()`))
			if !strings.Contains(from, v.pick("通知", "notice")) || strings.Contains(from, ".txt") {
				t.Errorf("%s: the list was read from %q", page, from)
			}
		}
		b.open(t, v.in("data/index.html"))
		above := get(t, b, chromedp.Evaluate[[]string](`(() => { const first = document.querySelector("main .dl").getBoundingClientRect().top;
			return ['main a[rel="license"]', 'main a[href$="cite/index.html"]', 'main a[href$="dictionary/index.html"]', "main nav.toc"]
				.filter(s => { const e = document.querySelector(s); return e && e.getClientRects().length && e.getBoundingClientRect().bottom <= first; }); })()`))
		if len(above) != 4 {
			t.Errorf("the downloads page has only %v above the first table's files", above)
		}
		if n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll("main table").length`)); n != 1 {
			t.Errorf("the downloads page has %d tables, want one of the formats", n)
		}
	})
	b.noErrors(t, "downloads")
}

// TestExportFromFile opens the lists page from file://, where a page may
// not read another file: the export says why it cannot cut the rows and
// links the whole file.
func TestExportFromFile(t *testing.T) {
	site := seedSite(t)
	b := newBrowser(t, site)
	eachView(t, b, func(t *testing.T, v view) {
		b.do(t, chromedp.Navigate("file://"+filepath.Join(site, filepath.FromSlash(v.in("lists/index.html")))), chromedp.WaitVisible(chromedp.ID("q")))
		type note struct {
			Text, Href string
			Export     bool
		}
		got := get(t, b, chromedp.Evaluate[note](`(() => { const n = document.getElementById("export-note");
			return {text: n.hidden ? "" : n.textContent, href: n.querySelector("a").getAttribute("href"), export: document.getElementById("export").getClientRects().length > 0}; })()`))
		if !strings.Contains(got.Text, v.pick("从本地文件打开", "Opened from a file")) || !strings.HasSuffix(got.Href, "data/designations/designations.excel.csv") || got.Export {
			t.Errorf("from file:// the export says %q, links %q, offers the filtered export: %v", got.Text, got.Href, got.Export)
		}
	})
}

// TestChartsStandAlone checks each chart's own file and its PNG: the SVG
// holds its title, date, source and what it covers as text, and the PNG
// the page draws from it holds the title: its pixels where the title is
// are the title's, drawn alone.
func TestChartsStandAlone(t *testing.T) {
	site := seedSite(t)
	b := newBrowser(t, site)
	dir := b.downloads(t)
	eachView(t, b, func(t *testing.T, v view) {
		for _, chart := range []string{"tilemap", "bars"} {
			svg := string(mustRead(t, filepath.Join(site, filepath.FromSlash(v.in("charts/"+chart+".svg")))))
			for _, want := range []string{v.pick("一刻钟便民生活圈名单：各省入选数量", "15-minute living circle lists: designations by province"),
				v.pick("数据截至 2023-09-07", "Data as of 2023-09-07"), v.pick("试点第1、2、4批", "pilots batches 1, 2 and 4"), v.pick("来源：", "Source:"), "CC0-1.0"} {
				if !strings.Contains(svg, want) {
					t.Errorf("%s.svg lacks %q", chart, want)
				}
			}
		}
		b.do(t, chromedp.Navigate(b.base+v.in("lists/index.html")), chromedp.WaitVisible(chromedp.CSS("a[data-png]")))
		name := "tilemap-" + v.lang + ".png"
		os.Remove(filepath.Join(dir, name))
		b.do(t, chromedp.Click(chromedp.CSS("a[data-png]")))
		png := base64.StdEncoding.EncodeToString(waitFile(t, dir, name))
		// The SVG file with nothing but its style and title drawn, as the
		// page draws the PNG: at twice its size.
		type result struct{ Ink, Differ int }
		got := get(t, b, chromedp.Evaluate[result](`(async () => {
			const svg = await (await fetch(document.querySelector("a[data-png]").href)).text();
			const doc = new DOMParser().parseFromString(svg, "image/svg+xml"), root = doc.documentElement;
			let bottom = 0;
			for (const el of Array.from(root.children)) {
				if (el.matches("text.title")) bottom = Math.max(bottom, parseFloat(el.getAttribute("y")) + 5);
				else if (el.tagName !== "style") el.remove();
			}
			const load = src => new Promise((ok, bad) => { const i = new Image(); i.onload = () => ok(i); i.onerror = bad; i.src = src; });
			const png = await load("data:image/png;base64,`+png+`");
			const title = await load("data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(root)));
			const pixels = (img, scale) => { const c = document.createElement("canvas"); c.width = png.width; c.height = png.height;
				const g = c.getContext("2d"); g.scale(scale, scale); g.drawImage(img, 0, 0); return g.getImageData(0, 0, png.width, 2 * bottom).data; };
			const a = pixels(png, 1), b = pixels(title, 2);
			let ink = 0, differ = 0;
			for (let i = 0; i < a.length; i += 4) {
				const d = Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
				if (d > 30) differ++;
				if (Math.abs(b[i] - b[0]) + Math.abs(b[i + 1] - b[1]) + Math.abs(b[i + 2] - b[2]) > 100) ink++;
			}
			return {ink, differ};
		})()`, chromedp.EvalAwaitPromise))
		if got.Ink < 500 || got.Differ > got.Ink/20 {
			t.Errorf("the PNG's title: %d pixels of ink in the title alone, %d pixels differ", got.Ink, got.Differ)
		}
	})
	b.noErrors(t, "charts")
}

// TestEnglishTitles checks that English pages name a notice by the title
// announced.md gives it, marked as the site's translation, not by its
// machine translation.
func TestEnglishTitles(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	const title = "Notice of the Ministry of Commerce and 12 other departments on the third batch of national 15-minute convenient living circle pilots [translated by this site]"
	eachView(t, b, func(t *testing.T, v view) {
		if v.lang != "en" {
			return
		}
		for _, s := range []struct{ page, sel string }{{"en/index.html", `#latest ~ ul a[lang="en"]`}, {"en/batches/index.html", "table.batches td a[rel=external]"}, {"en/batches/3/index.html", "p.lead"}, {"en/areas/321200.html", "p.lead"}} {
			b.open(t, s.page)
			if got := get(t, b, chromedp.Text(chromedp.CSS(s.sel))); !strings.Contains(got, title) || strings.Contains(got, "machine translation") {
				t.Errorf("%s: the notice is named %q", s.page, got)
			}
		}
	})
}

// TestSmallerPoints: the sort buttons show their cue without a hover and
// are named by their column alone, described as sorting; the tile of
// Heilongjiang reads as one word inside its tile; the legend takes two
// lines at most; area and province pages lead with a breadcrumb.
func TestSmallerPoints(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	eachView(t, b, func(t *testing.T, v view) {
		b.do(t, chromedp.Navigate(b.base+v.in("lists/index.html")), chromedp.WaitVisible(chromedp.ID("q")))
		cues := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#pilots th button")).map(b => { const s = getComputedStyle(b, "::after"); return s.opacity === "1" ? s.content : ""; })`))
		if len(cues) < 5 || slices.ContainsFunc(cues, func(c string) bool { return !strings.Contains(c, "↕") }) {
			t.Errorf("sort cues without a hover: %q", cues)
		}
		tree, err := chromedp.Call(b.ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		if err != nil {
			t.Fatal(err)
		}
		labels := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#pilots th")).map(th => th.textContent.trim())`))
		hint := get(t, b, chromedp.Evaluate[string](`document.getElementById("sort-hint").textContent`))
		named := 0
		for _, n := range tree.Nodes {
			if n.Role == nil || string(n.Role.Value) != `"button"` || n.Name == nil {
				continue
			}
			var name, desc string
			json.Unmarshal(n.Name.Value, &name)
			if n.Description != nil {
				json.Unmarshal(n.Description.Value, &desc)
			}
			if slices.Contains(labels, name) {
				named++
				if desc != hint {
					t.Errorf("the sort button %q is described %q, want %q", name, desc, hint)
				}
			} else if strings.ContainsAny(name, "↕↑↓") {
				t.Errorf("a sort button is named %q", name)
			}
		}
		if named != len(labels) {
			t.Errorf("%d sort buttons named by their columns %q", named, labels)
		}
		type tile struct {
			Lines int
			Fits  bool
		}
		hlj := get(t, b, chromedp.Evaluate[tile](`(() => { const a = document.querySelector('svg.tilemap a[href*="230000"]'); const r = a.querySelector("rect").getBBox();
			const texts = Array.from(a.querySelectorAll("text")).slice(0, -1);
			return {lines: texts.length, fits: texts.every(t => { const b = t.getBBox(); return b.x >= r.x && b.x + b.width <= r.x + r.width; })}; })()`))
		if hlj.Lines != 1 || !hlj.Fits {
			t.Errorf("the tile of Heilongjiang has %d lines of name, inside it: %v", hlj.Lines, hlj.Fits)
		}
		if rows := get(t, b, chromedp.Evaluate[int](`new Set(Array.from(document.querySelectorAll("svg.tilemap .legend rect")).map(r => r.getAttribute("y"))).size`)); rows > 2 {
			t.Errorf("the legend takes %d lines", rows)
		}
		for _, s := range []struct {
			page  string
			links []string
		}{
			{"areas/321200.html", []string{"index.html", "lists/index.html", "provinces/320000/index.html"}},
			{"provinces/320000/index.html", []string{"index.html", "lists/index.html"}},
		} {
			b.open(t, v.in(s.page))
			got := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("nav.crumbs a")).map(a => new URL(a.href).pathname.replace(/^\/(pilots\/)?(en\/)?/, ""))`))
			if !slices.Equal(got, s.links) || !inView(t, b, "nav.crumbs") {
				t.Errorf("%s: breadcrumb %q, want %q, on the first screen", s.page, got, s.links)
			}
		}
	})
	b.noErrors(t, "smaller points")
}
