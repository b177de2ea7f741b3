// Package diag records where things are in a seed file and reports problems
// found there.
//
// A Source is the text of one file, with the byte offsets of its line starts,
// in the manner of go/token.File. Any byte offset of the text turns into a
// Position: a file name, a 1-based line and a 1-based column counted in
// characters (runes), not bytes, because the notices are Chinese and an editor
// counts characters.
//
// Problems are collected, never thrown: every stage appends Diagnostics to a
// List, and the caller sorts the list and reports all of them at once, as
// go/scanner.ErrorList does. A Diagnostic prints as
//
//	seeds/x.txt:3:812: annex row 34: no area
//		… 33 台州市 34 安徽省 35 福建省 …
//		              ^
//
// where the second line is a short excerpt of the offending line and the
// caret sits under the column, allowing for wide (CJK) characters.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Position is a place in a source file. Line and Col are 1-based; Col counts
// characters. The zero Line means "the file as a whole".
type Position struct {
	File string
	Line int
	Col  int

	// Place, when set, is where the position is in a medium without lines
	// (see Piece); Line then only orders the places of a file.
	Place string
}

func (p Position) String() string {
	if p.Place != "" {
		return p.placeString()
	}
	if p.Line == 0 {
		return Quote(p.File)
	}
	return fmt.Sprintf("%s:%d:%d", Quote(p.File), p.Line, p.Col)
}

// Source is the text of one file and the offsets of its lines.
type Source struct {
	Name  string
	Text  string
	lines []int // byte offset of the start of each line

	// The last position computed: diagnostics mostly come in text order,
	// so counting characters on from it keeps a notice whose list is one
	// long line from costing a full count per diagnostic.
	lastOff, lastLine, lastCol int

	made, dropped, droppedErrors int // diagnostics made, and those over Limit

	pieces []Piece // of a derived text (NewDerived), else nil
}

// Limit is how many diagnostics one Source makes. Beyond it, Errorf and
// Warnf only count (see Dropped) and return nil, which List.Add ignores:
// a hostile or badly broken file costs neither memory nor a flooded log.
const Limit = 100

// NewSource indexes text by line. Text is kept as given: callers normalise
// line ends first if they need to.
func NewSource(name, text string) *Source {
	lines := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &Source{Name: name, Text: text, lines: lines}
}

// Position returns the position of byte offset off (clamped to the text).
func (s *Source) Position(off int) Position {
	off = max(0, min(off, len(s.Text)))
	if s.pieces != nil {
		pos, _, _ := s.origin(off)
		return pos
	}
	i := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off }) - 1
	start, col := s.lines[i], 1
	if s.lastLine == i+1 && s.lastOff <= off {
		start, col = s.lastOff, s.lastCol
	}
	col += utf8.RuneCountInString(s.Text[start:off])
	s.lastOff, s.lastLine, s.lastCol = off, i+1, col
	return Position{File: s.Name, Line: i + 1, Col: col}
}

// line returns the text of the line holding off and off's byte offset within it.
func (s *Source) line(off int) (string, int) {
	off = max(0, min(off, len(s.Text)))
	i := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off }) - 1
	start := s.lines[i]
	end := len(s.Text)
	if i+1 < len(s.lines) {
		end = s.lines[i+1] - 1
	}
	return strings.TrimSuffix(s.Text[start:end], "\r"), off - start
}

// Severity tells errors, which fail a build, from warnings, which do not
// unless the caller asks for strictness.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Diagnostic is one problem at one position.
type Diagnostic struct {
	Pos      Position
	Severity Severity
	Code     Code   // the kind of problem, for tests and tools
	Msg      string // lowercase, no trailing period
	Excerpt  string // the offending line, shortened; empty when not known
	Caret    int    // display column of the caret within Excerpt
}

// Error is the position and the message, its file name quoted and any
// character of the message that would move a terminal escaped (Quote,
// Escape): a message may hold the name of a file as it is.
func (d *Diagnostic) Error() string {
	if d.Severity == Warning {
		return d.Pos.String() + ": warning: " + Escape(d.Msg)
	}
	return d.Pos.String() + ": " + Escape(d.Msg)
}

// Format returns the message followed by the excerpt and its caret, each
// indented by a tab.
func (d *Diagnostic) Format() string {
	if d.Excerpt == "" {
		return d.Error()
	}
	return d.Error() + "\n\t" + d.Excerpt + "\n\t" + strings.Repeat(" ", d.Caret) + "^"
}

// GitHub returns d as a GitHub Actions workflow command, which the runner
// shows as an annotation at the file's line, in the job's summary and in a
// pull request's changed files:
//
//	::error file=seeds/x.txt,line=3,col=812::annex row 34: no area
//
// A diagnostic that fails the run (an error, or a warning made strict) is
// an ::error, any other a ::warning. Values are escaped as the runner
// expects (%25, %0D, %0A, and in properties %3A and %2C).
func (d *Diagnostic) GitHub(fails bool) string {
	kind := "warning"
	if fails {
		kind = "error"
	}
	props := "file=" + githubProperty.Replace(d.Pos.File)
	if d.Pos.Line > 0 && d.Pos.Place == "" {
		props += fmt.Sprintf(",line=%d,col=%d", d.Pos.Line, d.Pos.Col)
	}
	return "::" + kind + " " + props + "::" + githubData.Replace(d.Msg)
}

// The escapes of a workflow command's message and of its properties.
var (
	githubData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// Errorf returns an error of kind code at byte offset off of s, with an
// excerpt.
func (s *Source) Errorf(off int, code Code, format string, args ...any) *Diagnostic {
	return s.diagnostic(Error, off, code, format, args...)
}

// Full reports whether s makes no more diagnostics (Limit): a check that
// may find a problem on every row of a file asks before it works out its
// message's values, and still calls Warnf or Errorf, with no values, to
// have the problem counted among those not shown.
func (s *Source) Full() bool { return s.made >= Limit }

// Warnf returns a warning of kind code at byte offset off of s, with an
// excerpt.
func (s *Source) Warnf(off int, code Code, format string, args ...any) *Diagnostic {
	return s.diagnostic(Warning, off, code, format, args...)
}

// InFile returns an error of kind code about the file as a whole (line 0),
// or, with line 1, at its start.
func InFile(file string, line int, code Code, format string, args ...any) *Diagnostic {
	d := &Diagnostic{Pos: Position{File: file}, Code: code, Msg: fmt.Sprintf(format, args...)}
	if line > 0 {
		d.Pos.Line, d.Pos.Col = line, 1
	}
	return d
}

func (s *Source) diagnostic(sev Severity, off int, code Code, format string, args ...any) *Diagnostic {
	if s.made++; s.made > Limit {
		s.dropped++
		if sev == Error {
			s.droppedErrors++
		}
		return nil
	}
	d := &Diagnostic{Severity: sev, Code: code, Msg: fmt.Sprintf(format, args...)}
	var line string
	var col int
	if s.pieces != nil {
		d.Pos, line, col = s.origin(max(0, min(off, len(s.Text))))
	} else {
		d.Pos = s.Position(off)
		line, col = s.line(off)
	}
	if line != "" || s.pieces == nil {
		d.Excerpt, d.Caret = excerpt(line, col)
	}
	return d
}

// excerptWidth is how many characters of context an excerpt shows on each
// side of the column.
const excerptWidth = 24

// excerpt cuts line down to a window around byte offset col and returns it
// with the display column of col within it. It reads only a few bytes on
// each side of col, however long the line.
func excerpt(line string, col int) (string, int) {
	const window = 4 * excerptWidth // bytes enough for excerptWidth characters
	start, end := max(0, col-window), min(len(line), col+window)
	for start > 0 && start < col && !utf8.RuneStart(line[start]) {
		start++
	}
	for end < len(line) && end > col && !utf8.RuneStart(line[end]) {
		end--
	}
	before := []rune(strings.ToValidUTF8(line[start:col], "\uFFFD"))
	after := []rune(strings.ToValidUTF8(line[col:end], "\uFFFD"))
	prefix, suffix := "", ""
	if len(before) > excerptWidth {
		before = before[len(before)-excerptWidth:]
		prefix = "… "
	} else if start > 0 {
		prefix = "… "
	}
	if len(after) > excerptWidth {
		after = after[:excerptWidth]
		suffix = " …"
	} else if end < len(line) {
		suffix = " …"
	}
	head := prefix + printable(before)
	return head + printable(after) + suffix, Width(head)
}

// printable replaces the characters Invisible reports, which would break
// the excerpt's alignment, hide or reorder its text, or move the terminal
// (U+009B starts a terminal sequence), by U+FFFD; a tab by a space.
func printable(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		if r == '\t' {
			r = ' '
		} else if Invisible(r) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Quote returns s as a terminal or a page may show a name: as it is when
// it is UTF-8 without a character Invisible reports, else quoted with Go's
// escapes (strconv.Quote: "a\x1b]0;t\a\u202eb.txt"), so that a file's
// name can neither move a terminal nor reorder the text around it, and
// is still told from every other name.
func Quote(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, Invisible) {
		return s
	}
	return strconv.Quote(s)
}

// Escape returns a message as a terminal may show it: each character
// Invisible reports but the line feed (a message's lines are its own),
// and each byte that is not UTF-8, written as Go writes it in a quoted
// string (\x1b, \u202e, \xff), the rest as it is. It is for text that
// may hold a name as it is, such as an error of the system naming a file.
func Escape(s string) string {
	shown := func(r rune) bool { return r == '\n' || !Invisible(r) }
	if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !shown(r) }) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !shown(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Invisible reports whether r is a character that shows nothing of itself
// or changes how the text around it shows: the C0 and C1 controls and DEL
// (a line feed too; a tab is not), the format characters (Unicode's Cf:
// zero-width spaces and joiners, U+2060, the soft hyphen, a byte order
// mark, the bidi embeddings, overrides and isolates such as U+202E, the
// tag characters), the line and paragraph separators, and the variation
// selectors.
func Invisible(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t'
	case r < 0x7f:
		return false
	case r <= 0x9f:
		return true
	case r < 0xad, r >= 0x2070 && r < 0xfe00:
		// None between DEL and the soft hyphen, nor from the superscripts
		// to the variation selectors (the CJK blocks among them): the
		// common text is told apart without a table.
		return false
	}
	return unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Variation_Selector)
}

// Width is the number of terminal columns s takes: two for East Asian wide
// and full-width characters, one for the rest.
func Width(s string) int {
	n := 0
	for _, r := range s {
		n++
		if wide(r) {
			n++
		}
	}
	return n
}

func wide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115f || // Hangul Jamo
		r >= 0x2e80 && r <= 0xa4cf && r != 0x303f || // CJK radicals … Yi
		r >= 0xac00 && r <= 0xd7a3 || // Hangul syllables
		r >= 0xf900 && r <= 0xfaff || // CJK compatibility ideographs
		r >= 0xfe30 && r <= 0xfe4f || // CJK compatibility forms
		r >= 0xff00 && r <= 0xff60 || // full-width forms
		r >= 0xffe0 && r <= 0xffe6 ||
		r >= 0x20000 && r <= 0x3fffd)
}

// Dropped returns a diagnostic that counts the diagnostics dropped over
// Limit, or nil when none were. It is an error when any dropped one was.
func (s *Source) Dropped() *Diagnostic {
	if s.dropped == 0 {
		return nil
	}
	d := &Diagnostic{Pos: Position{File: s.Name}, Severity: Warning, Code: TooManyProblems,
		Msg: fmt.Sprintf("%d more problems in this file; the first %d are shown", s.dropped, Limit)}
	if s.droppedErrors > 0 {
		d.Severity = Error
	}
	return d
}

// List is a list of diagnostics. Its zero value is ready to use.
type List []*Diagnostic

// Add appends d, unless it is nil (a diagnostic over a Source's Limit).
func (l *List) Add(d *Diagnostic) {
	if d != nil {
		*l = append(*l, d)
	}
}

// Sort orders the list by file, line, column, then message; what concerns
// a file as a whole (line 0) comes after its positioned diagnostics.
func (l List) Sort() {
	whole := func(d *Diagnostic) int {
		if d.Pos.Line == 0 {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(l, func(a, b *Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(whole(a), whole(b)),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Pos.Place, b.Pos.Place),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// Errors returns the diagnostics that are errors, or, when strict is set,
// errors and warnings alike.
func (l List) Errors(strict bool) List {
	var out List
	for _, d := range l {
		if strict || d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns the diagnostics that are warnings.
func (l List) Warnings() List {
	var out List
	for _, d := range l {
		if d.Severity == Warning {
			out = append(out, d)
		}
	}
	return out
}

// Err returns the error-severity diagnostics as an error, or nil when
// there are none.
func (l List) Err() error {
	if errs := l.Errors(false); len(errs) > 0 {
		return errs
	}
	return nil
}

// Error lists every diagnostic, one per line, without excerpts.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}
