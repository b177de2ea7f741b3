package medium

import (
	"fmt"
	"strings"
	"testing"
)

// cjkPDF is a one-page PDF whose lines are drawn in a simple font whose
// ToUnicode map gives each byte of the lines its character (as a subset
// font maps its codes), at the given y, from x 50 on, a cell each 100
// points; rules are drawn as given (x y w h re).
func cjkPDF(lines map[float64][]string, rules string, form bool) []byte {
	chars := []rune("序号省地区北京市天津朝阳海淀河北0123456789")
	var bf strings.Builder
	code := map[rune]byte{}
	for i, r := range chars {
		code[r] = byte(0x21 + i)
		fmt.Fprintf(&bf, "<%02X> <%04X>\n", 0x21+i, r)
	}
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange " +
		fmt.Sprintf("%d beginbfchar\n%sendbfchar endcmap CMapName currentdict /CMap defineresource pop end end", len(chars), bf.String())
	var content strings.Builder
	for y, cells := range lines {
		for i, c := range cells {
			var hex strings.Builder
			for _, r := range c {
				fmt.Fprintf(&hex, "%02X", code[r])
			}
			fmt.Fprintf(&content, "BT /F1 10 Tf %d %.1f Td <%s> Tj ET\n", 50+100*i, y, hex.String())
		}
	}
	content.WriteString(rules)
	page, xobject := stream(content.String()), "<< >>"
	if form { // the page draws a form that holds the text, as some producers do
		page, xobject = stream("q 1 0 0 1 0 -100 cm /X1 Do Q"), fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 600 900] /Matrix [1 0 0 1 0 100] /Resources << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String())
	}
	return pdfOf([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X1 7 0 R >> >> >>",
		page,
		"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Sub /FirstChar 33 /LastChar 64 /Widths [" + strings.Repeat("1000 ", 32) + "] /ToUnicode 6 0 R >>",
		stream(cmap), xobject}, "")
}

// TestPDFTable rebuilds tables from glyphs at their places: a merged cell
// whose name is on its first row's line (no rules needed), one centred in
// its block between the rules that cross its column (drawn on the page, or
// in a form the page draws), and one centred with no rules to tell its
// rows, which is refused.
func TestPDFTable(t *testing.T) {
	header := []string{"序号", "省", "地区"}
	for _, tc := range []struct {
		name  string
		lines map[float64][]string
		rules string
		form  bool
		want  string
	}{
		{name: "name on its first row, no rules", lines: map[float64][]string{
			700: header, 680: {"1", "北京市", "朝阳区"}, 660: {"2", "", "海淀区"}, 640: {"3", "天津市", "河北区"}},
			want: "1 北京市 朝阳区|2 海淀区|3 天津市 河北区"},
		{name: "name centred between the rules of its block", lines: map[float64][]string{
			700: header, 680: {"1", "", "朝阳区"}, 670: {"", "北京市", ""}, 660: {"2", "", "海淀区"}, 640: {"3", "天津市", "河北区"}},
			rules: "40 695 300 0.5 re f 40 651 300 0.5 re f 40 635 300 0.5 re f",
			want:  "1 北京市 朝阳区|2 北京市 海淀区|3 天津市 河北区"},
		{name: "the same in a form", lines: map[float64][]string{
			700: header, 680: {"1", "", "朝阳区"}, 670: {"", "北京市", ""}, 660: {"2", "", "海淀区"}, 640: {"3", "天津市", "河北区"}},
			rules: "40 695 300 0.5 re f 40 651 300 0.5 re f 40 635 300 0.5 re f", form: true,
			want: "1 北京市 朝阳区|2 北京市 海淀区|3 天津市 河北区"},
		{name: "name centred, no rules", lines: map[float64][]string{
			700: header, 680: {"1", "", "朝阳区"}, 670: {"", "北京市", ""}, 660: {"2", "", "海淀区"}},
			want: `error: page 1 line 3: "北京市" stands between rows, and no ruling lines show the rows its merged cell spans: save the annex as .docx or .xlsx`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tables, err := readPDF(cjkPDF(tc.lines, tc.rules, tc.form), &work{})
			var got []string
			if err != nil {
				got = append(got, "error: "+err.Error())
			} else {
				for _, r := range listRows(tables)[1:] {
					var cells []string
					for _, c := range r {
						if c.text != "" {
							cells = append(cells, c.text)
						}
					}
					got = append(got, strings.Join(cells, " "))
				}
			}
			if strings.Join(got, "|") != tc.want {
				t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), tc.want)
			}
		})
	}
}

// TestPDFWrappedProvince checks that a merged province cell whose name
// wraps over two lines of its block gives one name, in order, to every
// row of the block.
func TestPDFWrappedProvince(t *testing.T) {
	var tb table
	r := func(x0, x1, y float64, s string) run { return run{x0: x0, x1: x1, y: y, size: 10, s: s} }
	runs := []run{
		r(40, 60, 700, "序号"), r(140, 160, 700, "省份"), r(290, 310, 700, "地区"),
		r(40, 60, 680, "1"), r(290, 310, 680, "甲区"),
		r(130, 170, 672, "新疆生产"),
		r(130, 170, 664, "建设兵团"),
		r(40, 60, 656, "2"), r(290, 310, 656, "乙区"),
	}
	tb.addPage(1, runs, []rule{{y: 690, x0: 0, x1: 400}, {y: 650, x0: 0, x1: 400}})
	var got []string
	for _, row := range tb.rows {
		var cells []string
		for _, c := range row {
			cells = append(cells, c.text)
		}
		got = append(got, strings.Join(cells, " "))
	}
	if want := "序号 省份 地区|1 新疆生产建设兵团 甲区|2 新疆生产建设兵团 乙区"; strings.Join(got, "|") != want {
		t.Errorf("rows %q, want %q", got, want)
	}
}
