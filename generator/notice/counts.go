package notice

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/seed"
)

// A list's stated count is the number the notice gives next to the list's
// names, counted with 个, in every form the notices use: 试点地区70个,
// 先行区15个, 试点地区共70个, 试点名单（70个）, 试点城市（区）30个, 70个城市一刻钟便民
// 生活圈试点地区, 15个全域推进先行区, in digits or in a Chinese numeral
// (三十个, 一百零五个), two or more in one sentence (试点地区40个、…先行区15个).
// The words that name a kind are content/lists.json's (a kind's count
// words, and for a count before its list the kind's Chinese names too), not
// this package's: only the nouns that may stand between a count and its
// list (地区, 城市, 名单, 共, …) are Chinese grammar, written here. A note
// under a list's table that states a total (注：…共70个) counts for that list.

var (
	// countRe is a number counted with 个.
	countRe = regexp.MustCompile(`([0-9０-９]+|[零〇一二两三四五六七八九十百千]+)\s*个`)
	// fillerRe is what may stand between a list's words and its count:
	// 试点[地区][（区）][共]70个, 试点名单（70个）.
	fillerRe = regexp.MustCompile(`(?:地区|城市|区域|单位|名单|[（(][^（()）]{0,12}[）)]|[（(]|共|计|合计|总计|总数|数量|为|有|[，,：:]|\s)*$`)
	// leadRe is what may stand between a count and the list's words after
	// it: 70个[全国][第三批]城市一刻钟便民生活圈试点地区.
	leadRe = regexp.MustCompile(`^\s*(?:全国|首批|第[^批，。；、]{1,4}批)*`)
	// totalRe is a note's total: 共70个, 合计70个.
	totalRe = regexp.MustCompile(`(?:共|计|合计|总计)\s*([0-9０-９]+|[零〇一二两三四五六七八九十百千]+)\s*个`)
)

// clauseEnd is the punctuation that bounds the clause of a count.
const clauseEnd = "，。；、：,;:！？!?\n"

// maxLead bounds how far after a count its list's words are looked for.
const maxLead = 160

// statedCounts reads the counts the body states, each for the list its
// clause names by kind and batch. A count for a list the notice does not
// carry is an error; a list whose count is found nowhere (neither in the
// body nor under its table) is a warning, since a list cut short could
// then not be told. A clause runs from the punctuation before its count,
// and never back past the count before it, and a count's words after it
// are looked for in at most maxLead bytes, so the body is read once, and
// each count finds its list in a map: time linear in the body and the
// lists.
func (p *parser) statedCounts(text seed.Field, annexStart int, toks []token) {
	body := text.Value
	if annexStart < len(toks) {
		body = text.Value[:toks[annexStart].off-text.Offset]
	}
	c := newCounter(p)
	from := 0 // the end of the previous count: no clause reaches back past it
	for _, m := range countRe.FindAllStringSubmatchIndex(body, -1) {
		before := body[clauseStart(body, from, m[0]):m[0]]
		from = m[1]
		kind, clause := p.countedList(before, body[m[1]:min(len(body), m[1]+maxLead)])
		if kind == nil {
			continue // a count of something else
		}
		c.count(kind, clause, body[m[2]:m[3]], text.Offset+m[2])
	}
	c.warnUncounted(body, text.Offset)
}

// clauseStart is where the clause of a count at end starts: at the
// punctuation before it, never before from (the end of the count before);
// when that clause is filler alone (试点地区，共70个), at the punctuation
// before the clause before it, which names its list.
func clauseStart(body string, from, end int) int {
	start := from
	if i := strings.LastIndexAny(body[from:end], clauseEnd); i >= 0 {
		start = from + i
	}
	if start > from && fillerRe.FindStringIndex(body[start:end])[0] == 0 {
		if i := strings.LastIndexAny(body[from:start], clauseEnd); i >= 0 {
			return from + i
		}
		return from
	}
	return start
}

// kindBatch is a kind of list and a batch of it.
type kindBatch struct {
	kind  *lists.Kind
	batch int
}

// counter gives the counts of a notice's body to its lists.
type counter struct {
	p        *parser
	byKind   map[*lists.Kind][]*List
	byBatch  map[kindBatch][]*List
	said     map[*List]bool       // the lists a count was given for, readable or not
	totalled map[*lists.Kind]bool // the kinds whose lists a total was checked for
}

func newCounter(p *parser) *counter {
	c := &counter{p: p, byKind: map[*lists.Kind][]*List{}, byBatch: map[kindBatch][]*List{}, said: map[*List]bool{}, totalled: map[*lists.Kind]bool{}}
	for _, l := range p.n.Lists {
		c.byKind[l.Kind] = append(c.byKind[l.Kind], l)
		c.byBatch[kindBatch{l.Kind, l.Batch}] = append(c.byBatch[kindBatch{l.Kind, l.Batch}], l)
	}
	return c
}

// count gives the count numeral, at off, stated for a list of kind in
// clause: to the one list of its kind (and batch, when the clause names
// one); as a total to several (checkTotal, once a kind); an error when
// the notice carries no such list or the numeral is out of range.
func (c *counter) count(kind *lists.Kind, clause, numeral string, off int) {
	p := c.p
	b, _, hasBatch := batchIn(clause)
	batch := 0
	if hasBatch {
		batch, _ = parseNumber(b)
		if b == "" {
			batch = 1
		}
	}
	match := c.byKind[kind]
	if hasBatch {
		match = c.byBatch[kindBatch{kind, batch}]
	}
	count, ok := parseNumber(numeral)
	switch {
	case !ok || count < 1 || count > maxCount:
		p.errorf(off, diag.BadCount, "stated count %s is out of range: a list has 1 to %d rows", numeral, maxCount)
		c.sayAll(match) // refused by that error
	case len(match) == 1 && match[0].StatedCount == 0:
		match[0].StatedCount, match[0].countOff = count, off
	case len(match) > 1 && !c.totalled[kind]:
		// One count for several lists of the kind (试点地区共10个 over
		// batches 3 and 4): their rows together must make it. The first
		// such count of a kind is checked, once, so that the lists are
		// walked once however many counts there are.
		c.totalled[kind] = true
		p.checkTotal(match, count, kind, off)
		c.sayAll(match)
	case len(match) == 0 && !p.rec.Refused:
		what := kind.EN.ShortCount(count, "en")
		if hasBatch {
			what += fmt.Sprintf(" of batch %d", batch)
		}
		p.errorf(off, diag.CountUnmatched, "the notice states %s, but carries no such list", what)
	}
}

// sayAll notes that a count was given for each list of match.
func (c *counter) sayAll(match []*List) {
	for _, l := range match {
		c.said[l] = true
	}
}

// warnUncounted reads each list's note, then warns of each list that no
// count was given for, quoting the body's clause where it was looked
// for; body, at base, is searched once a kind.
func (c *counter) warnUncounted(body string, base int) {
	p := c.p
	looked := map[*lists.Kind]lookedAt{}
	for _, l := range p.n.Lists {
		p.noteCount(l)
		if l.StatedCount > 0 || c.said[l] || l.Kind == nil || l.Count == 0 {
			continue
		}
		la, ok := looked[l.Kind]
		if !ok {
			la = lookFor(l.Kind, body, base)
			looked[l.Kind] = la
		}
		at := la.at
		if la.phrase == "" {
			at, la.phrase = l.titleOff, "the body never names the list"
		}
		p.errs.Add(p.src.Warnf(at, diag.NoCount, "%s: no count found for its list of %s (%s), so a list cut short cannot be told: check its %d rows against the notice",
			l.where(), l.Kind.EN.Short, la.phrase, l.Count))
	}
}

// checkTotal checks one count stated for several lists of a kind against
// their rows together: a total they do not make is an error at the count.
// Lists that claim one batch are refused as such (BatchClaimed), and not
// totalled. The message names at most a few of the lists.
func (p *parser) checkTotal(match []*List, count int, kind *lists.Kind, off int) {
	sum := 0
	batches := make(map[int]bool, len(match))
	var parts []string
	for _, l := range match {
		if batches[l.Batch] {
			return
		}
		batches[l.Batch] = true
		sum += l.Count
		if len(parts) < 4 {
			parts = append(parts, fmt.Sprintf("%s: %d", l.where(), l.Count))
		}
	}
	if len(match) > len(parts) {
		parts = append(parts, "…")
	}
	if sum != count {
		p.errorf(off, diag.CountMismatch, "the notice states %s in all, but its lists of them hold %d rows (%s)", kind.EN.ShortCount(count, "en"), sum, strings.Join(parts, ", "))
	}
}

// countedList returns the kind of list a count is given for, and the
// clause that names it: the words right before the count (before ends
// with them, less fillerRe), else the words right after it (after starts
// with them, less leadRe, up to the clause's end). It returns nil when
// the count is of something else (13个部门, 30个省份).
func (p *parser) countedList(before, after string) (*lists.Kind, string) {
	trimmed := before[:fillerRe.FindStringIndex(before)[0]]
	if k := p.kinds.InCountPhrase(trimmed); k != nil && endsWithCountWord(trimmed, p.kinds) {
		return k, before
	}
	if i := strings.IndexAny(after, clauseEnd); i >= 0 {
		after = after[:i]
	}
	after = strings.ToValidUTF8(after, "") // cut at maxLead, perhaps inside a character
	lead := leadRe.FindString(after)
	if !p.kinds.NamesAt(after[len(lead):]) {
		return nil, ""
	}
	return p.kinds.InCountPhrase(after), before + after
}

// endsWithCountWord reports whether s ends with a word by which a count
// phrase names a kind.
func endsWithCountWord(s string, kinds *lists.Catalog) bool {
	for _, k := range kinds.Kinds {
		for _, w := range k.CountWords {
			if strings.HasSuffix(s, w) {
				return true
			}
		}
	}
	return false
}

// noteCount reads the total a note under the list's table states (注：…
// 共70个): the list's count when the body states none; when it states
// another, the two disagree, an error at the note.
func (p *parser) noteCount(l *List) {
	if l.note == "" {
		return
	}
	m := totalRe.FindStringSubmatchIndex(l.note)
	if m == nil {
		m = countRe.FindStringSubmatchIndex(l.note)
	}
	if m == nil {
		return
	}
	n, ok := parseNumber(l.note[m[2]:m[3]])
	switch {
	case !ok:
	case l.StatedCount == 0:
		l.StatedCount, l.countOff = n, l.noteOff+m[2]
	case l.StatedCount != n:
		p.errorf(l.noteOff+m[2], diag.CountMismatch, "%s: the note under the list states %d, the body %s", l.where(), n, l.Kind.EN.ShortCount(l.StatedCount, "en"))
	}
}

// lookedAt is where a count for a kind was looked for: the body's first
// clause that names it, quoted, and its offset.
type lookedAt struct {
	phrase string
	at     int
}

// lookFor finds the body's first clause naming kind, at most 40
// characters of it; base is the body's offset.
func lookFor(kind *lists.Kind, body string, base int) lookedAt {
	for _, w := range kind.CountWords {
		i := strings.Index(body, w)
		if i < 0 {
			continue
		}
		start := 0
		if j := strings.LastIndexAny(body[:i], clauseEnd); j >= 0 {
			_, size := utf8.DecodeRuneInString(body[j:])
			start = j + size
		}
		end := len(body)
		if j := strings.IndexAny(body[i:], clauseEnd); j >= 0 {
			end = i + j
		}
		clause := []rune(strings.TrimSpace(body[start:end]))
		if len(clause) > 40 {
			clause = append(clause[:39], '…')
		}
		return lookedAt{fmt.Sprintf("looked at %q", string(clause)), base + start}
	}
	return lookedAt{}
}
