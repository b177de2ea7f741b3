// Package serve serves a built site from a folder as the static hosts it is
// made for would: files as they are, index.html for a folder, 404.html with
// status 404 for anything missing, and the media types of the downloads as
// package data declares them (data.Outputs), whatever the machine's
// /etc/mime.types says.
package serve

import (
	"errors"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
)

// byName maps the file name of every output to its media type, and byExt
// the extension of their names to the type of the first output with it;
// text is UTF-8.
var byName, byExt = func() (map[string]string, map[string]string) {
	names, exts := map[string]string{}, map[string]string{}
	for _, o := range data.Outputs {
		typ := o.MediaType
		if strings.HasPrefix(typ, "text/") {
			typ += "; charset=utf-8"
		}
		names[o.File] = typ
		if ext := path.Ext(o.File); ext != "" && exts[ext] == "" {
			exts[ext] = typ
		}
	}
	return names, exts
}()

// mediaType is the type the site serves the file name with: an output's
// by its name (SHA256SUMS, pilots.schema.json), another file by its
// extension, or "" to let net/http choose.
func mediaType(name string) string {
	if typ, ok := byName[path.Base(name)]; ok {
		return typ
	}
	return byExt[path.Ext(name)]
}

// Handler serves the site in dir.
func Handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clean := path.Clean("/" + r.URL.Path)
		name := filepath.Join(dir, filepath.FromSlash(clean))
		if _, err := os.Stat(name); errors.Is(err, os.ErrNotExist) {
			page, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(page)
			return
		}
		if typ := mediaType(clean); typ != "" {
			w.Header().Set("Content-Type", typ)
		}
		files.ServeHTTP(w, r)
	})
}
