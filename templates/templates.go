// Package templates holds the site's html/template files and static assets,
// embedded so that the pilots binary needs nothing beside it.
//
// layout.html defines the frame of every page (head, header, language
// switch, footer) and calls the "content" template, which each page file
// (home.html, batch.html, province.html, page.html, data.html) defines.
// assets/ is copied to the site as is.
package templates

import "embed"

// FS holds the templates (*.html) and assets (assets/*).
//
//go:embed *.html assets
var FS embed.FS
