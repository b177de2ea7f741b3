// Package serve serves a built site from a folder as the static hosts it is
// made for (GitHub Pages, an S3 bucket, a CDN) would, so that a preview
// shows what they will:
//
//   - a file as it is, with the media type package data declares for the
//     downloads (data.Outputs) whatever the machine's /etc/mime.types says;
//   - a folder's index.html for the folder, a folder without one is not
//     found (no listings), and a folder asked for without its slash is
//     redirected to it, by a relative address (en/ for /pilots/en), which
//     keeps the path the site is under and can never name another host;
//   - 404.html, with status 404, for anything not found: a missing file, a
//     path through a file (/index.html/x, /index.html/), a name too long, a
//     NUL, an escaped slash (/en%2f), a . or .. segment (which browsers
//     never send; /en/index.html/.. is not redirected to a folder that is
//     not there);
//   - the site at the root and, when NewServer is given one, also under
//     the path of the address the site is published at (/pilots/ of
//     https://example.github.io/pilots/), where the 404 page's links lead;
//   - nothing outside the folder: files are opened through os.Root, so a
//     symlink that leads out of the site is not found, and only regular
//     files are served; a FIFO or a device is opened without waiting and
//     not found (a FIFO in place of 404.html hangs no request);
//   - the current complete site: each request opens the folder by its
//     name, so a build that swaps a new site in is served whole from the
//     next request on, never the folder it swapped out, which the next
//     build empties and writes into;
//   - text (pages, styles, scripts, JSON, XML, SVG, CSV) compressed with
//     gzip for a client that accepts it, as those hosts send it, but for a
//     Range request, answered from the file as it is;
//   - at most maxRanges ranges of a file: a Range header of more is
//     answered with the whole file, as RFC 9110 allows, not with a
//     multipart answer many times the file's size.
//
// NewServer sets timeouts, so that connections that trickle their headers
// or sit idle are closed.
package serve

import (
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"syscall"
	"time"

	"github.com/bianmin-data/pilots/generator/data"
)

// mediaType is the type the site serves the file name with: an output's
// type, by its fixed name (SHA256SUMS) or the longest extension of a
// table's file that name ends with (.schema.json before .json), as the
// downloads declare it; for another file as Go knows its extension.
func mediaType(name string) string {
	base, typ, ext := path.Base(name), "", ""
	for _, o := range data.Outputs {
		switch {
		case o.Ext == "" && o.File == base:
			typ, ext = o.MediaType, base
		case o.Ext != "" && strings.HasSuffix(base, o.Ext) && len(o.Ext) > len(ext):
			typ, ext = o.MediaType, o.Ext
		}
	}
	if typ == "" {
		typ = mime.TypeByExtension(path.Ext(name))
	}
	switch {
	case typ == "":
		return "application/octet-stream"
	case strings.HasPrefix(typ, "text/") && !strings.Contains(typ, "charset"):
		return typ + "; charset=utf-8"
	}
	return typ
}

// Timeouts of NewServer's connections.
const (
	HeaderTimeout = 10 * time.Second // to send the request's headers
	ReadTimeout   = 30 * time.Second // to send the whole request
	WriteTimeout  = 2 * time.Minute  // to take the whole answer (a large workbook)
	IdleTimeout   = time.Minute      // between requests of a kept-alive connection
)

// NewServer returns a server of the site in dir, with timeouts, at the
// root and under the path prefix (such as /pilots/) when it is not "" or
// "/".
func NewServer(dir, prefix string) (*http.Server, error) {
	h, err := Handler(dir)
	if err != nil {
		return nil, err
	}
	h = Under(prefix, h)
	return &http.Server{Handler: h, ReadHeaderTimeout: HeaderTimeout, ReadTimeout: ReadTimeout,
		WriteTimeout: WriteTimeout, IdleTimeout: IdleTimeout, MaxHeaderBytes: 64 << 10}, nil
}

// Handler serves the site in dir, which must be a folder that can be
// opened; each request opens it again, through os.Root, confined to it.
func Handler(dir string) (http.Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	if err := root.Close(); err != nil {
		return nil, err
	}
	return &handler{dir: dir}, nil
}

// Under serves h at the root and under the path prefix too: a request
// for a path below prefix is answered as the same path below the root.
func Under(prefix string, h http.Handler) http.Handler {
	prefix = strings.TrimSuffix(prefix, "/")
	if prefix == "" {
		return h
	}
	strip := http.StripPrefix(prefix, h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == prefix:
			redirect(w, r, path.Base(prefix)+"/")
		case strings.HasPrefix(r.URL.Path, prefix+"/"):
			strip.ServeHTTP(w, r)
		default:
			h.ServeHTTP(w, r)
		}
	})
}

// redirect sends the client to the address to, relative to the request's:
// a Location of en/ for /pilots/en, kept relative (http.Redirect would
// make it absolute from the path left after StripPrefix, dropping the
// prefix, and keep a path of //host as it came, which names another host).
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	u := &url.URL{Path: to, RawQuery: r.URL.RawQuery} // String adds ./ before a colon
	w.Header().Set("Location", u.String())
	w.WriteHeader(http.StatusMovedPermanently)
}

// maxRanges is the most ranges of a file one request is answered with.
const maxRanges = 16

type handler struct{ dir string }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	root, err := os.OpenRoot(h.dir)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer root.Close()
	name, folder, ok := siteName(r.URL)
	var f *os.File
	var info fs.FileInfo
	if ok {
		f, info, ok = open(root, name)
	}
	switch {
	case ok && info.IsDir():
		f.Close()
		dir := name
		name = path.Join(name, "index.html")
		f, info, ok = open(root, name)
		if ok && !folder {
			f.Close()
			redirect(w, r, path.Base(dir)+"/")
			return
		}
	case ok && folder: // a path through a file: /index.html/
		f.Close()
		ok = false
	}
	if !ok {
		notFound(root, w, r)
		return
	}
	defer f.Close()
	if strings.Count(r.Header.Get("Range"), ",") >= maxRanges {
		r.Header.Del("Range")
	}
	typ := mediaType(name)
	w.Header().Set("Content-Type", typ)
	out := w
	// Text goes compressed to a client that takes gzip, but for a range
	// of it, which is a range of the file as it is.
	if compressible(typ) {
		w.Header().Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) && r.Header.Get("Range") == "" {
			gw := &gzipWriter{ResponseWriter: w, head: r.Method == http.MethodHead}
			defer gw.close()
			out = gw
		}
	}
	http.ServeContent(out, r, name, info.ModTime(), f)
}

// siteName is the name in the site of what u's path asks for ("." for
// the root), and whether it asks for a folder (the path ends in a slash).
// Empty segments (//) are passed over. A path names nothing (ok false)
// when a segment of it, unescaped, holds a slash (/en%2f: no name holds
// one) or is . or ..: a browser removes those before it asks, so only a
// hand-made request holds one, and an address relative to it (a
// folder's redirect) would lead elsewhere than meant.
func siteName(u *url.URL) (name string, folder, ok bool) {
	var names []string
	for _, seg := range strings.Split(u.EscapedPath(), "/") {
		s, err := url.PathUnescape(seg)
		if err != nil || s == "." || s == ".." || strings.Contains(s, "/") {
			return "", false, false
		}
		if s != "" {
			names = append(names, s)
		}
	}
	if len(names) == 0 {
		return ".", true, true
	}
	return strings.Join(names, "/"), strings.HasSuffix(u.Path, "/"), true
}

// open opens name when it is a regular file or a folder of the site,
// without waiting on a FIFO.
func open(root *os.Root, name string) (*os.File, fs.FileInfo, bool) {
	if !fs.ValidPath(name) {
		return nil, nil, false
	}
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, false
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() && !info.IsDir() {
		f.Close()
		return nil, nil, false
	}
	return f, info, true
}

// notFound answers with the site's 404.html, or a plain 404 without one.
func notFound(root *os.Root, w http.ResponseWriter, r *http.Request) {
	f, info, ok := open(root, "404.html")
	if !ok || info.IsDir() {
		if ok {
			f.Close()
		}
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		io.Copy(w, f)
	}
}
