package serve

import (
	"bufio"
	"compress/gzip"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// hangGuard is how long a test waits for what should come before it
// calls it a hang; it asserts no speed.
const hangGuard = 2 * time.Minute

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
			// if reading comes to an end before this deadline, which
			// only ends a hang.
			c.SetReadDeadline(time.Now().Add(hangGuard))
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

// get sends a request for the raw target to h and returns the recorded
// answer.
func get(h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestRedirects checks that a folder asked for without its slash is sent
// to it by a relative address: the path the site is under is kept, and a
// path that starts // (an open redirect to another host) is not repeated.
func TestRedirects(t *testing.T) {
	h, err := Handler(testSite(t))
	if err != nil {
		t.Fatal(err)
	}
	h = Under("/pilots/", h)
	for _, tc := range []struct{ target, location string }{
		{"/en", "en/"},
		{"/pilots/en", "en/"},
		{"/pilots", "pilots/"},
		{"/en?q=1", "en/?q=1"},
		{"//en", "en/"},
		{"/pilots//en", "en/"},
	} {
		w := get(h, tc.target)
		if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != tc.location {
			t.Errorf("%s: %d, Location %q; want 301 to %q", tc.target, w.Code, w.Header().Get("Location"), tc.location)
		}
	}
}

// TestPathThroughFile asks for paths that pass through a file, hold an
// escaped slash or a dot segment: each gets the 404 page, never a page
// with 200 (whose relative links would then resolve from the wrong
// folder), nor a redirect to an address that is not there
// (/en/index.html/.. was sent to en/ from it: /en/index.html/en/).
func TestPathThroughFile(t *testing.T) {
	h, err := Handler(testSite(t))
	if err != nil {
		t.Fatal(err)
	}
	h = Under("/pilots/", h)
	for _, target := range []string{
		"/index.html/", "/index.html//", "/en/index.html/", "/data/pilots.csv/", "/pilots/index.html/",
		"/en%2f", "/en%2F", "/en%2findex.html", "/data%2Fpilots.csv", "/pilots/en%2f", "/pilots%2fen/",
		"/en/index.html/..", "/en/index.html/../", "/en/..", "/en/./", "/en/../index.html", "/%2e%2e/en/", "/en/%2E/",
		"//evil.com/../en", "/pilots//evil.com/../en",
	} {
		w := get(h, target)
		if w.Code != http.StatusNotFound || w.Header().Get("Location") != "" || !strings.Contains(w.Body.String(), "not found") {
			t.Errorf("%s: %d, Location %q, %.40q; want the 404 page", target, w.Code, w.Header().Get("Location"), w.Body)
		}
	}
}

// TestServeHostile checks that a FIFO in the site, even in place of
// 404.html, hangs no request, and that a Range header of thousands of
// parts gets no answer larger than the file.
func TestServeHostile(t *testing.T) {
	site := testSite(t)
	big := strings.Repeat("x", 100_000)
	os.WriteFile(filepath.Join(site, "big.txt"), []byte(big), 0o644)
	if err := syscall.Mkfifo(filepath.Join(site, "fifo"), 0o644); err != nil {
		t.Skip("cannot make a FIFO here:", err)
	}
	h, err := Handler(site)
	if err != nil {
		t.Fatal(err)
	}
	within := func(what string, f func()) {
		t.Helper()
		done := make(chan bool)
		go func() { f(); close(done) }()
		select {
		case <-done:
		case <-time.After(hangGuard):
			t.Fatalf("%s hangs", what)
		}
	}
	within("a FIFO", func() {
		if w := get(h, "/fifo"); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "not found") {
			t.Errorf("a FIFO: %d %q", w.Code, w.Body)
		}
	})
	os.Remove(filepath.Join(site, "404.html"))
	syscall.Mkfifo(filepath.Join(site, "404.html"), 0o644)
	within("a FIFO for 404.html", func() {
		if w := get(h, "/missing"); w.Code != http.StatusNotFound {
			t.Errorf("a FIFO for 404.html: %d", w.Code)
		}
	})
	w := get(h, "/big.txt", "Range", "bytes=0-0"+strings.Repeat(",0-0", 15_000))
	if w.Body.Len() > len(big) {
		t.Errorf("15,001 ranges: %d, %d bytes for a file of %d", w.Code, w.Body.Len(), len(big))
	}
	if w := get(h, "/big.txt", "Range", "bytes=0-0,5-5"); w.Code != http.StatusPartialContent {
		t.Errorf("two ranges: %d", w.Code)
	}
}

// TestServeRebuilt checks that a site swapped for a new one, as a build
// does, is served whole from the next request on: never the folder
// swapped out, which the next build empties and writes into.
func TestServeRebuilt(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "public")
	os.Mkdir(site, 0o755)
	os.WriteFile(filepath.Join(site, "index.html"), []byte("old"), 0o644)
	h, err := Handler(site)
	if err != nil {
		t.Fatal(err)
	}
	next := filepath.Join(dir, "next")
	os.Mkdir(next, 0o755)
	os.WriteFile(filepath.Join(next, "index.html"), []byte("new"), 0o644)
	// The swap, in two renames; the swapped-out folder is then emptied.
	if err := os.Rename(site, filepath.Join(dir, "prev")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(next, site); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "prev", "index.html"))
	if w := get(h, "/"); w.Code != http.StatusOK || w.Body.String() != "new" {
		t.Errorf("after the swap: %d %q, want the new site", w.Code, w.Body)
	}
}

// rawServer serves testSite with the file name holding body, and returns
// the server, closed when the test ends, and a client that sees its
// answers as they are (no transparent decompression).
func rawServer(t *testing.T, name, body string) (*httptest.Server, *http.Client) {
	t.Helper()
	site := testSite(t)
	if err := os.WriteFile(filepath.Join(site, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := Handler(site)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, &http.Client{Transport: &http.Transport{DisableCompression: true}}
}

// TestGzip checks that text goes compressed to a client that accepts
// gzip, whole and the same bytes once decompressed, with Vary, as static
// hosts send it; and as it is to one that does not, for a range, for a
// HEAD, and for what is compressed already (a workbook).
func TestGzip(t *testing.T) {
	page := strings.Repeat("<p>城市一刻钟便民生活圈</p>\n", 200)
	srv, client := rawServer(t, "index.html", page)
	for _, tc := range []struct {
		method, path, accept, rng string
		status                    int
		gzip                      bool
		want                      string
	}{
		{"GET", "/", "gzip, deflate, br", "", 200, true, page},
		{"GET", "/", "br;q=1, gzip;q=0.8", "", 200, true, page},
		{"GET", "/", "", "", 200, false, page},
		{"GET", "/", "gzip;q=0", "", 200, false, page},
		{"GET", "/", "identity", "", 200, false, page},
		{"GET", "/", "gzip", "bytes=0-2", 206, false, page[:3]},
		{"HEAD", "/", "gzip", "", 200, true, ""},
		{"GET", "/data/pilots.csv", "gzip", "", 200, true, "batch\n3\n"},
		{"GET", "/data/catalog.jsonld", "gzip", "", 200, true, "{}"},
		{"GET", "/data/pilots.xlsx", "gzip", "", 200, false, "PK"},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		if tc.accept != "" {
			req.Header.Set("Accept-Encoding", tc.accept)
		}
		if tc.rng != "" {
			req.Header.Set("Range", tc.rng)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body io.Reader = res.Body
		gzipped := res.Header.Get("Content-Encoding") == "gzip"
		if gzipped && tc.method == "GET" {
			if body, err = gzip.NewReader(res.Body); err != nil {
				t.Fatalf("%s %s: %v", tc.path, tc.accept, err)
			}
		}
		got, err := io.ReadAll(body)
		res.Body.Close()
		if err != nil || res.StatusCode != tc.status || gzipped != tc.gzip || string(got) != tc.want {
			t.Errorf("%s %s (Accept-Encoding %q, Range %q): %d, gzip %v, %.40q, %v; want %d, gzip %v, %.40q",
				tc.method, tc.path, tc.accept, tc.rng, res.StatusCode, gzipped, got, err, tc.status, tc.gzip, tc.want)
		}
		if vary := res.Header.Get("Vary"); (vary == "Accept-Encoding") != (tc.path != "/data/pilots.xlsx") {
			t.Errorf("%s: Vary %q", tc.path, vary)
		}
		if gzipped && res.Header.Get("Content-Length") != "" && tc.method == "GET" && res.ContentLength == int64(len(tc.want)) {
			t.Errorf("%s: the length of the file as it is, sent with its compressed body", tc.path)
		}
	}
}

// TestAcceptsGzip checks the reading of Accept-Encoding: gzip named with
// a weight of 0 is refused even where * accepts anything, and any spelling
// of a zero weight is one.
func TestAcceptsGzip(t *testing.T) {
	for accept, want := range map[string]bool{
		"gzip":                   true,
		"gzip, deflate, br":      true,
		"br;q=1, gzip;q=0.8":     true,
		"*":                      true,
		"*;q=0.5":                true,
		"GZIP; Q=0.5":            true,
		"":                       false,
		"identity":               false,
		"gzip;q=0":               false,
		"gzip; q=0.":             false,
		"gzip;q=0.000":           false,
		"*;q=0.5, gzip;q=0":      false,
		"gzip;q=0, *":            false,
		"*;q=0":                  false,
		"*;q=0, gzip":            true,
		"deflate;q=0, gzip;q=1.": true,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", accept)
		if got := acceptsGzip(r); got != want {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", accept, got, want)
		}
	}
	// Lines of the header are one list: each is read.
	for _, tc := range []struct {
		lines []string
		want  bool
	}{
		{[]string{"br", "gzip"}, true},
		{[]string{"identity", "deflate, gzip;q=0.5"}, true},
		{[]string{"*", "gzip;q=0"}, false},
		{[]string{"br", "deflate"}, false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header["Accept-Encoding"] = tc.lines
		if got := acceptsGzip(r); got != tc.want {
			t.Errorf("Accept-Encoding lines %q: gzip %v, want %v", tc.lines, got, tc.want)
		}
	}
}

// TestGzipEdges checks what compression must not change: an empty file is
// sent as it is (an empty body is no gzip stream), a 304 has no body and
// no encoding, a compressed answer claims no ranges, and a body cut short
// breaks the connection off instead of ending a well-formed stream.
func TestGzipEdges(t *testing.T) {
	srv, client := rawServer(t, "empty.css", "")
	get := func(path string, header ...string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		for i := 0; i < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	if res := get("/empty.css"); res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "" || res.ContentLength != 0 {
		t.Errorf("empty file: %d, encoding %q, length %d", res.StatusCode, res.Header.Get("Content-Encoding"), res.ContentLength)
	}
	res := get("/")
	if res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Accept-Ranges") != "" {
		t.Errorf("compressed page: encoding %q, Accept-Ranges %q", res.Header.Get("Content-Encoding"), res.Header.Get("Accept-Ranges"))
	}
	if res := get("/", "If-Modified-Since", res.Header.Get("Last-Modified")); res.StatusCode != 304 || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("unchanged page: %d, encoding %q; want 304 without one", res.StatusCode, res.Header.Get("Content-Encoding"))
	}

	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Length", "10")
	g := &gzipWriter{ResponseWriter: rec}
	g.WriteHeader(http.StatusOK)
	g.Write([]byte("short"))
	defer func() {
		if r := recover(); r != http.ErrAbortHandler {
			t.Errorf("a body cut short: recovered %v, want http.ErrAbortHandler", r)
		}
	}()
	g.close()
}
