package serve

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// TestHandler checks what pilots serve answers: the media type of each
// kind of file, and the 404 page for a missing one.
func TestHandler(t *testing.T) {
	site := t.TempDir()
	for name, body := range map[string]string{
		"index.html": "<!doctype html><title>home</title>", "404.html": "<!doctype html><title>not found</title>",
		"data/pilots.csv": "batch\n3\n", "data/pilots.geojson": "{}", "data/catalog.jsonld": "{}",
		"data/pilots.json": "[]", "data/pilots.xlsx": "PK", "data/SHA256SUMS": "0  x\n", "data/pilots.schema.json": "{}", "data/batch-3/pilots.excel.csv": "\ufeffbatch\r\n",
	} {
		os.MkdirAll(filepath.Join(site, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(site, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(Handler(site))
	defer srv.Close()
	for _, tc := range []struct {
		path, status, contentType string
	}{
		{"/", "200 OK", "text/html; charset=utf-8"},
		{"/data/pilots.csv", "200 OK", "text/csv; charset=utf-8"},
		{"/data/pilots.geojson", "200 OK", "application/geo+json"},
		{"/data/catalog.jsonld", "200 OK", "application/ld+json"},
		{"/data/pilots.json", "200 OK", "application/json"},
		{"/data/pilots.xlsx", "200 OK", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"/data/SHA256SUMS", "200 OK", "text/plain; charset=utf-8"},
		{"/data/pilots.schema.json", "200 OK", "application/schema+json"},
		{"/data/batch-3/pilots.excel.csv", "200 OK", "text/csv; charset=utf-8"},
		{"/no/such/page", "404 Not Found", "text/html; charset=utf-8"},
	} {
		res, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Status != tc.status || res.Header.Get("Content-Type") != tc.contentType {
			t.Errorf("%s: %s, %s; want %s, %s", tc.path, res.Status, res.Header.Get("Content-Type"), tc.status, tc.contentType)
		}
	}
}
