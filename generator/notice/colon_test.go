package notice

import (
	"strings"
	"testing"
)

// colonText rewrites the prose layout (testdata/layouts/prose.txt) as a
// news copy prints its list: no annex, the list a sentence of the body
// after intro and a colon, up to its 。.
func colonText(t *testing.T, intro string) string {
	t.Helper()
	text := string(mustReadFile(t, "../../testdata/layouts/prose.txt"))
	start := strings.Index(text, " 附件 全国第三批")
	head := "（按行政区划序列排序） "
	from := strings.Index(text, head) + len(head)
	end := from + strings.Index(text[from:], "。") + len("。")
	list := text[from:end]
	text = text[:start] + text[end:]
	at := strings.Index(text, " 一、统筹谋划")
	return text[:at] + " " + intro + list + text[at:]
}

// TestColonLists reads a list printed as prose after a colon, the two
// ways the issue found it: after the list's name, and after 这…为. Each
// gives the seed's 70 rows, each row's area at its own text; cut short
// after row 35, each is refused at the row where it stops.
func TestColonLists(t *testing.T) {
	want := seedRows(t)
	for _, intro := range []string{"全国第三批城市一刻钟便民生活圈试点名单：", "这70个试点地区为："} {
		t.Run(intro, func(t *testing.T) {
			text := colonText(t, intro)
			n, errs := load("colon.txt", []byte(text))
			if len(errs) > 0 {
				t.Fatalf("unexpected diagnostics:\n%s", errs)
			}
			if got := rowText(n); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%d rows:\n%s\nwant the seed's %d", len(got), strings.Join(got, "\n"), len(want))
			}
			for _, r := range n.Lists[0].Rows {
				if !strings.HasPrefix(n.Src.Text[r.AreaOff:], r.Area) {
					t.Errorf("row %d: the area's offset %d is not at %q", r.Seq, r.AreaOff, r.Area)
				}
			}
			// Cut after row 35's separator: the sentence stops there.
			cut := n.Lists[0].Rows[35].AreaOff
			cut = strings.LastIndex(text[:cut], "、") + len("、")
			rest := text[cut:]
			_, errs = load("cut.txt", []byte(text[:cut]+rest[strings.Index(rest, "。")+len("。"):]))
			if len(errs) != 1 || errs[0].Code != "cut-off" || !strings.Contains(errs[0].Msg, "annex row 35: the list stops mid-entry") {
				t.Errorf("cut short: %v", errs)
			}
		})
	}
}
