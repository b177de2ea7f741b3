package data

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"time"
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

// nullable returns nil for the empty string.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func newJSONRow(p *Pilot) jsonRow {
	r := jsonRow{
		Batch: p.Batch, Seq: p.Seq, Province: p.Province,
		ProvinceEN: nullable(p.ProvinceEN), ProvinceCode: nullable(p.ProvinceCode),
		Area: p.Area, AreaEN: nullable(p.AreaEN), DivisionCode: nullable(p.DivisionCode),
		Level: nullable(p.Level), Note: nullable(p.Note),
		IssuedOn: p.IssuedOn.Format(Date), SourceURL: p.SourceURL,
	}
	if p.Point != nil {
		r.Latitude, r.Longitude = &p.Point.Lat, &p.Point.Lon
	}
	return r
}

// WriteJSON writes the table as a JSON array of objects, one per line,
// UTF-8 without \u escapes, ending in a newline.
func WriteJSON(w io.Writer, t *Table) error {
	_, err := cutJSON(w, t)
	return err
}

// cutJSON writes the table like WriteJSON, and returns for each batch's
// run of rows the opening bracket, its rows (without the comma before the
// first), and the closing bracket (Format.Cut).
func cutJSON(w io.Writer, t *Table) (map[int][]Range, error) {
	ow := &offsetWriter{w: w}
	bw := bufio.NewWriterSize(ow, 64<<10)
	offset := func() int64 { return ow.n + int64(bw.Buffered()) }
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	bw.WriteString("[")
	starts := runs(t.Pilots)
	var offsets []int64 // where each run begins, before its separator
	for i := range t.Pilots {
		if len(offsets) < len(starts)-1 && i == starts[len(offsets)] {
			offsets = append(offsets, offset())
		}
		buf.Reset()
		if err := enc.Encode(newJSONRow(&t.Pilots[i])); err != nil {
			return nil, err
		}
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	end := offset()
	bw.WriteString("\n]\n")
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
		cuts[t.Pilots[starts[i]].Batch] = []Range{{0, 1}, {from, to}, {end, closing}}
	}
	return cuts, bw.Flush()
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
