package medium

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ledongthuc/pdf"
	"sort"
)

// A PDF's text layer, read with github.com/ledongthuc/pdf (pure Go): its
// objects and content streams are parsed by the library, the glyphs placed
// here from the content stream's operators (pdf.Interpret), as DESIGN.md
// found the library's own grouping of rows unreliable. Each glyph is
// decoded through its font's ToUnicode map (CID fonts as WPS, Word,
// LibreOffice and Chromium embed them, and Chromium's Type 3 fonts) and
// advanced by its width (Widths, or a CID font's W), so that the glyphs of
// a line gather into runs of text at their x and y.
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
// cannot be told). A header repeated on a later page is skipped. Each cell
// is placed as "page 2 line 14", its line counted from the top of the
// page. A PDF with no text (a scan) is refused with what to do instead.
//
// A form drawn on a page (Do) is read as part of it, in its own matrix
// and resources, forms within forms at most maxFormDepth deep.
//
// Bounds: at most maxPages pages (more is refused before any is read), a
// page tree at most maxTreeDepth deep and visited once per node (a cyclic
// tree cannot loop), at most maxOps operators in all content streams,
// ToUnicode and width tables of at most maxMapEntries entries; xref
// sections whose /Prev chain loops and object streams that extend others
// (/Extends, which the library follows without a bound) are refused before
// the library reads the file. Time and memory are then linear in the file
// and the text it holds; a panic of the library on a malformed file is
// recovered and reported as the file's error.

const (
	maxPages      = 1000
	maxTreeDepth  = 32
	maxOps        = 1 << 24
	maxMapEntries = 1 << 17
	maxFormDepth  = 8
)

var (
	errTooManyPages = fmt.Errorf("more than %d pages: an annex is a few pages long", maxPages)
	errTooManyOps   = fmt.Errorf("more than %d drawing operators", maxOps)
	errNoText       = errors.New("the PDF has no text layer (a scanned image?): save the annex as a PDF with text, as .docx or as .xlsx")
	errCyclic       = errors.New("the PDF's cross-reference sections point back at each other (/Prev loops)")
	errExtends      = errors.New("the PDF has object streams that extend others (/Extends), which this reader does not follow: print it to a new PDF")
)

var (
	prevRe      = regexp.MustCompile(`/Prev\s+(\d+)`)
	startxrefRe = regexp.MustCompile(`startxref\s+(\d+)`)
)

// readPDF returns the table of the PDF data, as one table of rows.
func readPDF(data []byte) (tables [][][]cell, err error) {
	if err := precheck(data); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok && (errors.Is(e, errTooManyOps) || errors.Is(e, errTooManyPages)) {
				err = e
				return
			}
			tables, err = nil, fmt.Errorf("cannot read the PDF: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("cannot read the PDF: %v", err)
	}
	if n := r.Trailer().Key("Root").Key("Pages").Key("Count").Int64(); n > maxPages {
		return nil, errTooManyPages
	}
	var pages []pdf.Value
	var resources []pdf.Value
	walkPages(r.Trailer().Key("Root").Key("Pages"), pdf.Value{}, 0, &pages, &resources)
	rd := &pdfReader{}
	var t table
	for i, p := range pages {
		glyphs, rules := rd.page(p, resources[i])
		t.addPage(i+1, runsOf(glyphs), rules)
	}
	if !rd.text {
		return nil, errNoText
	}
	if t.err != nil {
		return nil, t.err
	}
	return [][][]cell{t.rows}, nil
}

// precheck refuses what the library would loop on: a /Prev chain that comes
// back on itself, and /Extends.
func precheck(data []byte) error {
	if bytes.Contains(data, []byte("/Extends")) {
		return errExtends
	}
	seen := map[string]bool{}
	if m := startxrefRe.FindAllSubmatch(data, -1); m != nil {
		seen[string(m[len(m)-1][1])] = true
	}
	for _, m := range prevRe.FindAllSubmatch(data, -1) {
		if seen[string(m[1])] {
			return errCyclic
		}
		seen[string(m[1])] = true
	}
	return nil
}

// walkPages adds the pages of the page tree node v to pages, each with its
// resources (inherited from the tree when the page has none).
func walkPages(v, res pdf.Value, depth int, pages, resources *[]pdf.Value) {
	if depth > maxTreeDepth {
		panic(fmt.Errorf("the page tree is more than %d levels deep (a cycle?)", maxTreeDepth))
	}
	if r := v.Key("Resources"); !r.IsNull() {
		res = r
	}
	if v.Key("Type").Name() == "Page" || v.Key("Kids").IsNull() {
		if len(*pages) >= maxPages {
			panic(errTooManyPages)
		}
		*pages = append(*pages, v)
		*resources = append(*resources, res)
		return
	}
	kids := v.Key("Kids")
	for i := range kids.Len() {
		walkPages(kids.Index(i), res, depth+1, pages, resources)
	}
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

// pdfReader reads pages, counting operators over the whole file.
type pdfReader struct {
	ops  int
	text bool // some page has text
}

// page returns the glyphs and horizontal rules of page p.
func (rd *pdfReader) page(p, res pdf.Value) ([]glyph, []rule) {
	fonts := map[string]*font{}
	var glyphs []glyph
	var rules []rule
	type state struct {
		ctm                   matrix
		tc, tw, th, tl, trise float64
		f                     *font
		fs                    float64
	}
	g := state{ctm: identity, th: 1}
	var stack []state
	var tm, tlm matrix
	var px, py float64 // the path's current point
	addRule := func(x0, y0, x1, y1 float64) {
		x0, y0 = g.ctm.apply(x0, y0)
		x1, y1 = g.ctm.apply(x1, y1)
		if math.Abs(y1-y0) < 1 && math.Abs(x1-x0) > 1 {
			rules = append(rules, rule{(y0 + y1) / 2, min(x0, x1), max(x0, x1)})
		}
	}
	show := func(s string) {
		f := g.f
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
			trm := matrix{g.fs * g.th, 0, 0, g.fs, 0, g.trise}.mul(tm).mul(g.ctm)
			text, ok := f.unicode[code]
			if !ok && f.ascii && n >= 32 && n < 127 {
				text = string(rune(n))
			}
			size := math.Hypot(trm[2], trm[3])
			if text != "" {
				glyphs = append(glyphs, glyph{x: trm[4], y: trm[5], w: w * f.scale * size, size: size, s: text})
			}
			tx := w*f.scale*g.fs + g.tc
			if f.codeLen == 1 && n == 32 {
				tx += g.tw
			}
			tm = matrix{1, 0, 0, 1, tx * g.th, 0}.mul(tm)
		}
	}
	nextLine := func(tx, ty float64) {
		tlm = matrix{1, 0, 0, 1, tx, ty}.mul(tlm)
		tm = tlm
	}
	contents := p.Key("Contents")
	if contents.IsNull() {
		return nil, nil
	}
	depth := 0 // of forms drawn within forms
	var do func(stk *pdf.Stack, op string)
	do = func(stk *pdf.Stack, op string) {
		if rd.ops++; rd.ops > maxOps {
			panic(errTooManyOps)
		}
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			stack = append(stack, g)
		case "Q":
			if len(stack) > 0 {
				g, stack = stack[len(stack)-1], stack[:len(stack)-1]
			}
		case "cm":
			g.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(g.ctm)
		case "m":
			px, py = num(0), num(1)
		case "l":
			addRule(px, py, num(0), num(1))
			px, py = num(0), num(1)
		case "re":
			x, y, w, h := num(0), num(1), num(2), num(3)
			if math.Abs(h) <= 2.5 {
				addRule(x, y+h/2, x+w, y+h/2)
			} else if math.Abs(w) > 2.5 { // a box: its top and bottom edges
				addRule(x, y, x+w, y)
				addRule(x, y+h, x+w, y+h)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				f, ok := fonts[name]
				if !ok {
					f = loadFont(res.Key("Font").Key(name))
					fonts[name] = f
				}
				g.f, g.fs = f, num(1)
			}
		case "Tc":
			g.tc = num(0)
		case "Tw":
			g.tw = num(0)
		case "Tz":
			g.th = num(0) / 100
		case "TL":
			g.tl = num(0)
		case "Ts":
			g.trise = num(0)
		case "Td":
			nextLine(num(0), num(1))
		case "TD":
			g.tl = -num(1)
			nextLine(num(0), num(1))
		case "Tm":
			tlm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
			tm = tlm
		case "T*":
			nextLine(0, -g.tl)
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'":
			nextLine(0, -g.tl)
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "\"":
			if len(args) == 3 {
				g.tw, g.tc = num(0), num(1)
				nextLine(0, -g.tl)
				show(args[2].RawString())
			}
		case "Do":
			// A form: its content drawn in its own matrix and resources.
			if len(args) == 0 || depth >= maxFormDepth {
				break
			}
			form := res.Key("XObject").Key(args[0].Name())
			if form.Key("Subtype").Name() != "Form" {
				break
			}
			saved, savedRes := g, res
			if m := form.Key("Matrix"); m.Len() == 6 {
				g.ctm = matrix{m.Index(0).Float64(), m.Index(1).Float64(), m.Index(2).Float64(), m.Index(3).Float64(), m.Index(4).Float64(), m.Index(5).Float64()}.mul(g.ctm)
			}
			if r := form.Key("Resources"); !r.IsNull() {
				res = r
				fonts = map[string]*font{}
			}
			depth++
			pdf.Interpret(form, do)
			depth--
			g, res = saved, savedRes
			if !form.Key("Resources").IsNull() {
				fonts = map[string]*font{}
			}
		case "TJ":
			if len(args) == 1 {
				a := args[0]
				for i := range a.Len() {
					if x := a.Index(i); x.Kind() == pdf.String {
						show(x.RawString())
					} else {
						tm = matrix{1, 0, 0, 1, -x.Float64() / 1000 * g.fs * g.th, 0}.mul(tm)
					}
				}
			}
		}
	}
	pdf.Interpret(contents, do)
	if len(glyphs) > 0 {
		rd.text = true
	}
	return glyphs, rules
}

// loadFont reads what placing and decoding glyphs needs from a font
// dictionary.
func loadFont(v pdf.Value) *font {
	f := &font{codeLen: 1, widths: map[int]float64{}, scale: 0.001}
	switch v.Key("Subtype").Name() {
	case "Type0":
		f.codeLen, f.dw = 2, 1000
		d := v.Key("DescendantFonts").Index(0)
		if dw := d.Key("DW"); !dw.IsNull() {
			f.dw = dw.Float64()
		}
		cidWidths(d.Key("W"), f.widths)
	case "Type3":
		f.scale = v.Key("FontMatrix").Index(0).Float64()
		fallthrough
	default:
		first := int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := range min(ws.Len(), 256) {
			f.widths[first+i] = ws.Index(i).Float64()
		}
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.unicode = toUnicode(tu, v)
	} else if f.codeLen == 1 {
		f.ascii = true
	}
	return f
}

// cidWidths reads a CID font's W array into widths: c [w1 w2 …] or
// c1 c2 w.
func cidWidths(w pdf.Value, widths map[int]float64) {
	for i := 0; i < w.Len() && len(widths) < maxMapEntries; {
		c := int(w.Index(i).Int64())
		if i+1 < w.Len() && w.Index(i+1).Kind() == pdf.Array {
			a := w.Index(i + 1)
			for j := range min(a.Len(), maxMapEntries) {
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
			widths[k] = width
		}
		i += 3
	}
}

// toUnicode reads a ToUnicode CMap: its bfchar and bfrange entries. The
// CMap's program begins the dictionary of a resource it finds
// (/CIDInit /ProcSet findresource begin); the library makes no fresh
// dictionary for a caller, so the font's dictionary, read before, stands
// in for it.
func toUnicode(strm, dict pdf.Value) map[string]string {
	m := map[string]string{}
	n := 0
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		switch op {
		case "beginbfchar", "beginbfrange", "begincodespacerange":
			n = int(stk.Pop().Int64())
		case "endbfchar":
			for range max(0, min(n, stk.Len()/2)) {
				dst, src := stk.Pop().RawString(), stk.Pop().RawString()
				if len(m) < maxMapEntries {
					m[src] = utf16BE(dst)
				}
			}
		case "endbfrange":
			for range max(0, min(n, stk.Len()/3)) {
				dst, hi, lo := stk.Pop(), stk.Pop().RawString(), stk.Pop().RawString()
				if len(lo) != len(hi) || lo == "" {
					continue
				}
				bfrange(m, lo, hi, dst)
			}
		case "endcodespacerange":
			for range max(0, min(n, stk.Len())) {
				stk.Pop()
			}
		case "findresource":
			stk.Pop()
			stk.Pop()
			stk.Push(dict)
		case "defineresource":
			stk.Pop()
			v := stk.Pop()
			stk.Pop()
			stk.Push(v)
		}
	})
	return m
}

// bfrange adds the codes lo to hi to m: each to dst's text, its last
// character advanced by the code's distance from lo, or to the array dst's
// element.
func bfrange(m map[string]string, lo, hi string, dst pdf.Value) {
	code := []byte(lo)
	last := len(code) - 1
	for i := 0; len(m) < maxMapEntries; i++ {
		switch dst.Kind() {
		case pdf.String:
			s := []rune(utf16BE(dst.RawString()))
			if len(s) > 0 {
				s[len(s)-1] += rune(i)
			}
			m[string(code)] = string(s)
		case pdf.Array:
			if i < dst.Len() {
				m[string(code)] = utf16BE(dst.Index(i).RawString())
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
	for _, g := range glyphs {
		if n := len(runs); n > 0 {
			r := &runs[n-1]
			if math.Abs(g.y-r.y) < 0.5 && g.x >= r.x1-0.25*g.size && g.x <= r.x1+0.25*g.size {
				r.s += g.s
				r.x1 = max(r.x1, g.x+g.w)
				continue
			}
		}
		if strings.TrimSpace(g.s) == "" {
			continue
		}
		runs = append(runs, run{x0: g.x, x1: g.x + g.w, y: g.y, size: g.size, s: g.s})
	}
	for i := range runs {
		runs[i].s = cellText(runs[i].s)
	}
	return slices.DeleteFunc(runs, func(r run) bool { return r.s == "" })
}

// table is the list being rebuilt, page by page.
type table struct {
	cols []float64 // the centre of each column's header
	rows [][]cell
	err  error // a merged cell whose rows cannot be told
}

// line is the runs of a page on one baseline.
type line struct {
	y    float64
	runs []run
}

// addPage adds the rows of page number pageNo.
func (t *table) addPage(pageNo int, runs []run, rules []rule) {
	// Lines from the top of the page.
	slices.SortStableFunc(runs, func(a, b run) int { return cmp.Or(cmp.Compare(b.y, a.y), cmp.Compare(a.x0, b.x0)) })
	var lines []line
	for _, r := range runs {
		if n := len(lines); n > 0 && math.Abs(lines[n-1].y-r.y) < 0.4*r.size {
			lines[n-1].runs = append(lines[n-1].runs, r)
			continue
		}
		lines = append(lines, line{y: r.y, runs: []run{r}})
	}
	type pending struct {
		c cell
		y float64
	}
	var merged []pending // runs in a merged column, placed once the rows are known
	type pageRow struct {
		y   float64
		row int // index in t.rows
	}
	var rows []pageRow
	for li, l := range lines {
		at := func(r run) cell {
			return cell{text: r.s, place: fmt.Sprintf("page %d line %d", pageNo, li+1), order: pageNo<<20 | li + 1}
		}
		sort := func(r []run) { slices.SortFunc(r, func(a, b run) int { return cmp.Compare(a.x0, b.x0) }) }
		sort(l.runs)
		if strings.HasPrefix(l.runs[0].s, "序号") {
			if t.cols == nil {
				var head []cell
				for _, r := range l.runs {
					t.cols = append(t.cols, (r.x0+r.x1)/2)
					head = append(head, at(r))
				}
				t.rows = append(t.rows, head)
			}
			continue
		}
		if t.cols == nil {
			continue // above the table: its title
		}
		cells := make([]cell, len(t.cols))
		for _, r := range l.runs {
			c := t.column((r.x0 + r.x1) / 2)
			if cells[c].text != "" {
				cells[c].text += r.s
			} else {
				cells[c] = at(r)
			}
		}
		if isNumber(cells[0].text) {
			rows = append(rows, pageRow{l.y, len(t.rows)})
			row := []cell{cells[0]}
			for c := 2; c < len(cells); c++ {
				row = append(row, cells[c])
			}
			t.rows = append(t.rows, row)
			if len(cells) > 1 && cells[1].text != "" {
				merged = append(merged, pending{cells[1], l.y})
			}
			continue
		}
		// A line without a number: a merged cell's name, or the rest of
		// the row above.
		if len(cells) > 1 && cells[1].text != "" {
			merged = append(merged, pending{cells[1], l.y})
		}
		if len(rows) > 0 {
			row := t.rows[rows[len(rows)-1].row]
			for c := 2; c < len(cells) && c-1 < len(row); c++ {
				if cells[c].text != "" {
					row[c-1].text += cells[c].text
				}
			}
		}
	}
	// The merged column's names, each to the rows of its block.
	var bounds []float64
	if len(t.cols) > 1 {
		x := t.cols[1]
		for _, r := range rules {
			if r.x0 <= x && x <= r.x1 {
				bounds = append(bounds, r.y)
			}
		}
	}
	slices.Sort(bounds)
	block := func(y float64) int { // rules above y, by binary search: linear in rows and names
		return len(bounds) - sort.SearchFloat64s(bounds, math.Nextafter(y, math.Inf(1)))
	}
	// A name that wraps over lines of one block is one name: its lines,
	// top to bottom, joined.
	if bounds != nil {
		var joined []pending
		for _, m := range merged {
			if n := len(joined); n > 0 && block(joined[n-1].y) == block(m.y) {
				joined[n-1].c.text += m.c.text
				continue
			}
			joined = append(joined, m)
		}
		merged = joined
	}
	byBlock := map[int][]int{} // the rows of each block
	if bounds != nil {
		for i, r := range rows {
			byBlock[block(r.y)] = append(byBlock[block(r.y)], i)
		}
	}
	for _, m := range merged {
		var targets []int
		if bounds != nil {
			targets = byBlock[block(m.y)]
		} else {
			for i, r := range rows {
				if math.Abs(r.y-m.y) < 0.5 {
					targets = append(targets, i)
				}
			}
		}
		for _, i := range targets {
			row := t.rows[rows[i].row]
			t.rows[rows[i].row] = append(row[:1], append([]cell{m.c}, row[1:]...)...)
		}
		placed := len(targets) > 0
		if !placed && bounds == nil && t.err == nil {
			t.err = fmt.Errorf("%s: %q stands between rows, and no ruling lines show the rows its merged cell spans: save the annex as .docx or .xlsx", m.c.place, m.c.text)
		}
	}
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
