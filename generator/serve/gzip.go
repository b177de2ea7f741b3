package serve

import (
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// compressible reports whether a file of the media type typ is sent
// compressed to a client that accepts gzip, as GitHub Pages and CDNs send
// text: pages, styles, scripts, JSON and XML of every kind, SVG, CSV and
// checksums. Workbooks, Parquet and PNG are compressed already.
func compressible(typ string) bool {
	typ, _, _ = strings.Cut(typ, ";")
	switch {
	case strings.HasPrefix(typ, "text/"), strings.HasSuffix(typ, "+json"), strings.HasSuffix(typ, "+xml"):
		return true
	}
	switch typ {
	case "application/json", "application/javascript", "application/xml", "image/svg+xml":
		return true
	}
	return false
}

// acceptsGzip reports whether the request's Accept-Encoding accepts gzip
// (RFC 9110, 12.5.3): gzip named with a weight above 0, or, when gzip is
// not named, * with a weight above 0. Every line of the header is read,
// as the one list they make (RFC 9110, 5.3).
func acceptsGzip(r *http.Request) bool {
	gz, star := -1.0, -1.0 // the weights given; -1 for none
	for _, part := range strings.Split(strings.Join(r.Header.Values("Accept-Encoding"), ","), ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := 1.0
		for _, param := range strings.Split(params, ";") {
			name, value, _ := strings.Cut(param, "=")
			if strings.EqualFold(strings.TrimSpace(name), "q") {
				v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
				if err != nil {
					v = 0 // not a weight: taken as a refusal
				}
				q = v
			}
		}
		if coding == "gzip" {
			gz = q
		} else {
			star = q
		}
	}
	if gz >= 0 {
		return gz > 0
	}
	return star > 0
}

// gzipWriter compresses the body of a 200 answer, in place of the length
// http.ServeContent set for the file as it is; other answers (304, 412,
// 416) and an empty file pass through as they are.
type gzipWriter struct {
	http.ResponseWriter
	head bool  // a HEAD request: no body is written
	want int64 // the file's length, as ServeContent set it
	n    int64 // the bytes of it written
	gz   *gzip.Writer
	on   bool
}

// gzipWriters keep compressors for reuse: each holds some 800 KB.
var gzipWriters sync.Pool

func (g *gzipWriter) WriteHeader(code int) {
	h := g.Header()
	want, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64)
	if code == http.StatusOK && err == nil && want > 0 {
		g.want, g.on = want, true
		h.Del("Content-Length")
		h.Del("Accept-Ranges") // a range is of the file as it is, answered uncompressed
		h.Set("Content-Encoding", "gzip")
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(p []byte) (int, error) {
	if !g.on {
		return g.ResponseWriter.Write(p)
	}
	if g.gz == nil {
		if gz, ok := gzipWriters.Get().(*gzip.Writer); ok {
			gz.Reset(g.ResponseWriter)
			g.gz = gz
		} else {
			g.gz = gzip.NewWriter(g.ResponseWriter)
		}
	}
	n, err := g.gz.Write(p)
	g.n += int64(n)
	return n, err
}

// close ends the compressed body. A body shorter than the file (cut short
// by a read error, or a file truncated meanwhile) is not ended: the
// connection is broken off (http.ErrAbortHandler), so that the client sees
// an error, as it would from the length of an uncompressed answer, rather
// than a well-formed gzip stream of part of the file.
func (g *gzipWriter) close() {
	if !g.on || g.head {
		return
	}
	if g.n < g.want || g.gz == nil {
		panic(http.ErrAbortHandler)
	}
	err := g.gz.Close()
	gzipWriters.Put(g.gz)
	g.gz = nil
	if err != nil {
		panic(http.ErrAbortHandler)
	}
}
