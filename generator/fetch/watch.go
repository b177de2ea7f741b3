package fetch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/bianmin-data/pilots/generator/lists"
)

// The programme's listing pages (a ministry's 通知公告, a column of
// notices) are watched for the next notice: a link whose text (or title,
// as listings cut long titles short) names the programme and one of its
// kinds of list, in content/lists.json's words, is a notice; one whose
// address no notice in the seeds folder has is new. A listing in pages is
// followed by its "next page" link (下一页, 下页, rel=next), at most
// maxListingPages pages. A listing page is decoded as a browser decodes it
// (golang.org/x/net/html/charset: the header's charset, a BOM, the
// <meta>). Bounds: each page at most Options.MaxSize bytes, at most
// maxAnchors links a page (more is refused: no listing of notices has
// them), so time and memory are linear in the pages read.

const (
	maxListingPages = 10
	maxAnchors      = 10000
)

// Notice is a link to a notice found on a listing page.
type Notice struct {
	URL   string
	Title string
	Date  string // YYYY-MM-DD, the date beside the link, when the listing gives one
}

// dateRe is a date beside a link in a listing: 2023-09-07, 2023/09/07, 2023年9月7日.
var dateRe = regexp.MustCompile(`(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})`)

// Watch reads the listing pages and returns the notices they link that
// known does not know, newest first (by the date beside each, the
// listing's order otherwise), each once.
func Watch(ctx context.Context, listings []string, kinds *lists.Catalog, known func(string) bool, o Options) ([]Notice, error) {
	o = o.withDefaults()
	var out []Notice
	seen := map[string]bool{}
	for _, listing := range listings {
		u, err := CheckURL(listing)
		if err != nil {
			return nil, &Error{listing, err}
		}
		visited := map[string]bool{}
		for range maxListingPages {
			if u == nil || visited[u.String()] {
				break
			}
			visited[u.String()] = true
			body, f, err := o.get(ctx, u)
			if err != nil {
				return nil, err
			}
			final, _ := url.Parse(f.FinalURL)
			found, next, err := readListing(body, f.ContentType, final, kinds)
			if err != nil {
				return nil, &Error{u.String(), err}
			}
			for _, n := range found {
				if !seen[Key(n.URL)] && !known(n.URL) {
					seen[Key(n.URL)] = true
					out = append(out, n)
				}
			}
			u = next
		}
	}
	slices.SortStableFunc(out, func(a, b Notice) int { return strings.Compare(b.Date, a.Date) })
	return out, nil
}

// Key is an address as notices are told apart by it: http and https, and
// a fragment, make no difference.
func Key(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return s
	}
	u.Scheme, u.Fragment = "", ""
	return strings.ToLower(u.Host) + u.RequestURI()
}

// readListing returns the notices a listing page links, and its next page:
// each token of the page read by a listingScanner.
func readListing(body []byte, contentType string, base *url.URL, kinds *lists.Catalog) ([]Notice, *url.URL, error) {
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return nil, nil, err
	}
	s := &listingScanner{z: html.NewTokenizer(r), base: base, kinds: kinds}
	for {
		switch s.z.Next() {
		case html.ErrorToken:
			s.flush()
			if err := s.z.Err(); err != io.EOF {
				return nil, nil, err
			}
			return s.out, s.next, nil
		case html.StartTagToken:
			if err := s.startTag(); err != nil {
				return nil, nil, err
			}
		case html.TextToken:
			s.text()
		case html.EndTagToken:
			s.endTag()
		}
	}
}

// listingScanner reads the tokens of a listing page, as go/scanner.Scanner
// reads a source: the notices found, the next page, the link being read
// and the notice whose date may follow it are its fields, with a method
// per kind of token.
type listingScanner struct {
	z     *html.Tokenizer
	base  *url.URL
	kinds *lists.Catalog

	out  []Notice
	next *url.URL
	cur  *Notice // the notice of the last link, while the text beside it may give its date

	inLink      bool     // in a link
	href, title string   // the link's attributes
	linkText    []string // the link's text, in pieces
	anchors     int      // links read, at most maxAnchors
}

// flush adds the notice of the last link, if it was one, to the notices
// found: the text beside it is over.
func (s *listingScanner) flush() {
	if s.cur != nil {
		s.out = append(s.out, *s.cur)
		s.cur = nil
	}
}

// startTag reads a start tag: a block (li, tr, p, div) or a link ends the
// text beside the last link, and a link starts another.
func (s *listingScanner) startTag() error {
	name, more := s.z.TagName()
	a := atom.Lookup(name)
	if a == atom.Li || a == atom.Tr || a == atom.P || a == atom.Div {
		s.flush()
	}
	if a != atom.A {
		return nil
	}
	s.flush()
	if s.anchors++; s.anchors > maxAnchors {
		return fmt.Errorf("more than %d links on one page: not a listing of notices", maxAnchors)
	}
	s.startLink(more)
	return nil
}

// startLink reads a link's attributes, more telling whether it has any:
// its address and title are kept for its end, and rel=next makes it the
// next page.
func (s *listingScanner) startLink(more bool) {
	s.href, s.title, s.linkText, s.inLink = "", "", s.linkText[:0], true
	rel := ""
	for more {
		var k, v []byte
		k, v, more = s.z.TagAttr()
		switch string(k) {
		case "href":
			s.href = strings.TrimSpace(string(v))
		case "title":
			s.title = strings.TrimSpace(string(v))
		case "rel":
			rel = string(v)
		}
	}
	if rel == "next" {
		s.next = resolve(s.base, s.href)
	}
}

// text reads text: in a link, part of its text; after a notice's link,
// the first date in it is the notice's.
func (s *listingScanner) text() {
	t := strings.TrimSpace(string(s.z.Text()))
	if s.inLink {
		s.linkText = append(s.linkText, t)
	} else if s.cur != nil && s.cur.Date == "" {
		if m := dateRe.FindStringSubmatch(t); m != nil {
			s.cur.Date = fmt.Sprintf("%s-%02s-%02s", m[1], m[2], m[3])
		}
	}
}

// endTag reads an end tag: the end of a link says what it was, the next
// page (下一页) or a notice, when its title (or its text, when the title
// does not name the programme) names one.
func (s *listingScanner) endTag() {
	name, _ := s.z.TagName()
	if atom.Lookup(name) != atom.A || !s.inLink {
		return
	}
	s.inLink = false
	label := strings.Join(s.linkText, "")
	if label == "下一页" || label == "下页" || label == "下一页>" || label == "下一页 >" {
		s.next = resolve(s.base, s.href)
		return
	}
	full := s.title
	if !strings.Contains(full, s.kinds.Combined.ZH.Programme) {
		full = label
	}
	if u := resolve(s.base, s.href); u != nil && isNotice(full, s.kinds) {
		s.cur = &Notice{URL: u.String(), Title: full}
	}
}

// isNotice reports whether a link's text names the programme and a kind
// of its lists: …城市一刻钟便民生活圈试点名单的通知.
func isNotice(text string, kinds *lists.Catalog) bool {
	return strings.Contains(text, kinds.Combined.ZH.Programme) && kinds.InAnnexTitle(text) != nil && strings.Contains(text, "名单")
}

// resolve returns href against base when it is an http or https address.
func resolve(base *url.URL, href string) *url.URL {
	ref, err := url.Parse(href)
	if err != nil || href == "" {
		return nil
	}
	u := base.ResolveReference(ref)
	u.Fragment = ""
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil
	}
	return u
}
