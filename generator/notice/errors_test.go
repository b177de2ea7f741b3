package notice

import (
	"fmt"
	"strings"
	"testing"
)

// small builds a small seed whose resulting_text ends with list, the
// annex rows after the header.
func small(stated, header, list string) string {
	return "title: 关于公布全国第三批城市一刻钟便民生活圈试点名单的通知\n" +
		"resulting_text: 各地： 确定试点地区" + stated + "个。 附件：名单 商务部办公厅 2023年8月31日 附件 名单 " + header + " " + list + "\n" +
		"input_url: 20230907034252/http://www.mofcom.gov.cn/a.shtml\n" +
		"date: 2023-09-07 00:00:00\n"
}

const header = "序号 省（区、市） 试点地区"

// TestErrors checks every problem a seed can have: its position, its
// message and its code.
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		seed string
		want []string
	}{
		{"gap", small("3", header, "1 北京市 朝阳区 2 海淀区 4 天津市 河北区"), []string{
			"x.txt:2:27: the notice announces 3 pilots but its list ends at number 4 [count-mismatch]",
			"x.txt:2:92: annex row 4: expected number 3 (numbers must run 1, 2, 3, … without gaps) [number-gap]",
		}},
		{"repeated number", small("3", header, "1 北京市 朝阳区 2 海淀区 2 丰台区 3 天津市 河北区"), []string{
			"x.txt:2:92: annex row 2: number 2 repeated [repeated-number]",
		}},
		{"count mismatch", small("2", header, "1 北京市 朝阳区 2 海淀区 3 天津市 河北区"), []string{
			"x.txt:2:27: the notice announces 2 pilots but its list ends at number 3 [count-mismatch]",
		}},
		{"list shorter than its count", small("4", header, "1 北京市 朝阳区 2 海淀区 3 天津市 河北区"), []string{
			"x.txt:2:92: annex row 3: the list stops here, at 3 of the 4 pilots the notice announces (the text looks cut off) [cut-off]",
		}},
		{"unknown province", small("2", header, "1 北京市 朝阳区 2 江南 滁州市"), []string{
			"x.txt:2:88: annex row 2: unknown province \"江南\" for \"滁州市\" [unknown-province]",
		}},
		{"unknown province name", small("2", header+" 备注", "1 北京市 朝阳区 2 江南省 滁州市"), []string{
			"x.txt:2:91: annex row 2: unknown province \"江南省\" for \"滁州市\" [unknown-province]",
		}},
		{"row without area", small("3", header, "1 北京市 朝阳区 2 天津市 3 天津市 河北区"), []string{
			"x.txt:2:86: annex row 2: no area [no-area]",
		}},
		{"repeated area", small("3", header, "1 北京市 朝阳区 2 海淀区 3 朝阳区"), []string{
			"x.txt:2:94: annex row 3: \"北京市 朝阳区\" already listed as row 1 [repeated-area]",
		}},
		{"cut-off list", small("3", header, "1 北京市 朝阳区 2 海淀区 3 天津市"), []string{
			"x.txt:2:94: annex row 3: the list stops mid-row, with no area (the text looks cut off) [cut-off]",
		}},
		{"no annex", "title: 关于公布第三批试点名单的通知\nresulting_text: 各地： 现予公布。 商务部办公厅 2023年8月31日\ninput_url: http://a.cn/\ndate: 2023-09-07\n", []string{
			"x.txt:2:17: no annex list: no header starting with 序号 in resulting_text [no-list]",
		}},
		{"header without rows", small("3", header, ""), []string{
			"x.txt:2:61: no annex list: the header 序号 is followed by no numbered row [no-list]",
		}},
		{"extra cell without note column", small("1", header, "1 北京市 朝阳区 计划单列市"), []string{
			"x.txt:2:86: annex row 1: unexpected \"计划单列市\" after the area \"朝阳区\" (the header has no 备注 column) [unexpected-cell]",
		}},
		{"first row without province", small("1", header, "1 朝阳区"), []string{
			"x.txt:2:78: annex row 1: no province for \"朝阳区\" [no-province]",
		}},
		{"no batch", strings.Replace(small("1", header, "1 北京市 朝阳区"), "第三批", "", 1), []string{
			"x.txt:1:8: no batch number in the title (expected 首批 or 第…批) [no-batch]",
		}},
		{"no signing date", strings.Replace(small("1", header, "1 北京市 朝阳区"), "2023年8月31日", "", 1), []string{
			"x.txt:2:17: no signing date (YYYY年M月D日) before the annex [no-signing-date]",
		}},
		{"bad signing date", strings.Replace(small("1", header, "1 北京市 朝阳区"), "8月31日", "2月30日", 1), []string{
			"x.txt:2:44: signing date 2023年2月30日 is not a valid date [bad-signing-date]",
		}},
		{"bad date field", strings.Replace(small("1", header, "1 北京市 朝阳区"), "2023-09-07", "07/09/2023", 1), []string{
			"x.txt:4:7: date \"07/09/2023 00:00:00\" is not YYYY-MM-DD (or YYYY-MM-DD hh:mm:ss) [bad-date]",
		}},
		{"invalid UTF-8", "title: 关于\xff公布\nresulting_text: \xc3\n", []string{
			"x.txt:1:10: invalid UTF-8 byte 0xff; seeds must be UTF-8 [invalid-utf8]",
			"x.txt:2:17: invalid UTF-8 byte 0xc3; seeds must be UTF-8 [invalid-utf8]",
		}},
		{"NUL byte", "title: a\x00\n", []string{
			"x.txt:1:9: unexpected NUL byte [nul-byte]",
		}},
		{"missing title", "html: nan\nresulting_text: 序号\n", []string{
			"x.txt:1:1: missing field \"title\" [missing-field]",
		}},
		{"nan title", "title: nan\nresulting_text: 序号\n", []string{
			"x.txt:1:1: empty field \"title\" [empty-field]",
		}},
		{"empty title", "title:\nresulting_text: 序号\n", []string{
			"x.txt:1:1: empty field \"title\" [empty-field]",
		}},
		{"repeated key", small("1", header, "1 北京市 朝阳区") + "title: again\nsecond line\n", []string{
			"x.txt:5:1: repeated key \"title\" (first at line 1) [repeated-key]",
		}},
		{"text before the first field", "hello\n" + small("1", header, "1 北京市 朝阳区"), []string{
			"x.txt:1:1: text outside a field; a field starts with a key such as \"title: \" [stray-text]",
		}},
		// Hostile seeds: each refused, positioned.
		{"date with garbage", strings.Replace(small("1", header, "1 北京市 朝阳区"), "2023-09-07 00:00:00", "2099-12-31 99:99:99 garbage", 1), []string{
			"x.txt:4:7: date \"2099-12-31 99:99:99 garbage\" is not YYYY-MM-DD (or YYYY-MM-DD hh:mm:ss) [bad-date]",
		}},
		{"signed after published", strings.Replace(small("1", header, "1 北京市 朝阳区"), "2023-09-07", "2023-08-30", 1), []string{
			"x.txt:2:44: the notice is signed on 2023-08-31, after it was published (the seed's date, 2023-08-30) [date-order]",
		}},
		{"batch out of range", strings.Replace(small("1", header, "1 北京市 朝阳区"), "第三批", "第9223372036854775807批", 1), []string{
			"x.txt:1:15: batch number 9223372036854775807 is out of range (1 to 999) [bad-batch]",
		}},
		{"area too long", small("1", header, "1 北京市 "+strings.Repeat("朝", 65)), []string{
			"x.txt:2:82: annex row 1: the area \"朝朝朝朝朝朝朝朝朝朝朝朝\"… has 65 characters, more than any real name (at most 64) [area-too-long]",
		}},
		{"control characters", strings.Replace(small("1", header, "1 北京市 朝阳区"), "朝阳区", "朝\x1b]0;pwned\x07阳区", 1), []string{
			"x.txt:2:83: control character U+001B; seeds may not hold control characters but tab and line ends [control-char]",
			"x.txt:2:92: control character U+0007; seeds may not hold control characters but tab and line ends [control-char]",
		}},
		{"a vertical tab", strings.Replace(small("1", header, "1 北京市 朝阳区"), "朝阳区", "朝\x0b阳区", 1), []string{
			"x.txt:2:83: control character U+000B; seeds may not hold control characters but tab and line ends [control-char]",
		}},
		{"no host", strings.Replace(small("1", header, "1 北京市 朝阳区"), "http://www.mofcom.gov.cn/a.shtml", "http://", 1), []string{
			"x.txt:3:12: input_url \"20230907034252/http://\" is not a valid address: no host [bad-url]",
		}},
		{"user before the host", strings.Replace(small("1", header, "1 北京市 朝阳区"), "http://www.mofcom.gov.cn/a.shtml", "https://www.mofcom.gov.cn@evil.example/x", 1), []string{
			"x.txt:3:12: input_url \"20230907034252/https://www.mofcom.gov.cn@evil.example/x\" is not a valid address: it names a user before its host [bad-url]",
		}},
		{"CR-only line ends", strings.ReplaceAll(small("1", header, "1 北京市 朝阳区 2 海淀区"), "\n", "\r"), []string{
			"x.txt:2:27: the notice announces 1 pilot but its list ends at number 2 [count-mismatch]",
		}},
		{"empty file", "", []string{
			"x.txt:1:1: missing field \"resulting_text\" [missing-field]",
			"x.txt:1:1: missing field \"title\" [missing-field]",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkErrors(t, tc.seed, tc.want) })
	}
}

// TestExcerpt pins the excerpt and caret of a diagnostic in a long line of
// wide characters.
func TestExcerpt(t *testing.T) {
	_, errs := load("x.txt", []byte(small("2", header, "1 北京市 朝阳区 2 天津市 3 天津市 河北区")))
	if len(errs) == 0 {
		t.Fatal("no diagnostics")
	}
	want := "x.txt:2:27: the notice announces 2 pilots but its list ends at number 3\n" +
		"\t… sulting_text: 各地： 确定试点地区2个。 附件：名单 商务部办公厅 2023年8月 …\n" +
		"\t" + strings.Repeat(" ", 2+14+6+1+12) + "^"
	if got := errs[0].Format(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// two is a notice of two annexes, in the shape of the 2024 notice: the body
// states each list's count and announces both annexes, which follow the
// signature. Each of its parts can be replaced to make an error.
func two(counts, refs, annexes string) string {
	return "title: 关于公布第四批城市一刻钟便民生活圈试点名单和首批全域推进先行区试点名单的通知\n" +
		"resulting_text: 各地： 确定" + counts + "，现予公布。 附件：" + refs + " 商务部办公厅 2024年9月10日 " + annexes + "\n" +
		"input_url: http://www.mofcom.gov.cn/b.shtml\n" +
		"date: 2024-09-14\n"
}

const (
	twoCounts  = "第四批全国试点地区2个、首批全域推进先行区试点地区1个"
	twoRefs    = "1.第四批全国城市一刻钟便民生活圈试点名单 2.首批城市一刻钟便民生活圈全域推进先行区试点名单"
	annexOne   = "附件1 第四批全国城市一刻钟便民生活圈试点名单 序号 省（区、市）、兵团 试点地区 1 北京市 门头沟区 2 新疆生产建设兵团 石河子市"
	annexTwo   = "附件2 首批城市一刻钟便民生活圈全域推进先行区试点名单 序号 省（区、市） 试点地区 1 江苏省 南京市"
	twoAnnexes = annexOne + " " + annexTwo
)

// TestLists checks a notice of two lists: each list's kind, batch, annex,
// title, stated count and rows.
func TestLists(t *testing.T) {
	n, errs := load("x.txt", []byte(two(twoCounts, twoRefs, twoAnnexes)))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, l := range n.Lists {
		got = append(got, fmt.Sprintf("%s %d annex %d %q stated %d: %v", l.Kind, l.Batch, l.Annex, l.Title, l.StatedCount, l.Rows))
	}
	want := []string{
		`pilot 4 annex 1 "第四批全国城市一刻钟便民生活圈试点名单" stated 2: [{1 北京市 门头沟区  ` + offsets(n, "1 北京市 门头沟区") + `} {2 新疆生产建设兵团 石河子市  ` + offsets(n, "2 新疆生产建设兵团 石河子市") + `}]`,
		`pioneer_zone 1 annex 2 "首批城市一刻钟便民生活圈全域推进先行区试点名单" stated 1: [{1 江苏省 南京市  ` + offsets(n, "1 江苏省 南京市") + `}]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lists:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// offsets are the byte offsets of a row's number and area, as Row prints
// them, where the row's text is in the notice.
func offsets(n *Notice, row string) string {
	at := strings.Index(n.Src.Text, row)
	area := strings.LastIndex(row, " ") + 1
	return fmt.Sprintf("%d %d", at, at+area)
}

// TestListErrors checks the problems of a notice of several lists, each at
// its own position with its code.
func TestListErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		seed string
		want []string
	}{
		{"count of one list differs", two(twoCounts, twoRefs, twoAnnexes+" 2 浙江省 杭州市"), []string{
			"x.txt:2:48: the notice announces 1 pioneer zone but annex 2 ends at number 2 [count-mismatch]",
		}},
		{"one list cut off", two(strings.Replace(twoCounts, "试点地区1个", "试点地区3个", 1), twoRefs, twoAnnexes), []string{
			"x.txt:2:238: annex 2 row 1: the list stops here, at 1 of the 3 pioneer zones the notice announces (the text looks cut off) [cut-off]",
		}},
		{"two lists of one kind and batch", two(twoCounts, twoRefs, annexOne+" "+strings.Replace(annexTwo, "首批城市一刻钟便民生活圈全域推进先行区试点名单", "第四批全国城市一刻钟便民生活圈试点名单", 1)), []string{
			"x.txt:2:48: the notice states 1 pioneer zone of batch 1, but carries no such list [count-unmatched]",
			"x.txt:2:199: pilots batch 4 is also claimed by annex 1 of the same notice [batch-claimed]",
		}},
		{"annex of unknown kind", two(twoCounts, twoRefs, annexOne+" "+strings.Replace(annexTwo, "首批城市一刻钟便民生活圈全域推进先行区试点名单", "首批名单", 1)), []string{
			"x.txt:2:48: the notice states 1 pioneer zone of batch 1, but carries no such list [count-unmatched]",
			"x.txt:2:199: annex 2: its title \"首批名单\" names no known list (…试点… or …全域推进先行区…) [unknown-kind]",
		}},
		{"announced annex missing", two(strings.Replace(twoCounts, "、首批全域推进先行区试点地区1个", "", 1), twoRefs, annexOne), []string{
			"x.txt:2:66: the body announces annex 2 (\"首批城市一刻钟便民生活圈全域推进先行区试点名单\") that the notice does not carry [annex-missing]",
		}},
		{"unannounced annex", two(twoCounts, "1.第四批全国城市一刻钟便民生活圈试点名单", twoAnnexes), []string{
			"x.txt:2:17: the notice carries annex 2 that its body does not announce (附件：…) [annex-unannounced]",
		}},
		{"a row of the second list", two(twoCounts, twoRefs, annexOne+" "+strings.Replace(annexTwo, "江苏省 南京市", "江南省 南京市", 1)), []string{
			"x.txt:2:240: annex 2 row 1: unknown province \"江南省\" for \"南京市\" [unknown-province]",
			"x.txt:2:244: annex 2 row 1: no province for \"南京市\" [no-province]",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkErrors(t, tc.seed, tc.want) })
	}
}

// checkErrors loads seed as x.txt and checks its diagnostics, each with its
// code, against want, in order.
func checkErrors(t *testing.T, seed string, want []string) {
	t.Helper()
	_, errs := load("x.txt", []byte(seed))
	var got []string
	for _, e := range errs {
		got = append(got, e.Error()+" ["+string(e.Code)+"]")
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		for _, e := range errs {
			t.Log(e.Format())
		}
	}
}

// TestOutOfRange checks that a number or date too large for its place is
// named as out of range, quoted whole, not as malformed or as a count of
// 9223372036854775807.
func TestOutOfRange(t *testing.T) {
	ok := small("1", header, "1 北京市 朝阳区")
	for _, tc := range []struct {
		name, seed string
		want       []string
	}{
		{"stated count", small("99999999999999999999", header, "1 北京市 朝阳区"), []string{
			"x.txt:2:27: stated count 99999999999999999999 is out of range: a list has 1 to 16777216 rows [bad-count]",
		}},
		{"date", strings.Replace(ok, "date: 2023-09-07 00:00:00", "date: 9999-12-31 23:59:59", 1), []string{
			`x.txt:4:7: date "9999-12-31 23:59:59" is out of range: the programme's notices are dated 2000 to 2099 [bad-date]`,
		}},
		{"signing date", strings.Replace(ok, "2023年8月31日", "99999年1月1日", 1), []string{
			"x.txt:2:44: signing date 99999年1月1日 is out of range: the programme's notices are dated 2000 to 2099 [bad-signing-date]",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkErrors(t, tc.seed, tc.want) })
	}
}
