package medium

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// The syntax of a PDF, read here as github.com/ledongthuc/pdf reads it
// (its buffer's readToken and readObject), so that the pre-check sees the
// file as the library will (names with their #xx decoded, comments and
// strings skipped), and the content streams are read without the
// library's Interpret, which keeps every operand and loops on a stream
// that ends inside a hexadecimal string.

// objKind is the kind of a pdfObj.
type objKind uint8

const (
	objNull objKind = iota
	objBool
	objInt
	objReal
	objString
	objName
	objKeyword // an operator, or <<, >>, [, ], {, }
	objArray
	objDict
	objRef    // n 0 R
	objDef    // n 0 obj … endobj
	objStream // a dictionary followed by stream
)

// pdfObj is a PDF token or object.
type pdfObj struct {
	kind objKind
	gen  uint16   // a reference's or definition's generation
	n    int64    // an integer; a reference's or definition's object number; a stream's data offset
	f    float64  // a real
	s    string   // a string's bytes, a name (its #xx decoded), a keyword
	a    []pdfObj // an array's elements; a dictionary's (or stream's) keys and values, alternately; a definition's object
}

// key returns the value of k in the dictionary or stream o (the last, as
// the library keeps the last), a null object when there is none.
func (o pdfObj) key(k string) pdfObj {
	var v pdfObj
	if o.kind == objDict || o.kind == objStream {
		for i := 0; i+1 < len(o.a); i += 2 {
			if o.a[i].s == k {
				v = o.a[i+1]
			}
		}
	}
	return v
}

// num returns the number o, 0 when it is none.
func (o pdfObj) num() float64 {
	switch o.kind {
	case objInt:
		return float64(o.n)
	case objReal:
		return o.f
	}
	return 0
}

// str returns the string o, "" when it is none.
func (o pdfObj) str() string {
	if o.kind == objString {
		return o.s
	}
	return ""
}

// name returns the name o, "" when it is none.
func (o pdfObj) name() string {
	if o.kind == objName {
		return o.s
	}
	return ""
}

func (o pdfObj) is(keyword string) bool { return o.kind == objKeyword && o.s == keyword }

// maxObjectDepth is the library's bound on nested arrays and dictionaries.
const maxObjectDepth = 1000

var (
	errPastEnd     = errors.New("unexpected end of data")
	errTooManyObjs = errors.New("too many objects")
)

// lexer reads tokens and objects from data. In a file (objects set),
// references, definitions and streams are read, and reading past the end
// is an error, as the library reads a file; in a content stream, the end
// of the data ends the last token, and at it token returns io.EOF, and
// strings are read as the PDF standard says (an unknown escape is its
// character, a last hexadecimal digit alone is followed by 0).
type lexer struct {
	data    []byte
	pos     int
	objects bool
	back    []pdfObj // tokens read and put back, the last first
	depth   int
	virtual bool // the last byte read was the end of a content stream
	objs    int  // objects read, elements counted
	maxObjs int  // past which object returns errTooManyObjs; 0 for no bound
}

// next returns the next byte; at the end of a content stream a newline,
// as the library's readByte.
func (l *lexer) next() (byte, error) {
	if l.pos < len(l.data) {
		l.virtual = false
		l.pos++
		return l.data[l.pos-1], nil
	}
	if l.objects {
		return 0, errPastEnd
	}
	l.virtual = true
	return '\n', nil
}

// unread puts the last byte read back.
func (l *lexer) unread() {
	if !l.virtual {
		l.pos--
	}
}

// token returns the next token.
func (l *lexer) token() (pdfObj, error) {
	if n := len(l.back); n > 0 {
		t := l.back[n-1]
		l.back = l.back[:n-1]
		return t, nil
	}
	c, err := l.next()
	for err == nil {
		if isSpace(c) {
			if l.virtual {
				return pdfObj{}, io.EOF
			}
			c, err = l.next()
		} else if c == '%' {
			for err == nil && c != '\r' && c != '\n' {
				c, err = l.next()
			}
		} else {
			break
		}
	}
	if err != nil {
		return pdfObj{}, err
	}
	switch c {
	case '<':
		if c, err = l.next(); err != nil || c == '<' {
			return keyword("<<"), err
		}
		l.unread()
		return l.hexString()
	case '(':
		return l.literalString()
	case '[', ']', '{', '}':
		return keyword(string(c)), nil
	case '/':
		return l.name()
	case '>':
		if c, err = l.next(); err != nil || c == '>' {
			return keyword(">>"), err
		}
		l.unread()
		return pdfObj{}, errors.New("unexpected delimiter '>'")
	}
	if isDelim(c) {
		return pdfObj{}, fmt.Errorf("unexpected delimiter %q", c)
	}
	l.unread()
	return l.keyword()
}

func keyword(s string) pdfObj { return pdfObj{kind: objKeyword, s: s} }

// hexString reads <…> after its <.
func (l *lexer) hexString() (pdfObj, error) {
	var b []byte
	digit := func() (byte, error) {
		for {
			c, err := l.next()
			switch {
			case err != nil:
				return 0, err
			case l.virtual:
				return 0, errors.New("a hexadecimal string runs to the end")
			case !isSpace(c):
				return c, nil
			}
		}
	}
	for {
		c, err := digit()
		if err != nil {
			return pdfObj{}, err
		}
		if c == '>' {
			return pdfObj{kind: objString, s: string(b)}, nil
		}
		c2, err := digit()
		if err != nil {
			return pdfObj{}, err
		}
		if c2 == '>' && !l.objects && unhex(c) >= 0 { // a last digit alone, as if a 0 followed it
			return pdfObj{kind: objString, s: string(append(b, byte(unhex(c)<<4)))}, nil
		}
		x := unhex(c)<<4 | unhex(c2)
		if x < 0 {
			return pdfObj{}, fmt.Errorf("malformed hexadecimal string: %q", []byte{c, c2})
		}
		b = append(b, byte(x))
	}
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// literalString reads (…) after its (: balanced parentheses are part of
// it, and a backslash starts an escape.
func (l *lexer) literalString() (pdfObj, error) {
	var b []byte
	depth := 1
	for !l.virtual {
		c, err := l.next()
		if err != nil {
			return pdfObj{}, err
		}
		switch c {
		default:
			b = append(b, c)
		case '(':
			depth++
			b = append(b, c)
		case ')':
			if depth--; depth == 0 {
				return pdfObj{kind: objString, s: string(b)}, nil
			}
			b = append(b, c)
		case '\\':
			if b, err = l.escape(b); err != nil {
				return pdfObj{}, err
			}
		}
	}
	return pdfObj{kind: objString, s: string(b)}, nil
}

// escape reads an escape of a literal string after its backslash, and
// appends to b the byte it stands for: none for a line's end, the byte
// of up to three octal digits, the character itself for one that is not
// an escape (as content is read), which is an error in objects.
func (l *lexer) escape(b []byte) ([]byte, error) {
	c, err := l.next()
	if err != nil {
		return nil, err
	}
	switch c {
	default:
		if l.objects {
			return nil, fmt.Errorf("invalid escape sequence \\%c", c)
		}
		b = append(b, c) // the backslash ignored, as content is read
	case 'n':
		b = append(b, '\n')
	case 'r':
		b = append(b, '\r')
	case 'b':
		b = append(b, '\b')
	case 't':
		b = append(b, '\t')
	case 'f':
		b = append(b, '\f')
	case '(', ')', '\\':
		b = append(b, c)
	case '\r':
		if c, err = l.next(); err != nil {
			return nil, err
		} else if c != '\n' {
			l.unread()
		}
	case '\n':
	case '0', '1', '2', '3', '4', '5', '6', '7':
		return l.octal(b, c)
	}
	return b, nil
}

// octal reads an octal escape whose first digit is c, up to two more
// digits, and appends its byte to b; over 255 it is an error in objects,
// and its low byte in content.
func (l *lexer) octal(b []byte, c byte) ([]byte, error) {
	x := int(c - '0')
	for range 2 {
		c, err := l.next()
		if err != nil {
			return nil, err
		}
		if c < '0' || c > '7' {
			l.unread()
			break
		}
		x = x*8 + int(c-'0')
	}
	if x > 255 && l.objects {
		return nil, fmt.Errorf("invalid octal escape \\%03o", x)
	}
	return append(b, byte(x)), nil
}

// word reads up to a delimiter or white space.
func (l *lexer) word() (string, error) {
	start := l.pos
	for {
		c, err := l.next()
		if err != nil {
			return "", err
		}
		if isDelim(c) || isSpace(c) {
			l.unread()
			return string(l.data[start:min(l.pos, len(l.data))]), nil
		}
	}
}

// name reads a name after its /, decoding #xx. A # takes the two bytes
// after it whatever they are, as the library reads it; as two hexadecimal
// digits are neither delimiters nor white space, they are in the word.
func (l *lexer) name() (pdfObj, error) {
	w, err := l.word()
	if err != nil {
		return pdfObj{}, err
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c == '#' {
			if i+2 >= len(w) || unhex(w[i+1]) < 0 || unhex(w[i+2]) < 0 {
				return pdfObj{}, errors.New("malformed name")
			}
			c = byte(unhex(w[i+1])<<4 | unhex(w[i+2]))
			i += 2
		}
		b = append(b, c)
	}
	return pdfObj{kind: objName, s: string(b)}, nil
}

// keyword reads a keyword, a number or a boolean.
func (l *lexer) keyword() (pdfObj, error) {
	s, err := l.word()
	if err != nil {
		return pdfObj{}, err
	}
	switch {
	case s == "true" || s == "false":
		b := pdfObj{kind: objBool}
		if s == "true" {
			b.n = 1
		}
		return b, nil
	case isInteger(s):
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return pdfObj{}, fmt.Errorf("invalid integer %s", s)
		}
		return pdfObj{kind: objInt, n: n}, nil
	case isReal(s):
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return pdfObj{}, fmt.Errorf("invalid real %s", s)
		}
		return pdfObj{kind: objReal, f: f}, nil
	}
	return keyword(s), nil
}

func isInteger(s string) bool {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	for _, c := range []byte(s) {
		if c < '0' || '9' < c {
			return false
		}
	}
	return s != ""
}

func isReal(s string) bool {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	dots := 0
	for _, c := range []byte(s) {
		if c == '.' {
			dots++
		} else if c < '0' || '9' < c {
			return false
		}
	}
	return dots == 1
}

func isSpace(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isDelim(c byte) bool {
	switch c {
	case '<', '>', '(', ')', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// object reads an object: a token, or an array or dictionary, and in a
// file a reference, a definition or a stream's dictionary.
func (l *lexer) object() (pdfObj, error) {
	if l.objs++; l.maxObjs > 0 && l.objs > l.maxObjs {
		return pdfObj{}, errTooManyObjs
	}
	if l.depth++; l.depth > maxObjectDepth {
		return pdfObj{}, fmt.Errorf("objects nested more than %d deep", maxObjectDepth)
	}
	defer func() { l.depth-- }()
	tok, err := l.token()
	if err != nil {
		return pdfObj{}, err
	}
	if tok.kind == objKeyword {
		switch tok.s {
		case "null", ">>", "]":
			return pdfObj{}, nil
		case "<<":
			return l.dict()
		case "[":
			return l.array()
		}
		return pdfObj{}, fmt.Errorf("unexpected keyword %q in an object", tok.s)
	}
	if !l.objects || tok.kind != objInt || tok.n < 0 || tok.n > math.MaxUint32 {
		return tok, nil
	}
	tok2, err := l.token()
	if err != nil {
		return pdfObj{}, err
	}
	if tok2.kind == objInt && tok2.n >= 0 && tok2.n <= math.MaxUint16 {
		tok3, err := l.token()
		if err != nil {
			return pdfObj{}, err
		}
		switch {
		case tok3.is("R"):
			return pdfObj{kind: objRef, n: tok.n, gen: uint16(tok2.n)}, nil
		case tok3.is("obj"):
			o, err := l.object()
			if err != nil {
				return pdfObj{}, err
			}
			if o.kind != objStream {
				if end, err := l.token(); err != nil || !end.is("endobj") {
					return pdfObj{}, errors.Join(err, errors.New("no endobj after an object"))
				}
			}
			return pdfObj{kind: objDef, n: tok.n, gen: uint16(tok2.n), a: []pdfObj{o}}, nil
		}
		l.back = append(l.back, tok3)
	}
	l.back = append(l.back, tok2)
	return tok, nil
}

// array reads an array after its [.
func (l *lexer) array() (pdfObj, error) {
	a := pdfObj{kind: objArray}
	for {
		tok, err := l.token()
		if err == io.EOF || err == nil && tok.is("]") {
			return a, nil
		}
		if err != nil {
			return pdfObj{}, err
		}
		l.back = append(l.back, tok)
		o, err := l.object()
		if err != nil {
			return pdfObj{}, err
		}
		a.a = append(a.a, o)
	}
}

// dict reads a dictionary after its <<, and in a file the stream that
// follows it, if any: its data's offset.
func (l *lexer) dict() (pdfObj, error) {
	d := pdfObj{kind: objDict}
	for {
		tok, err := l.token()
		if err == io.EOF || err == nil && tok.is(">>") {
			break
		}
		if err != nil {
			return pdfObj{}, err
		}
		if tok.kind != objName {
			return pdfObj{}, errors.New("a dictionary's key is not a name")
		}
		v, err := l.object()
		if err != nil {
			return pdfObj{}, err
		}
		d.a = append(d.a, tok, v)
	}
	if !l.objects {
		return d, nil
	}
	tok, err := l.token()
	if err != nil {
		return pdfObj{}, err
	}
	if !tok.is("stream") {
		l.back = append(l.back, tok)
		return d, nil
	}
	c, err := l.next()
	if err == nil && c == '\r' {
		if c, err = l.next(); err == nil && c != '\n' {
			l.unread()
		}
	} else if err == nil && c != '\n' {
		err = errors.New("stream not followed by a newline")
	}
	d.kind, d.n = objStream, int64(l.pos)
	return d, err
}

// skipImage skips an inline image's data, after its ID: up to and past
// the first EI between white space (or at the end).
func (l *lexer) skipImage() {
	for i := l.pos; i < len(l.data); i++ {
		if l.data[i] == 'E' && i+1 < len(l.data) && l.data[i+1] == 'I' && i > l.pos && isSpace(l.data[i-1]) && (i+2 == len(l.data) || isSpace(l.data[i+2])) {
			l.pos = i + 2
			return
		}
	}
	l.pos = len(l.data)
}
