package notice

import (
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/diag"
)

// twoLists is a notice of two lists, pilots of batch 4 (two rows) and
// pioneer zones of batch 1 (zones, its rows), whose body says stated.
func twoLists(stated, zones string) string {
	return "title: 关于公布第四批城市一刻钟便民生活圈试点名单和首批全域推进先行区试点名单的通知\n" +
		"resulting_text: 各地： " + stated + " 附件：1.第四批全国城市一刻钟便民生活圈试点名单 2.首批城市一刻钟便民生活圈全域推进先行区试点名单 商务部办公厅 2024年9月14日 " +
		"附件1 第四批全国城市一刻钟便民生活圈试点名单 序号 省（区、市） 试点地区 1 北京市 朝阳区 2 天津市 河北区 " +
		"附件2 首批城市一刻钟便民生活圈全域推进先行区试点名单 序号 省（区、市） 先行区 " + zones + "\n" +
		"input_url: http://www.mofcom.gov.cn/a.shtml\n" +
		"date: 2024-09-14\n"
}

const (
	threeZones = "1 上海市 黄浦区 2 江苏省 南京市 3 浙江省 杭州市"
	twoZones   = "1 上海市 黄浦区 2 江苏省 南京市"
)

// countWordings are the forms in which notices state their lists' counts,
// each stating 2 pilots and 3 pioneer zones.
var countWordings = []struct{ name, body string }{
	{"the README's", "确定第四批全国试点地区2个、首批全域推进先行区试点地区3个，现予公布。"},
	{"the zones by their short name", "确定第四批全国城市一刻钟便民生活圈试点地区2个、城市一刻钟便民生活圈首批全域推进先行区3个，现予公布。"},
	{"共 before the count", "第四批全国试点地区共2个，首批全域推进先行区共3个。"},
	{"in the list's parentheses", "现将第四批全国城市一刻钟便民生活圈试点名单（2个）和首批全域推进先行区名单（3个）予以公布。"},
	{"the count before the list", "确定2个城市一刻钟便民生活圈试点地区、3个全域推进先行区，现予公布。"},
	{"城市 after the count", "确定第四批全国试点城市2个、首批全域推进先行区3个城市（区），现予公布。"},
	{"Chinese numerals", "确定第四批全国试点地区两个、首批全域推进先行区三个，现予公布。"},
	{"full-width digits", "确定第四批全国试点地区２个、首批全域推进先行区３个，现予公布。"},
	{"without punctuation between", "确定第四批全国试点地区2个和首批全域推进先行区3个现予公布。"},
	{"共 after a comma", "确定第四批全国试点地区，共2个；首批全域推进先行区名单，共3个地区。"},
}

// TestCountWordings reads each wording's counts, and refuses each with
// its second list cut short by a row.
func TestCountWordings(t *testing.T) {
	for _, tc := range countWordings {
		t.Run(tc.name, func(t *testing.T) {
			n, errs := load("x.txt", []byte(twoLists(tc.body, threeZones)))
			if len(errs) > 0 {
				t.Fatalf("the whole lists: unexpected diagnostics:\n%s", errs)
			}
			if got := []int{n.Lists[0].StatedCount, n.Lists[1].StatedCount}; got[0] != 2 || got[1] != 3 {
				t.Errorf("stated counts %v, want [2 3]", got)
			}
			_, errs = load("x.txt", []byte(twoLists(tc.body, twoZones)))
			if codes := errorCodes(errs); len(codes) != 1 || codes[0] != diag.CutOff {
				t.Errorf("the second list cut short: errors %v, want one %s\n%s", codes, diag.CutOff, errs)
			}
		})
	}
}

// errorCodes returns the codes of errs that are errors, not warnings.
func errorCodes(errs diag.List) []diag.Code {
	var codes []diag.Code
	for _, e := range errs {
		if e.Severity == diag.Error {
			codes = append(codes, e.Code)
		}
	}
	return codes
}

// TestNotCounts keeps numbers counted with 个 that count something else
// from being taken for a list's count: the list then has none, a warning
// that names it and the clause looked at.
func TestNotCounts(t *testing.T) {
	for _, body := range []string{
		"在30个省份开展第四批全国试点和首批全域推进先行区建设。",
		"第四批全国试点地区要建成一个示范，首批全域推进先行区要打造两个样板。",
		"商务部等13个部门确定了第四批全国试点地区和首批全域推进先行区。",
	} {
		n, errs := load("x.txt", []byte(twoLists(body, twoZones)))
		if codes := errorCodes(errs); len(codes) > 0 {
			t.Errorf("%s: errors %v\n%s", body, codes, errs)
		}
		var warned []string
		for _, e := range errs.Warnings() {
			if e.Code == diag.NoCount {
				warned = append(warned, e.Msg)
			}
		}
		if len(warned) != 2 || n.Lists[0].StatedCount != 0 || n.Lists[1].StatedCount != 0 {
			t.Errorf("%s: counts %d, %d; no-count warnings %q, want two", body, n.Lists[0].StatedCount, n.Lists[1].StatedCount, warned)
		}
		for _, w := range warned {
			if !strings.Contains(w, "looked at \"") {
				t.Errorf("the warning quotes no clause: %s", w)
			}
		}
	}
}

// TestNoteCount reads a note under a list's table: it ends the list, and
// its total counts for the list (cut short: refused), or disagrees with
// the body's count (refused at the note).
func TestNoteCount(t *testing.T) {
	note := " 注：先行区按行政区划序列排序，共3个。"
	body := "确定第四批全国试点地区2个，现予公布。"
	n, errs := load("x.txt", []byte(twoLists(body, threeZones+note)))
	if len(errs) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", errs)
	}
	if l := n.Lists[1]; l.StatedCount != 3 || l.Count != 3 {
		t.Errorf("the zones: stated %d, rows %d, want 3 and 3", l.StatedCount, l.Count)
	}
	_, errs = load("x.txt", []byte(twoLists(body, twoZones+note)))
	if codes := errorCodes(errs); len(codes) != 1 || codes[0] != diag.CutOff {
		t.Errorf("cut short under a note: %v\n%s", codes, errs)
	}
	_, errs = load("x.txt", []byte(twoLists(countWordings[0].body, threeZones+" 注：共4个。")))
	if codes := errorCodes(errs); len(codes) != 1 || codes[0] != diag.CountMismatch || !strings.Contains(errs[0].Msg, "the note under the list states 4") {
		t.Errorf("a note that disagrees with the body: %v\n%s", codes, errs)
	}
}

// FuzzCountPhrase writes any text into the body of a notice whose second
// list is cut short (two of three rows): whatever it says, the list is
// never read as whole without a warning that its count was not found. A
// list read without errors and without that warning has the rows its
// stated count says.
func FuzzCountPhrase(f *testing.F) {
	for _, w := range countWordings {
		f.Add(w.body)
	}
	f.Add("确定首批全域推进先行区2个")
	f.Add("首批全域推进先行区试点地区两个、第四批全国试点地区2个")
	f.Add("注：共2个")
	f.Fuzz(func(t *testing.T, body string) {
		body = strings.Join(strings.Fields(body), " ")
		n, errs := load("x.txt", []byte(twoLists(body, twoZones)))
		if n == nil || len(errorCodes(errs)) > 0 {
			return
		}
		for _, e := range errs {
			if e.Code == diag.NoCount {
				return // -strict refuses it
			}
		}
		for _, l := range n.Lists {
			if l.StatedCount != l.Count {
				t.Fatalf("%s: built with %d rows, stated %d, no warning", l.where(), l.Count, l.StatedCount)
			}
		}
	})
}

// TestTotalOfLists checks one count stated for two lists of one kind
// (batches 3 and 4 of the pilots, 试点地区共N个) against their rows
// together: a list cut short is refused at the count, whole lists pass.
func TestTotalOfLists(t *testing.T) {
	notice := func(stated, second string) string {
		return "title: 关于公布第三批和第四批城市一刻钟便民生活圈试点名单的通知\n" +
			"resulting_text: 各地： 确定了城市一刻钟便民生活圈试点地区共" + stated + "个。 附件：1.第三批试点名单 2.第四批试点名单 商务部办公厅 2024年9月14日 " +
			"附件1 第三批城市一刻钟便民生活圈试点名单 序号 省（区、市） 试点地区 1 北京市 朝阳区 2 天津市 河北区 " +
			"附件2 第四批城市一刻钟便民生活圈试点名单 序号 省（区、市） 试点地区 " + second + "\n" +
			"input_url: http://www.mofcom.gov.cn/a.shtml\ndate: 2024-09-14\n"
	}
	if _, errs := load("x.txt", []byte(notice("5", threeZones))); len(errs) > 0 {
		t.Errorf("whole lists: %s", errs)
	}
	_, errs := load("x.txt", []byte(notice("5", twoZones)))
	if codes := errorCodes(errs); len(codes) != 1 || codes[0] != diag.CountMismatch ||
		!strings.Contains(errs[0].Msg, "the notice states 5 pilots in all, but its lists of them hold 4 rows (annex 1: 2, annex 2: 2)") {
		t.Errorf("a list cut short under a total: %s", errs)
	}
}
