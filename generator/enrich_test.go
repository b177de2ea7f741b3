package generator

import (
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/lists"
)

// TestEnrichSeed checks that every pilot of the seed is placed: a code, a
// province code, a level, English names and a seat point.
func TestEnrichSeed(t *testing.T) {
	ds, diags := Load(seedDir, lists.Default())
	if len(diags) > 0 {
		t.Fatalf("diagnostics on the seed:\n%v", diags)
	}
	if len(ds.Table.Rows) != 70 {
		t.Fatalf("%d pilots, want 70", len(ds.Table.Rows))
	}
	for _, p := range ds.Table.Rows {
		if len(p.DivisionCode) != 6 || p.ProvinceCode != p.DivisionCode[:2]+"0000" || p.Level == "" ||
			p.AreaEN == "" || p.ProvinceEN == "" || p.Point == nil {
			t.Errorf("row %d %s %s is not fully placed: %+v", p.Seq, p.Province, p.Area, p)
		}
	}
}

// TestEnrichWarnings checks that an area the gazetteer cannot place, or
// places ambiguously, is kept without a code and reported as a warning at
// its position, with candidates.
func TestEnrichWarnings(t *testing.T) {
	ds, diags := Load("../testdata/notices-unplaced", lists.Default())
	if err := diags.Err(); err != nil {
		t.Fatalf("warnings must not be errors: %v", err)
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.Error())
	}
	want := []string{
		`../testdata/notices-unplaced/batch5.txt:2:81: warning: annex row 1: the gazetteer has no "光明新区" in 重庆市; it is published without a code; nearest: 两江新区 (no code), 500101 万州区, 500102 涪陵区`,
		`../testdata/notices-unplaced/batch5.txt:2:92: warning: annex row 2: "鼓楼区" matches several areas of 江苏省, so none is chosen: 320106 鼓楼区 (南京市), 320302 鼓楼区 (徐州市)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	p := ds.Table.Rows
	if len(p) != 3 || p[0].DivisionCode != "" || p[0].Level != "new_area" || p[1].DivisionCode != "" || p[2].DivisionCode != "320583" {
		t.Errorf("pilots: %+v", p)
	}
}
