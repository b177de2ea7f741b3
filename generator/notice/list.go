package notice

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/gazetteer"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/seed"
)

// chromeRe is text of the page around a list, not of the list: a count of
// views (阅读:751), an image's name (1-1510300U045253). It ends a list, and
// the number before it is no row.
var chromeRe = regexp.MustCompile(`^((阅读|浏览|点击|来源|发布时间|字号)[:：]|[0-9]+-[0-9]+[0-9A-Z]+$)`)

// List is one annex of a notice: a list of areas of one kind and batch.
type List struct {
	Notice      *Notice
	Kind        *lists.Kind // nil when its title names no known kind (an error)
	Batch       int
	Annex       int    // its number, 附件2 → 2; 0 for a plain 附件, or none
	Title       string // the annex's title, as printed; "" when it has none
	StatedCount int    // the count the body states for the list; 0 when none
	Rows        []Row  // the valid rows; nil once DropRows has run
	Count       int    // how many valid rows the list has, before or after DropRows

	// What read it, for a maintainer to compare with the source: the
	// reader of its layout (flattened table, pipe table, grouped by
	// province, prose, prose after a colon, page table), and where its
	// first row is (its file, and line and column or place).
	Layout string
	From   diag.Position

	titleOff, countOff int
	numbers            []number // every row number of the list, valid row or not
	cutOff             bool     // the reader found the list cut off, and said so
	note               string   // the note under its table (注：…), which ended it
	noteOff            int
}

// number is a row number and its byte offset.
type number struct{ seq, off int }

// Row is one row of a list.
type Row struct {
	Seq      int
	Province string // full name, carried down when the row omits it
	Area     string // as printed
	Note     string // the 备注 cell, when the list has one

	SeqOff, AreaOff int // byte offsets in the notice's Src
}

// RowName names a row of the list in messages: "annex row 5" for the list of a
// notice with one, "annex 2 row 5" for a numbered annex.
func (l *List) RowName(seq int) string {
	if l.Annex > 0 {
		return fmt.Sprintf("annex %d row %d", l.Annex, seq)
	}
	return fmt.Sprintf("annex row %d", seq)
}

// name names the list in messages: "its list", or "annex 2".
func (l *List) name() string {
	if l.Annex > 0 {
		return fmt.Sprintf("annex %d", l.Annex)
	}
	return "its list"
}

// DropRows lets go of the notice's rows and their numbers once they have
// been checked and copied into the published tables (generator.Load does),
// so that a million rows are held once. Count stays; nothing after that
// reads the rows.
func (n *Notice) DropRows() {
	for _, l := range n.Lists {
		l.Rows, l.numbers = nil, nil
	}
}

var (
	// annexRe is the token that starts an annex after the signature:
	// 附件, 附件1, 附件２.
	annexRe = regexp.MustCompile(`^附件([0-9０-９]*)$`)
	// The end of a list: a closing remark such as （此件公开发布）.
	trailerRe = regexp.MustCompile(`^(（此件|\(此件|抄送|公开方式)`)
	// remarkRe is a remark between an annex's title and its header:
	// （按行政区划序列排序）.
	remarkRe = regexp.MustCompile(`^[（(].*[）)]$`)
)

// annex is where one annex lies in the tokens of resulting_text: from its
// 附件 token (or its header, without one) to the next annex.
type annex struct {
	start, header, end int // token indices: the annex's first, its 序号 (or first entry), the one after its last
	number             int // 附件2 → 2; 0 for a plain 附件, or none
	marked             bool
	title              []token
	loose              bool    // a list without a table: grouped by province, or prose (looseRows)
	toks               []token // a list after a colon: its tokens (colonAnnexes)
}

// split finds the annexes in the tokens: each 序号 header, with the last
// 附件 token before it and the title between them, up to the next annex. A
// header with no 附件 before it since the previous header is that
// annex's header repeated (a table that went on over a page), not a new
// annex. Each token is looked at once or twice (the search for a 附件
// stops at the previous header, repeated or not): time linear in the tokens.
func split(toks []token) []annex {
	var out []annex
	prev := 0 // the tokens before prev are the body's or earlier annexes'
	for i, t := range toks {
		if t.s != "序号" {
			continue
		}
		marker := -1
		for j := i - 1; j >= prev; j-- {
			if annexRe.MatchString(toks[j].s) {
				marker = j
				break
			}
		}
		if marker < 0 && len(out) > 0 {
			prev = i + 1
			continue
		}
		a := annex{start: i, header: i}
		if marker >= 0 {
			m := annexRe.FindStringSubmatch(toks[marker].s)
			a.start, a.marked = marker, true
			a.number, _ = parseNumber(m[1])
			title := toks[marker+1 : i]
			if m[1] == "" && len(title) > 0 && isSeq(title[0].s) { // 附件 1
				a.number, _ = parseNumber(title[0].s)
				title = title[1:]
			}
			a.title = slices.DeleteFunc(slices.Clone(title), func(t token) bool { return remarkRe.MatchString(t.s) })
		}
		if len(out) > 0 {
			out[len(out)-1].end = a.start
		}
		out = append(out, a)
		prev = i + 1
	}
	if len(out) > 0 {
		out[len(out)-1].end = len(toks)
	}
	return out
}

// list reads one annex: its kind and batch from its title (else from the
// notice's title), and its rows.
func (p *parser) list(a annex, title seed.Field) {
	l := &List{Notice: p.n, Annex: a.number}
	var parts []string
	for _, t := range a.title {
		parts = append(parts, t.s)
	}
	l.Title = strings.Join(parts, "")
	l.titleOff = title.Offset
	if len(a.title) > 0 {
		l.titleOff = a.title[0].off
	}
	// The kind: the annex's title, or the notice's when it is the only
	// list and its title names none.
	l.Kind = p.kinds.InAnnexTitle(l.Title)
	if l.Kind == nil && (l.Title == "" || a.number == 0) {
		l.Kind = p.kinds.InAnnexTitle(title.Value)
	}
	if l.Kind == nil {
		p.errorf(l.titleOff, diag.UnknownKind, "%s: its title %q names no known list (%s)", l.where(), l.Title, p.kinds.Example())
	}
	// The batch: the annex's title, else the notice's.
	if b, at, ok := batchIn(l.Title); ok {
		l.Batch = p.batchNumber(b, l.titleOff+at)
	} else if b, at, ok := batchIn(title.Value); ok {
		l.Batch = p.batchNumber(b, title.Offset+at)
	} else if l.Annex > 0 {
		p.errorf(title.Offset, diag.NoBatch, "%s: no batch number in its title or the notice's (expected 首批 or 第…批)", l.where())
	} else {
		p.errorf(title.Offset, diag.NoBatch, "no batch number in the title (expected 首批 or 第…批)")
	}
	if a.toks != nil {
		p.looseRows(l, a.toks)
		l.Layout = "prose after a colon"
	} else if a.loose {
		p.looseRows(l, p.tokens[a.header:a.end])
	} else {
		p.rows(l, a.header, a.end)
	}
	p.n.Lists = append(p.n.Lists, l)
}

// where names the annex of a list in messages about the annex itself.
func (l *List) where() string {
	if l.Annex > 0 {
		return fmt.Sprintf("annex %d", l.Annex)
	}
	return "the annex"
}

// batchIn finds a batch in a title: the numeral of 第…批, or "" for 首批,
// and its byte offset in s.
func batchIn(s string) (numeral string, at int, ok bool) {
	m := batchRe.FindStringSubmatchIndex(s)
	if m == nil {
		return "", 0, false
	}
	if m[2] < 0 {
		return "", m[0], true
	}
	return s[m[2]:m[3]], m[2], true
}

// maxBatch is the highest batch number read: the programme announces a
// batch a year or so.
const maxBatch = 999

// maxCount is the largest count a notice may state for a list: a seed
// of at most 16 MiB holds fewer rows.
const maxCount = 1 << 24

// maxArea is the most characters an area's name may have: the longest
// real ones (巴音郭楞蒙古自治州, 和布克赛尔蒙古自治县) have under 20.
const maxArea = 64

// batchNumber reads a batch numeral found at off; "" is 首批, 1.
func (p *parser) batchNumber(numeral string, off int) int {
	if numeral == "" {
		return 1
	}
	b, ok := parseNumber(numeral)
	if !ok || b < 1 {
		p.errorf(off, diag.BadBatch, "cannot read batch number %q", numeral)
		return 0
	}
	if b > maxBatch {
		p.errorf(off, diag.BadBatch, "batch number %s is out of range (1 to %d)", numeral, maxBatch)
		return 0
	}
	return b
}

// announced checks the annexes against those the body announces: each
// announced annex must be there, and each numbered annex announced. A
// notice whose body announces none is not checked.
func (p *parser) announced(refs []reference, annexes []annex, text seed.Field) {
	if len(refs) == 0 || p.rec.Refused {
		return // an attachment refused: its own error says why the annex is missing
	}
	present := map[int]bool{}
	for _, a := range annexes {
		present[a.number] = true
	}
	said := map[int]bool{}
	for _, r := range refs {
		said[r.number] = true
		if !present[r.number] {
			what := "an annex"
			if r.number > 0 {
				what = fmt.Sprintf("annex %d", r.number)
			}
			p.errorf(r.off, diag.AnnexMissing, "the body announces %s (%q) that the notice does not carry", what, r.title)
		}
	}
	for _, a := range annexes {
		if !said[a.number] && a.marked {
			what := "an annex"
			if a.number > 0 {
				what = fmt.Sprintf("annex %d", a.number)
			}
			p.errorf(text.Offset, diag.AnnexUnannounced, "the notice carries %s that its body does not announce (附件：…)", what)
		}
	}
}

// rows reads a list's rows, from its 序号 header (toks[header]) to end,
// by the reader of its layout: a table printed with | between its cells
// (pipeRows), or a flattened table, one cell after another, on one line
// or one to a line (flatRows). Then cells checks them.
func (p *parser) rows(l *List, header, end int) {
	toks := p.tokens[header:end]
	read := flatRows
	l.Layout = "flattened table"
	if slices.ContainsFunc(toks, func(t token) bool { return strings.Contains(t.s, "|") }) {
		read, l.Layout = pipeRows, "pipe table"
	}
	p.readNote(l, toks)
	rows, hasNote, ok := read(toks)
	if !ok {
		p.errorf(toks[0].off, diag.NoList, "no annex list: the header 序号 is followed by no numbered row")
		return
	}
	p.cells(l, rows, hasNote)
}

// endsList reports whether the token s ends a list: a closing remark, or
// a note under its table.
func endsList(s string) bool {
	return trailerRe.MatchString(s) || seed.IsNote(s)
}

// maxNote bounds the text of a note kept to read its total.
const maxNote = 512

// readNote keeps the note under the table of toks, if any: its tokens up
// to the end of the annex or a closing remark, at most maxNote bytes.
func (p *parser) readNote(l *List, toks []token) {
	i := slices.IndexFunc(toks, func(t token) bool { return seed.IsNote(t.s) })
	if i < 0 {
		return
	}
	var b strings.Builder
	for _, t := range toks[i:] {
		if b.Len()+len(t.s) > maxNote || b.Len() > 0 && trailerRe.MatchString(t.s) {
			break
		}
		b.WriteString(t.s)
	}
	l.note, l.noteOff = b.String(), toks[i].off
}

// flatRows reads a flattened table: its header is every token up to the
// first number, and a row starts at each number. A closing remark ends the
// list, and a header repeated over a page is skipped. Each row is a run of
// toks, not a copy; ok is false when no row follows the header.
func flatRows(toks []token) (rows [][]token, hasNote, ok bool) {
	i := 1
	for ; i < len(toks) && !isSeq(toks[i].s); i++ {
		if strings.Contains(toks[i].s, "备注") {
			hasNote = true
		}
	}
	if i == len(toks) {
		return nil, false, false
	}
	for start := i; i < len(toks) && !endsList(toks[i].s); i++ {
		if chromeRe.MatchString(toks[i].s) {
			if len(rows) > 0 && len(rows[len(rows)-1]) == 1 { // a number, then the chrome
				rows = rows[:len(rows)-1]
			}
			break
		}
		if toks[i].s == "序号" {
			for i+1 < len(toks) && !isSeq(toks[i+1].s) {
				i++
			}
			start = i + 1
			continue
		}
		if isSeq(toks[i].s) {
			start = i
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = toks[start : i+1]
	}
	return rows, hasNote, true
}

// pipeRows reads a table printed with | between its cells, as news
// reposts print one: 序号 | 省(区、市)、兵团 | 试点地区 | 1 | 北京市 | 朝阳区 |
// 2 | 海淀区 | | …. The header's cells give the number of columns; a row
// starts at each cell of digits in the first column. A row whose province
// cell was merged has its area in the province's column and an empty one
// after it: empty cells are dropped, so its cells are the number and the
// area, as in a flattened table. A cell's tokens are joined by a space,
// once, when the cell ends: time and memory linear in the tokens.
func pipeRows(toks []token) (rows [][]token, hasNote, ok bool) {
	var cells []token  // each cell as one token, at its first token's offset
	var parts []string // the current cell's text, a part per token
	off := -1          // of the current cell's first part
	flush := func() {
		cells = append(cells, token{strings.Join(parts, " "), off})
		parts, off = parts[:0], -1
	}
	for _, t := range toks {
		if endsList(t.s) {
			break
		}
		at := 0 // of part in t.s
		for i, part := range strings.Split(t.s, "|") {
			if i > 0 {
				flush()
			}
			if part != "" { // a token holds no space
				if off < 0 {
					off = t.off + at
				}
				parts = append(parts, part)
			}
			at += len(part) + len("|")
		}
	}
	if off >= 0 {
		flush()
	}
	// The header: the cells up to the first cell of digits.
	cols := 0
	for cols < len(cells) && !isSeq(cells[cols].s) {
		if strings.Contains(cells[cols].s, "备注") {
			hasNote = true
		}
		cols++
	}
	cols = countNonEmpty(cells[:cols])
	if cols == 0 || cols == len(cells) {
		return nil, false, false
	}
	data := cells[firstSeq(cells):]
	for i := 0; i < len(data); i += cols {
		row := data[i:min(i+cols, len(data))]
		if !isSeq(row[0].s) {
			// Out of step (a row with a cell too many or too few): go on
			// from the next number.
			j := slices.IndexFunc(data[i:], func(c token) bool { return isSeq(c.s) })
			if j < 0 {
				break
			}
			i += j - cols
			continue
		}
		rows = append(rows, slices.DeleteFunc(slices.Clone(row), func(c token) bool { return c.off < 0 }))
	}
	return rows, hasNote, len(rows) > 0
}

// firstSeq is the index of the first cell of digits.
func firstSeq(cells []token) int {
	return max(0, slices.IndexFunc(cells, func(c token) bool { return isSeq(c.s) }))
}

// countNonEmpty counts the cells that hold text.
func countNonEmpty(cells []token) int {
	n := 0
	for _, c := range cells {
		if c.off >= 0 {
			n++
		}
	}
	return n
}

// cells checks the rows of a table, each its number, then [province] area
// [note]: the province is printed only on the first row of a merged cell
// and is carried down; a note exists only when the header has a 备注
// column.
func (p *parser) cells(l *List, rows [][]token, hasNote bool) {
	l.numbers = slices.Grow(l.numbers, len(rows))
	l.Rows = slices.Grow(l.Rows, len(rows))

	// A province's name after a row's first cell, not before it: the
	// symptom of a table whose merged province cells were printed centred
	// in their block, between its rows, as text copied out of a PDF is.
	errsBefore, misplaced, firstMisplaced := len(p.errs), 0, -1
	province := ""
	for ri, toks := range rows {
		if slices.ContainsFunc(toks[min(2, len(toks)):], func(t token) bool { _, ok := gazetteer.UnitNamed(t.s); return ok }) {
			if misplaced++; firstMisplaced < 0 {
				firstMisplaced = toks[0].off
			}
		}
		seq, _ := parseNumber(toks[0].s)
		l.numbers = append(l.numbers, number{seq, toks[0].off})
		row := Row{Seq: seq, SeqOff: toks[0].off}
		cells := toks[1:]
		final := ri == len(rows)-1
		if len(cells) > 0 {
			if u, ok := gazetteer.UnitNamed(cells[0].s); ok {
				province = u.Name
				cells = cells[1:]
			} else if len(cells) > 1 && (!hasNote || gazetteer.LooksLikeUnit(cells[0].s)) {
				p.errorf(cells[0].off, diag.UnknownProvince, "%s: unknown province %q for %q", l.RowName(seq), cells[0].s, cells[1].s)
				province = ""
				cells = cells[1:]
			}
		}
		if len(cells) == 0 {
			if final {
				p.errorf(toks[len(toks)-1].off, diag.CutOff, "%s: the list stops mid-row, with no area (the text looks cut off)", l.RowName(seq))
				l.cutOff = true
			} else {
				p.errorf(toks[0].off, diag.NoArea, "%s: no area", l.RowName(seq))
			}
			continue
		}
		row.Area, row.AreaOff = cells[0].s, cells[0].off
		if n := utf8.RuneCountInString(row.Area); n > maxArea {
			p.errorf(row.AreaOff, diag.AreaTooLong, "%s: the area %q… has %d characters, more than any real name (at most %d)",
				l.RowName(seq), string([]rune(row.Area)[:12]), n, maxArea)
			continue
		}
		if len(cells) > 1 {
			if hasNote {
				notes := make([]string, len(cells)-1)
				for j, c := range cells[1:] {
					notes[j] = c.s
				}
				row.Note = strings.Join(notes, " ")
			} else {
				p.errorf(cells[1].off, diag.UnexpectedCell, "%s: unexpected %q after the area %q (the header has no 备注 column)", l.RowName(seq), cells[1].s, row.Area)
			}
		}
		if province == "" {
			if ri == 0 {
				p.errorf(row.AreaOff, diag.NoProvince, "%s: no province for %q", l.RowName(seq), row.Area)
			}
			continue
		}
		row.Province = province
		l.Rows = append(l.Rows, row)
	}
	if misplaced >= 2 {
		// One error for the one cause, in place of each row's.
		p.errs = p.errs[:errsBefore]
		p.errorf(firstMisplaced, diag.ScrambledRows, "%s: its rows cannot be rebuilt: %d province names stand after a row's area instead of before it (text copied out of a PDF prints a merged province cell between the rows): put the annex itself (.pdf, .docx, .xlsx) in the notice's folder instead of its text",
			l.where(), misplaced)
		l.Rows, l.numbers, l.cutOff = nil, nil, true
	}
	l.Count = len(l.Rows)
}

// isSeq reports whether s is a row number: ASCII or full-width digits.
func isSeq(s string) bool {
	if strings.IndexFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r >= '０' && r <= '９') }) >= 0 {
		return false // an area's name, most often: not parsed, which costs an error each
	}
	n, ok := parseNumber(s)
	return ok && n >= 0
}
