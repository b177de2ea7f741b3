package data

import (
	"reflect"
	"strings"
	"testing"
)

// TestColumnsFollowFields holds what is made from Fields (the CSV row
// gocsv marshals, the Parquet schema) and the JSON row the encoders are
// tested against to the data dictionary: same names, same order.
func TestColumnsFollowFields(t *testing.T) {
	var names []string
	for _, f := range Fields {
		names = append(names, f.Name)
	}
	tagged := func(rt reflect.Type, tag string) []string {
		var tags []string
		for i := range rt.NumField() {
			tags = append(tags, strings.Split(rt.Field(i).Tag.Get(tag), ",")[0])
		}
		return tags
	}
	var columns []string
	for _, f := range parquetSchema.Fields() {
		columns = append(columns, f.Name())
	}
	for _, got := range []struct {
		what  string
		names []string
	}{{"csv tags", tagged(csvRow, "csv")}, {"json tags", tagged(reflect.TypeFor[jsonRow](), "json")}, {"parquet columns", columns}} {
		if strings.Join(got.names, " ") != strings.Join(names, " ") {
			t.Errorf("%s %v, want the Fields %v", got.what, got.names, names)
		}
	}
}

// TestAccessors checks that every field has the one accessor of its type,
// and that the CSV text of each reads back the value it came from.
func TestAccessors(t *testing.T) {
	all, _ := cutTable()
	p := &all.Rows[2]
	for _, f := range Fields {
		var n int
		for _, set := range []bool{f.Int != nil, f.Number != nil, f.String != nil, f.Date != nil} {
			if set {
				n++
			}
		}
		want := map[string]bool{"integer": f.Int != nil, "number": f.Number != nil, "string": f.String != nil, "date": f.Date != nil}
		if n != 1 || !want[f.Type] {
			t.Errorf("%s (%s): %d accessors, or not the one of its type", f.Name, f.Type, n)
		}
		if f.Width <= 0 {
			t.Errorf("%s: no workbook width", f.Name)
		}
	}
	got := strings.Join(p.Values(), "|")
	want := "3|2|北京市|Beijing||区, \"2\"\n||||39.9|116.4|=1+1|2023-08-31|http://example.org/|pilot|39.901|116.406"
	if got != want {
		t.Errorf("Values = %q, want %q", got, want)
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+86": "'+86", "-黄浦区": "'-黄浦区", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"朝阳区": "朝阳区", "": "", "a=b": "a=b",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}
