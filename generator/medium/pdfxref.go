package medium

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
)

// The pre-check: what github.com/ledongthuc/pdf would loop on, recurse on
// without end, or allocate without bound for, refused before it reads the
// file.
//
// The library follows the cross-reference sections from the last
// startxref through each /Prev with no record of where it has been; it
// grows its table to the largest object number a section names (a
// 270-byte file can ask for terabytes, which ends the process); it reads
// an object inside an object stream by reading that stream, without a
// bound on how deep such streams nest (a stream inside itself overflows
// the stack, which also ends the process), and counts to an object
// stream's /N however little the stream holds; and it follows an object
// stream's /Extends without a bound on the chain.
//
// So the pre-check reads the sections as the library reads them (lexer,
// names with their #xx decoded, comments and strings skipped) and refuses
// a section reached twice (a /Prev that loops, however its name is
// spelt), object numbers from maxObjects on or more than maxObjects
// entries in all, field widths over 8 bytes and predictor rows over
// maxColumns; in a chain of cross-reference streams, an object stream
// inside an object stream, an object stream whose dictionary refers into
// one, and one of more than maxObjStm objects or more objects than its
// stream holds bytes (the library counts to /N looking for an object,
// however little the stream holds); and any name that decodes
// to Extends, wherever a / starts one (an object stream, not being inside
// another, has its dictionary uncompressed in the file). Each section is
// read once, each entry once: time and memory linear in the file.

const (
	// maxObjects bounds object numbers and cross-reference entries: an
	// annex of a few pages has a few thousand objects.
	maxObjects = 1 << 20
	// maxObjStm bounds the objects of an object stream (producers put a
	// hundred or so in each), which may claim no more objects than its
	// stream holds bytes.
	maxObjStm = 1 << 16
	// maxColumns bounds a predictor's row, which the library allocates.
	maxColumns = 1 << 20
)

// reprint is what to do with a PDF this reader refuses.
const reprint = "print it to a new PDF, or save the annex as .docx or .xlsx"

var (
	errCyclic     = errors.New("the PDF's cross-reference sections point back at each other (/Prev loops): " + reprint)
	errExtends    = errors.New("the PDF has object streams that extend others (/Extends), which this reader does not follow: " + reprint)
	errObjStmNest = errors.New("the PDF has an object stream inside an object stream, or one whose dictionary refers into one, which this reader does not follow: " + reprint)
	errObjects    = tooComplex(fmt.Sprintf("the PDF numbers more than %d objects: an annex has a few thousand", maxObjects))
	errObjStmSize = tooComplex(fmt.Sprintf("the PDF has an object stream of more than %d objects, or of more objects than it holds bytes: %s", maxObjStm, reprint))
)

// precheck refuses what the library would loop on, recurse on without
// end, or allocate without bound for (see above), counting the sections
// and entries it reads in w.
func precheck(data []byte, w *work) error {
	if hasName(data, "Extends") {
		return errExtends
	}
	start, ok := startxref(data)
	if !ok {
		return nil // the library refuses the file itself, before any section
	}
	x := &xrefs{data: data, w: w}
	if err := x.follow(start); err != nil {
		return err
	}
	return x.checkObjStms()
}

// hasName reports whether a name that decodes to want starts at any / of
// data, whatever surrounds it.
func hasName(data []byte, want string) bool {
	for i := bytes.IndexByte(data, '/'); i >= 0; {
		l := lexer{data: data, pos: i + 1, objects: true}
		if n, err := l.name(); err == nil && n.s == want {
			return true
		}
		next := bytes.IndexByte(data[i+1:], '/')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// startxref returns where the library starts reading the cross-reference
// sections, and false where it refuses the file before: the number after
// the last startxref on a line of its own in the last 100 bytes, which
// must end with %%EOF, of a file that starts %PDF-1.0 to %PDF-1.7.
func startxref(data []byte) (int64, bool) {
	var head [10]byte
	copy(head[:], data)
	if !bytes.HasPrefix(head[:], []byte("%PDF-1.")) || head[7] < '0' || head[7] > '7' || head[8] != '\r' && head[8] != '\n' {
		return 0, false
	}
	const chunk = 100
	if len(data) < chunk {
		return 0, false
	}
	tail := bytes.TrimRight(data[len(data)-chunk:], "\r\n\t ")
	if !bytes.HasSuffix(tail, []byte("%%EOF")) {
		return 0, false
	}
	i := lastLine(tail, "startxref")
	if i < 0 {
		return 0, false
	}
	l := lexer{data: data, pos: len(data) - chunk + i + len("startxref"), objects: true}
	t, err := l.token()
	if err != nil || t.kind != objInt {
		return 0, false
	}
	return t.n, true
}

// lastLine returns where the last line of buf that is s starts, -1 when
// none is (the first line does not count, as for the library).
func lastLine(buf []byte, s string) int {
	eol := func(c byte) bool { return c == '\n' || c == '\r' }
	for end := len(buf); ; {
		i := bytes.LastIndex(buf[:end], []byte(s))
		if i <= 0 || i+len(s) >= len(buf) {
			return -1
		}
		if eol(buf[i-1]) && eol(buf[i+len(s)]) {
			return i
		}
		end = i
	}
}

// xrefs follows a file's cross-reference sections and keeps, from a chain
// of cross-reference streams, the table the library builds.
type xrefs struct {
	data    []byte
	w       *work
	streams bool // the sections are streams
	size    int64
	table   []xref
	entries int64 // in all sections
}

// xref is an entry of the table, as the library keeps it: set when id or
// gen is not zero, the first entry read for an object number winning.
type xref struct {
	id       uint32
	gen      uint16
	inStream bool
	offset   int64  // in the file, or the index in the object stream
	stream   uint32 // the object stream's number
}

// follow reads the section at off and every /Prev from it.
func (x *xrefs) follow(off int64) error {
	seen := map[int64]bool{}
	for first := true; ; first = false {
		if seen[off] {
			return errCyclic
		}
		seen[off] = true
		x.w.xref++
		prev, err := x.section(off, first)
		if err != nil {
			var tc tooComplex
			if errors.As(err, &tc) {
				return err
			}
			return fmt.Errorf("the PDF's cross-reference section at byte %d cannot be read (%v): %s", off, err, reprint)
		}
		switch prev.kind {
		case objNull:
			return nil
		case objInt:
			off = prev.n
		default:
			return fmt.Errorf("the PDF's cross-reference section at byte %d has a /Prev that is no offset: %s", off, reprint)
		}
	}
}

// section reads the section at off and returns its /Prev.
func (x *xrefs) section(off int64, first bool) (pdfObj, error) {
	if off < 0 || off >= int64(len(x.data)) {
		return pdfObj{}, errors.New("it is outside the file")
	}
	l := &lexer{data: x.data, pos: int(off), objects: true}
	if first {
		tok, err := l.token()
		if err != nil {
			return pdfObj{}, err
		}
		if x.streams = !tok.is("xref"); x.streams && tok.kind != objInt {
			return pdfObj{}, errors.New("neither a table nor a stream")
		}
		if x.streams {
			l.back = append(l.back, tok)
		}
	} else if !x.streams {
		if tok, err := l.token(); err != nil || !tok.is("xref") {
			return pdfObj{}, errors.Join(err, errors.New("no table"))
		}
	}
	if x.streams {
		return x.stream(l, first)
	}
	return x.tableSection(l)
}

// count adds the n entries numbered from start, refusing numbers from
// maxObjects on and more than maxObjects entries in all.
func (x *xrefs) count(start, n int64) error {
	if n <= 0 {
		return nil
	}
	if n > maxObjects || start < 0 || start > maxObjects-n {
		return errObjects
	}
	if x.entries += n; x.entries > maxObjects {
		return errObjects
	}
	x.w.xref += n
	return nil
}

// tableSection reads a table's subsections and trailer after xref.
func (x *xrefs) tableSection(l *lexer) (pdfObj, error) {
	for {
		start, err := l.token()
		if err != nil {
			return pdfObj{}, err
		}
		if start.is("trailer") {
			break
		}
		n, err := l.token()
		if err != nil {
			return pdfObj{}, err
		}
		if start.kind != objInt || n.kind != objInt {
			return pdfObj{}, errors.New("a subsection without its first number and count")
		}
		if err := x.count(start.n, n.n); err != nil {
			return pdfObj{}, err
		}
		for range n.n {
			off, err1 := l.token()
			gen, err2 := l.token()
			alloc, err3 := l.token()
			if err := errors.Join(err1, err2, err3); err != nil {
				return pdfObj{}, err
			}
			if off.kind != objInt || gen.kind != objInt || !alloc.is("f") && !alloc.is("n") {
				return pdfObj{}, errors.New("an entry that is not offset, generation, f or n")
			}
		}
	}
	trailer, err := l.object()
	if err != nil {
		return pdfObj{}, err
	}
	if trailer.kind != objDict {
		return pdfObj{}, errors.New("no trailer dictionary")
	}
	return trailer.key("Prev"), nil
}

// stream reads a cross-reference stream into the table: its /Size, /Index
// and /W, then its entries.
func (x *xrefs) stream(l *lexer, first bool) (pdfObj, error) {
	def, err := l.object()
	if err != nil {
		return pdfObj{}, err
	}
	if def.kind != objDef || def.a[0].kind != objStream {
		return pdfObj{}, errors.New("no stream")
	}
	s := def.a[0]
	if t := s.key("Type"); t.kind != objName || t.s != "XRef" {
		return pdfObj{}, errors.New("a stream whose /Type is not /XRef")
	}
	size, err := x.streamSize(s, first)
	if err != nil {
		return pdfObj{}, err
	}
	index := s.key("Index")
	if index.kind != objArray {
		index = pdfObj{kind: objArray, a: []pdfObj{{kind: objInt}, size}}
	}
	if len(index.a)%2 != 0 {
		return pdfObj{}, errors.New("an /Index of odd length")
	}
	w, total, err := streamWidths(s)
	if err != nil {
		return pdfObj{}, err
	}
	rd, err := streamData(x.data, s)
	if err != nil {
		return pdfObj{}, err
	}
	if err := x.streamEntries(rd, index, w, total); err != nil {
		return pdfObj{}, err
	}
	return s.key("Prev"), nil
}

// streamSize returns the /Size of the cross-reference stream s. The first
// stream's sizes the table, and must be there; a later one's, 0 when it
// has none, may not exceed the first's.
func (x *xrefs) streamSize(s pdfObj, first bool) (pdfObj, error) {
	size := s.key("Size")
	switch {
	case first && size.kind != objInt:
		return pdfObj{}, errors.New("no /Size")
	case first:
		if size.n < 0 || size.n > maxObjects {
			return pdfObj{}, errObjects
		}
		x.size = size.n
		x.table = make([]xref, size.n)
	case size.kind != objInt:
		size = pdfObj{kind: objInt}
	case size.n > x.size:
		return pdfObj{}, errors.New("a /Size larger than the last section's")
	}
	return size, nil
}

// streamWidths returns the widths of the fields of the cross-reference
// stream s's entries, its /W (at least three, each of 0 to 8 bytes), and
// their total, an entry's length.
func streamWidths(s pdfObj) ([]int, int, error) {
	var w []int
	total := 0
	for _, o := range s.key("W").a {
		if o.kind != objInt || o.n < 0 || o.n > 8 {
			return nil, 0, errors.New("a /W that is not widths of 0 to 8 bytes")
		}
		w = append(w, int(o.n))
		total += int(o.n)
	}
	if len(w) < 3 {
		return nil, 0, errors.New("no /W of three widths")
	}
	return w, total, nil
}

// streamEntries reads from rd the entries of a cross-reference stream
// into the table: for each subsection of index (its first object and how
// many), an entry of total bytes per object, fields of the widths w, of
// which the first three are read.
func (x *xrefs) streamEntries(rd io.Reader, index pdfObj, w []int, total int) error {
	buf := make([]byte, total)
	for i := 0; i < len(index.a); i += 2 {
		start, n := index.a[i], index.a[i+1]
		if start.kind != objInt || n.kind != objInt {
			return errors.New("an /Index that is not numbers")
		}
		if err := x.count(start.n, n.n); err != nil {
			return err
		}
		for k := start.n; k < start.n+n.n; k++ {
			if _, err := io.ReadFull(rd, buf); err != nil {
				return err
			}
			x.add(k, field(buf[:w[0]], 1), field(buf[w[0]:w[0]+w[1]], 0), field(buf[w[0]+w[1]:w[0]+w[1]+w[2]], 0))
		}
	}
	return nil
}

// field reads a big-endian field; an empty one is def.
func field(b []byte, def int) int {
	if len(b) == 0 {
		return def
	}
	n := 0
	for _, c := range b {
		n = n<<8 | int(c)
	}
	return n
}

// add sets entry k of the table, as the library does: the first entry
// for k wins, and an entry of an unknown type is skipped.
func (x *xrefs) add(k int64, typ, f2, f3 int) {
	for int64(len(x.table)) <= k {
		x.table = append(x.table, xref{})
	}
	if e := &x.table[k]; e.id == 0 && e.gen == 0 {
		switch typ {
		case 0:
			*e = xref{gen: 65535}
		case 1:
			*e = xref{id: uint32(k), gen: uint16(f3), offset: int64(f2)}
		case 2:
			*e = xref{id: uint32(k), inStream: true, stream: uint32(f2), offset: int64(f3)}
		}
	}
}

// streamData returns the data of the cross-reference stream s as the
// library reads it while it builds its table: a /Length that refers to
// another object is read as none, and so is /Filter or /DecodeParms.
func streamData(data []byte, s pdfObj) (io.Reader, error) {
	length := direct(s.key("Length"))
	if length.kind != objInt || length.n == 0 {
		return bytes.NewReader(nil), nil
	}
	var rd io.Reader = io.NewSectionReader(bytes.NewReader(data), s.n, length.n)
	filter, param := direct(s.key("Filter")), direct(s.key("DecodeParms"))
	switch filter.kind {
	case objNull:
		return rd, nil
	case objName:
		return decodeFilter(rd, filter.s, param)
	case objArray:
		var err error
		for i, f := range filter.a {
			var p pdfObj
			if param.kind == objArray && i < len(param.a) {
				p = direct(param.a[i])
			}
			if rd, err = decodeFilter(rd, direct(f).s, p); err != nil {
				return nil, err
			}
		}
		return rd, nil
	}
	return nil, errors.New("a /Filter that is not a name")
}

// direct returns o, or null when it refers to another object.
func direct(o pdfObj) pdfObj {
	if o.kind == objRef {
		return pdfObj{}
	}
	return o
}

// decodeFilter decodes rd through the filter name, as the library does for
// a cross-reference stream: FlateDecode with no predictor or PNG Up (12).
func decodeFilter(rd io.Reader, name string, param pdfObj) (io.Reader, error) {
	if name != "FlateDecode" {
		return nil, fmt.Errorf("a cross-reference stream in /%s, which this reader does not read", name)
	}
	zr, err := zlib.NewReader(rd)
	if err != nil {
		return nil, err
	}
	pred := direct(param.key("Predictor"))
	if pred.kind == objNull {
		return zr, nil
	}
	if pred.kind != objInt || pred.n != 12 {
		return nil, errors.New("a predictor other than PNG Up")
	}
	columns := direct(param.key("Columns"))
	if columns.kind != objInt {
		columns.n = 0
	}
	if columns.n < 0 || columns.n > maxColumns {
		return nil, tooComplex(fmt.Sprintf("the PDF has a stream predicted in rows of more than %d bytes: %s", maxColumns, reprint))
	}
	return &pngUp{r: zr, prev: make([]byte, 1+columns.n), row: make([]byte, 1+columns.n)}, nil
}

// pngUp undoes the PNG Up predictor: each row of bytes after its filter
// type (2) is added to the row above.
type pngUp struct {
	r         io.Reader
	prev, row []byte
	pending   []byte
}

func (p *pngUp) Read(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		if len(p.pending) == 0 {
			if _, err := io.ReadFull(p.r, p.row); err != nil {
				return n, err
			}
			if p.row[0] != 2 {
				return n, errors.New("malformed PNG Up row")
			}
			for i, c := range p.row {
				p.prev[i] += c
			}
			p.pending = p.prev[1:]
		}
		m := copy(b, p.pending)
		n, b, p.pending = n+m, b[m:], p.pending[m:]
	}
	return n, nil
}

// checkObjStms refuses, in the table of a chain of cross-reference
// streams, an object stream inside an object stream, an object stream
// whose dictionary refers into one, and one of more than maxObjStm
// objects.
func (x *xrefs) checkObjStms() error {
	inStream := func(id int64, gen uint16) bool {
		return id >= 0 && id < int64(len(x.table)) && x.table[id].inStream && x.table[id].id == uint32(id) && gen == 0
	}
	checked := map[uint32]bool{}
	for _, e := range x.table {
		if !e.inStream || checked[e.stream] {
			continue
		}
		checked[e.stream] = true
		c := int64(e.stream)
		if inStream(c, 0) {
			return errObjStmNest
		}
		s, ok, err := x.object(c, 0)
		if err != nil {
			return fmt.Errorf("the PDF's object stream %d cannot be read (%v): %s", c, err, reprint)
		}
		if !ok || s.kind != objStream {
			continue // the library fails to read it, and stops there
		}
		if refersTo(s, inStream) {
			return errObjStmNest
		}
		n, err := x.value(s.key("N"))
		if err != nil {
			return fmt.Errorf("the PDF's object stream %d cannot be read (%v): %s", c, err, reprint)
		}
		length, err := x.value(s.key("Length"))
		if err != nil {
			return fmt.Errorf("the PDF's object stream %d cannot be read (%v): %s", c, err, reprint)
		}
		held := max(0, min(length.n, int64(len(x.data))-s.n)) // the bytes the library reads of it
		if length.kind != objInt {
			held = 0
		}
		if n.kind == objInt && (n.n > maxObjStm || n.n > held) {
			return errObjStmSize
		}
	}
	return nil
}

// value returns o, or the object it refers to, as the library resolves
// it: null where there is none.
func (x *xrefs) value(o pdfObj) (pdfObj, error) {
	if o.kind != objRef {
		return o, nil
	}
	v, _, err := x.object(o.n, o.gen)
	return v, err
}

// object returns object id of generation gen where it is in the file,
// and false where the library finds no such object there.
func (x *xrefs) object(id int64, gen uint16) (pdfObj, bool, error) {
	if id < 0 || id >= int64(len(x.table)) {
		return pdfObj{}, false, nil
	}
	e := x.table[id]
	if e.inStream || e.id != uint32(id) || e.gen != gen || e.offset == 0 {
		return pdfObj{}, false, nil
	}
	if e.offset < 0 || e.offset >= int64(len(x.data)) {
		return pdfObj{}, false, errors.New("it is outside the file")
	}
	l := &lexer{data: x.data, pos: int(e.offset), objects: true}
	def, err := l.object()
	if err != nil || def.kind != objDef || def.n != id || def.gen != gen {
		return pdfObj{}, false, err
	}
	return def.a[0], true, nil
}

// refersTo reports whether o refers, anywhere within it, to an object for
// which in is true.
func refersTo(o pdfObj, in func(id int64, gen uint16) bool) bool {
	if o.kind == objRef {
		return in(o.n, o.gen)
	}
	for _, e := range o.a {
		if refersTo(e, in) {
			return true
		}
	}
	return false
}
