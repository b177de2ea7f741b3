package data

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// jsonRow is a pilot as a JSON object: exactly the keys of Fields, in their
// order, absent values as null (a test holds the tags and Fields together).
type jsonRow struct {
	Batch        int      `json:"batch"`
	Seq          int      `json:"seq"`
	Province     string   `json:"province"`
	ProvinceEN   *string  `json:"province_en"`
	ProvinceCode *string  `json:"province_code"`
	Area         string   `json:"area"`
	AreaEN       *string  `json:"area_en"`
	DivisionCode *string  `json:"division_code"`
	Level        *string  `json:"level"`
	Latitude     *float64 `json:"latitude"`
	Longitude    *float64 `json:"longitude"`
	Note         *string  `json:"note"`
	IssuedOn     string   `json:"issued_on"`
	SourceURL    string   `json:"source_url"`
}

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
func cutArray(w io.Writer, t *Table, head, tail string, appendValue func([]byte, *Pilot) []byte) (map[int][]Range, error) {
	ow := &offsetWriter{w: w}
	bw := bufio.NewWriterSize(ow, 64<<10)
	offset := func() int64 { return ow.n + int64(bw.Buffered()) }
	var buf []byte
	bw.WriteString(head)
	starts := runs(t.Pilots)
	var offsets []int64 // where each run begins, before its separator
	for i := range t.Pilots {
		if len(offsets) < len(starts)-1 && i == starts[len(offsets)] {
			offsets = append(offsets, offset())
		}
		buf = appendValue(buf[:0], &t.Pilots[i])
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
		cuts[t.Pilots[starts[i]].Batch] = []Range{{0, int64(len(head))}, {from, to}, {end, closing}}
	}
	return cuts, bw.Flush()
}

// appendRow appends p as its object in pilots.json: the keys of Fields in
// their order, absent values as null, strings as encoding/json writes them
// without HTML escapes. It is what encoding/json makes of a jsonRow, which
// FuzzAppendRow holds it to, without reflection: encoding/json was a tenth
// of a 100,000-row build.
func appendRow(b []byte, p *Pilot) []byte {
	b = append(b, `{"batch":`...)
	b = strconv.AppendInt(b, int64(p.Batch), 10)
	b = append(b, `,"seq":`...)
	b = strconv.AppendInt(b, int64(p.Seq), 10)
	b = append(b, `,"province":`...)
	b = appendString(b, p.Province)
	b = appendNullable(b, `,"province_en":`, p.ProvinceEN)
	b = appendNullable(b, `,"province_code":`, p.ProvinceCode)
	b = append(b, `,"area":`...)
	b = appendString(b, p.Area)
	b = appendNullable(b, `,"area_en":`, p.AreaEN)
	b = appendNullable(b, `,"division_code":`, p.DivisionCode)
	b = appendNullable(b, `,"level":`, p.Level)
	if p.Point != nil {
		b = append(b, `,"latitude":`...)
		b = appendFloat(b, p.Point.Lat)
		b = append(b, `,"longitude":`...)
		b = appendFloat(b, p.Point.Lon)
	} else {
		b = append(b, `,"latitude":null,"longitude":null`...)
	}
	b = appendNullable(b, `,"note":`, p.Note)
	b = append(b, `,"issued_on":"`...)
	b = p.IssuedOn.AppendFormat(b, Date)
	b = append(b, `","source_url":`...)
	b = appendString(b, p.SourceURL)
	return append(b, '}')
}

// appendFeature appends p as a GeoJSON Feature: its seat point at
// [longitude, latitude], or a null geometry, and its row as properties.
func appendFeature(b []byte, p *Pilot) []byte {
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

// appendNullable appends key, then s as a string, or null when s is empty.
func appendNullable(b []byte, key, s string) []byte {
	b = append(b, key...)
	if s == "" {
		return append(b, "null"...)
	}
	return appendString(b, s)
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

// ReadJSON reads a pilots.json back into pilots, for comparing a build
// with the previous one.
func ReadJSON(b []byte) ([]Pilot, error) {
	var rows []jsonRow
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, err
	}
	str := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	out := make([]Pilot, len(rows))
	for i, r := range rows {
		issued, err := time.Parse(Date, r.IssuedOn)
		if err != nil {
			return nil, err
		}
		out[i] = Pilot{
			Batch: r.Batch, Seq: r.Seq, Province: r.Province, ProvinceEN: str(r.ProvinceEN), ProvinceCode: str(r.ProvinceCode),
			Area: r.Area, AreaEN: str(r.AreaEN), DivisionCode: str(r.DivisionCode), Level: str(r.Level),
			Note: str(r.Note), IssuedOn: issued, SourceURL: r.SourceURL,
		}
		if r.Latitude != nil && r.Longitude != nil {
			out[i].Point = &Point{Lat: *r.Latitude, Lon: *r.Longitude}
		}
	}
	return out, nil
}
