package site

import (
	"bytes"
	"fmt"
	"html/template"
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
