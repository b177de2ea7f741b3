package notice

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/diag"
)

// seedRows are the seed's rows, seq province area, as the flattened table
// of the seed gives them.
func seedRows(t *testing.T) []string {
	t.Helper()
	return rowText(loadFile(t, "../../seeds/000_b650c5b04f2a9d19.txt"))
}

func rowText(n *Notice) []string {
	var out []string
	for _, l := range n.Lists {
		for _, r := range l.Rows {
			out = append(out, fmt.Sprintf("%s %d %d %s %s", l.Kind, l.Batch, r.Seq, r.Province, r.Area))
		}
	}
	return out
}

// TestLayouts reads the seed written in each layout a notice comes in
// (testdata/layouts, made from the seed): each gives exactly the seed's 70
// rows, every row's area at its own text, and its stated count checked.
func TestLayouts(t *testing.T) {
	want := seedRows(t)
	if len(want) != 70 {
		t.Fatalf("the seed has %d rows", len(want))
	}
	for _, layout := range []string{"pipe", "cells", "grouped", "prose"} {
		t.Run(layout, func(t *testing.T) {
			n := loadFile(t, "../../testdata/layouts/"+layout+".txt")
			if got := rowText(n); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%d rows:\n%s\nwant the seed's %d", len(got), strings.Join(got, "\n"), len(want))
			}
			for _, r := range n.Lists[0].Rows {
				if !strings.HasPrefix(n.Src.Text[r.AreaOff:], r.Area) {
					t.Errorf("row %d: the area's offset %d is not at %q", r.Seq, r.AreaOff, r.Area)
				}
			}
			if n.Lists[0].StatedCount != 70 {
				t.Errorf("stated count %d", n.Lists[0].StatedCount)
			}
		})
	}
}

// TestLayoutsCutOff cuts each layout's list off just before the area of
// row 36, as a scraper that stopped there would, and checks that the
// notice is refused at the row where it stops: a cut-off error at the end
// of what is left of the list.
func TestLayoutsCutOff(t *testing.T) {
	for _, layout := range []string{"pipe", "cells", "grouped", "prose", "flat", "html-only"} {
		t.Run(layout, func(t *testing.T) {
			path := "../../testdata/layouts/" + layout + ".txt"
			if layout == "flat" {
				path = "../../seeds/000_b650c5b04f2a9d19.txt"
			}
			full := loadFile(t, path)
			cut := full.Lists[0].Rows[35].AreaOff
			text := full.Src.Text
			rest := text[cut:]
			next := "\ninput_url" // the field after the list's
			if layout == "html-only" {
				next = "\ntitle:"
			}
			seed := text[:cut] + rest[strings.Index(rest, next):]
			_, errs := load("cut.txt", []byte(seed))
			var cuts []string
			for _, e := range errs {
				if e.Code == "cut-off" {
					cuts = append(cuts, e.Error())
					// Between the last row left and the cut.
					from, to := full.Src.Position(full.Lists[0].Rows[34].AreaOff), full.Src.Position(cut)
					if before(e.Pos, from) || before(to, e.Pos) {
						t.Errorf("cut off at %v, after row 35 at %v, but reported at %v", to, from, e.Pos)
					}
				}
			}
			if len(cuts) != 1 {
				t.Errorf("%d cut-off errors, want 1:\n%s", len(cuts), errs)
			}
		})
	}
}

// TestNotRows checks that numbers that are not rows stay out of a list:
// a date, a count, page chrome and an image's name, and that a write-up
// without the list is refused as having none.
func TestNotRows(t *testing.T) {
	seed := strings.Replace(small("2", header, "1 北京市 朝阳区 2 海淀区 1 阅读:751 1-1510300U045253"), "各地：", "各地： 2021年以来共建成便民生活圈150个。", 1)
	n, errs := load("x.txt", []byte(seed))
	if len(errs) != 0 || strings.Join(rowText(n), "|") != "pilot 3 1 北京市 朝阳区|pilot 3 2 北京市 海淀区" {
		t.Errorf("got %v, %v", rowText(n), errs)
	}
	seed = strings.Replace(small("2", header, "1 北京市 朝阳区 2 海淀区 1-1510300U045253"), "各地：", "各地： 2021年以来。", 1)
	if n, errs = load("x.txt", []byte(seed)); len(errs) != 0 || len(n.Lists[0].Rows) != 2 {
		t.Errorf("an image's name after the list: %v, %v", rowText(n), errs)
	}
	news := "title: 第三批城市一刻钟便民生活圈试点名单公布\nresulting_text: 记者获悉，商务部等13部门公布了第三批试点名单，共70个，阅读:751 2023年9月7日 北京报道。\ninput_url: http://news.example.cn/a.html\ndate: 2023-09-07\n"
	if _, errs := load("news.txt", []byte(news)); len(errs) == 0 || errs[0].Code != "no-list" {
		t.Errorf("a write-up without the list: %v", errs)
	}
}

// before reports whether a comes before b in a file.
func before(a, b diag.Position) bool { return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col }

// TestHTMLTable reads the notice page of a seed's html field: its table,
// with rowspan (the merged province cells) and colspan, gives the seed's
// 70 rows, positioned at their cells in the field, when the text is cut
// off before its annex; and when the text has its list too, the two must
// agree, or the notice is refused naming both places.
func TestHTMLTable(t *testing.T) {
	want := seedRows(t)
	n := loadFile(t, "../../testdata/layouts/html.txt")
	if got := rowText(n); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the text and the page agreeing: %d rows", len(got))
	}
	n = loadFile(t, "../../testdata/layouts/html-only.txt")
	if got := rowText(n); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the page alone: %d rows:\n%s", len(got), strings.Join(got, "\n"))
	}
	r := n.Lists[0].Rows[1] // 2 海淀区, under the 北京市 cell spanning five rows
	if pos := n.Src.Position(r.AreaOff); pos.Line != 11 || pos.Col != 3 || !strings.HasPrefix(n.Src.Text[r.AreaOff:], "海淀区") {
		t.Errorf("row 2's area at %v", pos)
	}
	_, errs := load("x.txt", mustReadFile(t, "../../testdata/layouts/html-disagrees.txt"))
	if len(errs) != 1 || errs[0].Code != "page-disagrees" || !strings.Contains(errs[0].Msg, `annex row 24: the text has "江苏省 泰州市", the page's table (at x.txt:`) || !strings.Contains(errs[0].Msg, `) "江苏省 台州市"`) {
		t.Errorf("a page that disagrees: %v", errs)
	}
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAreaWithoutLetters refuses, in a list grouped by province, an
// "area" with no letter in it: 兵团：0 is no list of areas, and a row of
// area 0 would be read as a number in a table (FuzzLayouts found it).
func TestAreaWithoutLetters(t *testing.T) {
	for _, list := range []string{"兵团：0", "北京市：朝阳区、12"} {
		_, errs := load("x.txt", []byte(strings.Replace(small("2", "", list), "附件 名单  ", "附件 全国第三批试点名单 ", 1)))
		found := false
		for _, e := range errs {
			found = found || e.Code == "no-area" && strings.Contains(e.Msg, "is no area's name (it has no letter)")
		}
		if !found {
			t.Errorf("%s: %v; want an area without a letter refused", list, errs)
		}
	}
}
