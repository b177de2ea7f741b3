// Package notice turns a seed record into a Notice: the batch, its dates and
// issuing offices, its body text and the annex list of pilot areas.
//
// The notices were scraped as flat text: line breaks and table cells became
// single spaces. The annex is therefore a run of white-space separated
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
// at the token concerned, and Check adds the checks that need the whole list
// (numbering, stated count, repeats). The Chinese text is the only source of
// truth; the English machine translation in the seed is kept for display and
// never read for data.
package notice

import (
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/gazetteer"
	"github.com/bianmin-data/pilots/generator/seed"
)

// Notice is one announcement of a batch of pilots.
type Notice struct {
	Src *diag.Source // the seed's text, for positioning later diagnostics

	Title       string
	Batch       int
	Signed      time.Time // date that signs the notice (UTC midnight)
	Published   time.Time // publication date, from the seed's date field
	Offices     []string  // the signature block, in order
	StatedCount int       // number of pilots the text announces; 0 when not stated
	Body        []Paragraph
	AnnexTitle  string
	Rows        []Row

	SourceURL    string // the original address
	ArchiveStamp string // the archive's time stamp, YYYYMMDDhhmmss, when given
	ArchivedURL  string // the archived copy

	// The seed's machine translation, shown on English pages and never
	// used for data.
	TranslatedTitle   string
	TranslatedContent string
	EnglishSummary    string

	titleOff, countOff int
	numbers            []number // every row number of the list, valid row or not
}

// number is a row number and its byte offset.
type number struct{ seq, off int }

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

// Row is one row of the annex list.
type Row struct {
	Seq      int
	Province string // full name, carried down when the row omits it
	Area     string // as printed
	Note     string // the 备注 cell, when the list has one

	SeqOff, AreaOff int // byte offsets in the notice's Src
}

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
	batchRe = regexp.MustCompile(`首批|第([0-9０-９]+|[一二三四五六七八九十两]+)批`)
	dateRe  = regexp.MustCompile(`([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日`)
	countRe = regexp.MustCompile(`试点(?:地区|城市|区域|单位)?(?:共)?([0-9]+)个`)
	// An annex reference in the body: 附件：名单 or 附件:名单.
	annexRefRe = regexp.MustCompile(`^附件[：:]`)
	headingRe  = regexp.MustCompile(`^[一二三四五六七八九十]+、`)
	officeRe   = regexp.MustCompile(`(办公厅|办公室|厅（室）|厅\(室\)|部|委|局|总局|委员会|署|银行)$`)
	// The end of a list: a closing remark such as （此件公开发布）.
	trailerRe = regexp.MustCompile(`^(（此件|\(此件|抄送|公开方式)`)
)

// Parse reads a notice from a seed record. It returns the notice, as
// complete as the text allows, and every problem found.
func Parse(rec *seed.Record) (*Notice, diag.List) {
	p := &parser{rec: rec, src: rec.Src, n: &Notice{Src: rec.Src}}
	p.parse()
	return p.n, p.errs
}

type parser struct {
	rec  *seed.Record
	src  *diag.Source
	n    *Notice
	errs diag.List
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
	p.batch(title)
	p.published()
	p.urls()

	text, ok := p.rec.Field("resulting_text")
	if !ok {
		return
	}
	toks := tokenize(text.Value, text.Offset)
	header := -1
	for i, t := range toks {
		if t.s == "序号" {
			header = i
			break
		}
	}
	if header < 0 {
		p.errorf(text.Offset, diag.NoList, "no annex list: no header starting with 序号 in resulting_text")
		p.front(toks, text)
		return
	}
	p.front(toks[:header], text)
	p.annex(toks[header:])
}

// batch reads the batch number from the title.
func (p *parser) batch(title seed.Field) {
	m := batchRe.FindStringSubmatchIndex(title.Value)
	if m == nil {
		p.errorf(title.Offset, diag.NoBatch, "no batch number in the title (expected 首批 or 第…批)")
		return
	}
	if m[2] < 0 {
		p.n.Batch = 1
		return
	}
	numeral := title.Value[m[2]:m[3]]
	b, ok := parseNumber(numeral)
	if !ok || b < 1 {
		p.errorf(title.Offset+m[2], diag.BadBatch, "cannot read batch number %q", numeral)
		return
	}
	p.n.Batch = b
}

// parseNumber reads an Arabic (ASCII or full-width) or Chinese numeral
// below 100: 3, ３, 三, 十二, 二十, 九十九.
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
	digit := func(r rune) int {
		return strings.IndexRune("零一二三四五六七八九", r) / len("一")
	}
	rs := []rune(strings.ReplaceAll(s, "两", "二"))
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10, true
	case len(rs) == 1:
		d := digit(rs[0])
		return d, d > 0
	case len(rs) == 2 && rs[0] == '十':
		d := digit(rs[1])
		return 10 + d, d > 0
	case len(rs) == 2 && rs[1] == '十':
		d := digit(rs[0])
		return 10 * d, d > 1
	case len(rs) == 3 && rs[1] == '十':
		t, u := digit(rs[0]), digit(rs[2])
		return 10*t + u, t > 1 && u > 0
	}
	return 0, false
}

// published reads the publication date from the seed's date field.
func (p *parser) published() {
	f, ok := p.rec.Field("date")
	if !ok {
		p.errs.Add(diag.InFile(p.src.Name, 1, diag.MissingField, `missing field "date"`))
		return
	}
	day, _, _ := strings.Cut(strings.TrimSpace(f.Value), " ")
	d, err := time.Parse("2006-01-02", day)
	if err != nil || !plausible(d) {
		p.errorf(f.Offset, diag.BadDate, "date %q is not YYYY-MM-DD", f.Value)
		return
	}
	p.n.Published = d
}

// urls splits input_url into the archive stamp and the original address.
func (p *parser) urls() {
	in, ok := p.rec.Field("input_url")
	if !ok {
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
func plausible(d time.Time) bool { return d.Year() >= 2000 && d.Year() <= 2099 }

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

// front reads what precedes the annex list: the body paragraphs, the annex
// reference, the stated count, the signature block and its date.
func (p *parser) front(toks []token, text seed.Field) {
	n := p.n
	if m := countRe.FindStringSubmatchIndex(text.Value); m != nil {
		n.StatedCount, _ = strconv.Atoi(text.Value[m[2]:m[3]])
		n.countOff = text.Offset + m[2]
	}

	// The signing date: the last date before the annex.
	dateTok, dateAt := -1, -1
	for i, t := range toks {
		if locs := dateRe.FindAllStringSubmatchIndex(t.s, -1); locs != nil {
			dateTok, dateAt = i, locs[len(locs)-1][0]
		}
	}
	if dateTok < 0 {
		p.errorf(text.Offset, diag.NoSigningDate, "no signing date (YYYY年M月D日) before the annex")
	} else {
		t := toks[dateTok]
		m := dateRe.FindStringSubmatch(t.s[dateAt:])
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		date := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if date.Month() != time.Month(mo) || date.Day() != d || !plausible(date) {
			p.errorf(t.off+dateAt, diag.BadSigningDate, "signing date %s is not a valid date", m[0])
		} else {
			n.Signed = date
		}
	}

	// The body runs up to the annex reference (附件：…) or, lacking one,
	// up to the signature block.
	end := len(toks)
	if dateTok >= 0 {
		// The signature: the offices just before the date, the last of
		// which may be glued to it.
		first := dateTok
		for first > 0 && officeRe.MatchString(toks[first-1].s) && !annexRefRe.MatchString(toks[first-1].s) {
			first--
		}
		for _, t := range toks[first:dateTok] {
			n.Offices = append(n.Offices, t.s)
		}
		if before := toks[dateTok].s[:dateAt]; officeRe.MatchString(before) {
			n.Offices = append(n.Offices, before)
		}
		end = first
	}
	for i, t := range toks[:end] {
		if annexRefRe.MatchString(t.s) {
			n.AnnexTitle = strings.TrimSpace(annexRefRe.ReplaceAllString(t.s, ""))
			if n.AnnexTitle == "" && i+1 < end {
				n.AnnexTitle = toks[i+1].s
			}
			end = i
			break
		}
	}
	for i, t := range toks[:end] {
		kind := Text
		switch {
		case i == 0 && strings.HasSuffix(t.s, "：") || i == 0 && strings.HasSuffix(t.s, ":"):
			kind = Addressee
		case headingRe.MatchString(t.s) && utf8.RuneCountInString(t.s) <= 30:
			kind = Heading
		}
		n.Body = append(n.Body, Paragraph{Kind: kind, Text: t.s})
	}
}

// annex reads the list, from its 序号 header on.
func (p *parser) annex(toks []token) {
	// The header: every token up to the first number.
	i := 1
	hasNote := false
	for ; i < len(toks) && !isSeq(toks[i].s); i++ {
		if strings.Contains(toks[i].s, "备注") {
			hasNote = true
		}
	}
	if i == len(toks) {
		p.errorf(toks[0].off, diag.NoList, "no annex list: the header 序号 is followed by no numbered row")
		return
	}
	// Split into rows at each number; a closing remark ends the list.
	// Each row is a run of toks, not a copy.
	var rows [][]token
	for start := i; i < len(toks) && !trailerRe.MatchString(toks[i].s); i++ {
		if isSeq(toks[i].s) {
			start = i
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = toks[start : i+1]
	}
	p.n.numbers = slices.Grow(p.n.numbers, len(rows))
	p.n.Rows = slices.Grow(p.n.Rows, len(rows))

	province := ""
	for ri, toks := range rows {
		seq, _ := parseNumber(toks[0].s)
		p.n.numbers = append(p.n.numbers, number{seq, toks[0].off})
		row := Row{Seq: seq, SeqOff: toks[0].off}
		cells := toks[1:]
		final := ri == len(rows)-1
		if len(cells) > 0 {
			if u, ok := gazetteer.UnitNamed(cells[0].s); ok {
				province = u.Name
				cells = cells[1:]
			} else if len(cells) > 1 && (!hasNote || gazetteer.LooksLikeUnit(cells[0].s)) {
				p.errorf(cells[0].off, diag.UnknownProvince, "annex row %d: unknown province %q for %q", seq, cells[0].s, cells[1].s)
				province = ""
				cells = cells[1:]
			}
		}
		if len(cells) == 0 {
			if final {
				p.errorf(toks[len(toks)-1].off, diag.CutOff, "annex row %d: the list stops mid-row, with no area (the text looks cut off)", seq)
			} else {
				p.errorf(toks[0].off, diag.NoArea, "annex row %d: no area", seq)
			}
			continue
		}
		row.Area, row.AreaOff = cells[0].s, cells[0].off
		if len(cells) > 1 {
			if hasNote {
				notes := make([]string, len(cells)-1)
				for j, c := range cells[1:] {
					notes[j] = c.s
				}
				row.Note = strings.Join(notes, " ")
			} else {
				p.errorf(cells[1].off, diag.UnexpectedCell, "annex row %d: unexpected %q after the area %q (the header has no 备注 column)", seq, cells[1].s, row.Area)
			}
		}
		if province == "" {
			if ri == 0 {
				p.errorf(row.AreaOff, diag.NoProvince, "annex row %d: no province for %q", seq, row.Area)
			}
			continue
		}
		row.Province = province
		p.n.Rows = append(p.n.Rows, row)
	}
}

// isSeq reports whether s is a row number: ASCII or full-width digits.
func isSeq(s string) bool {
	n, ok := parseNumber(s)
	return ok && n >= 0 && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= '０' && r <= '９')
	}) < 0
}

// Check validates the parsed list as a whole: numbering from 1 without gaps
// or repeats, the stated count, and no area listed twice. The numbering is
// checked over every row of the list, so a row Parse rejected (one without
// an area, say) does not show up again as a gap.
func (n *Notice) Check() diag.List {
	var errs diag.List
	want := 1
	seen := make(map[int]bool, len(n.numbers))
	for _, num := range n.numbers {
		switch {
		case seen[num.seq]:
			errs.Add(n.Src.Errorf(num.off, diag.RepeatedNumber, "annex row %d: number %d repeated", num.seq, num.seq))
		case num.seq != want:
			errs.Add(n.Src.Errorf(num.off, diag.NumberGap, "annex row %d: expected number %d (numbers must run 1, 2, 3, … without gaps)", num.seq, want))
		}
		seen[num.seq] = true
		want = max(want, num.seq+1)
	}
	if last := len(n.numbers) - 1; n.StatedCount > 0 && last >= 0 && n.numbers[last].seq != n.StatedCount {
		errs.Add(n.Src.Errorf(n.countOff, diag.CountMismatch, "the notice announces %d pilots but its list ends at number %d", n.StatedCount, n.numbers[last].seq))
	}

	type key struct{ province, area string }
	areas := make(map[key]int, len(n.Rows))
	for _, r := range n.Rows {
		k := key{r.Province, r.Area}
		if first, dup := areas[k]; dup {
			errs.Add(n.Src.Errorf(r.AreaOff, diag.RepeatedArea, "annex row %d: %s %s already listed as row %d", r.Seq, r.Province, r.Area, first))
		} else {
			areas[k] = r.Seq
		}
	}
	return errs
}

// DropRows lets go of the rows and their numbers once they have been
// checked and copied into the published table (generator.Load does), so
// that a million rows are held once. Nothing after that reads them.
func (n *Notice) DropRows() { n.Rows, n.numbers = nil, nil }

// CrossCheck reports what no single notice shows: two notices claiming the
// same batch (an error) and an area listed in two batches (a warning: a
// later notice may legitimately name a pilot again). The notices are
// sorted by batch.
func CrossCheck(notices []*Notice) diag.List {
	var diags diag.List
	type key struct{ province, area string }
	firstBatch := map[int]*Notice{}
	firstArea := map[key]*Notice{}
	for _, n := range notices {
		if prev, dup := firstBatch[n.Batch]; dup {
			diags.Add(n.Src.Errorf(n.titleOff, diag.BatchClaimed, "batch %d is also claimed by %s", n.Batch, prev.Src.Name))
			continue
		}
		firstBatch[n.Batch] = n
		for _, r := range n.Rows {
			k := key{r.Province, r.Area}
			if prev, dup := firstArea[k]; dup {
				diags.Add(n.Src.Warnf(r.AreaOff, diag.RepeatedPilot, "annex row %d: %s %s was already a pilot in batch %d", r.Seq, r.Province, r.Area, prev.Batch))
			} else {
				firstArea[k] = n
			}
		}
	}
	return diags
}
