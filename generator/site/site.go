// Package site renders the static website: the home page, the page of
// every list and batch (lists/) and one per kind of list (batches/,
// pioneer-zones/), one page per batch and per province, the content pages, the downloads page, and the
// feed, sitemap, robots.txt and 404 page, in Chinese (at the root) and
// English (under en/).
//
// Pages are html/template files from package templates and Markdown from
// package content (rendered with goldmark), both embedded; Site.Templates
// and Site.Content lay a portal's own files over them (overlay.go). Every
// link between pages is relative and names index.html explicitly, so the
// site works from any sub-path of any host and from file://; the base URL
// is used only where an address must be absolute: canonical and hreflang
// links, JSON-LD, Open Graph, the sitemap and the feed. The 404 page,
// which a host serves at any path, links from the host's root to the base
// URL's path instead, and carries its stylesheet inline. The addresses of
// pages are made here only (urls.go), but for the pages of the tables,
// which the tables' identities give (lists.Table.Page) to the data's
// metadata and the site alike. Every label that names a kind of list, a
// batch or a table is made from the kinds' description (texts.go).
//
// # Templates
//
// Since -templates lets a portal replace any template, what a template
// receives is public, and kept: fields are added, never renamed or
// removed. docs/templates.md is that contract: every template, and the
// fields of its page and data.
package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/bianmin-data/pilots/content"
	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/generator/settings"
	"github.com/bianmin-data/pilots/templates"
)

// Site is what a build gives the site: the table of every batch, whose
// batches carry their notices, and the downloads once they are written.
type Site struct {
	Table   *data.Table // the combined table of every list (data.Table.Of gives one kind)
	BaseURL string      // absolute, ending in a slash

	// Downloads are being written while the pages render: Wait returns
	// them once they are written, or the error that stopped them. Only the
	// pages that list the downloads (home, batches, data) and the feed
	// wait for them; the others render meanwhile.
	Downloads interface {
		Wait() (*data.Downloads, error)
	}

	// ReportURL is where readers report a problem with the data: an
	// issue tracker, a form or a mailto: address. The home and downloads
	// pages link to it.
	ReportURL string

	// Publisher is who publishes the data (content/site.toml).
	Publisher settings.Publisher

	// Templates and Content, when set, hold files that replace the
	// built-in templates and assets (package templates) and Markdown
	// pages (package content) of the same name; the others stay.
	Templates, Content fs.FS
}

// Create writes one file at a slash-separated path relative to the site's
// root.
type Create func(rel string, write func(io.Writer) error) error

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
		{"charts", r.chartFiles},
		{"pages", r.allPages},
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

	groups     []*provinceGroup               // every designation by province
	areas      []*areaGroup                   // every designation by area
	kinds      []*data.Table                  // each kind's table of every batch, by the kind's Order
	notices    map[lists.Table]*notice.Notice // the notice of each batch
	announced  []announced                    // every list announced (content's announced.md)
	holdings   []holding                      // what the site holds of each kind, by its Order (covers)
	strings    *jsonStrings                   // the JSON of the strings of batches, for the areas' JSON
	sinces     sync.Map                       // the clauses of area pages on their designations, by sinceKey (since)
	batchTexts batchTexts                     // the texts of the batches' cells (newBatchTexts)
	factsOnce  sync.Once                      // showsFacts
	factsShown bool

	downloadsOnce sync.Once
	files         *data.Downloads // once written
	downloadsErr  error
}

// of is the table of every batch of kind k, made once (Table.Of scans the
// rows).
func (r *renderer) of(k *lists.Kind) *data.Table { return r.kinds[k.Order] }

// published are the kinds' tables of every batch that the downloads hold
// (data.Table.ByKind decides which: those with batches, and the national
// pilots, whose addresses are promised): the kinds the pages show.
func (r *renderer) published() []*data.Table {
	var out []*data.Table
	for _, t := range r.kinds {
		if r.files.Set(t.Table) != nil {
			out = append(out, t)
		}
	}
	return out
}

// waitDownloads waits for the downloads, once.
func (r *renderer) waitDownloads() error {
	r.downloadsOnce.Do(func() { r.files, r.downloadsErr = r.Downloads.Wait() })
	return r.downloadsErr
}

func newRenderer(s *Site, create Create) (*renderer, error) {
	r := &renderer{Site: s, create: create, layouts: map[string]*template.Template{}, strings: &jsonStrings{}, batchTexts: newBatchTexts(s.Table),
		templates: over(s.Templates, templates.FS), content: over(s.Content, content.FS)}
	base, err := template.ParseFS(r.templates, "layout.html", "partials.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	for _, k := range s.Table.Catalog.Kinds {
		r.kinds = append(r.kinds, s.Table.Of(k))
	}
	r.notices = map[lists.Table]*notice.Notice{}
	for _, b := range s.Table.Batches {
		r.notices[b.Kind.Batch(b.Number)] = b.Notice
	}
	if err := checkKinds(s.Table.Catalog); err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	if r.announced, err = readAnnounced(r.content, s.Table.Catalog); err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	r.holdings = holdingsOf(r.kinds, r.announced)
	r.groups = r.provinces()
	r.areas = r.areaGroups()
	for _, name := range []string{"home.html", "lists.html", "kind.html", "batch.html", "province.html", "page.html", "data.html", "404.html"} {
		t, err := template.Must(base.Clone()).ParseFS(r.templates, name)
		if err == nil {
			err = checkLoops(t)
		}
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
	return &Page{Path: path, Lang: lang, root: strings.Repeat("../", strings.Count(prefix(lang)+path, "/")), baseURL: r.BaseURL, batches: r.batchTexts}
}

// buffers keeps page and row buffers for reuse: a page of a long list is
// half a megabyte, and growing fresh buffers to that size for every page
// was a fifth of a million-row build's allocations (and a quarter again
// before the rows had a pooled buffer too).
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPage is the most bytes the templates may write for one page, the
// rows of its table aside (the build writes those, at most a thousand a
// page). The largest built-in page is under 100 KB; a theme's template
// that loops without end ({{range 1000000000000}}) stops here, with an
// error naming it, instead of growing until the machine runs out of
// memory.
const maxPage = 32 << 20

// execute runs the template t, the page template tmpl in its layout, for
// p into buf, failing once the page would grow past maxPage.
func execute(t *template.Template, tmpl string, buf *bytes.Buffer, p *Page) error {
	return t.ExecuteTemplate(&capped{buf, tmpl}, "layout", p)
}

// capped is a page's buffer that refuses to grow past maxPage.
type capped struct {
	buf  *bytes.Buffer
	tmpl string
}

func (c *capped) Write(b []byte) (int, error) {
	if c.buf.Len()+len(b) > maxPage {
		return 0, fmt.Errorf("template %s writes more than %d MiB for one page (a loop without end?)", c.tmpl, maxPage>>20)
	}
	return c.buf.Write(b)
}

// render executes a page template and writes the page.
func (r *renderer) render(tmpl string, p *Page) error {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	if p.rows != nil {
		defer func() { buffers.Put(p.rows); p.rows = nil }()
	}
	if err := execute(r.layouts[tmpl], tmpl, buf, p); err != nil {
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

// allPages renders every page, one language per goroutine.
func (r *renderer) allPages() error {
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
	proto, _, err := r.newPrototype(provincePath(markID), lang, "", r.omit(omitted{province: true}))
	if err != nil {
		return err
	}
	for _, g := range r.groups {
		if err := r.province(g, lang, proto); err != nil {
			return err
		}
	}
	for _, c := range contentPages {
		if err := r.contentPage(c, lang); err != nil {
			return err
		}
	}
	if err := r.areaPages(lang); err != nil {
		return err
	}
	if err := r.waitDownloads(); err != nil {
		return err
	}
	if err := r.home(lang); err != nil {
		return err
	}
	if err := r.listsPage(lang); err != nil {
		return err
	}
	for _, t := range r.published() {
		if err := r.kindPage(t, lang); err != nil {
			return err
		}
	}
	for _, b := range r.Table.Batches {
		if err := r.batch(b, lang); err != nil {
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

// notFound renders 404.html, which a host serves for any missing path, at
// any depth, and on previews and mirrors as well as at the base URL: so it
// is whole in itself, its stylesheet inline, and its links lead from the
// root of the host to the base URL's path (/pilots/index.html), not
// relative to where it is served.
func (r *renderer) notFound() error {
	p := r.page("404.html", "zh")
	u, err := url.Parse(r.BaseURL)
	if err != nil {
		return err
	}
	p.root = u.Path
	css, err := fs.ReadFile(r.templates, "assets/style.css")
	if err != nil {
		return err
	}
	p.Style = template.CSS(css)
	p.Title = p.T("notfound")
	p.Description = p.T("notfound_description")
	p.Data = struct{ Home, HomeEN string }{p.Link("index.html"), p.root + prefix("en") + "index.html"}
	return r.render("404.html", p)
}
