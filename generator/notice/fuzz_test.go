package notice

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/generator/gazetteer"
)

// FuzzParse feeds arbitrary seeds to the reader and the parser. Neither may
// panic; every diagnostic must point inside the file; every row must point
// at its own text; and a notice that parses cleanly must parse to the same
// rows once written out again.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("../../testdata/notices/*.txt")
	for _, dir := range []string{"two-lists", "layouts"} {
		more, _ := filepath.Glob("../../testdata/" + dir + "/*.txt")
		paths = append(paths, more...)
	}
	paths = append(paths, "../../seeds/000_b650c5b04f2a9d19.txt")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(small("2", header+" 备注", "1 新疆生产建设兵团 石河子市 第八师 2 五家渠市")))
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, data) })
}

// FuzzLayouts feeds arbitrary lists to each reader in its own frame: a
// flattened or pipe table after a 序号 header, and a list without a table
// after an annex's title (grouped by province, or prose), and a list after
// a colon in the body (colonAnnexes), with the same invariants as
// FuzzParse.
func FuzzLayouts(f *testing.F) {
	for _, s := range []string{
		"1 北京市 朝阳区 2 海淀区", "| 1 | 北京市 | 朝阳区 | 2 | 海淀区 | |", "北京市：朝阳区、海淀区 天津市：河北区",
		"北京市朝阳区、北京市海淀区、宁夏回族自治区银川市。", "北京市朝阳区、江西省", "1 阅读:751", "兵团：石河子市，五家渠市",
		"北京市朝阳区、北京市海淀区。 各地要", "北京市朝阳区、 北京市：海淀区",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		checkParse(t, []byte(small("2", header, list)))
		checkParse(t, []byte(strings.Replace(small("2", "", list), "附件 名单  ", "附件 全国第三批试点名单 ", 1)))
		colon := "title: 全国第三批城市一刻钟便民生活圈试点名单公布\nresulting_text: 各地： 这2个试点地区为：" + list + " 商务部 2023年8月31日\ninput_url: http://www.mofcom.gov.cn/a.shtml\ndate: 2023-09-07\n"
		checkParse(t, []byte(colon))
	})
}

// checkParse parses data and checks what FuzzParse promises.
func checkParse(t *testing.T, data []byte) {
	{
		n, errs := load("f.txt", data)
		// Lines as the seed reader counts them: CR LF and, in a file of
		// CRs alone, a CR end a line.
		text := strings.ReplaceAll(string(data), "\r\n", "\n")
		if !strings.Contains(text, "\n") {
			text = strings.ReplaceAll(text, "\r", "\n")
		}
		lines := strings.Count(text, "\n") + 1
		for _, e := range errs {
			if e.Pos.Line < 1 || e.Pos.Line > lines || e.Pos.Col < 1 {
				t.Errorf("diagnostic outside the file (%d lines): %v", lines, e)
			}
			if e.Msg == "" || strings.HasSuffix(e.Msg, ".") || e.Msg[:1] != strings.ToLower(e.Msg[:1]) {
				t.Errorf("badly worded diagnostic %q", e.Msg)
			}
		}
		if n == nil {
			return
		}
		total := 0
		for _, r := range allRows(n) {
			total++
			if r.Area == "" || !utf8.ValidString(r.Area) {
				t.Errorf("row %d has area %q", r.Seq, r.Area)
			}
			if u, ok := gazetteer.UnitNamed(r.Province); !ok || u.Name != r.Province {
				t.Errorf("row %d has province %q", r.Seq, r.Province)
			}
			if !strings.HasPrefix(n.Src.Text[r.AreaOff:], r.Area) {
				t.Errorf("row %d: area offset %d does not point at %q", r.Seq, r.AreaOff, r.Area)
			}
		}
		if len(errs) > 0 || total == 0 {
			return
		}
		again, errs := load("again.txt", []byte(rewrite(n)))
		if len(errs) > 0 {
			t.Fatalf("rewritten notice does not parse:\n%s\n%s", errs, rewrite(n))
		}
		if fmt.Sprint(rows(again)) != fmt.Sprint(rows(n)) || !again.Signed.Equal(n.Signed) {
			t.Errorf("round trip changed the notice:\n%v\n%v", rows(n), rows(again))
		}
	}
}

// rewrite writes n back as a seed, in the canonical punctuation, each
// list a numbered annex whose title names its kind and batch, with the
// province on every row and a 备注 column.
func rewrite(n *Notice) string {
	var b, counts, refs, annexes strings.Builder
	fmt.Fprintf(&b, "title: 关于公布第%d批试点名单的通知\n", n.Lists[0].Batch)
	for i, l := range n.Lists {
		name := l.Kind.AnnexWords[0]
		fmt.Fprintf(&counts, "、第%d批%s地区%d个", l.Batch, name, len(l.Rows))
		fmt.Fprintf(&refs, " %d.第%d批%s名单", i+1, l.Batch, name)
		fmt.Fprintf(&annexes, " 附件%d 第%d批%s名单 序号 省（区、市） 试点地区 备注", i+1, l.Batch, name)
		for _, r := range l.Rows {
			fmt.Fprintf(&annexes, " %d %s %s %s", r.Seq, r.Province, r.Area, r.Note)
		}
	}
	fmt.Fprintf(&b, "resulting_text: 确定%s。 附件：%s 商务部办公厅 %d年%d月%d日%s",
		strings.TrimPrefix(counts.String(), "、"), refs.String(), n.Signed.Year(), n.Signed.Month(), n.Signed.Day(), annexes.String())
	fmt.Fprintf(&b, "\ninput_url: http://example.cn/\ndate: %s\n", n.Published.Format("2006-01-02"))
	return b.String()
}

// allRows is every row of every list of n.
func allRows(n *Notice) []Row {
	var rows []Row
	for _, l := range n.Lists {
		rows = append(rows, l.Rows...)
	}
	return rows
}

func rows(n *Notice) []string {
	var out []string
	for _, l := range n.Lists {
		for _, r := range l.Rows {
			out = append(out, fmt.Sprintf("%s|%d|%d|%s|%s|%s", l.Kind, l.Batch, r.Seq, r.Province, r.Area, r.Note))
		}
	}
	return out
}

// FuzzHTMLTable feeds arbitrary pages to the reader of the html field:
// it may not panic, and every cell it returns is at its text.
func FuzzHTMLTable(f *testing.F) {
	for _, p := range []string{"../../testdata/layouts/html.txt", "../../testdata/layouts/html-disagrees.txt"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`<table><tr><td>序号</td><td rowspan="999999">北京市</td></tr><tr><td colspan="-3">1</td><td>朝阳区</td></tr></table>`)
	f.Fuzz(func(t *testing.T, page string) {
		if !utf8.ValidString(page) {
			return // a seed is UTF-8 before it is parsed
		}
		grid, over := htmlTable(page, 0)
		if over >= 0 && grid != nil {
			t.Errorf("a grid from a page over its bound, at %d", over)
		}
		cells := 0
		for _, row := range grid {
			cells += len(row)
			for _, c := range row {
				// A cell's text may come in pieces (<span>朝阳</span>区): its
				// offset is its first piece's.
				// (or an entity, &#x5317; for 北).
				if first, _ := utf8.DecodeRuneInString(c.s); c.off >= 0 && !strings.HasPrefix(page[c.off:], string(first)) && page[c.off] != '&' {
					t.Errorf("cell %q at %d is not at its text", c.s, c.off)
				}
			}
		}
		if cells > len(page)/gridBytes+2*maxSpan {
			t.Errorf("%d cells from a page of %d bytes", cells, len(page))
		}
		if len(grid) > 0 {
			htmlRows(grid) // may not panic
		}
	})
}
