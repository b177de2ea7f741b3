// Package site renders the static website: the home page, one page per
// batch and per province, the content pages, the downloads page, and the
// feed, sitemap, robots.txt and 404 page, in Chinese (at the root) and
// English (under en/).
//
// Pages are html/template files from package templates and Markdown from
// package content (rendered with goldmark), both embedded; Site.Templates
// and Site.Content lay a portal's own files over them (overlay.go). Every link
// between pages is relative and names index.html explicitly, so the site
// works from any sub-path of any host and from file://; the base URL is
// used only where an address must be absolute: canonical and hreflang
// links, JSON-LD, Open Graph, the sitemap, the feed and the 404 page, which
// a host serves at any path.
package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/bianmin-data/pilots/content"
	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/templates"
)

// Site is everything the pages show.
type Site struct {
	Notices []*notice.Notice // sorted by batch
	Table   *data.Table      // every batch
	BaseURL string           // absolute, ending in a slash

	// Files returns the downloads once they are written, or the error
	// that stopped them. Only the pages that list the downloads (home,
	// batches, data) wait for it; the others render meanwhile.
	Files func() ([]data.File, error)

	// Templates and Content, when set, hold files that replace the
	// built-in templates and assets (package templates) and Markdown
	// pages (package content) of the same name; the others stay.
	Templates, Content fs.FS
}

// Create writes one file at a slash-separated path relative to the site's
// root.
type Create func(rel string, write func(io.Writer) error) error

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

// Page is what a template sees: the page's place in the site, its language
// and its data.
type Page struct {
	Path        string // language-neutral path: batches/3/index.html
	Lang        string
	Title       string
	Description string
	JSONLD      template.JS
	Script      bool // the table script is needed
	Data        any

	root    string // relative path to the site's root, or the base URL
	baseURL string
	rows    *bytes.Buffer // the rows of the page's table, put in place of rowsMarker (from buffers)
}

// HTMLLang is the page's lang attribute.
func (p *Page) HTMLLang() string {
	if p.Lang == "zh" {
		return "zh-CN"
	}
	return p.Lang
}

// OtherLang is the language the switch leads to.
func (p *Page) OtherLang() string {
	if p.Lang == "zh" {
		return "en"
	}
	return "zh-CN"
}

// T returns the interface string key in the page's language.
func (p *Page) T(key string) string {
	s, ok := messages[p.Lang][key]
	if !ok {
		panic(fmt.Sprintf("site: no %s message %q", p.Lang, key))
	}
	return s
}

// Rel links to a language-neutral file: an asset or a download.
func (p *Page) Rel(target string) string { return p.root + target }

// Link links to a page in the page's own language.
func (p *Page) Link(target string) string { return p.root + prefix(p.Lang) + target }

// Switch links to this page in the other language.
func (p *Page) Switch() string {
	for _, l := range Langs {
		if l != p.Lang {
			return p.root + prefix(l) + p.Path
		}
	}
	return ""
}

// Pages are the menu's content pages.
func (p *Page) Pages() []navItem { return contentPages }

// url is the absolute address of the page in a language, without index.html.
func (p *Page) url(lang string) string {
	return p.baseURL + strings.TrimSuffix(prefix(lang)+p.Path, "index.html")
}

// Canonical is the page's absolute address.
func (p *Page) Canonical() string { return p.url(p.Lang) }

type alternate struct{ Lang, URL string }

// Alternates are the hreflang links, the Chinese page being the default.
func (p *Page) Alternates() []alternate {
	return []alternate{{"zh-CN", p.url("zh")}, {"en", p.url("en")}, {"x-default", p.url("zh")}}
}

// file is the page's own path in the site.
func (p *Page) file() string { return prefix(p.Lang) + p.Path }

// Render writes every page and file of the site through create.
func (s *Site) Render(create Create) error {
	r, err := newRenderer(s, create)
	if err != nil {
		return err
	}
	for _, step := range []struct {
		name string
		fn   func() error
	}{
		{"assets", r.assets},
		{"pages", r.pages},
		{"feeds", r.feeds},
	} {
		if err := step.fn(); err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return nil
}

type renderer struct {
	*Site
	create  Create
	layouts map[string]*template.Template // by page template file
	mu      sync.Mutex
	written []string // HTML pages, for the sitemap

	// templates and content are the built-in files with Site's over them.
	templates, content fs.FS

	groups []*provinceGroup // the pilots by province

	downloadsOnce sync.Once
	downloadsErr  error
	fileList      []data.File         // the downloads
	files         map[int][]data.File // the downloads by batch (0: all batches)
	tables        map[int]*data.Table // the tables by batch
}

// waitFiles waits for the downloads, once, and indexes them by batch.
func (r *renderer) waitFiles() error {
	r.downloadsOnce.Do(func() {
		r.fileList, r.downloadsErr = r.Files()
		for _, f := range r.fileList {
			r.files[f.Table.Batch] = append(r.files[f.Table.Batch], f)
			r.tables[f.Table.Batch] = f.Table
		}
	})
	return r.downloadsErr
}

// rowsMarker stands for the rows of a page's table in the template's
// output; render puts the rows in its place as it writes the page, so the
// rows (most of a list page) are not copied through the template engine.
const rowsMarker = "<!--pilots-rows-->"

// writeRows writes the rows of a table of pilots. It is Go, not a
// template, because the rows are most of the site's HTML: html/template
// spends a reflective call on every value of every row, and the rows of a
// million-pilot site took minutes that way. Every value is escaped here.
// The links and labels that repeat from row to row are made once per call.
// The rows go to a buffer from buffers, which render returns once the page
// is written.
func writeRows(p *Page, pilots []*data.Pilot, filters bool) *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	b.Grow(len(pilots) * 400)
	w := func(parts ...string) { // written piece by piece: no concatenated temporaries
		for _, s := range parts {
			b.WriteString(s)
		}
	}
	esc := func(s string) { escapeTo(b, s) }
	type batchText struct{ number, link string }
	batches := map[int]batchText{}
	provinceLinks := map[string]string{}
	levels := map[string]string{}
	var num [20]byte
	for _, pl := range pilots {
		bt, ok := batches[pl.Batch]
		if !ok {
			bt = batchText{strconv.Itoa(pl.Batch), html.EscapeString(p.Link(batchPage(pl.Batch)))}
			batches[pl.Batch] = bt
		}
		slug := provinceSlug(pl)
		provinceLink, ok := provinceLinks[slug]
		if !ok {
			provinceLink = html.EscapeString(p.Link(provincePage(pl)))
			provinceLinks[slug] = provinceLink
		}
		level, ok := levels[pl.Level]
		if !ok && pl.Level != "" {
			level = html.EscapeString(p.T("level_" + pl.Level))
			levels[pl.Level] = level
		}
		if filters {
			w(`<tr data-batch="`, bt.number, `" data-province="`)
			esc(pl.Province)
			w("\">\n")
		} else {
			w("<tr>\n")
		}
		w(`<td><a href="`, bt.link, `">`, bt.number, `</a></td><td>`)
		b.Write(strconv.AppendInt(num[:0], int64(pl.Seq), 10))
		w(`</td>`, `<td><a href="`, provinceLink, `">`)
		esc(pl.Province)
		w(`</a>`)
		if pl.ProvinceEN != "" {
			w(` <span class="en" lang="en">`)
			esc(pl.ProvinceEN)
			w(`</span>`)
		}
		w(`</td><td lang="zh-CN">`)
		esc(pl.Area)
		if pl.Note != "" {
			w(` <small>（`)
			esc(pl.Note)
			w(`）</small>`)
		}
		w(`</td><td lang="en">`)
		esc(pl.AreaEN)
		w(`</td><td><code>`)
		esc(pl.DivisionCode)
		w(`</code></td><td>`, level, "</td>\n</tr>\n")
	}
	return b
}

// escapeTo writes s to b escaped as html.EscapeString does, without
// making a new string.
func escapeTo(b *bytes.Buffer, s string) {
	for {
		i := strings.IndexAny(s, `<>&'"`)
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		b.WriteString(htmlEntities[s[i]])
		s = s[i+1:]
	}
}

// htmlEntities are html.EscapeString's replacements.
var htmlEntities = map[byte]string{'<': "&lt;", '>': "&gt;", '&': "&amp;", '\'': "&#39;", '"': "&#34;"}

// pageRows is the most rows one page lists. A longer list is split into
// pages (provinces, batches), or cut short with a pointer to them (home),
// so that no page grows with the table.
const pageRows = 1000

func newRenderer(s *Site, create Create) (*renderer, error) {
	r := &renderer{Site: s, create: create, layouts: map[string]*template.Template{},
		files: map[int][]data.File{}, tables: map[int]*data.Table{},
		templates: over(s.Templates, templates.FS), content: over(s.Content, content.FS)}
	base, err := template.ParseFS(r.templates, "layout.html", "partials.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	r.groups = r.provinces()
	for _, name := range []string{"home.html", "batch.html", "province.html", "page.html", "data.html", "404.html"} {
		t, err := template.Must(base.Clone()).ParseFS(r.templates, name)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		r.layouts[name] = t
	}
	return r, nil
}

// assets copies templates/assets to assets/.
func (r *renderer) assets() error {
	return fs.WalkDir(r.templates, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(r.templates, p)
		if err != nil {
			return err
		}
		return r.create(p, func(w io.Writer) error { _, err := w.Write(b); return err })
	})
}

// page makes a Page for a language-neutral path in a language.
func (r *renderer) page(path, lang string) *Page {
	return &Page{Path: path, Lang: lang, root: strings.Repeat("../", strings.Count(prefix(lang)+path, "/")), baseURL: r.BaseURL}
}

// buffers keeps page and row buffers for reuse: a page of a long list is
// half a megabyte, and growing fresh buffers to that size for every page
// was a fifth of a million-row build's allocations (and a quarter again
// before the rows had a pooled buffer too).
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a page template and writes the page.
func (r *renderer) render(tmpl string, p *Page) error {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	if p.rows != nil {
		defer func() { buffers.Put(p.rows); p.rows = nil }()
	}
	if err := r.layouts[tmpl].ExecuteTemplate(buf, "layout", p); err != nil {
		return fmt.Errorf("%s: %w", p.file(), err)
	}
	if p.Path != "404.html" {
		r.mu.Lock()
		r.written = append(r.written, p.file())
		r.mu.Unlock()
	}
	return r.create(p.file(), func(w io.Writer) error {
		out := buf.Bytes()
		if i := bytes.Index(out, []byte(rowsMarker)); i >= 0 && p.rows != nil {
			if _, err := w.Write(out[:i]); err != nil {
				return err
			}
			if _, err := w.Write(p.rows.Bytes()); err != nil {
				return err
			}
			out = out[i+len(rowsMarker):]
		}
		_, err := w.Write(out)
		return err
	})
}

// pages renders every page, one language per goroutine.
func (r *renderer) pages() error {
	errs := make([]error, len(Langs))
	var wg sync.WaitGroup
	for i, lang := range Langs {
		wg.Go(func() { errs[i] = r.pagesIn(lang) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	slices.Sort(r.written) // the sitemap's order may not depend on scheduling
	return r.notFound()
}

// pagesIn renders the pages of one language: first those that do not list
// the downloads, while the downloads are being written, then the others.
func (r *renderer) pagesIn(lang string) error {
	for _, g := range r.groups {
		if err := r.province(g, lang); err != nil {
			return err
		}
	}
	for _, c := range contentPages {
		if err := r.contentPage(c, lang); err != nil {
			return err
		}
	}
	if err := r.waitFiles(); err != nil {
		return err
	}
	if err := r.home(lang); err != nil {
		return err
	}
	for _, n := range r.Notices {
		if err := r.batch(n, lang); err != nil {
			return err
		}
	}
	return r.dataPage(lang)
}

// jsonLD marshals v for a script element; json.Marshal escapes <, > and &,
// so the text cannot close the element.
func jsonLD(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	return template.JS(b), err
}

// tableView is a table of pilots on a page.
type tableView struct {
	Caption         string
	Rows            template.HTML // the rows, written by writeRows
	Filters         bool          // show the filter controls
	ProvinceOptions []option
	BatchOptions    []int
	Pager           []pageLink // the pages of a list split over several
}

// pageLink is one entry of a pager.
type pageLink struct {
	Label   int
	Path    string
	Current bool
}

// pages splits rows into pages of pageRows, the first at first (…/index.html)
// and the others at …/2/index.html and so on, and returns each page's path
// and rows.
func pages(first string, rows []*data.Pilot) (paths []string, chunks [][]*data.Pilot) {
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

// pointers points at each pilot of a slice.
func pointers(ps []data.Pilot) []*data.Pilot {
	out := make([]*data.Pilot, len(ps))
	for i := range ps {
		out[i] = &ps[i]
	}
	return out
}

// pager links the pages of a split list, marking the current one.
func pager(paths []string, current int) []pageLink {
	if len(paths) < 2 {
		return nil
	}
	links := make([]pageLink, len(paths))
	for i, p := range paths {
		links[i] = pageLink{Label: i + 1, Path: p, Current: i == current}
	}
	return links
}

type option struct{ Value, Label string }

// tableView makes the table of pilots of a page. Only a table with
// filters (the home's) has the filter options, and rows with the data-batch
// and data-province attributes the filters read.
func (r *renderer) tableView(p *Page, pilots []*data.Pilot, caption string, filters bool) *tableView {
	p.rows = writeRows(p, pilots, filters)
	tv := &tableView{Caption: caption, Filters: filters, Rows: rowsMarker}
	if !filters {
		return tv
	}
	seenProv := map[string]bool{}
	seenBatch := map[int]bool{}
	for _, pl := range pilots {
		if !seenProv[pl.Province] {
			seenProv[pl.Province] = true
			label := pl.Province
			if p.Lang != "zh" && pl.ProvinceEN != "" {
				label = pl.ProvinceEN + " " + pl.Province
			}
			tv.ProvinceOptions = append(tv.ProvinceOptions, option{pl.Province, label})
		}
		if !seenBatch[pl.Batch] {
			seenBatch[pl.Batch] = true
			tv.BatchOptions = append(tv.BatchOptions, pl.Batch)
		}
	}
	slices.Sort(tv.BatchOptions)
	return tv
}

// provinceSlug names a province's folder: its code, or xpcc for the Corps,
// whose cities share Xinjiang's code prefix.
func provinceSlug(p *data.Pilot) string {
	if p.Province == "新疆生产建设兵团" {
		return "xpcc"
	}
	if p.ProvinceCode == "" {
		return "unknown"
	}
	return p.ProvinceCode
}

func provincePage(p *data.Pilot) string { return "provinces/" + provinceSlug(p) + "/index.html" }

// provinceGroup is a province's pilots across batches.
type provinceGroup struct {
	Slug, Name, NameEN string
	Pilots             []*data.Pilot // into the table, not copies
}

// provinces groups the pilots by province, in the order of the provinces'
// codes (the Corps last).
func (r *renderer) provinces() []*provinceGroup {
	bySlug := map[string]*provinceGroup{}
	var groups []*provinceGroup
	for i := range r.Table.Pilots {
		p := &r.Table.Pilots[i]
		slug := provinceSlug(p)
		g, ok := bySlug[slug]
		if !ok {
			g = &provinceGroup{Slug: slug, Name: p.Province, NameEN: p.ProvinceEN}
			bySlug[slug] = g
			groups = append(groups, g)
		}
		g.Pilots = append(g.Pilots, p)
	}
	slices.SortStableFunc(groups, func(a, b *provinceGroup) int { return strings.Compare(a.Slug, b.Slug) })
	return groups
}

// download is a file as the downloads tables show it.
type download struct {
	data.File
	Base string
	For  string
}

type downloadGroup struct {
	Caption string
	Files   []download
}

// downloads groups the files of the given tables, one group per table.
func (r *renderer) downloads(p *Page, batches []int, withMeta bool) []downloadGroup {
	forOf := map[string]string{}
	for _, f := range data.Formats {
		forOf[f.Name] = f.For
		if p.Lang == "zh" {
			forOf[f.Name] = f.ForZH
		}
	}
	var groups []downloadGroup
	for _, b := range batches {
		g := downloadGroup{Caption: p.T("downloads_all")}
		if b > 0 {
			g.Caption = fmt.Sprintf(p.T("downloads_batch"), b)
		}
		for _, f := range r.files[b] {
			if _, isData := forOf[f.Name]; !isData && !withMeta {
				continue
			}
			g.Files = append(g.Files, download{File: f, Base: path.Base(f.Path), For: forOf[f.Name]})
		}
		groups = append(groups, g)
	}
	return groups
}

type homeData struct {
	Pilots, BatchCount, Provinces int
	TileMap, BarChart             template.HTML
	Table                         *tableView
	Downloads                     []downloadGroup
	Notices                       []noticeLink
	Citation, BibTeX              string
}

type noticeLink struct {
	Title, Signed, SourceURL, ArchivedURL, Page string
}

func (r *renderer) noticeLinks() []noticeLink {
	var out []noticeLink
	for _, n := range r.Notices {
		out = append(out, noticeLink{n.Title, n.Signed.Format(data.Date), n.SourceURL, n.ArchivedURL, batchPage(n.Batch)})
	}
	return out
}

func batchPage(b int) string { return "batches/" + strconv.Itoa(b) + "/index.html" }

func (r *renderer) home(lang string) error {
	p := r.page("index.html", lang)
	groups := r.groups
	p.Title = p.T("title")
	p.Description = fmt.Sprintf(p.T("home_description"), len(r.Table.Pilots), len(r.Notices))
	p.Script = true
	p.Data = &homeData{
		Pilots: len(r.Table.Pilots), BatchCount: len(r.Notices), Provinces: len(groups),
		TileMap:   tileMap(p, groups),
		BarChart:  barChart(p, groups),
		Table:     r.homeTable(p),
		Downloads: r.downloads(p, []int{0}, false),
		Notices:   r.noticeLinks(),
		Citation:  data.Citation(r.Table),
		BibTeX:    bibTeX(r.Table, r.BaseURL),
	}
	var err error
	if p.JSONLD, err = jsonLD(r.datasetLD(r.Table, p)); err != nil {
		return err
	}
	return r.render("home.html", p)
}

// homeTable is every pilot, or the first pageRows of a longer table with
// a caption that points to the province pages and the downloads.
func (r *renderer) homeTable(p *Page) *tableView {
	all := pointers(r.Table.Pilots[:min(len(r.Table.Pilots), pageRows)])
	if len(r.Table.Pilots) <= pageRows {
		return r.tableView(p, all, fmt.Sprintf(p.T("caption_all"), len(all)), true)
	}
	return r.tableView(p, all, fmt.Sprintf(p.T("caption_first"), pageRows, len(r.Table.Pilots)), true)
}

type batchData struct {
	Number                      int
	Title, TranslatedTitle      string
	Signed, SignedZH, Published string
	Count                       int
	SourceURL, ArchivedURL      string
	Offices                     []string
	Body                        []paragraph
	AnnexTitle                  string
	Translation                 []string
	Table                       *tableView
	Downloads                   []downloadGroup
}

type paragraph struct{ Kind, Text string }

func (r *renderer) batch(n *notice.Notice, lang string) error {
	t := r.tables[n.Batch]
	if t == nil {
		return fmt.Errorf("batch %d: no files", n.Batch)
	}
	paths, chunks := pages(batchPage(n.Batch), pointers(t.Pilots))
	p := r.page(paths[0], lang)
	p.Title = n.Title
	if lang != "zh" {
		p.Title = fmt.Sprintf(p.T("batch_title"), n.Batch)
	}
	p.Description = fmt.Sprintf(p.T("batch_description"), n.Title, n.Count(), n.Signed.Format(data.Date))
	caption := fmt.Sprintf(p.T("caption_batch"), n.Batch, len(t.Pilots))
	table := r.tableView(p, chunks[0], caption, false)
	table.Pager = pager(paths, 0)
	d := &batchData{
		Number: n.Batch, Title: n.Title, Count: n.Count(),
		Signed: n.Signed.Format(data.Date), Published: n.Published.Format(data.Date),
		SignedZH:  fmt.Sprintf("%d年%d月%d日", n.Signed.Year(), n.Signed.Month(), n.Signed.Day()),
		SourceURL: n.SourceURL, ArchivedURL: n.ArchivedURL, Offices: n.Offices, AnnexTitle: n.AnnexTitle,
		Table:     table,
		Downloads: r.downloads(p, []int{n.Batch}, false),
	}
	for _, b := range n.Body {
		kind := map[notice.ParagraphKind]string{notice.Text: "text", notice.Addressee: "addressee", notice.Heading: "heading"}[b.Kind]
		d.Body = append(d.Body, paragraph{kind, b.Text})
	}
	if lang == "en" && n.TranslatedContent != "" {
		d.TranslatedTitle = n.TranslatedTitle
		d.Translation = strings.Split(n.TranslatedContent, "\n")
	}
	p.Data = d
	var err error
	if p.JSONLD, err = jsonLD(r.datasetLD(t, p)); err != nil {
		return err
	}
	if err := r.render("batch.html", p); err != nil {
		return err
	}
	// The rest of a long list, on pages of its own.
	for i := 1; i < len(paths); i++ {
		q := r.page(paths[i], lang)
		q.Title = fmt.Sprintf(p.T("page_of"), p.Title, i+1, len(paths))
		q.Description = p.Description
		tv := r.tableView(q, chunks[i], caption, false)
		tv.Pager = pager(paths, i)
		q.Data = &provinceData{Name: q.Title, Summary: p.Description, Table: tv}
		if err := r.render("province.html", q); err != nil {
			return err
		}
	}
	return nil
}

type provinceData struct {
	Name, Summary string
	Table         *tableView
}

func (r *renderer) province(g *provinceGroup, lang string) error {
	name := g.Name
	if lang != "zh" && g.NameEN != "" {
		name = g.NameEN + " (" + g.Name + ")"
	}
	batches := map[int]bool{}
	for _, pl := range g.Pilots {
		batches[pl.Batch] = true
	}
	paths, chunks := pages("provinces/"+g.Slug+"/index.html", g.Pilots)
	for i, path := range paths {
		p := r.page(path, lang)
		p.Title = name
		if i > 0 {
			p.Title = fmt.Sprintf(p.T("page_of"), name, i+1, len(paths))
		}
		p.Description = fmt.Sprintf(p.T("province_description"), name, len(g.Pilots))
		tv := r.tableView(p, chunks[i], fmt.Sprintf(p.T("caption_province"), name, len(g.Pilots)), false)
		tv.Pager = pager(paths, i)
		p.Data = &provinceData{
			Name:    p.Title,
			Summary: fmt.Sprintf(p.T("province_summary"), name, len(g.Pilots), len(batches)),
			Table:   tv,
		}
		if err := r.render("province.html", p); err != nil {
			return err
		}
	}
	return nil
}

type dataPageData struct {
	Downloads []downloadGroup
	Recipes   []data.Recipe // code that loads pilots.csv of all batches
}

func (r *renderer) dataPage(lang string) error {
	p := r.page("data/index.html", lang)
	p.Title = p.T("downloads")
	p.Description = p.T("data_description")
	batches := []int{0}
	for _, n := range r.Notices {
		batches = append(batches, n.Batch)
	}
	p.Data = &dataPageData{Downloads: r.downloads(p, batches, true), Recipes: data.Recipes(r.BaseURL + r.Table.Dir() + "/" + data.CSVFile)}
	return r.render("data.html", p)
}

func (r *renderer) notFound() error {
	p := r.page("404.html", "zh")
	p.root = r.BaseURL // served at any path: links must be absolute
	p.Title = p.T("notfound")
	p.Description = p.T("notfound_description")
	p.Data = struct{ Home, HomeEN string }{r.BaseURL + "index.html", r.BaseURL + "en/index.html"}
	return r.render("404.html", p)
}
