package data

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// WriteJSON writes the table as a JSON array of objects, one per line,
// UTF-8 without \u escapes, ending in a newline.
func WriteJSON(w io.Writer, t *Table) error {
	_, err := cutJSON(w, t)
	return err
}

// cutJSON writes the table like WriteJSON (Format.Cut).
func cutJSON(w io.Writer, t *Table) (map[int][]Range, error) {
	return cutArray(w, t, "[", "\n]\n", appendRow)
}

// WriteGeoJSON writes the table as a GeoJSON FeatureCollection (RFC 7946),
// a Feature per line, laid out as WriteJSON: each pilot's seat point, or a
// null geometry when it has none, with the row of pilots.json as its
// properties.
func WriteGeoJSON(w io.Writer, t *Table) error {
	_, err := cutGeoJSON(w, t)
	return err
}

// cutGeoJSON writes the table like WriteGeoJSON (Format.Cut).
func cutGeoJSON(w io.Writer, t *Table) (map[int][]Range, error) {
	return cutArray(w, t, `{"type":"FeatureCollection","features":[`, "\n]}\n", appendFeature)
}

// cutArray writes head, then each pilot as JSON (by appendValue) on a line
// of its own, separated by commas, then tail. It returns for each batch's
// run of rows head, its rows (without the comma before the first), and
// tail (Format.Cut).
func cutArray(w io.Writer, t *Table, head, tail string, appendValue func([]byte, *Row) []byte) (map[int][]Range, error) {
	ow := &offsetWriter{w: w}
	bw := bufio.NewWriterSize(ow, 64<<10)
	offset := func() int64 { return ow.n + int64(bw.Buffered()) }
	var buf []byte
	bw.WriteString(head)
	starts := runs(t.Rows)
	var offsets []int64 // where each run begins, before its separator
	for i := range t.Rows {
		if len(offsets) < len(starts)-1 && i == starts[len(offsets)] {
			offsets = append(offsets, offset())
		}
		buf = appendValue(buf[:0], &t.Rows[i])
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  ")
		bw.Write(buf)
	}
	end := offset()
	bw.WriteString(tail)
	closing := offset()
	cuts := map[int][]Range{}
	for i, from := range offsets {
		if i > 0 {
			from++ // the comma that joins the run to the one before
		}
		to := end
		if i+1 < len(offsets) {
			to = offsets[i+1]
		}
		cuts[t.Rows[starts[i]].Batch] = []Range{{0, int64(len(head))}, {from, to}, {end, closing}}
	}
	return cuts, bw.Flush()
}

// jsonKeys are the keys of pilots.json's objects, in Fields order, each
// with the punctuation before it: {"batch": then ,"seq": and so on.
var jsonKeys = func() []string {
	keys := make([]string, len(Fields))
	for i, f := range Fields {
		sep := ","
		if i == 0 {
			sep = "{"
		}
		keys[i] = sep + string(appendString(nil, f.Name)) + ":"
	}
	return keys
}()

// appendRow appends p as its object in pilots.json: the keys of Fields in
// their order, absent values as null (a required string is never null),
// strings as encoding/json writes them without HTML escapes. It is what
// encoding/json makes of the row, which FuzzAppendRow holds it to, without
// reflection: encoding/json was a tenth of a 100,000-row build.
func appendRow(b []byte, p *Row) []byte {
	for i := range Fields {
		f := &Fields[i]
		b = append(b, jsonKeys[i]...)
		switch {
		case f.Int != nil:
			b = strconv.AppendInt(b, int64(f.Int(p)), 10)
		case f.Number != nil:
			if v, ok := f.Number(p); ok {
				b = appendFloat(b, v)
			} else {
				b = append(b, "null"...)
			}
		case f.Date != nil:
			b = append(b, '"')
			b = f.Date(p).AppendFormat(b, Date)
			b = append(b, '"')
		default:
			if s := f.String(p); s != "" || f.Required {
				b = appendString(b, s)
			} else {
				b = append(b, "null"...)
			}
		}
	}
	return append(b, '}')
}

// appendFeature appends p as a GeoJSON Feature: its seat point at
// [longitude, latitude], or a null geometry, and its row as properties.
func appendFeature(b []byte, p *Row) []byte {
	b = append(b, `{"type":"Feature","geometry":`...)
	if p.Point != nil {
		b = append(b, `{"type":"Point","coordinates":[`...)
		b = appendFloat(b, p.Point.Lon)
		b = append(b, ',')
		b = appendFloat(b, p.Point.Lat)
		b = append(b, "]}"...)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"properties":`...)
	b = appendRow(b, p)
	return append(b, '}')
}

// appendString appends s quoted as encoding/json quotes it without HTML
// escapes: \" and \\, the short escapes \b \f \n \r \t, \u00XX for the
// other control characters, \u2028 and \u2029 (which JavaScript does not
// allow in a string), and a U+FFFD character for each invalid UTF-8 byte.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, `\b`...)
			case '\f':
				b = append(b, `\f`...)
			case '\n':
				b = append(b, `\n`...)
			case '\r':
				b = append(b, `\r`...)
			case '\t':
				b = append(b, `\t`...)
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendFloat appends f as encoding/json writes a float64: the shortest
// decimal that reads back the same, in exponent form only below 1e-6 or
// from 1e21 on, with a one-digit exponent where it has one.
func appendFloat(b []byte, f float64) []byte {
	abs, format := math.Abs(f), byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// writeIndented writes v as indented JSON without HTML escapes, ending in a
// newline: the form of every metadata file.
func writeIndented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// object is a JSON object that keeps its keys in the order given, so the
// metadata reads in a sensible order rather than alphabetically.
type object []member

type member struct {
	key   string
	value any
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		var v bytes.Buffer
		enc := json.NewEncoder(&v)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m.value); err != nil {
			return nil, err
		}
		b.Write(bytes.TrimSuffix(v.Bytes(), []byte("\n")))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// readJSON reads a pilots.json back into the text of its cells, as
// Values gives them, one row per object, for comparing a build with the
// previous one. A key that Fields does not name is ignored; a missing one
// or null is an empty cell.
func readJSON(b []byte) ([][]string, error) {
	var objects []map[string]json.RawMessage
	if err := json.Unmarshal(b, &objects); err != nil {
		return nil, err
	}
	rows := make([][]string, len(objects))
	for i, o := range objects {
		rows[i] = make([]string, len(Fields))
		for j, f := range Fields {
			raw, ok := o[f.Name]
			if !ok || string(raw) == "null" {
				continue
			}
			switch {
			case f.Int != nil:
				var n int
				if err := json.Unmarshal(raw, &n); err != nil {
					return nil, fmt.Errorf("row %d: %s: %w", i+1, f.Name, err)
				}
				rows[i][j] = strconv.Itoa(n)
			case f.Number != nil:
				var v float64
				if err := json.Unmarshal(raw, &v); err != nil {
					return nil, fmt.Errorf("row %d: %s: %w", i+1, f.Name, err)
				}
				rows[i][j] = strconv.FormatFloat(v, 'f', -1, 64)
			default:
				if err := json.Unmarshal(raw, &rows[i][j]); err != nil {
					return nil, fmt.Errorf("row %d: %s: %w", i+1, f.Name, err)
				}
			}
		}
	}
	return rows, nil
}
