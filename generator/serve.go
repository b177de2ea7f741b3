package generator

import (
	"errors"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
)

// mediaTypes are the types of the site's files that a machine without
// /etc/mime.types does not know (Go's own table is short); static hosts
// serve them so.
var mediaTypes = map[string]string{
	".csv":     "text/csv; charset=utf-8",
	".geojson": "application/geo+json",
	".jsonld":  "application/ld+json",
	".xlsx":    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// Handler serves a built site from dir as a static host would: files as
// they are, with their media types, index.html for a folder, and 404.html
// with status 404 for anything missing.
func Handler(dir string) http.Handler {
	for ext, typ := range mediaTypes {
		mime.AddExtensionType(ext, typ)
	}
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
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
		files.ServeHTTP(w, r)
	})
}
