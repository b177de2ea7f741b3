// Package fetch downloads a notice from the ministry's address into a new
// folder of the seeds folder: the page as served, and every attachment its
// page links (.pdf .docx .xlsx .doc .xls .wps .et .ofd, whatever the
// link's text), with a provenance record (package provenance) of each.
//
// It is safe by construction against a hostile or broken server: only
// http and https, at most maxRedirects redirects, never to another scheme
// nor from https down to http; at most maxLinks attachments; each file at most seed.MaxSize bytes, counted as it streams
// (after decompression, so a compressed bomb stops there too); a connect,
// a header and a total timeout per file; a User-Agent naming the project;
// no cookies kept. A name the server gives (Content-Disposition, RFC 6266
// with RFC 5987's filename*, or raw GBK or UTF-8 bytes as Chinese servers
// send them) is reduced to a safe base name: no separators, no control,
// bidi or invisible characters, no dot files. Everything is written into a
// temporary folder inside the seeds folder (a dot folder, which the build
// does not read) and renamed into place at the end, in one step: an
// interrupted or failed fetch leaves the seeds folder as it was, and the
// error says which address failed and why.
//
// The folder is named after the notice's date and the page's name
// (2023-08-31_20230903438152). A notice already fetched (a folder whose
// record names the same address) with the same bytes is left as it is;
// with other bytes, the new files are kept beside the first as a revision
// (…_20230903438152-2), for a maintainer to compare.
//
// The library never prints; it returns what it did. Time and memory are
// linear in the bytes fetched, which the bounds above cap.
package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/medium"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/generator/provenance"
	"github.com/bianmin-data/pilots/generator/seed"
)

const (
	// maxRedirects is how many redirects a request follows.
	maxRedirects = 5
	// DefaultTimeout bounds the fetch of one file, headers and body.
	DefaultTimeout = 2 * time.Minute
	// maxLinks bounds the attachments fetched for one page.
	maxLinks = 50
	// maxName bounds a file name's bytes.
	maxName = 120
)

// UserAgent names the project and where to find it, as a polite client does.
const UserAgent = "pilots/1 (+https://github.com/bianmin-data/pilots; open data of the 15-minute convenient living circle lists)"

// Extensions are the attachments fetched, by the extension of a link's
// target: what the readers read, and what they refuse with a hint.
var Extensions = []string{".pdf", ".docx", ".xlsx", ".doc", ".xls", ".wps", ".et", ".ofd"}

// Options tells Fetch where to put the notice and how to fetch it.
type Options struct {
	Seeds   string        // the seeds folder
	Client  *http.Client  // nil: NewClient()
	Timeout time.Duration // per file; 0: DefaultTimeout
	MaxSize int64         // per file; 0: seed.MaxSize
	Now     func() time.Time
}

// Result is what Fetch did.
type Result struct {
	Folder     string // the notice's folder
	Record     *provenance.Record
	Unchanged  bool   // the folder already held these bytes: nothing was written
	RevisionOf string // the folder of the same notice with other bytes, when this is a revision
}

// NewClient returns the HTTP client Fetch uses by default: timeouts on
// connecting, on TLS and on the response's header, redirects checked by
// CheckRedirect, no cookie jar.
func NewClient() *http.Client {
	dialer := &net.Dialer{Timeout: 15 * time.Second}
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                  http.ProxyFromEnvironment,
			DialContext:            dialer.DialContext,
			TLSHandshakeTimeout:    15 * time.Second,
			ResponseHeaderTimeout:  30 * time.Second,
			MaxResponseHeaderBytes: 64 << 10,
		},
		CheckRedirect: CheckRedirect,
	}
}

// CheckRedirect follows at most maxRedirects redirects, each to http or
// https, and never from https down to http.
func CheckRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return fmt.Errorf("more than %d redirects (a loop?)", maxRedirects)
	}
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return fmt.Errorf("a redirect to a %s: address, which is not followed (only http and https)", s)
	}
	if req.URL.Scheme == "http" && via[len(via)-1].URL.Scheme == "https" {
		return errors.New("a redirect from https down to http, which is not followed")
	}
	return nil
}

// Error is a fetch that failed: the address and why.
type Error struct {
	URL string
	Err error
}

func (e *Error) Error() string { return diag.Quote(e.URL) + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// CheckURL accepts an absolute http or https address.
func CheckURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, errors.New("not an http or https address")
	}
	return u, nil
}

// Fetch downloads the notice at address and its attachments into a new
// folder of o.Seeds, or finds it already there.
func Fetch(ctx context.Context, address string, o Options) (*Result, error) {
	u, err := CheckURL(address)
	if err != nil {
		return nil, &Error{address, err}
	}
	o = o.withDefaults()
	tmp, err := os.MkdirTemp(o.Seeds, ".fetch-")
	if err != nil {
		return nil, err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	rec := &provenance.Record{Notice: u.String()}
	page, pf, err := o.get(ctx, u)
	if err != nil {
		return nil, err
	}
	pf.Name = pageName(u)
	if err := writeFile(tmp, pf.Name, page); err != nil {
		return nil, err
	}
	rec.Files = append(rec.Files, pf.File)
	base, _ := url.Parse(pf.FinalURL)
	links, err := Links(page, base)
	if err != nil {
		return nil, &Error{pf.FinalURL, err}
	}
	for _, link := range links {
		body, f, err := o.get(ctx, link)
		if err != nil {
			return nil, err
		}
		f.Name = unique(attachmentName(f.disposition, link), rec.Files)
		if err := writeFile(tmp, f.Name, body); err != nil {
			return nil, err
		}
		rec.Files = append(rec.Files, f.File)
	}
	if err := rec.Write(tmp); err != nil {
		return nil, err
	}
	// The same notice fetched before: the same bytes change nothing, other
	// bytes are a revision beside it.
	prior, _, err := Fetched(o.Seeds) // a record it cannot read is no prior fetch
	if err != nil {
		return nil, err
	}
	res := &Result{Record: rec}
	name := folderName(tmp, pf.File)
	for _, p := range prior {
		if Key(p.Record.Notice) != Key(rec.Notice) {
			continue
		}
		if sameFiles(p.Record, rec) {
			return &Result{Folder: p.Folder, Record: p.Record, Unchanged: true}, nil
		}
		res.RevisionOf = p.Folder
		name = filepath.Base(p.Folder)
	}
	res.Folder = free(o.Seeds, name)
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp's is 0700
		return nil, err
	}
	if err := os.Rename(tmp, res.Folder); err != nil {
		return nil, err
	}
	done = true
	return res, nil
}

func (o Options) withDefaults() Options {
	if o.Client == nil {
		o.Client = NewClient()
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxSize == 0 {
		o.MaxSize = seed.MaxSize
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// fetched is a file as retrieved, and the name its server gave it.
type fetched struct {
	provenance.File
	disposition string // the Content-Disposition header
}

// get fetches u, at most o.MaxSize bytes within o.Timeout.
func (o Options) get(ctx context.Context, u *url.URL) ([]byte, fetched, error) {
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	fail := func(err error) ([]byte, fetched, error) {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no whole answer within %v", o.Timeout)
		}
		return nil, fetched{}, &Error{u.String(), err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fail(err)
	}
	req.Header.Set("User-Agent", UserAgent)
	resp, err := o.Client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fail(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fail(fmt.Errorf("the server answered %s", resp.Status))
	}
	if resp.ContentLength > o.MaxSize {
		return fail(fmt.Errorf("%d bytes, more than the %d a notice's file may have", resp.ContentLength, o.MaxSize))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, o.MaxSize+1))
	if err != nil {
		return fail(err)
	}
	if int64(len(body)) > o.MaxSize {
		return fail(fmt.Errorf("more than the %d bytes a notice's file may have", o.MaxSize))
	}
	_, params, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return body, fetched{File: provenance.File{
		URL: u.String(), FinalURL: resp.Request.URL.String(), Retrieved: o.Now().UTC().Truncate(time.Second),
		Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Charset: params["charset"],
		LastModified: resp.Header.Get("Last-Modified"), ETag: resp.Header.Get("ETag"),
		Size: int64(len(body)), SHA256: provenance.Sum(body),
	}, disposition: resp.Header.Get("Content-Disposition")}, nil
}

// Links returns the attachments a page links, resolved against base, in
// the page's order, each once: the links whose target's last segment ends
// in one of Extensions. More than maxLinks of them is an error: no notice
// attaches so many. Time is linear in the page.
func Links(page []byte, base *url.URL) ([]*url.URL, error) {
	var out []*url.URL
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		if len(out) > maxLinks {
			return nil, fmt.Errorf("the page links more than %d attachments: not a notice's page", maxLinks)
		}
		tt := z.Next()
		if tt == html.ErrorToken {
			return out, nil
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		if atom.Lookup(name) != atom.A {
			continue
		}
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			if string(k) != "href" {
				continue
			}
			ref, err := url.Parse(strings.TrimSpace(string(v)))
			if err != nil {
				continue
			}
			u := base.ResolveReference(ref)
			u.Fragment = ""
			if (u.Scheme == "http" || u.Scheme == "https") && slices.Contains(Extensions, strings.ToLower(path.Ext(u.Path))) &&
				!slices.ContainsFunc(out, func(o *url.URL) bool { return o.String() == u.String() }) {
				out = append(out, u)
			}
		}
	}
}

// pageName is the name the page is kept under: its address's last segment
// when that is a page's (20230903438152.shtml), else notice.html.
func pageName(u *url.URL) string {
	name := SafeName(path.Base(u.Path))
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", ".shtml":
		return name
	}
	return "notice.html"
}

// attachmentName is the name an attachment is kept under: the one its
// Content-Disposition gives, else its address's last segment; with the
// extension of its address when the name given has none of Extensions.
func attachmentName(disposition string, u *url.URL) string {
	fromURL := SafeName(path.Base(u.Path))
	name := SafeName(dispositionName(disposition))
	if name == "" {
		return fromURL
	}
	if !slices.Contains(Extensions, strings.ToLower(path.Ext(name))) {
		name += strings.ToLower(path.Ext(fromURL))
	}
	return name
}

// dispositionName reads the file name of a Content-Disposition header:
// filename* (RFC 5987), else filename, whose bytes may be raw UTF-8 or
// GBK, or percent-encoded, as Chinese servers send them.
func dispositionName(h string) string {
	if h == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(h)
	if err == nil && params["filename"] != "" {
		return decodeName(params["filename"])
	}
	// A header mime cannot parse (raw bytes, an unquoted name with
	// spaces): the value after filename=, up to a ';'.
	i := strings.Index(strings.ToLower(h), "filename=")
	if i < 0 {
		return ""
	}
	v := h[i+len("filename="):]
	if j := strings.IndexByte(v, ';'); j >= 0 {
		v = v[:j]
	}
	return decodeName(strings.Trim(strings.TrimSpace(v), `"`))
}

// decodeName turns a name's bytes into text: percent-encoding undone, and
// GB18030 where the bytes are not UTF-8.
func decodeName(s string) string {
	if strings.Contains(s, "%") {
		if u, err := url.PathUnescape(s); err == nil && utf8.ValidString(u) {
			s = u
		}
	}
	if !utf8.ValidString(s) {
		if b, err := simplifiedchinese.GB18030.NewDecoder().String(s); err == nil {
			s = b
		}
	}
	return strings.ToValidUTF8(s, "")
}

// SafeName reduces a name to a safe base name: what follows its last
// separator (/ or \), without control, bidi or invisible characters, and
// without leading dots or spaces, at most maxName bytes (its extension
// kept); "" when nothing is left.
func SafeName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		if diag.Invisible(r) || r == utf8.RuneError || r == ':' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	s = strings.TrimLeft(strings.TrimSpace(s), ". ")
	if len(s) > maxName {
		ext := path.Ext(s)
		if len(ext) > 10 {
			ext = ""
		}
		stem := s[:maxName-len(ext)]
		for !utf8.ValidString(stem) {
			stem = stem[:len(stem)-1]
		}
		s = stem + ext
	}
	if s == provenance.Name {
		return "_" + s
	}
	return s
}

// unique returns name, or name with -2, -3 … before its extension when a
// file before has it.
func unique(name string, files []provenance.File) string {
	if name == "" {
		name = "attachment"
	}
	taken := func(n string) bool {
		return slices.ContainsFunc(files, func(f provenance.File) bool { return strings.EqualFold(f.Name, n) })
	}
	ext := path.Ext(name)
	for i := 2; taken(name); i++ {
		name = fmt.Sprintf("%s-%d%s", strings.TrimSuffix(name, ext), i, ext)
	}
	return name
}

// writeFile writes data to dir/name, under a temporary name renamed into
// place once whole.
func writeFile(dir, name string, data []byte) error {
	f, err := os.CreateTemp(dir, ".part-")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644) // CreateTemp's is 0600
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// sameFiles reports whether two records hold the same files with the same
// bytes.
func sameFiles(a, b *provenance.Record) bool {
	return len(a.Files) == len(b.Files) && !slices.ContainsFunc(b.Files, func(f provenance.File) bool {
		g, ok := a.File(f.Name)
		return !ok || g.SHA256 != f.SHA256
	})
}

// free returns seeds/name, or seeds/name-2, -3 … when that is taken.
func free(seeds, name string) string {
	p := filepath.Join(seeds, name)
	for i := 2; exists(p); i++ {
		p = filepath.Join(seeds, fmt.Sprintf("%s-%d", name, i))
	}
	return p
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// folderName names a notice's folder after its date and its page's name
// (2023-08-31_20230903438152): the date the page says it was published,
// else the one signing it, else the page's Last-Modified; undated_… when
// none is known, a name that is the same each time it is fetched.
func folderName(dir string, page provenance.File) string {
	var date time.Time
	if t, err := http.ParseTime(page.LastModified); err == nil {
		date = t
	}
	// The page alone, read as the build will read it (its charset the
	// server's, as the record says).
	e := medium.Entry{Path: dir, Main: filepath.Join(dir, page.Name), Provenance: filepath.Join(dir, provenance.Name)}
	if rec, _ := medium.Read(e); rec != nil {
		n, _ := notice.Parse(rec, lists.Default())
		switch {
		case !n.Published.IsZero():
			date = n.Published
		case !n.Signed.IsZero():
			date = n.Signed
		}
	}
	stem := strings.TrimSuffix(page.Name, path.Ext(page.Name))
	if date.IsZero() {
		return "undated_" + stem // the same name each time it is fetched
	}
	return date.Format("2006-01-02") + "_" + stem
}

// Prior is a notice fetched before: its folder and record.
type Prior struct {
	Folder string
	Record *provenance.Record
}

// Fetched returns the notices fetched into the seeds folder before, each
// folder holding a provenance record, in the order of a walk, and the
// records it could not read (each folder is then one saved by hand, as
// the build reads it). Folders whose names start with a dot (a fetch
// under way) are not looked in.
func Fetched(seeds string) (prior []Prior, unread []error, err error) {
	err = filepath.WalkDir(seeds, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != seeds && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		rec, err := provenance.Read(p)
		switch {
		case err != nil:
			unread = append(unread, fmt.Errorf("%s: %w", diag.Quote(p), err))
		case rec != nil:
			prior = append(prior, Prior{p, rec})
		}
		return nil
	})
	return prior, unread, err
}
