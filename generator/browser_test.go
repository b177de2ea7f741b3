package generator

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/bianmin-data/pilots/generator/internal/clients"
	"github.com/bianmin-data/pilots/generator/serve"
)

// browser serves the seed site on 127.0.0.1 and starts headless Chromium
// with a temporary profile and no background networking. It returns the
// site's address and a context for chromedp; console errors, uncaught
// exceptions and failed loads are collected in errs.
type browser struct {
	base string
	ctx  context.Context
	mu   sync.Mutex
	errs []string
}

func newBrowser(t *testing.T, site string) *browser {
	t.Helper()
	h, err := serve.Handler(site)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(DefaultBaseURL)
	return newBrowserOf(t, serve.Under(base.Path, h)) // as pilots serve does: the 404 page links there
}

// newBrowserOf is newBrowser with the site served by h.
func newBrowserOf(t *testing.T, h http.Handler) *browser {
	t.Helper()
	exe := clients.Find(t, "Chromium", "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	b := &browser{base: srv.URL + "/", ctx: ctx}
	if err := chromedp.Do(ctx); err != nil { // start the browser and open the tab
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	collect := func(msg string) {
		b.mu.Lock()
		b.errs = append(b.errs, msg)
		b.mu.Unlock()
	}
	console := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	logs := chromedp.Events(ctx, cdplog.EntryAdded)
	go func() {
		for ev, err := range console {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				collect(fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			collect(fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, msg))
		}
	}()
	go func() {
		for ev, err := range logs {
			if err != nil {
				return
			}
			if ev.Entry.Level == cdplog.EntryLevelError {
				collect(fmt.Sprintf("%s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}()
	return b
}

// do runs chromedp actions that return nothing and fails the test on error.
func (b *browser) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// get runs one chromedp action and returns its value, failing the test on
// error.
func get[T any](t *testing.T, b *browser, action chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, action)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// noErrors fails the test if the browser reported any error so far.
func (b *browser) noErrors(t *testing.T, where string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errs {
		t.Errorf("%s: %s", where, e)
	}
	b.errs = nil
}

// noErrorsBut is noErrors, but for the errors that contain expected: a
// 404 page's own status, say.
func (b *browser) noErrorsBut(t *testing.T, where, expected string) {
	t.Helper()
	b.mu.Lock()
	b.errs = slices.DeleteFunc(b.errs, func(e string) bool { return strings.Contains(e, expected) })
	b.mu.Unlock()
	b.noErrors(t, where)
}

const visibleRows = `Array.from(document.querySelectorAll("#pilots tbody tr")).filter(r => !r.hidden).length`

// visibleCells returns column col of the visible rows.
func visibleCells(col int) chromedp.Action[[]string] {
	return chromedp.Evaluate[[]string](fmt.Sprintf(`Array.from(document.querySelectorAll("#pilots tbody tr")).filter(r => !r.hidden).map(r => r.cells[%d].textContent.trim())`, col))
}

// TestBrowserTable filters and sorts the table of the home page as a person
// would, and checks the filter is kept in the URL.
func TestBrowserTable(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	b.do(t, chromedp.Navigate(b.base+"lists/index.html"), chromedp.WaitVisible(chromedp.ID("q")))
	if n := get(t, b, chromedp.Evaluate[int](visibleRows)); n != 70 {
		t.Errorf("home shows %d rows, want 70", n)
	}

	b.do(t, chromedp.SendKeys(chromedp.ID("q"), "泰州"))
	areas := get(t, b, visibleCells(0))
	count := get(t, b, chromedp.Text(chromedp.ID("count")))
	if len(areas) != 1 || areas[0] != "泰州市" || !strings.Contains(count, "1 / 70") {
		t.Errorf("泰州: rows %v, count %q; want 泰州市 alone", areas, count)
	}

	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""`), chromedp.SendKeys(chromedp.ID("q"), "Taizhou"))
	provinces := get(t, b, visibleCells(2))
	if strings.Join(provinces, ",") != "江苏省 Jiangsu,浙江省 Zhejiang" {
		t.Errorf("Taizhou: rows in %v; want the two Taizhous, in Jiangsu and Zhejiang", provinces)
	}
	if loc := get(t, b, chromedp.Location()); !strings.Contains(loc, "q=Taizhou") {
		t.Errorf("the filter is not in the URL: %s", loc)
	}

	// A shared filtered view opens filtered.
	b.do(t, chromedp.Navigate(b.base+"index.html?q=331000"), chromedp.WaitVisible(chromedp.ID("q")))
	if areas := get(t, b, visibleCells(0)); len(areas) != 1 || areas[0] != "台州市" {
		t.Errorf("?q=331000 shows %v, want 台州市", areas)
	}

	// The province filter.
	b.do(t,
		chromedp.Navigate(b.base+"lists/index.html"),
		chromedp.WaitVisible(chromedp.ID("province")),
		chromedp.Evaluate[chromedp.Void](`const s = document.getElementById("province"); s.value = "西藏自治区"; s.dispatchEvent(new Event("input"))`),
	)
	if areas := get(t, b, visibleCells(0)); strings.Join(areas, ",") != "拉萨市,日喀则市,林芝市,昌都市" {
		t.Errorf("province 西藏自治区 shows %v", areas)
	}

	// Sorting by province: pinyin order, ascending then descending.
	header := chromedp.CSS("#pilots thead th:nth-child(3)")
	button := chromedp.CSS("#pilots thead th:nth-child(3) button")
	b.do(t, chromedp.Navigate(b.base+"lists/index.html"), chromedp.WaitVisible(chromedp.ID("q")), chromedp.Click(button))
	provinces = get(t, b, visibleCells(2))
	sort := get(t, b, chromedp.AttributeValue(header, "aria-sort"))
	if sort.Value != "ascending" || len(provinces) != 70 || !strings.HasPrefix(provinces[0], "安徽省") || !strings.HasPrefix(provinces[69], "浙江省") {
		t.Errorf("sorted by province (%q): %v; want 安徽省 first, 浙江省 last", sort.Value, provinces)
	}
	if caption := get(t, b, chromedp.Text(chromedp.ID("caption"))); !strings.Contains(caption, "按省份升序排列") || strings.Contains(caption, "按批次、序号") {
		t.Errorf("sorted by province, the caption says %q", caption)
	}
	b.do(t, chromedp.Click(button))
	provinces = get(t, b, visibleCells(2))
	sort = get(t, b, chromedp.AttributeValue(header, "aria-sort"))
	if sort.Value != "descending" || !strings.HasPrefix(provinces[0], "浙江省") {
		t.Errorf("sorted descending (%q): first %q, want 浙江省", sort.Value, provinces[0])
	}
	b.noErrors(t, "home")
}

// TestBrowserLanguageSwitch follows the language switch of several pages
// and checks it lands on the same page in the other language.
func TestBrowserLanguageSwitch(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	follow := func(from, want, wantLang string) {
		t.Helper()
		b.do(t, chromedp.Navigate(b.base+from), chromedp.WaitReady(chromedp.CSS("body")))
		get(t, b, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(".lang a"))))
		loc := get(t, b, chromedp.Location())
		lang := get(t, b, chromedp.Evaluate[string](`document.documentElement.lang`))
		// The server answers …/index.html with a redirect to …/, as static hosts do.
		if strings.TrimSuffix(loc, "index.html") != strings.TrimSuffix(b.base+want, "index.html") || lang != wantLang {
			t.Errorf("switch from %s lands on %s (lang %q), want %s (%q)", from, loc, lang, want, wantLang)
		}
	}
	for _, p := range []string{"index.html", "lists/index.html", "batches/index.html", "batches/3/index.html", "provinces/320000/index.html", "about/index.html", "data/index.html"} {
		follow(p, "en/"+p, "en")
		follow("en/"+p, p, "zh-CN")
	}
	b.noErrors(t, "language switch")
}

// TestBrowserPages opens every page in Chromium and fails on any console
// error or failed load, and checks over HTTP that every internal link and
// download of every page answers 200.
func TestBrowserPages(t *testing.T) {
	for _, s := range []struct {
		name string
		site func(testing.TB) string
	}{{"seeds", seedSite}, {"two-lists", twoListsSite}} {
		t.Run(s.name, func(t *testing.T) { browsePages(t, s.site(t)) })
	}
}

// browsePages visits every page of site in the browser, and checks every
// link and asset of each.
func browsePages(t *testing.T, site string) {
	b := newBrowser(t, site)
	checked := map[string]bool{}
	for _, p := range htmlPages(t, site) {
		if p == "404.html" {
			continue // its links are absolute, to the published site
		}
		b.do(t, chromedp.Navigate(b.base+p), chromedp.WaitReady(chromedp.CSS("body")))
		b.noErrors(t, p)
		doc, err := html.Parse(strings.NewReader(string(mustRead(t, filepath.Join(site, filepath.FromSlash(p))))))
		if err != nil {
			t.Fatal(err)
		}
		walk(doc, func(n *html.Node) {
			for _, a := range []string{"href", "src"} {
				link := attr(n, a)
				u, err := url.Parse(link)
				if link == "" || err != nil || u.Scheme != "" || u.Path == "" {
					continue
				}
				target := path.Join(path.Dir(p), u.Path)
				if checked[target] {
					continue
				}
				checked[target] = true
				answers200(t, p, b.base+target)
			}
		})
	}
	if !checked["data/pilots.xlsx"] || !checked["en/batches/3/index.html"] {
		t.Errorf("the crawl missed downloads or pages: %d links", len(checked))
	}
	// A missing page gets the 404 page and its status.
	res, err := http.Get(b.base + "no/such/page.html")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("missing page: %s, want 404", res.Status)
	}
}

// answers200 fails the test unless address, linked from page, answers
// 200.
func answers200(t *testing.T, page, address string) {
	t.Helper()
	res, err := http.Get(address)
	if err != nil {
		t.Errorf("%s → %s: %v", page, address, err)
		return
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("%s → %s: %s", page, address, res.Status)
	}
}

// TestAxe runs axe-core in every type of page, in both languages, and
// fails on any violation.
func TestAxe(t *testing.T) {
	_, modules := clients.NodeModules(t, "axe-core")
	axe, err := os.ReadFile(filepath.Join(modules, "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, seedSite(t))
	type violation struct {
		ID    string
		Help  string
		Nodes []struct{ Target []string }
	}
	for _, p := range []string{
		"index.html", "en/index.html", "lists/index.html", "en/lists/index.html", "batches/index.html", "en/batches/index.html",
		"batches/3/index.html", "en/batches/3/index.html", "areas/321200.html",
		"provinces/320000/index.html", "en/provinces/540000/index.html", "dictionary/index.html",
		"en/method/index.html", "data/index.html", "en/data/index.html", "cite/index.html", "changelog/index.html", "404.html",
	} {
		b.do(t,
			chromedp.Navigate(b.base+p),
			chromedp.WaitReady(chromedp.CSS("body")),
			chromedp.Evaluate[chromedp.Void](string(axe)),
		)
		violations := get(t, b, chromedp.Evaluate[[]violation](`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
		for _, v := range violations {
			var targets []string
			for _, n := range v.Nodes {
				targets = append(targets, strings.Join(n.Target, " "))
			}
			t.Errorf("%s: %s (%s) at %v", p, v.ID, v.Help, targets)
		}
	}
	b.noErrors(t, "axe")
}

// TestScreenshots renders every type of page in both languages, in light
// and dark mode, each language of each type once at desktop and once at
// phone width, to a folder under the system's temp dir, for a person to
// look at. It checks that no page scrolls sideways: on a phone the table
// scrolls inside its box.
func TestScreenshots(t *testing.T) {
	b := newBrowser(t, seedSite(t))
	dir := filepath.Join(os.TempDir(), "pilots-screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	type shot struct {
		name          string
		page          string
		width, height int64
		scheme        string
	}
	shots := []shot{{"404-desktop", "404.html", 1280, 900, "light"}, {"404-phone-dark", "404.html", 390, 844, "dark"},
		{"search-phone", "index.html?q=" + url.QueryEscape("深圳"), 390, 844, "light"}, {"search-en-desktop-dark", "en/lists/index.html?province=Zhejiang", 1280, 900, "dark"}}
	for _, p := range []struct{ name, path string }{
		{"home", "index.html"}, {"lists", "lists/index.html"}, {"kind", "batches/index.html"}, {"batch", "batches/3/index.html"},
		{"province", "provinces/320000/index.html"}, {"area", "areas/321200.html"}, {"data", "data/index.html"}, {"about", "about/index.html"},
	} {
		for _, lang := range []string{"zh", "en"} {
			for _, scheme := range []string{"light", "dark"} {
				s := shot{p.name, p.path, 1280, 900, scheme}
				if lang == "en" {
					s.name, s.page = s.name+"-en", "en/"+s.page
				}
				if (lang == "zh") != (scheme == "light") {
					s.width, s.height = 390, 844
					s.name += "-phone"
				} else {
					s.name += "-desktop"
				}
				if scheme == "dark" {
					s.name += "-dark"
				}
				shots = append(shots, s)
			}
		}
	}
	for _, s := range shots {
		if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s.scheme}},
		}); err != nil {
			t.Fatal(err)
		}
		b.do(t,
			chromedp.EmulateViewport(s.width, s.height),
			chromedp.Navigate(b.base+s.page),
			chromedp.WaitReady(chromedp.CSS("body")),
		)
		if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)) {
			t.Errorf("%s: the page scrolls sideways at %dpx", s.name, s.width)
		}
		img := get(t, b, chromedp.FullScreenshot(100)) // 100: lossless PNG
		if err := os.WriteFile(filepath.Join(dir, s.name+".png"), img, 0o644); err != nil {
			t.Fatal(err)
		}
		// What a person sees first, without scrolling.
		top := get(t, b, chromedp.CaptureScreenshot())
		if err := os.WriteFile(filepath.Join(dir, s.name+"-top.png"), top, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", dir)
	b.noErrors(t, "screenshots")
}
