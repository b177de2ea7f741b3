// Package notice turns a seed record into a Notice: its title, dates,
// issuing offices and body text, and its lists of areas, one per annex.
//
// A notice announces one or more lists (Kind): national pilots
// (…试点名单) and whole-area pioneer zones (…全域推进先行区试点名单), each
// in numbered batches. The body announces the annexes (附件：1.… 2.…) and
// states each list's count (第四批全国试点地区60个、首批全域推进先行区试点地区15个);
// the annexes follow the signature, each starting 附件1, 附件2 (or one plain
// 附件) and its title, which tells the list's kind and batch (else the
// notice's title does).
//
// The notices were scraped as flat text: line breaks and table cells became
// single spaces. An annex is therefore a run of white-space separated
// tokens after a header that starts with 序号:
//
//	序号 省（区、市）、兵团 试点地区 1 北京市 朝阳区 2 海淀区 … 6 天津市 河北区 …
//
// A token of digits starts a row. The tokens up to the next row are
// [province] area [note]: the province is printed only on the first row of a
// merged cell and is carried down; the note exists only when the header has
// a 备注 column. A province is recognised only by exact match against the 31
// province-level units and 新疆生产建设兵团 (or their short forms, see
// gazetteer.Units), so 河北区, a district of Tianjin, is never taken for
// 河北省.
//
// Parse never stops at the first problem: it records every one, positioned
// at the token concerned, and Check adds the checks that need a whole list
// (numbering, stated count, repeats); CrossCheck those across lists and
// notices (one list per kind and batch, areas listed again). The Chinese
// text is the only source of truth; the English machine translation in the
// seed is kept for display and never read for data.
package notice

import (
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/seed"
)

// Notice is one announcement: its own text and the lists it carries.
type Notice struct {
	Src *diag.Source // the seed's text, for positioning later diagnostics

	Title     string
	Signed    time.Time // date that signs the notice (UTC midnight)
	Published time.Time // publication date, from the seed's date field
	Offices   []string  // the signature block, in order
	Body      []Paragraph
	Lists     []*List // in the order of the annexes

	SourceURL    string // the original address
	ArchiveStamp string // the archive's time stamp, YYYYMMDDhhmmss, when given
	ArchivedURL  string // the archived copy

	// The seed's machine translation, shown on English pages and never
	// used for data.
	TranslatedTitle   string
	TranslatedContent string
	EnglishSummary    string

	titleOff int
}

// Paragraph is one paragraph of the body.
type Paragraph struct {
	Kind ParagraphKind
	Text string
}

// ParagraphKind tells the parts of a notice's body apart.
type ParagraphKind int

const (
	Text      ParagraphKind = iota
	Addressee               // the opening line: who the notice is for
	Heading                 // a numbered heading such as 一、统筹谋划，精准施策。
)

// token is a run of non-space characters of the text and its byte offset in
// the source.
type token struct {
	s   string
	off int
}

func tokenize(s string, base int) []token {
	var toks []token
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				toks = append(toks, token{s[start:i], base + start})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		toks = append(toks, token{s[start:], base + start})
	}
	return toks
}

var (
	batchRe   = regexp.MustCompile(`首批|第([0-9０-９]+|[一二三四五六七八九十两]+)批`)
	dateRe    = regexp.MustCompile(`([0-9]+)年([0-9]{1,2})月([0-9]{1,2})日`) // every digit of the year, to quote it whole
	headingRe = regexp.MustCompile(`^[一二三四五六七八九十]+、`)
	officeRe  = regexp.MustCompile(`(办公厅|办公室|厅（室）|厅\(室\)|部|委|局|总局|委员会|署|银行)$`)
)

// Parse reads a notice from a seed record, its lists of the kinds of list
// in kinds. It returns the notice, as
// complete as the text allows, and every problem found.
func Parse(rec *seed.Record, kinds *lists.Catalog) (*Notice, diag.List) {
	p := &parser{rec: rec, src: rec.Src, n: &Notice{Src: rec.Src}, kinds: kinds}
	p.parse()
	for _, l := range p.n.Lists {
		if len(l.Rows) > 0 {
			l.From = p.src.Position(l.Rows[0].SeqOff)
		}
	}
	return p.n, p.errs
}

type parser struct {
	rec       *seed.Record
	kinds     *lists.Catalog // the kinds of list an annex may be
	src       *diag.Source
	n         *Notice
	errs      diag.List
	tokens    []token // of resulting_text
	signedOff int     // where the signing date is
}

func (p *parser) errorf(off int, code diag.Code, format string, args ...any) {
	p.errs.Add(p.src.Errorf(off, code, format, args...))
}

func (p *parser) parse() {
	n := p.n
	title, _ := p.rec.Field("title")
	n.Title, n.titleOff = title.Value, title.Offset
	n.TranslatedTitle = p.rec.Value("translated_title")
	n.TranslatedContent = p.rec.Value("translated_content")
	n.EnglishSummary = p.rec.Value("english_summary")
	p.published()
	p.urls()

	text, ok := p.rec.Field("resulting_text")
	if !ok {
		return
	}
	toks := tokenize(text.Value, text.Offset)
	p.tokens = toks
	annexes := split(toks)
	if len(annexes) == 0 {
		annexes = looseAnnex(toks)
	}
	if len(annexes) == 0 {
		annexes = colonAnnexes(toks)
	}
	if len(annexes) == 0 {
		p.front(toks, text)
		p.dateOrder()
		if p.pageList(text, title); len(p.n.Lists) == 0 {
			switch {
			case p.rec.Refused: // the attachment's own error says why
			case p.rec.Medium == "":
				p.errorf(text.Offset, diag.NoList, "no annex list: no header starting with 序号 in resulting_text")
			default:
				p.errorf(text.Offset, diag.NoList, "no annex list: no table whose header starts with 序号 in the notice, and no attachment that holds one: put the annex (.docx, .xlsx, .pdf) in the notice's folder")
			}
			return
		}
		p.statedCounts(text, len(toks), toks)
		return
	}
	refs := p.front(toks[:annexes[0].start], text)
	p.dateOrder()
	for _, a := range annexes {
		p.list(a, title)
	}
	p.pageList(text, title)
	p.announced(refs, annexes, text)
	p.statedCounts(text, annexes[0].start, toks)
}

// parseNumber reads an Arabic (ASCII or full-width) or Chinese numeral:
// 3, ３, 70, 三, 十二, 二十, 七十, 一百零五, 两千. A Chinese numeral is read
// by its units (十, 百, 千), each smaller than the one before, and below
// 10,000; digits strung together without units (二〇二三) are no numeral.
func parseNumber(s string) (int, bool) {
	s = strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	total, digit, last := 0, -1, 10000 // last: the unit before, so that units fall
	for _, r := range s {
		if r == '零' || r == '〇' {
			if digit >= 0 || total == 0 {
				return 0, false // 零 stands only between a unit and a digit: 一百零五
			}
			continue
		}
		if d, ok := chineseDigits[r]; ok {
			if digit >= 0 {
				return 0, false // two digits without a unit
			}
			digit = d
			continue
		}
		unit, ok := chineseUnits[r]
		switch {
		case !ok || unit >= last:
			return 0, false
		case digit < 0 && unit == 10 && total == 0:
			digit = 1 // 十二
		case digit == 1 && unit == 10 && total == 0:
			return 0, false // 一十 is written 十
		case digit < 0:
			return 0, false // a unit with no digit
		}
		total += digit * unit
		digit, last = -1, unit
	}
	if digit > 0 {
		total += digit
	}
	return total, total > 0
}

var (
	chineseDigits = map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	chineseUnits  = map[rune]int{'十': 10, '百': 100, '千': 1000}
)

// published reads the publication date from the seed's date field.
func (p *parser) published() {
	f, ok := p.rec.Field("date")
	if !ok && p.rec.Medium != "" {
		return // the signing date serves (dateOrder)
	}
	if !ok {
		p.errs.Add(diag.InFile(p.src.Name, 1, diag.MissingField, `missing field "date"`))
		return
	}
	// The whole value: a date, or a date and a time of day (the scraper
	// writes 00:00:00), nothing else.
	v := strings.TrimSpace(f.Value)
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		var t time.Time
		if t, err = time.Parse("2006-01-02 15:04:05", v); err == nil {
			d = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	if err != nil {
		p.errorf(f.Offset, diag.BadDate, "date %q is not YYYY-MM-DD (or YYYY-MM-DD hh:mm:ss)", f.Value)
		return
	}
	if !plausible(d) {
		p.errorf(f.Offset, diag.BadDate, "date %q is out of range: the programme's notices are dated %d to %d", f.Value, minYear, maxYear)
		return
	}
	p.n.Published = d
}

// dateOrder checks that the notice was signed before it was published.
func (p *parser) dateOrder() {
	n := p.n
	if n.Published.IsZero() && p.rec.Medium != "" {
		n.Published = n.Signed // a page or pasted text without its date
	}
	if !n.Signed.IsZero() && !n.Published.IsZero() && n.Signed.After(n.Published) {
		p.errorf(p.signedOff, diag.DateOrder, "the notice is signed on %s, after it was published (the seed's date, %s)",
			n.Signed.Format("2006-01-02"), n.Published.Format("2006-01-02"))
	}
}

// urls splits input_url into the archive stamp and the original address.
func (p *parser) urls() {
	in, ok := p.rec.Field("input_url")
	if !ok && p.rec.Medium != "" {
		p.errs.Add(p.src.Warnf(0, diag.NoSource, "no source address: the page names none (canonical link, og:url, \"saved from url\"); for pasted text, add a line \"source: <address>\" on top"))
	} else if !ok {
		p.errs.Add(diag.InFile(p.src.Name, 1, diag.MissingField, `missing field "input_url"`))
	} else {
		u := in.Value
		if i := strings.Index(u, "/"); i == 14 && isDigits(u[:i]) {
			p.n.ArchiveStamp, u = u[:i], u[i+1:]
		}
		switch err := checkURL(u); {
		case errors.Is(err, errNotHTTP):
			p.errorf(in.Offset, diag.BadURL, "input_url %q has no http(s) address", in.Value)
		case err != nil:
			p.errorf(in.Offset, diag.BadURL, "input_url %q is not a valid address: %v", in.Value, err)
		default:
			p.n.SourceURL = u
		}
	}
	if out, ok := p.rec.Field("returned_url"); ok {
		if err := checkURL(out.Value); err != nil {
			p.errorf(out.Offset, diag.BadURL, "returned_url %q is not a valid address: %v", out.Value, err)
		} else {
			p.n.ArchivedURL = out.Value
		}
	}
}

// errNotHTTP is checkURL's error for an address that is not http(s).
var errNotHTTP = errors.New("not an http(s) address")

// checkURL reports why s is not an address the outputs may link to: an
// absolute http or https URL with a host and no user name, and nothing
// that would need escaping to be written in HTML, CSV or JSON as it is.
func checkURL(s string) error {
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || strings.ContainsRune(`"<>\^`+"`{|}", r) }) {
		return errors.New("it holds a space, a control character or a character that must be escaped")
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return errors.Unwrap(err)
	case u.Scheme != "http" && u.Scheme != "https":
		return errNotHTTP
	case u.Host == "" || u.Hostname() == "":
		return errors.New("no host")
	case u.User != nil:
		return errors.New("it names a user before its host")
	}
	return nil
}

// plausible reports whether a date can be a notice's: the programme began
// in 2021, and a year outside 2000–2099 is a typing or scraping error.
func plausible(d time.Time) bool { return d.Year() >= minYear && d.Year() <= maxYear }

// The years plausible allows.
const minYear, maxYear = 2000, 2099

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// reference is an annex the body announces: 附件：1.全国第四批…名单.
type reference struct {
	number int // 0 for a plain 附件：…
	title  string
	off    int
}

// itemRe is a numbered item of the body's annex reference: 1. or 1、 or 1．
var itemRe = regexp.MustCompile(`^([0-9０-９]+)[.．、]`)

// annexRefRe is the annex reference in the body: 附件：名单 or 附件:名单.
var annexRefRe = regexp.MustCompile(`^附件[：:]`)

// front reads what precedes the annexes: the body paragraphs, the annex
// reference, the signature block and its date. It returns the annexes
// the reference announces.
func (p *parser) front(toks []token, text seed.Field) []reference {
	// The body runs up to the annex reference (附件：…) or, lacking one,
	// up to the signature block.
	end := len(toks)
	dateTok, dateAt := signingDate(toks)
	if dateTok < 0 {
		p.errorf(text.Offset, diag.NoSigningDate, "no signing date (YYYY年M月D日) before the annex")
	} else {
		p.signed(toks[dateTok], dateAt)
		end = p.signature(toks, dateTok, dateAt)
	}
	refs, end := annexReference(toks[:end])
	p.body(toks[:end])
	return refs
}

// signingDate returns where the signing date is, the last date before the
// annex: its token and its byte offset in it, -1 and -1 when there is
// none.
func signingDate(toks []token) (tok, at int) {
	tok, at = -1, -1
	for i, t := range toks {
		if locs := dateRe.FindAllStringSubmatchIndex(t.s, -1); locs != nil {
			tok, at = i, locs[len(locs)-1][0]
		}
	}
	return tok, at
}

// signed reads the signing date at byte at of t into the notice, refusing
// a date out of the programme's years and one that does not exist.
func (p *parser) signed(t token, at int) {
	m := dateRe.FindStringSubmatch(t.s[at:])
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	date := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	switch {
	case len(m[1]) != 4 || !plausible(date):
		p.errorf(t.off+at, diag.BadSigningDate, "signing date %s is out of range: the programme's notices are dated %d to %d", m[0], minYear, maxYear)
	case date.Month() != time.Month(mo) || date.Day() != d:
		p.errorf(t.off+at, diag.BadSigningDate, "signing date %s is not a valid date", m[0])
	default:
		p.n.Signed, p.signedOff = date, t.off+at
	}
}

// signature reads the signature into the notice's offices: the offices
// just before the date, in token dateTok at byte dateAt, the last of
// which may be glued to it. It returns the first token of the signature.
func (p *parser) signature(toks []token, dateTok, dateAt int) int {
	first := dateTok
	for first > 0 && officeRe.MatchString(toks[first-1].s) && !annexRefRe.MatchString(toks[first-1].s) {
		first--
	}
	for _, t := range toks[first:dateTok] {
		p.n.Offices = append(p.n.Offices, t.s)
	}
	if before := toks[dateTok].s[:dateAt]; officeRe.MatchString(before) {
		p.n.Offices = append(p.n.Offices, before)
	}
	return first
}

// annexReference returns the annexes the reference (附件：…) among toks
// announces, a plain title or numbered items up to the end of toks, and
// where the body before it ends: the reference's token, or the end of
// toks when there is none.
func annexReference(toks []token) ([]reference, int) {
	for i, t := range toks {
		if !annexRefRe.MatchString(t.s) {
			continue
		}
		var refs []reference
		rest := []token{{strings.TrimSpace(annexRefRe.ReplaceAllString(t.s, "")), t.off + len(annexRefRe.FindString(t.s))}}
		rest = append(rest, toks[i+1:]...)
		for _, r := range rest {
			if m := itemRe.FindStringSubmatch(r.s); m != nil {
				num, _ := parseNumber(m[1])
				refs = append(refs, reference{num, strings.TrimPrefix(r.s, m[0]), r.off})
			} else if len(refs) == 0 && r.s != "" {
				refs = append(refs, reference{0, r.s, r.off})
			}
		}
		return refs, i
	}
	return nil, len(toks)
}

// body reads the body's paragraphs into the notice: the first is its
// addressee when it ends with a colon, one of at most 30 characters that
// starts as a heading does (一、) is a heading, and the others are text.
func (p *parser) body(toks []token) {
	for i, t := range toks {
		kind := Text
		switch {
		case i == 0 && strings.HasSuffix(t.s, "：") || i == 0 && strings.HasSuffix(t.s, ":"):
			kind = Addressee
		case headingRe.MatchString(t.s) && utf8.RuneCountInString(t.s) <= 30:
			kind = Heading
		}
		p.n.Body = append(p.n.Body, Paragraph{Kind: kind, Text: t.s})
	}
}
