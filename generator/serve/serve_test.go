package serve

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// testSite writes a small site, with a symlink out of it and a FIFO in it.
func testSite(t *testing.T) string {
	t.Helper()
	site := t.TempDir()
	for name, body := range map[string]string{
		"index.html": "<!doctype html><title>home</title>", "404.html": "<!doctype html><title>not found</title>",
		"data/pilots.csv": "batch\n3\n", "data/pilots.geojson": "{}", "data/catalog.jsonld": "{}",
		"data/pilots.json": "[]", "data/pilots.xlsx": "PK", "data/SHA256SUMS": "0  x\n", "data/pilots.schema.json": "{}",
		"data/batch-3/pilots.excel.csv": "\ufeffbatch\r\n", "assets/style.css": "body{}", "en/index.html": "<!doctype html><title>en</title>",
	} {
		os.MkdirAll(filepath.Join(site, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(site, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	secret := filepath.Join(t.TempDir(), "shadow")
	os.WriteFile(secret, []byte("root:secret"), 0o600)
	os.Symlink(filepath.Dir(secret), filepath.Join(site, "etclink"))
	os.Symlink("index.html", filepath.Join(site, "home.html")) // inside the site: fine
	return site
}

// TestHandler checks what pilots serve answers, as a static host would:
// the media type of each kind of file, index.html for a folder, and the
// 404 page for anything else, a listing, a way out of the site or a
// malformed name included.
func TestHandler(t *testing.T) {
	h, err := Handler(testSite(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		path, status, contentType, body string
	}{
		{"/", "200 OK", "text/html; charset=utf-8", "home"},
		{"/en/", "200 OK", "text/html; charset=utf-8", "en"},
		{"/en", "301 Moved Permanently", "", ""},
		{"/home.html", "200 OK", "text/html; charset=utf-8", "home"},
		{"/data/pilots.csv", "200 OK", "text/csv; charset=utf-8", "batch"},
		{"/data/pilots.geojson", "200 OK", "application/geo+json", ""},
		{"/data/catalog.jsonld", "200 OK", "application/ld+json", ""},
		{"/data/pilots.json", "200 OK", "application/json", ""},
		{"/data/pilots.xlsx", "200 OK", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""},
		{"/data/SHA256SUMS", "200 OK", "text/plain; charset=utf-8", ""},
		{"/data/pilots.schema.json", "200 OK", "application/schema+json", ""},
		{"/data/batch-3/pilots.excel.csv", "200 OK", "text/csv; charset=utf-8", ""},
		{"/assets/style.css", "200 OK", "text/css; charset=utf-8", ""},
		{"/no/such/page", "404 Not Found", "text/html; charset=utf-8", "not found"},
		{"/assets/", "404 Not Found", "text/html; charset=utf-8", "not found"},
		{"/data/batch-3/", "404 Not Found", "text/html; charset=utf-8", "not found"},
		{"/etclink/shadow", "404 Not Found", "text/html; charset=utf-8", "not found"},
		{"/index.html/foo", "404 Not Found", "text/html; charset=utf-8", "not found"},
		{"/%00", "404 Not Found", "text/html; charset=utf-8", "not found"},
		{"/" + strings.Repeat("a", 300), "404 Not Found", "text/html; charset=utf-8", "not found"},
		{"/../../etc/passwd", "404 Not Found", "text/html; charset=utf-8", "not found"},
	} {
		res, err := client.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.Status != tc.status || tc.contentType != "" && res.Header.Get("Content-Type") != tc.contentType || !strings.Contains(string(body), tc.body) {
			t.Errorf("%.40s: %s, %s, %.40q; want %s, %s, %q", tc.path, res.Status, res.Header.Get("Content-Type"), body, tc.status, tc.contentType, tc.body)
		}
	}
}

// TestTimeouts opens connections that trickle their headers and checks
// that the server closes every one of them.
func TestTimeouts(t *testing.T) {
	srv, err := NewServer(testSite(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if srv.ReadHeaderTimeout == 0 || srv.IdleTimeout == 0 || srv.ReadTimeout == 0 {
		t.Fatalf("timeouts %v %v %v", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout)
	}
	srv.ReadHeaderTimeout = 300 * time.Millisecond // for the test
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	const conns = 50
	var wg sync.WaitGroup
	closed := make(chan bool, conns)
	for range conns {
		wg.Go(func() {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				closed <- false
				return
			}
			defer c.Close()
			io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n")
			for range 20 { // a header byte every 100 ms, never ending
				if _, err := io.WriteString(c, "X"); err != nil {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			// The server has closed the connection, perhaps with a 408,
			// if reading comes to an end before this deadline.
			c.SetReadDeadline(time.Now().Add(3 * time.Second))
			_, err = io.Copy(io.Discard, bufio.NewReader(c))
			var ne net.Error
			closed <- !errors.As(err, &ne) || !ne.Timeout()
		})
	}
	wg.Wait()
	close(closed)
	n := 0
	for ok := range closed {
		if ok {
			n++
		}
	}
	if n != conns {
		t.Errorf("%d of %d trickling connections closed", n, conns)
	}
}

// TestUnder checks that a site is served at the root and under the path of
// its base URL alike, and that only that path is taken off.
func TestUnder(t *testing.T) {
	h, err := Handler(testSite(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Under("/pilots/", h))
	defer srv.Close()
	for _, tc := range []struct{ path, status, body string }{
		{"/pilots/", "200 OK", "home"},
		{"/pilots/en/index.html", "200 OK", "en"},
		{"/pilots/assets/style.css", "200 OK", "body{}"},
		{"/en/index.html", "200 OK", "en"},
		{"/pilotsx/index.html", "404 Not Found", "not found"},
		{"/pilots/../etclink/shadow", "404 Not Found", "not found"},
	} {
		res, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.Status != tc.status || !strings.Contains(string(b), tc.body) {
			t.Errorf("%s: %s %q, want %s with %q", tc.path, res.Status, b, tc.status, tc.body)
		}
	}
}
