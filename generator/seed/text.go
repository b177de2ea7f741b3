package seed

import (
	"strings"
	"unicode"

	"github.com/bianmin-data/pilots/generator/diag"
)

// IsRecord reports whether data is a record in the scraper's format: its
// first line that is not blank starts with one of Keys and a colon. Any
// other .txt file is pasted text (ReadText).
func IsRecord(data []byte) bool {
	text := strings.TrimPrefix(string(data[:min(len(data), 4096)]), "\uFEFF")
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		_, ok := keyOf(strings.TrimRight(line, "\r\n"))
		return ok
	}
	return false
}

// TextKeys are the lines pasted text may start with, each mapped to the
// record field it gives: the title, the source address and the
// publication date.
var TextKeys = map[string]string{
	"title": "title", "标题": "title",
	"source": "input_url", "来源": "input_url", "url": "input_url",
	"date": "date", "日期": "date",
}

// ReadText reads a notice pasted as text from its page, the file called
// name: optionally a few "key: value" lines on top (TextKeys: title,
// source, date), then the notice's text. Without a title line the title
// is the text's first line. The result is a Record of medium "text" whose
// fields are at their places in the file, so positions need no mapping.
// Time and memory are linear in the text.
func ReadText(name string, data []byte) (*Record, diag.List) {
	if len(data) > MaxSize {
		return nil, diag.List{tooLarge(name)}
	}
	src, errs := readSource(name, data)
	if errs != nil {
		return nil, errs
	}
	text := src.Text
	var fields []Field
	seen := map[string]bool{}
	off := 0
	for off < len(text) {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		line := text[off : off+end]
		if strings.TrimSpace(line) == "" {
			off += end + 1
			continue
		}
		key, value, at, ok := textKey(line)
		if !ok {
			break
		}
		if seen[key] {
			errs.Add(src.Errorf(off, diag.RepeatedKey, "repeated key %q", line[:strings.IndexAny(line, ":：")]))
		}
		seen[key] = true
		fields = append(fields, Field{Key: key, Value: value, Offset: off + at})
		off += end + 1
	}
	off = min(off, len(text))
	if !seen["title"] {
		// The title is the text's first line.
		lead := len(text[off:]) - len(strings.TrimLeft(text[off:], " \t\n\u3000"))
		off += lead
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		if t := strings.TrimSpace(text[off : off+end]); t != "" {
			fields = append(fields, Field{Key: "title", Value: t, Offset: off})
		}
		off = min(len(text), off+end+1)
	}
	body := strings.TrimRight(text[off:], " \t\n\u3000")
	lead := len(body) - len(strings.TrimLeft(body, " \t\n\u3000"))
	if strings.TrimSpace(body) == "" {
		errs.Add(diag.InFile(name, 0, diag.MissingField, "no text: the file holds a title and nothing after it"))
		return nil, errs
	}
	fields = append(fields, Field{Key: "resulting_text", Value: body[lead:], Offset: off + lead})
	return NewRecord(src, "text", fields...), errs
}

// textKey reads a "key: value" line of pasted text's head, with an ASCII or
// full-width colon; ok is false for any other line.
func textKey(line string) (key, value string, at int, ok bool) {
	i := strings.IndexAny(line, ":：")
	if i <= 0 {
		return "", "", 0, false
	}
	field, known := TextKeys[strings.ToLower(strings.TrimSpace(line[:i]))]
	if !known {
		return "", "", 0, false
	}
	sep := ":"
	if strings.HasPrefix(line[i:], "：") {
		sep = "："
	}
	rest := line[i+len(sep):]
	value = strings.TrimSpace(rest)
	at = i + len(sep) + len(rest) - len(strings.TrimLeftFunc(rest, unicode.IsSpace)) // the value's own offset, never its key's
	return field, value, at, value != ""
}
