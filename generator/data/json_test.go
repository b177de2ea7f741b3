package data

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bianmin-data/pilots/generator/lists"
)

// The reference the encoders are held to: what encoding/json makes of a
// pilot's jsonRow, and of a GeoJSON Feature around it.

// jsonRow is a pilot as a JSON object, written out by hand as an
// independent statement of pilots.json: exactly the keys of Fields, in
// their order, absent values as null (TestColumnsFollowFields holds the
// tags to Fields).
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
	List         string   `json:"list"`
	GCJLatitude  *float64 `json:"gcj02_latitude"`
	GCJLongitude *float64 `json:"gcj02_longitude"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func newJSONRow(p *Row) jsonRow {
	r := jsonRow{
		Batch: p.Batch, Seq: p.Seq, Province: p.Province,
		ProvinceEN: nullable(p.ProvinceEN), ProvinceCode: nullable(p.ProvinceCode),
		Area: p.Area, AreaEN: nullable(p.AreaEN), DivisionCode: nullable(p.DivisionCode),
		Level: nullable(p.Level), Note: nullable(p.Note),
		IssuedOn: p.IssuedOn.Format(Date), SourceURL: p.SourceURL, List: p.List.String(),
	}
	if p.Point != nil {
		r.Latitude, r.Longitude = &p.Point.Lat, &p.Point.Lon
		r.GCJLatitude, r.GCJLongitude = &p.Point.GCJLat, &p.Point.GCJLon
	}
	return r
}

type geoFeature struct {
	Type     string `json:"type"`
	Geometry *struct {
		Type        string     `json:"type"`
		Coordinates [2]float64 `json:"coordinates"`
	} `json:"geometry"`
	Properties jsonRow `json:"properties"`
}

func newGeoFeature(p *Row) geoFeature {
	f := geoFeature{Type: "Feature", Properties: newJSONRow(p)}
	if p.Point != nil {
		f.Geometry = &struct {
			Type        string     `json:"type"`
			Coordinates [2]float64 `json:"coordinates"`
		}{"Point", [2]float64{p.Point.Lon, p.Point.Lat}}
	}
	return f
}

func encodingJSON(t *testing.T, v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// valid replaces each byte of s that is not UTF-8 with U+FFFD, as
// appendString does. encoding/json does too, but Go 1.26 writes the
// replacement as the escape \ufffd and Go 1.27 as the character, so the
// reference is given valid text and holds on either.
func valid(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r) // an invalid byte ranges as one utf8.RuneError
	}
	return b.String()
}

// FuzzAppendRow holds appendRow and appendFeature to encoding/json, on
// strings of any bytes (quotes, control characters, U+2028, invalid
// UTF-8, HTML) and floats of any size.
func FuzzAppendRow(f *testing.F) {
	f.Add("北京市", "朝阳区", "Chaoyang District", "", 39.921489, 116.486409, true)
	f.Add("a\"b\\c", "<x>&'y'", "\b\f\n\r\t\x00\x1f\x7f", "\u2028\u2029\ufffd", 1e-7, -1e21, true)
	f.Add("\xff\xfe", "x\xe2\x80", "=1+1", "计划单列市", 0.0, math.Copysign(0, -1), false)
	f.Add("", "", "", "", 123456789012345678901234.0, 5e-324, true)
	f.Fuzz(func(t *testing.T, province, area, areaEN, note string, lat, lon float64, point bool) {
		if math.IsNaN(lat) || math.IsInf(lat, 0) || math.IsNaN(lon) || math.IsInf(lon, 0) {
			return // not numbers in JSON; the gazetteer has none
		}
		p := Row{Batch: 3, Seq: 12, Province: province, ProvinceEN: areaEN, ProvinceCode: note,
			Area: area, AreaEN: areaEN, DivisionCode: province, Level: area, Note: note,
			IssuedOn: time.Date(2023, 8, 31, 0, 0, 0, 0, time.UTC), SourceURL: area + note, List: lists.Default().Kinds[0]}
		if point {
			p.Point = &Point{Lat: lat, Lon: lon, GCJLat: lon, GCJLon: lat}
		}
		ref := p
		for _, s := range []*string{&ref.Province, &ref.ProvinceEN, &ref.ProvinceCode, &ref.Area, &ref.AreaEN, &ref.DivisionCode, &ref.Level, &ref.Note, &ref.SourceURL} {
			*s = valid(*s)
		}
		if got, want := appendRow(nil, &p), encodingJSON(t, newJSONRow(&ref)); !bytes.Equal(got, want) {
			t.Errorf("appendRow:\n%s\nencoding/json:\n%s", got, want)
		}
		if got, want := appendFeature(nil, &p), encodingJSON(t, newGeoFeature(&ref)); !bytes.Equal(got, want) {
			t.Errorf("appendFeature:\n%s\nencoding/json:\n%s", got, want)
		}
	})
}
