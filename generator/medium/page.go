package medium

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	utf16 "golang.org/x/text/encoding/unicode"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/seed"
)

// A web page as a browser saves it (.html, .htm, .shtml), chrome and all.
//
// Its encoding is the one its byte order mark or <meta charset> (or
// http-equiv Content-Type) declares, looked up in the WHATWG index
// (htmlindex: UTF-8, GB2312 and GBK as GBK, GB18030, and the others);
// a page that declares none must be UTF-8. The notice is the element that
// holds most of the page's text outside links: from <body>, the reader
// goes down into the child container that holds four fifths of its
// parent's text, or half of it and three times as much as any sibling,
// and stops where no child does (navigation is links, footers and side
// bars are short, so the notice's container is where it stops). It never
// goes into a paragraph (an element without block children, so a notice
// written a <div> a paragraph stays whole) nor into the annex's table (a
// table whose first cell starts with 序号). Scripts, styles and <head>
// hold no text.
//
// The page's links to files (an annex's .docx, .pdf, .xlsx) are kept with
// their text, at most maxLinks of them, so that a folder's attachments
// saved under the server's names are matched to their annexes.
//
// The title is the government sites' ArticleTitle meta, else the first
// <h1>, else <title> less the site's name (the longest part between
// separators such as _ or |). The publication date is the PubDate meta
// (else the notice's signature serves, see package notice), the source
// address the canonical link, og:url, or the comment a browser writes
// when it saves a page (<!-- saved from url=(0061)http://… -->). The
// container's HTML is kept as the record's html field, so that package
// notice reads the tables in it too.
//
// Time and memory are linear in the page: one pass of the tokenizer, the
// elements' text summed up their ancestors as each closes; elements nested
// deeper than maxDepth count as their ancestor at that depth.

// maxDepth bounds how deeply nested elements are told apart.
const maxDepth = 256

// maxLinks and maxLinkText bound the links to files kept, to match a
// folder's attachments with (see annexes), and the text kept of each.
const (
	maxLinks    = 1000
	maxLinkText = 512
)

// linkFile returns the name a link's target is saved under (its path's
// last segment, decoded) when it is a file an annex may be (a .docx, a
// .pdf, or a format refused with a hint), else "".
func linkFile(href string) string {
	href = strings.TrimSpace(href)
	p := href
	if u, err := url.Parse(href); err == nil {
		p = u.Path
	} else if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	name := path.Base(p)
	if k := kindOf(name); k != attached && k != refused {
		return ""
	}
	return name
}

// prescanSize is how much of a page is searched for its <meta charset>.
const prescanSize = 16 << 10

// node is an element of the page.
type node struct {
	tag        atom.Atom
	parent     int
	start, end int // byte offsets of its start tag and after its end tag
	segs       [2]int
	text, link int // characters of text, and of text in links, within it
	blocks     int // child elements that are blocks: a container, not a paragraph
	annex      bool
}

// seg is a run of the page's text, or a break between blocks.
type seg struct {
	off int    // byte offset of the run in the page
	s   string // the text, entities decoded; "\n" or " " for a break
	brk bool
}

var (
	savedFromRe = regexp.MustCompile(`saved from url=\(\d+\)(\S+)`)
	isoDateRe   = regexp.MustCompile(`^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})`)
	titleSepRe  = regexp.MustCompile(`\s*(?:_|\||｜|--|—|－| - )\s*`)
)

// decode returns the page's text in UTF-8, decided as a browser decides
// it: a byte order mark first; then the encoding the page declares in its
// <meta> (looked up in the WHATWG index, golang.org/x/text's htmlindex),
// when the page decodes cleanly in it; a page that declares one encoding
// but is valid UTF-8 is UTF-8 (a site that served UTF-8 and said so in
// its HTTP header, under a stale <meta charset=gb2312>), with a warning
// naming the declaration; a page that declares none is UTF-8 when it is
// valid UTF-8, else GB18030 (a superset of GBK and GB2312) when it decodes
// cleanly in it, with a warning. Anything else is refused at its first
// bad byte. An encoding declared outside the page (declared: an HTTP
// header's, a saved page's part's) wins over its <meta>. Time and memory
// are linear in the page.
func decode(name string, data []byte, declared string) (string, diag.List) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return decodeIn(name, data[3:], nil, "starts with UTF-8's byte order mark")
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		return decodeIn(name, data, utf16.UTF16(utf16.LittleEndian, utf16.ExpectBOM), "utf-16le")
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		return decodeIn(name, data, utf16.UTF16(utf16.BigEndian, utf16.ExpectBOM), "utf-16be")
	}
	label := declared
	if label == "" {
		label = metaCharset(data[:min(len(data), prescanSize)])
	}
	if label == "" {
		if utf8.Valid(data) {
			return string(data), nil
		}
		text, errs := decodeIn(name, data, simplifiedchinese.GB18030, "gb18030")
		if errs != nil {
			return decodeIn(name, data, nil, "declares no encoding (<meta charset>), is not GB18030 either") // the UTF-8 error, at its byte
		}
		return text, diag.List{guessed(name, "the page declares no encoding (<meta charset>) and is not UTF-8: read as GB18030, in which it decodes cleanly")}
	}
	e, err := htmlindex.Get(label)
	if err != nil {
		return "", diag.List{diag.InFile(name, 0, diag.BadEncoding, "the page declares the encoding %q, which is not known; save the page as UTF-8", label)}
	}
	canon, _ := htmlindex.Name(e)
	if canon == "utf-8" {
		return decodeIn(name, data, nil, "declares UTF-8")
	}
	text, errs := decodeIn(name, data, e, canon)
	if errs != nil && utf8.Valid(data) {
		return string(data), diag.List{guessed(name, "the page declares %s but its bytes are UTF-8, as a server's header may have said: read as UTF-8", label)}
	}
	return text, errs
}

// guessed is the warning that a page was read in an encoding it does not
// declare.
func guessed(name, format string, args ...any) *diag.Diagnostic {
	return warning(name, diag.GuessedEncoding, format, args...)
}

// warning is a warning about the file name as a whole.
func warning(name string, code diag.Code, format string, args ...any) *diag.Diagnostic {
	d := diag.InFile(name, 0, code, format, args...)
	d.Severity = diag.Warning
	return d
}

// decodeIn returns data decoded from enc, or an error at the first byte
// that is not in it; a nil enc is UTF-8, checked, and label then says what
// the page declares ("declares UTF-8").
func decodeIn(name string, data []byte, enc encoding.Encoding, label string) (string, diag.List) {
	if enc == nil {
		if utf8.Valid(data) {
			return string(data), nil
		}
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		src := diag.NewSource(name, strings.ToValidUTF8(string(data), "\uFFFD"))
		return "", diag.List{src.Errorf(len(strings.ToValidUTF8(string(data[:i]), "\uFFFD")), diag.BadEncoding, "invalid UTF-8 byte 0x%02x: the page %s, and is not UTF-8", data[i], label)}
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", diag.List{diag.InFile(name, 0, diag.BadEncoding, "the page is not in the encoding it declares (%s): %v", label, err)}
	}
	text := string(out)
	if i := strings.IndexRune(text, utf8.RuneError); i >= 0 && !bytes.Contains(data, []byte("\xef\xbf\xbd")) {
		src := diag.NewSource(name, text)
		return "", diag.List{src.Errorf(i, diag.BadEncoding, "a byte sequence that is not %s, the encoding the page declares", label)}
	}
	return text, nil
}

// metaCharset returns the charset a <meta> in head declares, or "".
func metaCharset(head []byte) string {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			if atom.Lookup(name) != atom.Meta {
				continue
			}
			var charset, content, equiv string
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					charset = string(v)
				case "content":
					content = string(v)
				case "http-equiv":
					equiv = strings.ToLower(string(v))
				}
			}
			if charset != "" {
				return strings.TrimSpace(charset)
			}
			if equiv == "content-type" {
				if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
					return strings.Trim(strings.TrimSpace(content[i+len("charset="):]), `"';`)
				}
			}
		}
	}
}

// blocks are the elements that break the text into paragraphs.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Tr: true, atom.Table: true, atom.Li: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Ul: true,
	atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true, atom.Pre: true,
	atom.Center: true, atom.Hr: true, atom.Main: true, atom.Nav: true, atom.Aside: true,
}

// silent are the elements whose text is not the page's.
var silent = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Title: true, atom.Textarea: true, atom.Select: true, atom.Option: true,
	atom.Svg: true, atom.Iframe: true, atom.Button: true,
}

// cells are the elements that hold blocks in a layout of tables, and the
// body: a table's row, cell or section is a container as a <div> is.
var cells = map[atom.Atom]bool{
	atom.Body: true, atom.Td: true, atom.Th: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true,
}

// void are the elements without an end tag.
var void = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// pageInfo is what the page says of itself, each with its offset.
type pageInfo struct {
	title, h1, docTitle, date, canonical, ogURL, savedFrom str
}

// str is a string of the page and its byte offset there.
type str struct {
	s   string
	off int
}

// readPage reads the page src into d: its title, address, date, the
// container's HTML and its text.
func readPage(d *document, src *diag.Source) *diag.Diagnostic {
	s := &pageScanner{d: d, page: src.Text, z: html.NewTokenizer(strings.NewReader(src.Text)),
		nodes: []node{{tag: atom.Html, parent: -1, end: len(src.Text)}}, stack: []int{0}, inLink: -1}
	for {
		tt := s.z.Next()
		s.raw = s.z.Raw()
		switch tt {
		case html.ErrorToken:
			s.end()
			return choose(d, src, s.nodes, s.segs, s.info)
		case html.CommentToken:
			s.comment()
		case html.StartTagToken, html.SelfClosingTagToken:
			s.startTag(tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			s.endTag()
		case html.TextToken:
			s.text()
		}
		s.off += len(s.raw)
	}
}

// pageScanner reads a page one token at a time, as go/scanner.Scanner
// reads a source: its state is in its fields, and each kind of token has a
// method that reads it. It builds the tree of elements (nodes, by index;
// the open ones on stack), the text as runs (segs), what the page says of
// itself (info), and the links to attachments (document.links).
type pageScanner struct {
	d    *document
	page string
	z    *html.Tokenizer
	raw  []byte // the token being read
	off  int    // its byte offset in page

	nodes []node
	stack []int // the open elements, as indexes of nodes
	segs  []seg
	info  pageInfo

	silentDepth, linkDepth int  // how many silent elements, and links, are open
	capture                *str // the <title> or <h1> being read
	h1Done                 bool
	inLink                 int // the link being read, an index of d.links; -1 for none
}

// end closes the elements left open at the end of the page.
func (s *pageScanner) end() {
	for len(s.stack) > 1 {
		s.closeTop(len(s.page))
	}
	s.nodes[0].segs[1] = len(s.segs)
}

// comment reads a comment: the address a browser saved the page from.
func (s *pageScanner) comment() {
	if m := savedFromRe.FindStringSubmatchIndex(string(s.raw)); m != nil && s.info.savedFrom.s == "" {
		s.info.savedFrom = str{string(s.raw[m[2]:m[3]]), s.off + m[2]}
	}
}

// startTag reads a start tag, or a self-closing one: what it says of the
// page (about), then the element it opens, unless it is void.
func (s *pageScanner) startTag(selfClosing bool) {
	name, more := s.z.TagName()
	a := atom.Lookup(name)
	attrs := map[string]string{}
	for more {
		var k, v []byte
		k, v, more = s.z.TagAttr()
		attrs[string(k)] = string(v)
	}
	s.about(a, attrs)
	if silent[a] {
		s.silentDepth++
	}
	if blocks[a] {
		s.segs = append(s.segs, seg{off: s.off, s: "\n", brk: true})
	}
	if void[a] || selfClosing {
		if a == atom.A {
			s.linkDepth--
		}
		if silent[a] {
			s.silentDepth--
		}
		return
	}
	parent := s.stack[len(s.stack)-1]
	if len(s.stack) >= maxDepth {
		s.stack = append(s.stack, parent) // counted as the ancestor
		return
	}
	if blocks[a] && a != atom.Br && a != atom.Hr || cells[a] {
		s.nodes[parent].blocks++
	}
	s.nodes = append(s.nodes, node{tag: a, parent: parent, start: s.off, segs: [2]int{len(s.segs), 0}})
	s.stack = append(s.stack, len(s.nodes)-1)
}

// about reads what the start tag of a, with its attributes, says of the
// page: its title, date and addresses in <meta> and <link>, the start of
// its <title> or first <h1>, or a link to an attachment.
func (s *pageScanner) about(a atom.Atom, attrs map[string]string) {
	valueAt := func(v string) int {
		if i := strings.Index(string(s.raw), v); i >= 0 && v != "" {
			return s.off + i
		}
		return s.off
	}
	switch a {
	case atom.Meta:
		content := strings.TrimSpace(attrs["content"])
		switch strings.ToLower(attrs["name"]) + "|" + strings.ToLower(attrs["property"]) {
		case "articletitle|":
			s.info.title = str{content, valueAt(content)}
		case "pubdate|":
			s.info.date = str{content, valueAt(content)}
		case "|og:url", "og:url|":
			s.info.ogURL = str{content, valueAt(content)}
		}
	case atom.Link:
		if strings.EqualFold(strings.TrimSpace(attrs["rel"]), "canonical") {
			href := strings.TrimSpace(attrs["href"])
			s.info.canonical = str{href, valueAt(href)}
		}
	case atom.Title:
		if s.info.docTitle.s == "" {
			s.capture = &s.info.docTitle
		}
	case atom.H1:
		if !s.h1Done && s.silentDepth == 0 {
			s.capture = &s.info.h1
		}
	case atom.A:
		s.linkDepth++
		if f := linkFile(attrs["href"]); f != "" && len(s.d.links) < maxLinks {
			s.d.links = append(s.d.links, link{file: f})
			s.inLink = len(s.d.links) - 1
		}
	}
}

// endTag reads an end tag: it ends a link, title or heading being read,
// and closes the elements up to the matching one, when it is open.
func (s *pageScanner) endTag() {
	name, _ := s.z.TagName()
	a := atom.Lookup(name)
	switch a {
	case atom.A:
		s.linkDepth = max(0, s.linkDepth-1)
		s.inLink = -1
	case atom.Title:
		s.capture = nil
	case atom.H1:
		if s.capture == &s.info.h1 {
			s.capture, s.h1Done = nil, s.info.h1.s != ""
		}
	}
	if silent[a] {
		s.silentDepth = max(0, s.silentDepth-1)
	}
	for j := len(s.stack) - 1; j > 0; j-- {
		if s.nodes[s.stack[j]].tag == a {
			for len(s.stack) > j {
				s.closeTop(s.off + len(s.raw))
			}
			break
		}
	}
	if a == atom.Br { // </br> is read as <br>
		s.segs = append(s.segs, seg{off: s.off, s: "\n", brk: true})
	}
}

// text reads a text token: into the title or heading being read, the
// link being read, and, unless it is silent, the page's text, counted in
// the open element (and as a link's text, inside one).
func (s *pageScanner) text() {
	raw := string(s.raw)
	if c := s.capture; c != nil {
		t := strings.Join(strings.Fields(html.UnescapeString(raw)), " ")
		if c.s == "" && t != "" {
			c.off = s.off + len(raw) - len(strings.TrimLeft(raw, " \t\n\r"))
		}
		c.s += t
	}
	if l := s.inLink; l >= 0 && len(s.d.links[l].text) < maxLinkText {
		s.d.links[l].text += strings.TrimSpace(html.UnescapeString(raw))
	}
	if s.silentDepth > 0 {
		return
	}
	n := 0
	for _, r := range html.UnescapeString(raw) {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	top := &s.nodes[s.stack[len(s.stack)-1]]
	top.text += n
	if s.linkDepth > 0 {
		top.link += n
	}
	s.segs = appendText(s.segs, raw, s.off)
}

// closeTop closes the innermost open element at the byte offset end: it
// marks a table whose text starts with 序号 as an annex, adds its counts
// of text to its parent's, and breaks the text after a block (a line) or
// a cell (a space).
func (s *pageScanner) closeTop(end int) {
	i := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	n := &s.nodes[i]
	n.end, n.segs[1] = end, len(s.segs)
	if n.tag == atom.Table && n.segs[0] < n.segs[1] {
		for _, sg := range s.segs[n.segs[0]:n.segs[1]] {
			if !sg.brk {
				n.annex = strings.HasPrefix(strings.TrimSpace(sg.s), "序号")
				break
			}
		}
	}
	if p := n.parent; p >= 0 {
		s.nodes[p].text += n.text
		s.nodes[p].link += n.link
	}
	if blocks[n.tag] || n.tag == atom.Td || n.tag == atom.Th {
		brk := "\n"
		if n.tag == atom.Td || n.tag == atom.Th {
			brk = " "
		}
		s.segs = append(s.segs, seg{off: end, s: brk, brk: true})
	}
}

// appendText adds the text token raw, at byte offset off, to segs, its
// entities decoded, each literal run and each entity a run of its own so
// that offsets within them stay true.
func appendText(segs []seg, raw string, off int) []seg {
	for raw != "" {
		i := strings.IndexByte(raw, '&')
		if i < 0 {
			return append(segs, seg{off: off, s: clean(raw)})
		}
		if i > 0 {
			segs = append(segs, seg{off: off, s: clean(raw[:i])})
		}
		end := strings.IndexByte(raw[i:min(len(raw), i+40)], ';')
		if end < 0 {
			end = 0
		}
		ent := raw[i : i+end+1]
		segs = append(segs, seg{off: off + i, s: clean(html.UnescapeString(ent))})
		raw, off = raw[i+len(ent):], off+i+len(ent)
	}
	return segs
}

// clean turns control characters into spaces (each one byte, so offsets
// stay true); the published tables may not hold them.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// choose finds the notice's container and writes the record's fields: its
// title, address and date, the container's HTML and its text.
func choose(d *document, src *diag.Source, nodes []node, segs []seg, info pageInfo) *diag.Diagnostic {
	at := container(nodes)
	if nodes[at].own() == 0 {
		return diag.InFile(src.Name, 0, diag.NoNotice, "the page holds no text: save the page itself, not a frame or a script's shell")
	}
	n := nodes[at]
	addField(d, src, "title", info.pageTitle())
	addField(d, src, "input_url", firstOf(info.canonical, info.ogURL, savedFrom(info.savedFrom)))
	if m := isoDateRe.FindStringSubmatch(info.date.s); m != nil {
		info.date.s = m[1] + "-" + pad(m[2]) + "-" + pad(m[3])
	}
	addField(d, src, "date", info.date)
	if n.start < n.end && n.end <= len(src.Text) {
		addField(d, src, "html", str{src.Text[n.start:n.end], n.start})
	}
	body := d.b.Len()
	writeText(d, src, segs[n.segs[0]:n.segs[1]])
	d.field("resulting_text", body)
	return nil
}

// own is the node's text outside links.
func (n node) own() int { return n.text - n.link }

// container returns the node that holds the notice: from the root down,
// the child that is neither a paragraph nor the annex's table with the
// most text of its own, as long as it holds four fifths of its parent's,
// or half of it and three times the next child's.
func container(nodes []node) int {
	children := make([][]int, len(nodes))
	for i := 1; i < len(nodes); i++ {
		children[nodes[i].parent] = append(children[nodes[i].parent], i)
	}
	at := 0
	for {
		best, second := largest(nodes, children[at])
		own := nodes[at].own()
		if best < 0 || nodes[best].own()*5 < own*4 && (nodes[best].own()*2 < own || nodes[best].own() < 3*second) {
			return at
		}
		at = best
	}
}

// largest returns which of the nodes children, paragraphs and the annex's
// table aside, has the most text of its own (-1 when none is left), and
// the most that another of them has.
func largest(nodes []node, children []int) (best, second int) {
	best = -1
	for _, c := range children {
		if nodes[c].annex || nodes[c].blocks == 0 {
			continue // the annex's table, or a paragraph
		}
		if best < 0 || nodes[c].own() > nodes[best].own() {
			if best >= 0 {
				second = max(second, nodes[best].own())
			}
			best = c
		} else {
			second = max(second, nodes[c].own())
		}
	}
	return best, second
}

// pageTitle is the notice's title: the page's ArticleTitle meta, else
// its first h1 with text, else the longest part of its document title (split at the
// separators that join a site's name to it).
func (info pageInfo) pageTitle() str {
	title := info.title
	if title.s == "" {
		title = info.h1
	}
	if title.s == "" && info.docTitle.s != "" {
		title = info.docTitle
		longest := ""
		for _, part := range titleSepRe.Split(title.s, -1) {
			if utf8.RuneCountInString(part) > utf8.RuneCountInString(longest) {
				longest = part
			}
		}
		title.off += strings.Index(title.s, longest)
		title.s = longest
	}
	return title
}

// addField writes the field key with the page's text t as its value, on a
// line of its own, unless t is empty.
func addField(d *document, src *diag.Source, key string, t str) {
	if t.s == "" {
		return
	}
	at := d.copy(src, t.off, t.s)
	d.fields = append(d.fields, seed.Field{Key: key, Value: t.s, Offset: at})
	d.sep("\n")
}

// writeText writes the container's text: its runs, blank ones left out,
// and the breaks between its blocks, but none at the start or after a
// line's end; then a line's end.
func writeText(d *document, src *diag.Source, segs []seg) {
	last := "\n"
	for _, s := range segs {
		if s.brk {
			if last != "\n" {
				d.sep(s.s)
				last = s.s
			}
			continue
		}
		if strings.TrimSpace(s.s) == "" {
			continue
		}
		d.copy(src, s.off, s.s)
		last = ""
	}
	d.sep("\n")
}

// savedFrom is the address of a browser's "saved from" comment, unless it
// is the placeholder of a page saved from no address.
func savedFrom(t str) str {
	if !strings.HasPrefix(t.s, "http://") && !strings.HasPrefix(t.s, "https://") {
		return str{}
	}
	return t
}

// firstOf returns the first text that is set.
func firstOf(ts ...str) str {
	for _, t := range ts {
		if t.s != "" {
			return t
		}
	}
	return str{}
}

// pad writes a month or day with two digits.
func pad(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}
