package data

import (
	"reflect"
	"strings"
	"testing"
)

// TestColumnsFollowFields holds the CSV and JSON row types to the data
// dictionary: same names, same order.
func TestColumnsFollowFields(t *testing.T) {
	var names []string
	for _, f := range Fields {
		names = append(names, f.Name)
	}
	for _, typ := range []struct {
		v   any
		tag string
	}{{csvRow{}, "csv"}, {jsonRow{}, "json"}} {
		rt := reflect.TypeOf(typ.v)
		var tags []string
		for i := range rt.NumField() {
			tags = append(tags, strings.Split(rt.Field(i).Tag.Get(typ.tag), ",")[0])
		}
		if strings.Join(tags, " ") != strings.Join(names, " ") {
			t.Errorf("%s tags %v, want the Fields %v", typ.tag, tags, names)
		}
	}
	if len(columnWidths) != len(Fields) {
		t.Errorf("%d column widths for %d fields", len(columnWidths), len(Fields))
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
