// Package content holds the site's Markdown pages, embedded so that the
// pilots binary needs nothing beside it. Each page exists in Chinese and
// English as <name>.zh.md and <name>.en.md; its first line is the page's
// "# title", its first paragraph the page's description. Pages are rendered
// with goldmark by package site, which may add a generated part (the field
// table of the dictionary, the citation, the list of batches).
//
// announced.md is data, not a page: a table of every list the ministries
// have announced (list, batch, announced, areas, status, source, and its
// source in Chinese, source_zh, which may be left out), from
// which the site says which announced lists it does not hold. A list whose
// notice is in seeds/ drops out of that by itself.
package content

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
)

// FS holds the pages.
//
//go:embed *.md *.json *.toml
var FS embed.FS

// ReadFile reads the file name of fsys (this package's FS, or a portal's
// content folder), at most max bytes: more is an error naming it, so that
// a settings file is read in time and memory bounded by max.
func ReadFile(fsys fs.FS, name string, max int) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	src, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(src) > max {
		return nil, fmt.Errorf("%s: over %d bytes", name, max)
	}
	return src, nil
}
