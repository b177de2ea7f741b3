package site

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
)

// Page is what a template sees: the page's place in the site, its language
// and its data.
type Page struct {
	Path        string // language-neutral path: batches/3/index.html
	Lang        string
	Title       string
	Description string
	JSONLD      template.JS
	Script      bool         // the table script is needed
	Style       template.CSS // the stylesheet, inline, in place of a link to it (the 404 page)
	Data        any

	root    string // relative path to the site's root, or the base URL
	baseURL string
	rows    *bytes.Buffer // the rows of the page's table, put in place of rowsMarker (from buffers)
	batches batchTexts    // the texts of the batches' cells, the renderer's
}

// Repository is the address of the project's source code, which the
// footer links with its licence.
const Repository = "https://github.com/bianmin-data/pilots"

// Repository is the address of the project's source code.
func (p *Page) Repository() string { return Repository }

// CodeLicence is the address of the code's licence (MIT).
func (p *Page) CodeLicence() string { return Repository + "/blob/main/LICENSE" }

// DataLicence is the address of the data's licence (CC0-1.0).
func (p *Page) DataLicence() string { return data.LicenseURL }

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

// Switch links to this page in the other language; the 404 page, which
// has one language, to the other language's home.
func (p *Page) Switch() string {
	target := p.Path
	if target == "404.html" {
		target = "index.html"
	}
	for _, l := range Langs {
		if l != p.Lang {
			return p.root + prefix(l) + target
		}
	}
	return ""
}

// NotFound reports whether this is the 404 page, which has no address of
// its own.
func (p *Page) NotFound() bool { return p.Path == "404.html" }

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

// OGImage is the absolute address of the picture link previews show.
func (p *Page) OGImage() string { return p.baseURL + OGImage }

// file is the page's own path in the site.
func (p *Page) file() string { return prefix(p.Lang) + p.Path }

// crumb is one step of a breadcrumb: a page's name and path
// (language-neutral), "" for the page it is on.
type crumb struct{ Label, Path string }

// homeCrumbs are the steps every breadcrumb starts with: the home and
// the page of every list.
func homeCrumbs(p *Page) []crumb {
	return []crumb{{p.T("home"), "index.html"}, {p.T("lists"), listsPath}}
}

// crumbs writes the breadcrumb of page p: the steps of trail, each linked
// to its page, then here, the page itself.
func crumbs(p *Page, trail []crumb, here crumb) string {
	var b strings.Builder
	b.WriteString(`<nav class="crumbs" aria-label="` + html.EscapeString(p.T("breadcrumb")) + `"><ol>`)
	for _, c := range trail {
		b.WriteString(`<li><a href="` + html.EscapeString(p.Link(c.Path)) + `">` + html.EscapeString(c.Label) + `</a></li>`)
	}
	b.WriteString(`<li aria-current="page">` + html.EscapeString(here.Label) + "</li></ol></nav>")
	return b.String()
}

// areaCrumbs is the breadcrumb of the page of area a, named name: the
// home, the lists, its province.
func areaCrumbs(p *Page, a *areaGroup, name string) string {
	first := a.Rows[0]
	province := first.Province
	if p.Lang != "zh" && first.ProvinceEN != "" {
		province = first.ProvinceEN
	}
	return crumbs(p, append(homeCrumbs(p), crumb{province, provincePath(provinceSlug(first.Province, first.ProvinceCode))}), crumb{Label: name})
}

// Formats are the formats of the files of groups, each once, in the order
// they first come, with who each is for: the downloads show a table's
// files compactly, and what each format is for once a page.
func (p *Page) Formats(groups []downloadGroup) []download {
	var out []download
	for _, g := range groups {
		for _, f := range g.Files {
			if !slices.ContainsFunc(out, func(d download) bool { return d.Name == f.Name }) {
				out = append(out, f)
			}
		}
	}
	return out
}
