package site

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// overlay is a file system of the files of top over those of base: a name
// that top has is read from top, any other from base, and a folder lists
// the entries of both (top's where both have one of a name). A file of top
// hides a folder of base of the same name, and all below it. It lets a
// portal replace some of the built-in templates, assets or Markdown pages
// (the build's -templates and -content flags) and keep the rest.
type overlay struct{ top, base fs.FS }

// over returns top over base, or base alone when top is nil.
func over(top, base fs.FS) fs.FS {
	if top == nil {
		return base
	}
	return overlay{top, base}
}

func (o overlay) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := o.top.Open(name)
	if errors.Is(err, fs.ErrNotExist) && !o.shadowed(name) {
		f, err = o.base.Open(name)
	}
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.IsDir() {
		return f, nil
	}
	var entries []fs.DirEntry
	if err == nil {
		entries, err = o.ReadDir(name)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &dir{File: f, entries: entries}, nil
}

// ReadDir lists the entries of the folder name, sorted by name: top's,
// and base's too where base has a folder of that name, top's entry where
// both have one of a name.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	top, err := fs.ReadDir(o.top, name)
	if errors.Is(err, fs.ErrNotExist) && !o.shadowed(name) {
		return fs.ReadDir(o.base, name)
	}
	if err != nil {
		return nil, err
	}
	info, err := fs.Stat(o.base, name)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !info.IsDir() {
		return top, nil
	}
	base, err := fs.ReadDir(o.base, name)
	if err != nil {
		return nil, err
	}
	entries := top
	for _, e := range base {
		if !slices.ContainsFunc(top, func(t fs.DirEntry) bool { return t.Name() == e.Name() }) {
			entries = append(entries, e)
		}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// shadowed reports whether the nearest folder above name (a valid path)
// that top has is a file there, which hides base's folder of that name and
// all below it.
func (o overlay) shadowed(name string) bool {
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if info, err := fs.Stat(o.top, d); err == nil {
			return !info.IsDir()
		}
	}
	return false
}

// dir is an open folder of an overlay: the folder of top or base, which
// answers Stat and Close, listing the entries of both.
type dir struct {
	fs.File
	entries []fs.DirEntry
	read    int
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.read:]
	if n <= 0 {
		d.read = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.read += n
	return rest[:n], nil
}
