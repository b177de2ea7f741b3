package notice

import (
	"strings"
	"testing"
)

// notice builds a small seed whose resulting_text ends with list, the
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
		{"count mismatch", small("4", header, "1 北京市 朝阳区 2 海淀区 3 天津市 河北区"), []string{
			"x.txt:2:27: the notice announces 4 pilots but its list ends at number 3 [count-mismatch]",
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
			"x.txt:2:94: annex row 3: 北京市 朝阳区 already listed as row 1 [repeated-area]",
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
			"x.txt:4:7: date \"07/09/2023 00:00:00\" is not YYYY-MM-DD [bad-date]",
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
		{"empty file", "", []string{
			"x.txt:1:1: missing field \"resulting_text\" [missing-field]",
			"x.txt:1:1: missing field \"title\" [missing-field]",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := load("x.txt", []byte(tc.seed))
			var got []string
			for _, e := range errs {
				got = append(got, e.Error()+" ["+string(e.Code)+"]")
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
				for _, e := range errs {
					t.Log(e.Format())
				}
			}
		})
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
