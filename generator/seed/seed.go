// Package seed reads a seed file: one notice as a list of "key: value" fields.
//
// The format is the one the notices were scraped into:
//
//	html: nan
//	title: 商务部等13部门办公厅（室）关于公布全国第三批…的通知
//	resulting_text: 各省、自治区、直辖市…
//	input_url: 20230907034252/http://www.mofcom.gov.cn/…
//	…
//
// A field starts on a line that begins with one of the known keys (Keys)
// followed by a colon; its value runs from after "key: " up to the next such
// line, so a value may span several lines and may itself contain colons.
// An empty value, or "nan" (pandas' rendering of a missing cell), means the
// field is absent. A UTF-8 byte order mark, CRLF line ends and a missing final newline
// are accepted.
//
// Every value keeps its byte offset in the file's text, so later stages can
// report a problem at the exact line and column where it is (see package
// diag). Read reports every problem it finds, not only the first: invalid
// UTF-8, NUL bytes and other control characters, text before the first
// field, a repeated key, a missing title or resulting_text, and a file
// over MaxSize (checked before the file is read). Line ends of CR alone
// (an old Mac's) are read as line ends.
package seed

import (
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/generator/diag"
)

// MaxSize is the largest seed file accepted, in bytes, checked before the
// file is read. The real notices are tens of kilobytes, the synthetic ones
// of the benchmarks (2,000 rows a notice) under 100 KB.
const MaxSize = 16 << 20

// Keys are the field names a seed may hold, in the order the scraper writes them.
var Keys = []string{
	"html", "title", "resulting_text", "input_url", "returned_url", "date",
	"translated_title", "translated_content", "english_summary",
}

// Required are the keys without which a seed cannot be a notice.
var Required = []string{"title", "resulting_text"}

// maxEncodingErrors bounds how many encoding problems one file reports.
const maxEncodingErrors = 10

// Field is one key and its value.
type Field struct {
	Key    string
	Value  string // without the "key: " prefix and trailing white space
	Offset int    // byte offset of Value in the record's Source text
}

// Record is a seed file read into fields.
type Record struct {
	Src *diag.Source
	// Medium is "" for a record in the scraper's format, else the reader
	// that made the record from the notice as published: "text" (pasted
	// text, ReadText), "page" (a saved web page), "folder" (a page or text
	// and its attachments). Such a notice may lack a date (the signature's
	// serves) and a source address (a warning).
	Medium string
	// Refused is set when an attachment of the notice was refused (its
	// own error says why): the annexes it would have given are missing,
	// and nothing more is said of them.
	Refused bool
	fields  map[string]Field
}

// NewRecord returns a record of the given medium made from a notice in
// another form, its fields' offsets in src.
func NewRecord(src *diag.Source, medium string, fields ...Field) *Record {
	r := &Record{Src: src, Medium: medium, fields: make(map[string]Field, len(fields))}
	for _, f := range fields {
		if f.Value != "" {
			r.fields[f.Key] = f
		}
	}
	return r
}

// Field returns the field named key; ok is false when the field is missing
// or holds "nan".
func (r *Record) Field(key string) (f Field, ok bool) {
	f, ok = r.fields[key]
	return f, ok
}

// Value returns the value of key, or "" when it is absent.
func (r *Record) Value(key string) string { return r.fields[key].Value }

// ReadFile reads the seed at path, refusing anything but a regular file
// no larger than MaxSize. The name used in positions is path as given.
func ReadFile(path string) (*Record, diag.List) {
	data, errs := Load(path)
	if errs != nil {
		return nil, errs
	}
	return Read(path, data)
}

// Load returns the bytes of the file at path, refusing anything but a
// regular file no larger than MaxSize (checked before it is read). Every
// medium's reader reads its file through it.
func Load(path string) ([]byte, diag.List) {
	fail := func(format string, args ...any) ([]byte, diag.List) {
		return nil, diag.List{diag.InFile(path, 0, diag.Unreadable, format, args...)}
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return fail("%v", unwrapPath(err))
	}
	if !fi.Mode().IsRegular() {
		return fail("not a regular file (%s)", fi.Mode().Type())
	}
	if fi.Size() > MaxSize {
		return nil, diag.List{tooLarge(path)}
	}
	// Opened without waiting, and checked again: a FIFO put in its place
	// since would otherwise hang the build.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return fail("%v", unwrapPath(err))
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		if cerr := f.Close(); cerr != nil {
			return fail("%v", unwrapPath(cerr))
		}
		return fail("not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail("%v", unwrapPath(err))
	}
	if len(data) > MaxSize {
		return nil, diag.List{tooLarge(path)}
	}
	return data, nil
}

// unwrapPath drops the path an *os.PathError repeats, since positions
// already name the file.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// Read parses data, the content of the file called name. It returns a nil
// Record when the text cannot be a notice (too large, not UTF-8, a required
// field missing), and otherwise the record together with any problems found
// in it.
func Read(name string, data []byte) (*Record, diag.List) {
	if len(data) > MaxSize {
		return nil, diag.List{tooLarge(name)}
	}
	src, errs := readSource(name, data)
	if errs != nil {
		return nil, errs
	}
	text := src.Text

	r := &Record{Src: src, fields: map[string]Field{}}
	seen := map[string]int{} // key → offset of its first occurrence
	stray := false           // text outside a field was reported
	var cur *Field
	discard := false // cur is a repeated key, whose value is dropped
	finish := func(end int) {
		if cur == nil || discard {
			return
		}
		cur.Value = strings.TrimRight(text[cur.Offset:end], " \t\r\n")
		if cur.Value != "" && cur.Value != "nan" {
			r.fields[cur.Key] = *cur
		}
		cur = nil
	}
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		line := text[off:end]
		if key, ok := keyOf(line); ok {
			finish(off)
			valueOff := off + len(key) + 1
			if strings.HasPrefix(text[valueOff:], " ") {
				valueOff++
			}
			first, dup := seen[key]
			if dup {
				errs.Add(src.Errorf(off, diag.RepeatedKey, "repeated key %q (first at line %d)", key, src.Position(first).Line))
			} else {
				seen[key] = off
			}
			cur, discard = &Field{Key: key, Offset: valueOff}, dup
		} else if cur == nil && !stray && strings.TrimSpace(line) != "" {
			// Text before the first key. Report it once per file.
			stray = true
			lead := len(line) - len(strings.TrimLeft(line, " \t"))
			errs.Add(src.Errorf(off+lead, diag.StrayText, "text outside a field; a field starts with a key such as %q", "title: "))
		}
		off = end + 1
	}
	finish(len(text))

	complete := true
	for _, key := range Required {
		if _, ok := r.fields[key]; !ok {
			complete = false
			if f, ok := seen[key]; ok {
				errs.Add(src.Errorf(f, diag.EmptyField, "empty field %q", key))
			} else {
				errs.Add(diag.InFile(name, 1, diag.MissingField, "missing field %q", key))
			}
		}
	}
	if !complete {
		errs.Add(src.Dropped())
		return nil, errs
	}
	return r, errs
}

// readSource checks data's encoding and returns its text as a Source: a
// byte order mark dropped, line ends made LF.
func readSource(name string, data []byte) (*diag.Source, diag.List) {
	text := strings.TrimPrefix(string(data), "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if !strings.Contains(text, "\n") {
		text = strings.ReplaceAll(text, "\r", "\n") // line ends of CR alone
	}
	src := diag.NewSource(name, text)
	if errs := checkEncoding(src); len(errs) > 0 {
		return nil, errs
	}
	return src, nil
}

// tooLarge is the error of a file over MaxSize.
func tooLarge(name string) *diag.Diagnostic {
	return diag.InFile(name, 1, diag.TooLarge, "file is larger than the %d MiB limit for a seed", MaxSize>>20)
}

// keyOf reports whether line starts a field, and with which key.
func keyOf(line string) (string, bool) {
	i := strings.IndexByte(line, ':')
	if i <= 0 {
		return "", false
	}
	key := line[:i]
	for _, k := range Keys {
		if k == key {
			return key, true
		}
	}
	return "", false
}

// checkEncoding reports invalid UTF-8, NUL bytes, the other control
// characters but tab and line feed (a CR left after the line ends are
// read, ESC, \x01, the C1 controls such as U+009B), and the characters
// that show nothing or reorder the text around them (diag.Invisible: a
// zero-width space, U+202E): published raw, they would break CSV, HTML and
// JSON readers differently, make two names that look alike differ (an area
// the gazetteer then cannot place), or, printed in a message, move a
// terminal. Every field is checked, the title included; a byte order mark
// is allowed only at the start of the file.
func checkEncoding(src *diag.Source) diag.List {
	var errs diag.List
	text := src.Text
	for i := 0; i < len(text) && len(errs) < maxEncodingErrors; {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			errs.Add(src.Errorf(i, diag.InvalidUTF8, "invalid UTF-8 byte 0x%02x; seeds must be UTF-8", text[i]))
		case r == 0:
			errs.Add(src.Errorf(i, diag.NULByte, "unexpected NUL byte"))
		case r == '\r':
			errs.Add(src.Errorf(i, diag.MixedLineEnds, "a line that ends in CR alone, in a file whose other lines end in LF or CRLF; use one kind of line end"))
		case r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f:
			errs.Add(src.Errorf(i, diag.ControlChar, "control character U+%04X; seeds may not hold control characters but tab and line ends", r))
		case r != '\n' && diag.Invisible(r):
			errs.Add(src.Errorf(i, diag.InvisibleChar, "invisible character U+%04X; seeds may not hold format, bidi or variation characters, which hide or reorder text", r))
		}
		i += size
	}
	return errs
}
