package medium

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ledongthuc/pdf"

	"github.com/bianmin-data/pilots/generator/seed"
)

// A PDF's text layer, its objects read with github.com/ledongthuc/pdf
// (pure Go), its content streams read here (lexer), as DESIGN.md found
// the library's own grouping of rows unreliable. Each glyph is decoded
// through its font's ToUnicode map (CID fonts as WPS, Word, LibreOffice
// and Chromium embed them, and Chromium's Type 3 fonts) and advanced by
// its width (Widths, or a CID font's W), so that the glyphs of a line
// gather into runs of text at their x and y.
//
// The table is rebuilt from where its text and its ruling lines stand: the
// header row (its first run starts with 序号) gives the columns (each run
// of a later line belongs to the column whose header is nearest its
// centre); each line with a number in the first column starts a row, and
// a line without one continues the row above. A province cell merged over
// a block of rows has its name printed once, often centred in the block,
// on no row's line: the block is bounded by the horizontal rules that cross
// the province's column, and the name belongs to every row of its block
// (lacking rules, to the row whose line it is on, and carried down by
// package notice; a name on no row's line is then refused, as its rows
// cannot be told). A header repeated on a later page is skipped; a line that is a note
// (注：…共70个) ends the table, kept as a row of its own. Each cell
// is placed as "page 2 line 14", its line counted from the top of the
// page. A PDF with no text (a scan) is refused with what to do instead.
//
// A form drawn on a page (Do) is read as part of it, in its own matrix
// and resources, forms within forms at most maxFormDepth deep; a form
// drawn within itself is not drawn again.
//
// Bounds. Before the library reads the file, precheck refuses what it
// would loop on, recurse on without end or allocate without bound for
// (see pdfxref.go). The library then reads the file through a counter, at
// most maxRead bytes in all: it parses an object again each time it is
// reached (it keeps no cache). The page tree is walked once per node, by
// reference: a node reached twice (a cycle, or a graph whose nodes list
// the next many times) is refused, as are more than maxPages pages (before
// any is read, when the tree's /Count says so) and a tree more than
// maxTreeDepth deep. Content is counted as it is drawn, each time it is
// drawn (pages that draw one stream count it each): at most maxPageDrawn
// bytes on a page and maxDrawn in the file, ToUnicode maps included; at
// most maxOperands operands wait for an operator, at most maxOps
// operators in the file, at most maxPageMarks glyphs and rules on a page
// (glyphs under a point are not read: lines closer than that could not be
// told apart), at most maxMapEntries entries in a font's width or
// ToUnicode table and maxEntries in the file's, and a table's header at
// most maxTableColumns columns. Each count is in work, for the tests. Past
// a bound the file is refused, saying which; a panic of the library on a
// malformed file is recovered and reported as the file's error.
//
// Time and memory are then linear in the file, but for one cost: the
// library reads an object inside an object stream by inflating the stream
// up to it, each time, and what it inflates is not counted here (its
// filters are its own). The bytes it reads are, so a stream is inflated
// at most as often as maxRead allows; one that inflates to far more than
// it holds, read that often, is slow.

const (
	maxPages        = 1000
	maxTreeDepth    = 32
	maxOps          = 1 << 24
	maxMapEntries   = 1 << 17
	maxEntries      = 1 << 21
	maxFormDepth    = 8
	maxReadFloor    = 32 << 20
	maxReadTimes    = 32
	maxPageDrawn    = 16 << 20
	maxDrawn        = 64 << 20
	maxOperands     = 1 << 16
	maxPageMarks    = 1 << 20
	maxTableColumns = 64
)

var (
	errTooManyPages = tooComplex(fmt.Sprintf("more than %d pages: an annex is a few pages long", maxPages))
	errTooManyOps   = tooComplex(fmt.Sprintf("more than %d drawing operators: an annex's pages draw a few thousand each", maxOps))
	errRead         = tooComplex(fmt.Sprintf("reading the PDF's objects takes more than %d MiB and %d times the file (objects read again and again): %s", maxReadFloor>>20, maxReadTimes, reprint))
	errDrawn        = tooComplex(fmt.Sprintf("the PDF draws more than %d MiB of content (pages that draw one stream count it each time): an annex's pages draw a few hundred KiB: save the annex as .docx or .xlsx", maxDrawn>>20))
	errOperands     = tooComplex(fmt.Sprintf("the PDF has more than %d operands before an operator, which is no drawing: %s", maxOperands, reprint))
	errEntries      = tooComplex(fmt.Sprintf("the PDF's fonts have more than %d glyph widths and ToUnicode entries in all: %s", maxEntries, reprint))
	errTreeDepth    = tooComplex(fmt.Sprintf("the PDF's page tree is more than %d levels deep: %s", maxTreeDepth, reprint))
	errPageTree     = errors.New("the PDF's page tree reaches a node twice (a cycle, or a page listed twice), or holds a node inside its parent: " + reprint)
	errColumns      = tooComplex(fmt.Sprintf("the PDF has a stream predicted in rows of more than %d bytes: %s", maxColumns, reprint))
	errNoText       = errors.New("the PDF has no text layer (a scanned image?): save the annex as a PDF with text, as .docx or as .xlsx")
)

// refusal carries a refusal of this reader through the library's code as
// a panic, which readPDF recovers.
type refusal struct{ error }

// readPDF returns the table of the PDF data, as one table of rows,
// counting its work in w.
func readPDF(data []byte, w *work) (tables [][][]cell, err error) {
	if err := precheck(data, w); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			if rf, ok := r.(refusal); ok {
				tables, err = nil, rf.error
				return
			}
			tables, err = nil, fmt.Errorf("cannot read the PDF: %v", r)
		}
	}()
	r, err := pdf.NewReader(&countedFile{bytes.NewReader(data), maxRead(len(data)), w}, int64(len(data)))
	if rf := (refusal{}); errors.As(err, &rf) {
		return nil, rf.error
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the PDF: %v", err)
	}
	root := r.Trailer().Key("Root").Key("Pages")
	if n := root.Key("Count").Int64(); n > maxPages {
		return nil, errTooManyPages
	}
	rd := &pdfReader{w: w, fonts: map[string]*font{}}
	var pages []pdfPage
	rd.walkPages(root, pdf.Value{}, 0, map[string]bool{}, &pages)
	var t table
	for i, p := range pages {
		rd.pageNo, rd.pageDrawn, rd.pageMarks = i+1, 0, 0
		glyphs, rules := rd.page(p.v, p.res)
		t.addPage(i+1, runsOf(glyphs), rules)
		if t.err != nil {
			return nil, t.err
		}
	}
	if !rd.text {
		return nil, errNoText
	}
	return [][][]cell{t.rows}, nil
}

// maxRead bounds the bytes the library reads of a file of size bytes:
// real files are read once and a half.
func maxRead(size int) int64 { return maxReadFloor + maxReadTimes*int64(size) }

// countedFile is the file as the library reads it, its reads counted in
// work: past max bytes it refuses the file.
type countedFile struct {
	r   *bytes.Reader
	max int64
	w   *work
}

func (f *countedFile) ReadAt(p []byte, off int64) (int, error) {
	n, err := f.r.ReadAt(p, off)
	if f.w.read += int64(n); f.w.read > f.max {
		panic(refusal{errRead})
	}
	return n, err
}

// pdfPage is a page and the resources it draws with (its own, or
// inherited from the tree).
type pdfPage struct{ v, res pdf.Value }

// pdfReader reads the pages of one PDF, counting its work.
type pdfReader struct {
	w     *work
	fonts map[string]*font // by the font's dictionary as the library prints it: the same dictionary is the same font
	text  bool             // some page has text

	pageNo               int
	pageDrawn, pageMarks int64
}

// walkPages adds the pages of the page tree node v to pages, each with its
// resources (inherited from the tree when the page has none). seen holds
// the nodes reached, by reference.
func (rd *pdfReader) walkPages(v, res pdf.Value, depth int, seen map[string]bool, pages *[]pdfPage) {
	rd.w.nodes++
	if depth > maxTreeDepth {
		panic(refusal{errTreeDepth})
	}
	if r := v.Key("Resources"); !r.IsNull() {
		res = r
	}
	kids := v.Key("Kids")
	if v.Key("Type").Name() == "Page" || kids.IsNull() {
		if len(*pages) >= maxPages {
			panic(refusal{errTooManyPages})
		}
		*pages = append(*pages, pdfPage{v, res})
		return
	}
	refs, ok := refsOf(kids)
	if !ok {
		panic(refusal{errPageTree})
	}
	for i, ref := range refs {
		if seen[ref] {
			panic(refusal{errPageTree})
		}
		seen[ref] = true
		rd.walkPages(kids.Index(i), res, depth+1, seen, pages)
	}
}

// refsOf returns the references the array a holds ("4 0"), from a as the
// library prints it ("[4 0 R 5 0 R]"), and false when it holds anything
// else or is no array.
func refsOf(a pdf.Value) ([]string, bool) {
	if a.Kind() != pdf.Array {
		return nil, false
	}
	f := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(a.String(), "["), "]"))
	if len(f) != 3*a.Len() {
		return nil, false
	}
	refs := make([]string, 0, a.Len())
	for i := 0; i < len(f); i += 3 {
		if f[i+2] != "R" || !isDigits(f[i]) || !isDigits(f[i+1]) {
			return nil, false
		}
		refs = append(refs, f[i]+" "+f[i+1])
	}
	return refs, true
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// content returns the decoded data of strm (a stream, or an array of
// streams read as one), counted as drawn on the page and in the file.
// What a broken stream decodes to before it breaks is kept.
func (rd *pdfReader) content(strm pdf.Value) []byte {
	parts := []pdf.Value{strm}
	if strm.Kind() == pdf.Array {
		parts = parts[:0]
		for i := range strm.Len() {
			parts = append(parts, strm.Index(i))
		}
	}
	var b bytes.Buffer
	for _, s := range parts {
		if s.Kind() != pdf.Stream {
			continue
		}
		// The library allocates a predictor's row before it reads one.
		params := s.Key("DecodeParms")
		checkColumns(params)
		for i := range params.Len() {
			checkColumns(params.Index(i))
		}
		left := min(maxPageDrawn-rd.pageDrawn, maxDrawn-rd.w.drawn)
		rc := s.Reader()
		n, _ := b.ReadFrom(io.LimitReader(rc, left+1))
		rc.Close()
		rd.pageDrawn += n
		rd.w.drawn += n
		if rd.w.drawn > maxDrawn {
			panic(refusal{errDrawn})
		}
		if rd.pageDrawn > maxPageDrawn {
			panic(refusal{tooComplex(fmt.Sprintf("page %d draws more than %d MiB of content: a page of an annex draws some KiB: save the annex as .docx or .xlsx", rd.pageNo, maxPageDrawn>>20))})
		}
	}
	return b.Bytes()
}

// checkColumns refuses the filter parameters p when they predict rows of
// more than maxColumns bytes.
func checkColumns(p pdf.Value) {
	if c := p.Key("Columns").Int64(); !p.Key("Predictor").IsNull() && (c < 0 || c > maxColumns) {
		panic(refusal{errColumns})
	}
}

// run interprets the content stream strm, calling do with each operator
// and its operands, which do keeps only while it runs.
func (rd *pdfReader) run(strm pdf.Value, do func(op string, args []pdfObj)) {
	l := &lexer{data: rd.content(strm), maxObjs: maxOperands}
	var args []pdfObj
	for {
		tok, err := l.token()
		if err == io.EOF {
			return
		}
		if err == nil && tok.kind == objKeyword && !opensObject(tok.s) {
			if rd.w.ops++; rd.w.ops > maxOps {
				panic(refusal{errTooManyOps})
			}
			rd.w.stacked = max(rd.w.stacked, int64(l.objs))
			do(tok.s, args)
			args, l.objs = args[:0], 0
			if tok.s == "ID" {
				l.skipImage()
			}
			continue
		}
		if err == nil {
			l.back = append(l.back, tok)
			tok, err = l.object()
		}
		if err == errTooManyObjs {
			rd.w.stacked = max(rd.w.stacked, int64(l.objs))
			panic(refusal{errOperands})
		}
		if err != nil {
			panic(fmt.Errorf("a content stream: %v", err))
		}
		args = append(args, tok)
	}
}

// opensObject reports whether the keyword s starts an operand (or is a
// stray end of one), not an operator.
func opensObject(s string) bool {
	switch s {
	case "null", "[", "]", "<<", ">>":
		return true
	}
	return false
}

// matrix is an affine transformation: a b c d e f.
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n: m applied first.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// apply transforms the point x, y.
func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// font is what placing and decoding a font's glyphs needs.
type font struct {
	codeLen int               // bytes per code: 1, or 2 for a CID font
	unicode map[string]string // code → text, from ToUnicode
	ascii   bool              // a simple font without ToUnicode: codes 32–126 are ASCII
	widths  map[int]float64   // in glyph space
	dw      float64           // the default width
	scale   float64           // glyph space to text space
}

// glyph is one decoded glyph at its place.
type glyph struct {
	x, y, w, size float64
	s             string
}

// rule is a horizontal line drawn on a page, from x0 to x1 at y.
type rule struct{ y, x0, x1 float64 }

// page returns the glyphs and horizontal rules of page p, whose resources
// are res.
func (rd *pdfReader) page(p, res pdf.Value) ([]glyph, []rule) {
	contents := p.Key("Contents")
	if contents.IsNull() {
		return nil, nil
	}
	pt := &painter{rd: rd, res: res, fonts: map[string]*font{}, g: graphics{ctm: identity, th: 1}, drawing: map[string]bool{}}
	rd.run(contents, pt.do)
	if len(pt.glyphs) > 0 {
		rd.text = true
	}
	return pt.glyphs, pt.rules
}

// painter interprets the content of one page, operator by operator, as
// go/scanner.Scanner reads a source: the graphics and text state are its
// fields, and each group of operators has a method (do). What it keeps is
// the glyphs drawn, with their places, and the horizontal rules.
type painter struct {
	rd      *pdfReader
	res     pdf.Value        // the resources of the content being run
	fonts   map[string]*font // the fonts of res met so far, by name
	g       graphics
	saved   []graphics      // by q, for Q
	tm, tlm matrix          // the text matrix, and that of the line's start
	px, py  float64         // the path's current point
	drawing map[string]bool // the forms being drawn, by where their data starts

	glyphs []glyph
	rules  []rule
}

// graphics is the part of the graphics state that placing glyphs and
// rules needs: the current matrix, the text state and the font.
type graphics struct {
	ctm                   matrix
	tc, tw, th, tl, trise float64
	f                     *font
	fs                    float64
}

// do interprets one operator with its operands.
func (pt *painter) do(op string, args []pdfObj) {
	switch op {
	case "q", "Q", "cm":
		pt.state(op, args)
	case "m", "l", "re":
		pt.path(op, args)
	case "BT", "Td", "TD", "Tm", "T*":
		pt.position(op, args)
	case "Tf", "Tc", "Tw", "Tz", "TL", "Ts":
		pt.textState(op, args)
	case "Tj", "'", "\"", "TJ":
		pt.show(op, args)
	case "Do":
		pt.form(args)
	}
}

// num is the operand i as a number, 0 when there is none.
func num(args []pdfObj, i int) float64 {
	if i < len(args) {
		return args[i].num()
	}
	return 0
}

// state interprets q, Q and cm: the graphics state saved, restored, and
// its matrix changed.
func (pt *painter) state(op string, args []pdfObj) {
	switch op {
	case "q":
		pt.saved = append(pt.saved, pt.g)
	case "Q":
		if n := len(pt.saved); n > 0 {
			pt.g, pt.saved = pt.saved[n-1], pt.saved[:n-1]
		}
	case "cm":
		pt.g.ctm = matrix{num(args, 0), num(args, 1), num(args, 2), num(args, 3), num(args, 4), num(args, 5)}.mul(pt.g.ctm)
	}
}

// path interprets m, l and re: a line or a thin rectangle is a rule when
// it is horizontal, and a box gives its top and bottom edges.
func (pt *painter) path(op string, args []pdfObj) {
	switch op {
	case "m":
		pt.px, pt.py = num(args, 0), num(args, 1)
	case "l":
		pt.rule(pt.px, pt.py, num(args, 0), num(args, 1))
		pt.px, pt.py = num(args, 0), num(args, 1)
	case "re":
		x, y, w, h := num(args, 0), num(args, 1), num(args, 2), num(args, 3)
		if math.Abs(h) <= 2.5 {
			pt.rule(x, y+h/2, x+w, y+h/2)
		} else if math.Abs(w) > 2.5 { // a box: its top and bottom edges
			pt.rule(x, y, x+w, y)
			pt.rule(x, y+h, x+w, y+h)
		}
	}
}

// rule adds the line from x0, y0 to x1, y1, in user space, when it is
// horizontal and longer than a point.
func (pt *painter) rule(x0, y0, x1, y1 float64) {
	x0, y0 = pt.g.ctm.apply(x0, y0)
	x1, y1 = pt.g.ctm.apply(x1, y1)
	if math.Abs(y1-y0) < 1 && math.Abs(x1-x0) > 1 {
		pt.mark()
		pt.rules = append(pt.rules, rule{(y0 + y1) / 2, min(x0, x1), max(x0, x1)})
	}
}

// mark counts a glyph or rule drawn, refusing a page that draws more than
// maxPageMarks.
func (pt *painter) mark() {
	rd := pt.rd
	if rd.pageMarks++; rd.pageMarks > maxPageMarks {
		panic(refusal{tooComplex(fmt.Sprintf("page %d draws more than %d glyphs and lines: a page of an annex draws some thousands: save the annex as .docx or .xlsx", rd.pageNo, maxPageMarks))})
	}
}

// position interprets BT, Td, TD, Tm and T*: where the text goes.
func (pt *painter) position(op string, args []pdfObj) {
	switch op {
	case "BT":
		pt.tm, pt.tlm = identity, identity
	case "Td":
		pt.nextLine(num(args, 0), num(args, 1))
	case "TD":
		pt.g.tl = -num(args, 1)
		pt.nextLine(num(args, 0), num(args, 1))
	case "Tm":
		pt.tlm = matrix{num(args, 0), num(args, 1), num(args, 2), num(args, 3), num(args, 4), num(args, 5)}
		pt.tm = pt.tlm
	case "T*":
		pt.nextLine(0, -pt.g.tl)
	}
}

// nextLine moves the text to the start of the next line, offset by tx, ty
// from the start of this one.
func (pt *painter) nextLine(tx, ty float64) {
	pt.tlm = matrix{1, 0, 0, 1, tx, ty}.mul(pt.tlm)
	pt.tm = pt.tlm
}

// textState interprets Tf, Tc, Tw, Tz, TL and Ts: the font and its size,
// the spacing, scaling, leading and rise.
func (pt *painter) textState(op string, args []pdfObj) {
	switch op {
	case "Tf":
		if len(args) == 2 {
			name := args[0].name()
			f, ok := pt.fonts[name]
			if !ok {
				f = pt.rd.font(pt.res.Key("Font").Key(name))
				pt.fonts[name] = f
			}
			pt.g.f, pt.g.fs = f, num(args, 1)
		}
	case "Tc":
		pt.g.tc = num(args, 0)
	case "Tw":
		pt.g.tw = num(args, 0)
	case "Tz":
		pt.g.th = num(args, 0) / 100
	case "TL":
		pt.g.tl = num(args, 0)
	case "Ts":
		pt.g.trise = num(args, 0)
	}
}

// show interprets Tj, ', " and TJ: text shown, after a new line for ' and
// ", and with its glyphs moved apart for TJ.
func (pt *painter) show(op string, args []pdfObj) {
	switch op {
	case "Tj":
		if len(args) == 1 {
			pt.showString(args[0].str())
		}
	case "'":
		pt.nextLine(0, -pt.g.tl)
		if len(args) == 1 {
			pt.showString(args[0].str())
		}
	case "\"":
		if len(args) == 3 {
			pt.g.tw, pt.g.tc = num(args, 0), num(args, 1)
			pt.nextLine(0, -pt.g.tl)
			pt.showString(args[2].str())
		}
	case "TJ":
		if len(args) == 1 {
			for _, x := range args[0].a {
				if x.kind == objString {
					pt.showString(x.s)
				} else {
					pt.tm = matrix{1, 0, 0, 1, -x.num() / 1000 * pt.g.fs * pt.g.th, 0}.mul(pt.tm)
				}
			}
		}
	}
}

// showString places the glyphs of the string s in the current font, each
// decoded to its text, and moves the text matrix past each.
func (pt *painter) showString(s string) {
	g, f := &pt.g, pt.g.f
	if f == nil {
		return
	}
	for i := 0; i+f.codeLen <= len(s); i += f.codeLen {
		code := s[i : i+f.codeLen]
		n := 0
		for _, b := range []byte(code) {
			n = n<<8 | int(b)
		}
		w, ok := f.widths[n]
		if !ok {
			w = f.dw
		}
		trm := matrix{g.fs * g.th, 0, 0, g.fs, 0, g.trise}.mul(pt.tm).mul(g.ctm)
		text, ok := f.unicode[code]
		if !ok && f.ascii && n >= 32 && n < 127 {
			text = string(rune(n))
		}
		// Text smaller than a point is not read: nobody reads it, and
		// lines closer than that could not be told apart.
		if size := math.Hypot(trm[2], trm[3]); text != "" && size >= 1 {
			pt.mark()
			pt.glyphs = append(pt.glyphs, glyph{x: trm[4], y: trm[5], w: w * f.scale * size, size: size, s: text})
		}
		tx := w*f.scale*g.fs + g.tc
		if f.codeLen == 1 && n == 32 {
			tx += g.tw
		}
		pt.tm = matrix{1, 0, 0, 1, tx * g.th, 0}.mul(pt.tm)
	}
}

// form interprets Do: a form's content drawn in its own matrix and
// resources, at most maxFormDepth deep and never inside itself.
func (pt *painter) form(args []pdfObj) {
	if len(args) == 0 || len(pt.drawing) >= maxFormDepth {
		return
	}
	form := pt.res.Key("XObject").Key(args[0].name())
	if form.Kind() != pdf.Stream || form.Key("Subtype").Name() != "Form" {
		return
	}
	s := form.String() // the library prints a stream's header, then @ and where its data starts
	at := s[strings.LastIndexByte(s, '@'):]
	if pt.drawing[at] {
		return
	}
	pt.drawing[at] = true
	saved, savedRes, savedFonts := pt.g, pt.res, pt.fonts
	if m := form.Key("Matrix"); m.Len() == 6 {
		pt.g.ctm = matrix{m.Index(0).Float64(), m.Index(1).Float64(), m.Index(2).Float64(), m.Index(3).Float64(), m.Index(4).Float64(), m.Index(5).Float64()}.mul(pt.g.ctm)
	}
	if r := form.Key("Resources"); !r.IsNull() {
		pt.res, pt.fonts = r, map[string]*font{}
	}
	pt.rd.run(form, pt.do)
	pt.g, pt.res, pt.fonts = saved, savedRes, savedFonts
	delete(pt.drawing, at)
}

// font returns the font of the dictionary v, loaded once for the file.
func (rd *pdfReader) font(v pdf.Value) *font {
	key := v.String()
	f, ok := rd.fonts[key]
	if !ok {
		f = rd.loadFont(v)
		rd.fonts[key] = f
	}
	return f
}

// entry counts an entry of a font's width or ToUnicode table.
func (rd *pdfReader) entry() {
	if rd.w.entries++; rd.w.entries > maxEntries {
		panic(refusal{errEntries})
	}
}

// loadFont reads what placing and decoding glyphs needs from a font
// dictionary.
func (rd *pdfReader) loadFont(v pdf.Value) *font {
	f := &font{codeLen: 1, widths: map[int]float64{}, scale: 0.001}
	switch v.Key("Subtype").Name() {
	case "Type0":
		f.codeLen, f.dw = 2, 1000
		d := v.Key("DescendantFonts").Index(0)
		if dw := d.Key("DW"); !dw.IsNull() {
			f.dw = dw.Float64()
		}
		rd.cidWidths(d.Key("W"), f.widths)
	case "Type3":
		f.scale = v.Key("FontMatrix").Index(0).Float64()
		fallthrough
	default:
		first := int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := range min(ws.Len(), 256) {
			rd.entry()
			f.widths[first+i] = ws.Index(i).Float64()
		}
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.unicode = rd.toUnicode(tu)
	} else if f.codeLen == 1 {
		f.ascii = true
	}
	return f
}

// cidWidths reads a CID font's W array into widths: c [w1 w2 …] or
// c1 c2 w.
func (rd *pdfReader) cidWidths(w pdf.Value, widths map[int]float64) {
	for i := 0; i < w.Len() && len(widths) < maxMapEntries; {
		c := int(w.Index(i).Int64())
		if i+1 < w.Len() && w.Index(i+1).Kind() == pdf.Array {
			a := w.Index(i + 1)
			for j := range min(a.Len(), maxMapEntries) {
				rd.entry()
				widths[c+j] = a.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			return
		}
		c2, width := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
		for k := c; k <= c2 && k-c < maxMapEntries; k++ {
			rd.entry()
			widths[k] = width
		}
		i += 3
	}
}

// maxRangeText bounds the text a bfrange gives each code of its range
// (the last character of which it advances): a few characters, in
// UTF-16.
const maxRangeText = 64

// toUnicode reads a ToUnicode CMap: its bfchar and bfrange entries, each
// taken from the operands before its end (the last first, as a stack).
func (rd *pdfReader) toUnicode(strm pdf.Value) map[string]string {
	m := map[string]string{}
	rd.run(strm, func(op string, args []pdfObj) {
		switch op {
		case "endbfchar":
			for i := len(args) - 2; i >= 0; i -= 2 {
				if len(m) < maxMapEntries {
					rd.entry()
					m[args[i].str()] = utf16BE(args[i+1].str())
				}
			}
		case "endbfrange":
			for i := len(args) - 3; i >= 0; i -= 3 {
				lo, hi, dst := args[i].str(), args[i+1].str(), args[i+2]
				if len(lo) != len(hi) || lo == "" || len(dst.s) > maxRangeText {
					continue
				}
				rd.bfrange(m, lo, hi, dst)
			}
		}
	})
	return m
}

// bfrange adds the codes lo to hi to m: each to dst's text, its last
// character advanced by the code's distance from lo, or to the array dst's
// element.
func (rd *pdfReader) bfrange(m map[string]string, lo, hi string, dst pdfObj) {
	code := []byte(lo)
	last := len(code) - 1
	base := []rune(utf16BE(dst.str()))
	for i := 0; len(m) < maxMapEntries; i++ {
		switch dst.kind {
		case objString:
			s := slices.Clone(base)
			if len(s) > 0 {
				s[len(s)-1] += rune(i)
			}
			rd.entry()
			m[string(code)] = string(s)
		case objArray:
			if i < len(dst.a) {
				rd.entry()
				m[string(code)] = utf16BE(dst.a[i].str())
			}
		}
		if string(code) >= hi || code[last] == 0xff {
			return
		}
		code[last]++
	}
}

// utf16BE decodes the UTF-16BE text of a ToUnicode entry.
func utf16BE(s string) string {
	var units []uint16
	for i := 0; i+1 < len(s); i += 2 {
		units = append(units, uint16(s[i])<<8|uint16(s[i+1]))
	}
	var b strings.Builder
	for i := 0; i < len(units); i++ {
		u := rune(units[i])
		if u >= 0xd800 && u < 0xdc00 && i+1 < len(units) {
			u = (u-0xd800)<<10 + (rune(units[i+1]) - 0xdc00) + 0x10000
			i++
		}
		b.WriteRune(u)
	}
	return b.String()
}

// run is glyphs of one line that follow each other: a word or a cell's text.
type run struct {
	x0, x1, y, size float64
	s               string
}

// runsOf gathers glyphs into runs: a glyph joins the run before it when
// it is on its baseline and starts no more than a quarter of its size
// after it ends.
func runsOf(glyphs []glyph) []run {
	var runs []run
	var text strings.Builder // of the last run
	end := func() {
		if n := len(runs); n > 0 {
			runs[n-1].s = cellText(text.String())
			text.Reset()
		}
	}
	for _, g := range glyphs {
		if n := len(runs); n > 0 {
			r := &runs[n-1]
			if math.Abs(g.y-r.y) < 0.5 && g.x >= r.x1-0.25*g.size && g.x <= r.x1+0.25*g.size {
				text.WriteString(g.s)
				r.x1 = max(r.x1, g.x+g.w)
				continue
			}
		}
		if strings.TrimSpace(g.s) == "" {
			continue
		}
		end()
		runs = append(runs, run{x0: g.x, x1: g.x + g.w, y: g.y, size: g.size})
		text.WriteString(g.s)
	}
	end()
	return slices.DeleteFunc(runs, func(r run) bool { return r.s == "" })
}

// table is the list being rebuilt, page by page.
type table struct {
	cols []float64 // the centre of each column's header
	rows [][]cell
	err  error // a merged cell whose rows cannot be told
	done bool  // a note under the table ended the list: later lines are not its
}

// line is the runs of a page on one baseline.
type line struct {
	y    float64
	runs []run
}

// addPage adds the rows of page number pageNo: its lines, read from the
// top by a pageTable, then the merged column's names given to their rows.
// Text is joined with strings.Builder, and rows are found by binary
// search, so that the time is linear in the runs and rules of the page,
// bar sorting them.
func (t *table) addPage(pageNo int, runs []run, rules []rule) {
	if t.done {
		return
	}
	p := &pageTable{t: t, pageNo: pageNo}
	var note []cell
	for li, l := range linesOf(runs) {
		slices.SortFunc(l.runs, func(a, b run) int { return cmp.Compare(a.x0, b.x0) })
		switch {
		case strings.HasPrefix(l.runs[0].s, "序号"):
			if !p.header(li, l.runs) {
				return
			}
		case t.cols == nil:
			// above the table: its title
		case seed.IsNote(l.runs[0].s):
			note = p.note(li, l.runs)
		default:
			p.line(li, l)
		}
		if note != nil {
			break
		}
	}
	p.endRow()
	if bounds := p.bounds(rules); bounds != nil {
		p.placeByBlock(bounds)
	} else {
		p.placeByLine()
	}
	if note != nil {
		t.rows, t.done = append(t.rows, note), true
	}
}

// note is the row of a note under the table (注：…共70个), which ends the
// list: one cell of its line's text, for package notice to check the
// total it states.
func (p *pageTable) note(li int, runs []run) []cell {
	c := p.at(li, runs[0])
	var text strings.Builder
	for _, r := range runs {
		text.WriteString(r.s)
	}
	c.text = cellText(text.String())
	return []cell{c}
}

// linesOf gathers runs into lines, from the top of the page: a run joins
// the line before it when its baseline is less than 0.4 of its size away.
func linesOf(runs []run) []line {
	slices.SortStableFunc(runs, func(a, b run) int { return cmp.Or(cmp.Compare(b.y, a.y), cmp.Compare(a.x0, b.x0)) })
	var lines []line
	for _, r := range runs {
		if n := len(lines); n > 0 && math.Abs(lines[n-1].y-r.y) < 0.4*r.size {
			lines[n-1].runs = append(lines[n-1].runs, r)
			continue
		}
		lines = append(lines, line{y: r.y, runs: []run{r}})
	}
	return lines
}

// pageTable reads the lines of one page into its table, as
// go/scanner.Scanner reads a source: the rows begun on the page, the
// pieces that continue the last of them and the names of the merged
// column waiting for their rows are its fields, and each kind of line
// (the header, a numbered line, a line that continues a row) has a method.
type pageTable struct {
	t      *table
	pageNo int
	rows   []pageRow  // the rows begun on the page, top to bottom
	more   [][]string // pieces to add to the cells (after the first) of the last row
	merged []pending  // names in the merged column, placed once the rows are known
}

// pageRow is a row begun on the page: the baseline of its numbered line
// and its index in the table's rows.
type pageRow struct {
	y   float64
	row int
}

// pending is a name of the merged column: its cell, its text in pieces
// (a line each) and the baseline of its first line.
type pending struct {
	c    cell
	text []string
	y    float64
}

// at is the cell of the run r on the page's line li (from 0), placed as
// "page 2 line 14".
func (p *pageTable) at(li int, r run) cell {
	return cell{text: r.s, place: fmt.Sprintf("page %d line %d", p.pageNo, li+1), order: p.pageNo<<20 | li + 1}
}

// header reads a header line: the table's first gives its columns and
// its first row, and a later one (repeated on a later page) is skipped.
// It reports false, with the table's error set, when the header has more
// than maxTableColumns columns.
func (p *pageTable) header(li int, runs []run) bool {
	if p.t.cols != nil {
		return true
	}
	if len(runs) > maxTableColumns {
		p.t.err = tooComplex(fmt.Sprintf("page %d line %d: a header of more than %d columns: a list has a few", p.pageNo, li+1, maxTableColumns))
		return false
	}
	var head []cell
	for _, r := range runs {
		p.t.cols = append(p.t.cols, (r.x0+r.x1)/2)
		head = append(head, p.at(li, r))
	}
	p.t.rows = append(p.t.rows, head)
	return true
}

// line reads a line of the table below its header. A line with a number
// in the first column starts a row; one without continues the row above.
// Either may hold a name of the merged (second) column, kept to be placed
// when the page's rows are known.
func (p *pageTable) line(li int, l line) {
	cells := p.cells(li, l.runs)
	if isNumber(cells[0].text) {
		p.endRow()
		p.startRow(cells, l.y)
	} else if len(p.rows) > 0 {
		p.continueRow(cells)
	}
	if len(cells) > 1 && cells[1].text != "" {
		p.merged = append(p.merged, pending{cells[1], []string{cells[1].text}, l.y})
	}
}

// cells returns a cell for each column of the line li, holding the text
// of the runs nearest that column's header, placed where the first of
// them is.
func (p *pageTable) cells(li int, runs []run) []cell {
	cells := make([]cell, len(p.t.cols))
	texts := make([][]string, len(p.t.cols))
	for _, r := range runs {
		c := p.t.column((r.x0 + r.x1) / 2)
		if texts[c] == nil {
			cells[c] = p.at(li, r)
		}
		texts[c] = append(texts[c], r.s)
	}
	for c := range cells {
		cells[c].text = strings.Join(texts[c], "")
	}
	return cells
}

// startRow adds the row of a numbered line at baseline y to the table: its
// cells but the merged column's, which is placed later.
func (p *pageTable) startRow(cells []cell, y float64) {
	p.rows = append(p.rows, pageRow{y, len(p.t.rows)})
	row := []cell{cells[0]}
	for c := 2; c < len(cells); c++ {
		row = append(row, cells[c])
	}
	p.t.rows = append(p.t.rows, row)
}

// continueRow keeps the text of a line without a number, but for its
// first two columns, to add to the cells of the row above when it ends.
func (p *pageTable) continueRow(cells []cell) {
	if p.more == nil {
		p.more = make([][]string, len(cells))
	}
	for c := 2; c < len(cells); c++ {
		if cells[c].text != "" {
			p.more[c-2] = append(p.more[c-2], cells[c].text)
		}
	}
}

// endRow adds to the last row begun on the page the text of the lines that
// continued it.
func (p *pageTable) endRow() {
	if len(p.rows) == 0 {
		return
	}
	row := p.t.rows[p.rows[len(p.rows)-1].row]
	for c, pieces := range p.more {
		if c+1 < len(row) && len(pieces) > 0 {
			row[c+1].text += strings.Join(pieces, "")
		}
	}
	p.more = nil
}

// bounds returns the heights of the rules that cross the merged column,
// from the bottom: they bound the blocks of rows that a merged cell spans.
// It is nil when there are none.
func (p *pageTable) bounds(rules []rule) ruleBounds {
	var bounds ruleBounds
	if len(p.t.cols) > 1 {
		x := p.t.cols[1]
		for _, r := range rules {
			if r.x0 <= x && x <= r.x1 {
				bounds = append(bounds, r.y)
			}
		}
	}
	slices.Sort(bounds)
	return bounds
}

// ruleBounds are the heights of the rules that cross the merged column,
// sorted from the bottom.
type ruleBounds []float64

// block returns the block of y, as the number of rules above it, by
// binary search: linear in rows and names.
func (b ruleBounds) block(y float64) int {
	return len(b) - sort.SearchFloat64s(b, math.Nextafter(y, math.Inf(1)))
}

// placeByBlock gives each name of the merged column to every row of its
// block. A name that wraps over lines of one block is one name: its lines,
// top to bottom, joined.
func (p *pageTable) placeByBlock(bounds ruleBounds) {
	var joined []pending
	for _, m := range p.merged {
		if n := len(joined); n > 0 && bounds.block(joined[n-1].y) == bounds.block(m.y) {
			joined[n-1].text = append(joined[n-1].text, m.text...)
			continue
		}
		joined = append(joined, m)
	}
	byBlock := map[int][]int{} // the rows of each block
	for i, r := range p.rows {
		byBlock[bounds.block(r.y)] = append(byBlock[bounds.block(r.y)], i)
	}
	for _, m := range joined {
		m.c.text = strings.Join(m.text, "")
		for _, i := range byBlock[bounds.block(m.y)] {
			p.give(i, m.c)
		}
	}
}

// placeByLine, lacking rules, gives each name of the merged column to the
// rows on its line: rows run down the page, and lines are 0.4 points apart
// at least. A name on no row's line is the table's error, as the rows its
// cell spans cannot be told.
func (p *pageTable) placeByLine() {
	for _, m := range p.merged {
		m.c.text = strings.Join(m.text, "")
		placed := false
		for i := sort.Search(len(p.rows), func(i int) bool { return p.rows[i].y < m.y+0.5 }); i < len(p.rows) && p.rows[i].y > m.y-0.5; i++ {
			p.give(i, m.c)
			placed = true
		}
		if !placed && p.t.err == nil {
			p.t.err = fmt.Errorf("%s: %q stands between rows, and no ruling lines show the rows its merged cell spans: save the annex as .docx or .xlsx", m.c.place, m.c.text)
		}
	}
}

// give puts the merged column's cell c into the page's row i, as its
// second cell.
func (p *pageTable) give(i int, c cell) {
	row := p.t.rows[p.rows[i].row]
	p.t.rows[p.rows[i].row] = append(row[:1], append([]cell{c}, row[1:]...)...)
}

// column returns the column whose header's centre is nearest x.
func (t *table) column(x float64) int {
	best := 0
	for i, c := range t.cols {
		if math.Abs(c-x) < math.Abs(t.cols[best]-x) {
			best = i
		}
	}
	return best
}

// isNumber reports whether s is a row number.
func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}
