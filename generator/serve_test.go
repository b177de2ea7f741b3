package generator

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestHandler checks what pilots serve answers: the media type of each
// kind of file, and the 404 page for a missing one.
func TestHandler(t *testing.T) {
	srv := httptest.NewServer(Handler(seedSite(t)))
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
