package seed

import (
	"regexp"
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
	"source": "input_url", "来源": "input_url", "url": "input_url", "原文链接": "input_url", "原文地址": "input_url",
	"date": "date", "日期": "date",
}

// ReadText reads a notice pasted as text from its page, the file called
// name: optionally a few "key: value" lines on top (TextKeys: title,
// source, date), then the notice's text. Without a title line the title
// is the text's first line that is no key's, and the keys may follow it
// (a title, then 来源：http://…); a source line that gives no address
// (来源：商务部) is passed over. The body starts at the first other line. The result is a Record of medium "text" whose
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
		switch {
		case ok && key == "input_url" && !isAddress(value):
			// 来源：商务部流通发展司, a line of the head that gives no address
		case ok:
			if seen[key] {
				errs.Add(src.Errorf(off, diag.RepeatedKey, "repeated key %q", line[:strings.IndexAny(line, ":：")]))
			}
			seen[key] = true
			fields = append(fields, Field{Key: key, Value: value, Offset: off + at})
		case !seen["title"]:
			// The title is the first line that is no key's: the keys may
			// follow it (a title, then 来源：…).
			lead := len(line) - len(strings.TrimLeft(line, " \t\u3000"))
			fields = append(fields, Field{Key: "title", Value: strings.TrimSpace(line), Offset: off + lead})
			seen["title"] = true
		default:
			end = -1 // the body starts here
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	off = min(off, len(text))
	body := strings.TrimRight(text[off:], " \t\n\u3000")
	lead := len(body) - len(strings.TrimLeft(body, " \t\n\u3000"))
	if strings.TrimSpace(body) == "" {
		errs.Add(diag.InFile(name, 0, diag.MissingField, "no text: the file holds a title and nothing after it"))
		return nil, errs
	}
	fields = append(fields, Field{Key: "resulting_text", Value: body[lead:], Offset: off + lead})
	return NewRecord(src, "text", fields...), errs
}

// noteRe is a note under a list's table: 注：, 备注：, 附注：, 说明：, 注1：.
var noteRe = regexp.MustCompile(`^(?:注|备注|附注|说明)\s*[0-9０-９]?\s*[：:]`)

// IsNote reports whether s, the text of a row or line under a list's
// table, is a note (注：试点地区按行政区划序列排序，共70个。): a note ends the
// list, in a pasted text as in an attachment's table.
func IsNote(s string) bool { return noteRe.MatchString(strings.TrimSpace(s)) }

// isAddress reports whether s is a web address, as a source line gives one.
func isAddress(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
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
