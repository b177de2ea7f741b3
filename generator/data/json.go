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
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	bw.WriteString("[")
	for i := range t.Pilots {
		buf.Reset()
		if err := enc.Encode(newJSONRow(&t.Pilots[i])); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
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
