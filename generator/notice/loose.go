package notice

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/gazetteer"
)

// Lists without a table, as news write-ups and some copies print them:
//
//	grouped by province  北京市：朝阳区、海淀区 天津市：河北区、宝坻区
//	prose                北京市朝阳区、北京市海淀区、天津市河北区。
//
// They have no 序号: rows are numbered in the order they appear. The list
// follows the signature, after its 附件 and title when it has them, and
// starts at the first token that begins with a province-level unit.

// unitPrefixes are the names of the province-level units, full and short,
// longest first, so that a name run into its area is split at the longest
// (北京市朝阳区 at 北京市, not 北京; 宁夏回族自治区银川市 at the whole name).
var unitPrefixes = func() []string {
	var names []string
	for _, u := range gazetteer.Units {
		names = append(names, u.Name, u.Short)
	}
	slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return slices.Compact(names)
}()

// unitPrefix returns the province-level unit s starts with, and its name
// as printed.
func unitPrefix(s string) (*gazetteer.Unit, string, bool) {
	for _, name := range unitPrefixes {
		if strings.HasPrefix(s, name) {
			u, _ := gazetteer.UnitNamed(name)
			return u, name, true
		}
	}
	return nil, "", false
}

// looseAnnex finds a list without a table after the signing date: its
// 附件 and title, if any, and its entries from the first token that
// begins with a province-level unit. It returns none when there is no such
// list (a news write-up without one).
func looseAnnex(toks []token) []annex {
	signed := -1
	for i, t := range toks {
		if dateRe.MatchString(t.s) {
			signed = i
		}
	}
	if signed < 0 {
		return nil
	}
	a := annex{start: signed + 1, loose: true}
	from := signed + 1
	for j := from; j < len(toks); j++ {
		if m := annexRe.FindStringSubmatch(toks[j].s); m != nil {
			a.start, a.marked = j, true
			a.number, _ = parseNumber(m[1])
			from = j + 1
			break
		}
	}
	first := slices.IndexFunc(toks[from:], func(t token) bool { _, _, ok := unitPrefix(t.s); return ok })
	if first < 0 {
		return nil
	}
	a.header = from + first
	a.title = slices.DeleteFunc(slices.Clone(toks[from:a.header]), func(t token) bool { return remarkRe.MatchString(t.s) })
	// A list follows its 附件, or a title that names it: a news write-up
	// that mentions 北京 after its date has neither.
	if !a.marked && !slices.ContainsFunc(a.title, func(t token) bool { return strings.Contains(t.s, "名单") }) {
		return nil
	}
	a.end = len(toks)
	for j := a.header; j < len(toks); j++ {
		if trailerRe.MatchString(toks[j].s) {
			a.end = j
			break
		}
	}
	return []annex{a}
}

// separators end an entry of a loose list.
var separators = regexp.MustCompile(`[、，,；;。]`)

// groupRe is the start of a province's group: its name and a colon.
var groupRe = regexp.MustCompile(`^([^：:、，,]+)[：:]`)

// looseRows reads the entries of a list grouped by province or in prose,
// numbering them in order. In a grouped list each group is a province, a
// colon and its areas; in prose each entry is a province run into its
// area. An entry that starts with no province is an error, and so is a
// list that stops after a separator or, in prose, without its closing 。:
// the text looks cut off there.
func (p *parser) looseRows(l *List, toks []token) {
	r := &looseReader{p: p, l: l, grouped: len(toks) > 0 && groupRe.MatchString(toks[0].s)}
	l.Layout = "prose"
	if r.grouped {
		l.Layout = "grouped by province"
	}
	var last token
	for _, t := range toks {
		last = t
		r.token(t)
	}
	r.end(last)
	l.Count = len(l.Rows)
}

// looseReader reads the tokens of a list without a table into its rows:
// whether the list is grouped, the province of the entries being read and
// the number of the last entry are its fields.
type looseReader struct {
	p        *parser
	l        *List
	grouped  bool
	province string // the province of the entries being read, "" for an unknown one
	seq      int
}

// token reads the entries of a token, split at separators: in a grouped
// list, after the start of a group.
func (r *looseReader) token(t token) {
	s, base := t.s, t.off
	if r.grouped {
		s, base = r.group(s, base)
	}
	for len(s) > 0 {
		end := len(s)
		if loc := separators.FindStringIndex(s); loc != nil {
			end = loc[0]
		}
		if entry := s[:end]; entry != "" {
			r.entry(entry, base, end == len(s))
		}
		if end == len(s) {
			break
		}
		_, size := utf8.DecodeRuneInString(s[end:])
		s, base = s[end+size:], base+end+size
	}
}

// group reads the start of a province's group (北京市：) at the start of
// s, at offset base, making it the province of the entries that follow;
// an unknown province is an error, and its entries are not read. It
// returns what follows the group's start, and its offset.
func (r *looseReader) group(s string, base int) (string, int) {
	m := groupRe.FindStringSubmatchIndex(s)
	if m == nil {
		return s, base
	}
	name := s[m[2]:m[3]]
	if u, ok := gazetteer.UnitNamed(name); ok {
		r.province = u.Name
	} else {
		r.p.errorf(base, diag.UnknownProvince, "%s: unknown province %q", r.l.RowName(r.seq+1), name)
		r.province = ""
	}
	return s[m[1]:], base + m[1]
}

// entry reads an entry, at offset base, last telling whether it ends its
// token. In a grouped list it is an area of the group's province; in
// prose a province run into its area. A province with no area is an
// error, unless it ends its token (the text cut off there: it is left
// out), and so is an entry that starts with no province.
func (r *looseReader) entry(entry string, base int, last bool) {
	if r.grouped {
		if r.province != "" {
			r.add(entry, base)
		}
		return
	}
	u, name, ok := unitPrefix(entry)
	switch {
	case ok && len(entry) > len(name):
		r.province = u.Name
		r.add(entry[len(name):], base+len(name))
	case ok && last:
		// A province and nothing after it, at the end: cut off.
	case ok:
		r.p.errorf(base, diag.NoArea, "%s: %q names a province and no area", r.l.RowName(r.seq+1), entry)
	default:
		r.p.errorf(base, diag.NoProvince, "%s: the entry %q starts with no province", r.l.RowName(r.seq+1), entry)
	}
}

// add numbers the area at offset off and adds it as a row of the
// province; an area with no letter, or longer than maxArea, is an error
// instead.
func (r *looseReader) add(area string, off int) {
	r.seq++
	r.l.numbers = append(r.l.numbers, number{r.seq, off})
	if !strings.ContainsFunc(area, unicode.IsLetter) {
		r.p.errorf(off, diag.NoArea, "%s: %q is no area's name (it has no letter)", r.l.RowName(r.seq), area)
		return
	}
	if n := utf8.RuneCountInString(area); n > maxArea {
		r.p.errorf(off, diag.AreaTooLong, "%s: the area %q… has %d characters, more than any real name (at most %d)", r.l.RowName(r.seq), string([]rune(area)[:12]), n, maxArea)
		return
	}
	r.l.Rows = append(r.l.Rows, Row{Seq: r.seq, Province: r.province, Area: area, SeqOff: off, AreaOff: off})
}

// end reports a list cut off after its last token, last: one that stops
// after a separator (grouped), without its closing 。 (prose), or after a
// colon.
func (r *looseReader) end(last token) {
	tail := strings.TrimRight(last.s, " ")
	if trimmed := strings.TrimSuffix(tail, "。"); r.grouped && separators.MatchString(lastRune(trimmed)) || !r.grouped && !strings.HasSuffix(tail, "。") ||
		strings.HasSuffix(tail, "：") || strings.HasSuffix(tail, ":") {
		r.p.errorf(last.off+len(last.s), diag.CutOff, "%s: the list stops mid-entry (the text looks cut off)", r.l.RowName(r.seq))
		r.l.cutOff = true
	}
}

// lastRune is the last character of s, or "".
func lastRune(s string) string {
	if s == "" {
		return ""
	}
	_, size := utf8.DecodeLastRuneInString(s)
	return s[len(s)-size:]
}
