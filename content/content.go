// Package content holds the site's Markdown pages, embedded so that the
// pilots binary needs nothing beside it. Each page exists in Chinese and
// English as <name>.zh.md and <name>.en.md; its first line is the page's
// "# title", its first paragraph the page's description. Pages are rendered
// with goldmark by package site, which may add a generated part (the field
// table of the dictionary, the citation, the list of batches).
package content

import "embed"

// FS holds the pages.
//
//go:embed *.md
var FS embed.FS
