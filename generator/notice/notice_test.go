package notice

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/seed"
)

// load reads, parses and checks one notice, its lists among themselves
// too, returning it with every diagnostic, sorted.
func load(name string, data []byte) (*Notice, diag.List) {
	rec, errs := seed.Read(name, data)
	if rec == nil {
		errs.Sort()
		return nil, errs
	}
	n, perrs := Parse(rec, lists.Default())
	errs = append(errs, perrs...)
	errs = append(errs, n.Check()...)
	errs = append(errs, CrossCheck([]*Notice{n})...)
	errs.Sort()
	return n, errs
}

func loadFile(t *testing.T, path string) *Notice {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n, errs := load(path, data)
	if len(errs) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", errs)
	}
	return n
}

func date(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestSeed(t *testing.T) {
	n := loadFile(t, "../../seeds/000_b650c5b04f2a9d19.txt")
	if n.Lists[0].Batch != 3 {
		t.Errorf("batch = %d, want 3", n.Lists[0].Batch)
	}
	if len(n.Lists[0].Rows) != 70 || n.Lists[0].StatedCount != 70 {
		t.Errorf("%d rows, stated %d; want 70 and 70", len(n.Lists[0].Rows), n.Lists[0].StatedCount)
	}
	if !n.Signed.Equal(date("2023-08-31")) {
		t.Errorf("signed %v, want 2023-08-31", n.Signed)
	}
	if !n.Published.Equal(date("2023-09-07")) {
		t.Errorf("published %v, want 2023-09-07", n.Published)
	}
	wantOffices := []string{
		"商务部办公厅", "国家发展改革委办公厅", "民政部办公厅", "财政部办公厅",
		"人力资源社会保障部办公厅", "自然资源部办公厅", "住房城乡建设部办公厅", "文化和旅游部办公厅",
		"国家卫生健康委办公厅", "市场监管总局办公厅", "金融监管总局办公厅", "体育总局办公厅", "国家邮政局办公室",
	}
	if strings.Join(n.Offices, " ") != strings.Join(wantOffices, " ") {
		t.Errorf("offices = %q\nwant %q", n.Offices, wantOffices)
	}
	if want := "http://www.mofcom.gov.cn/article/zwgk/gkgztz/202309/20230903438152.shtml"; n.SourceURL != want {
		t.Errorf("source = %q, want %q", n.SourceURL, want)
	}
	if want := "https://web.archive.org/web/20230921153400/" + n.SourceURL; n.ArchivedURL != want {
		t.Errorf("archived = %q, want %q", n.ArchivedURL, want)
	}
	if n.ArchiveStamp != "20230907034252" {
		t.Errorf("archive stamp = %q", n.ArchiveStamp)
	}
	if n.Lists[0].Title != "全国第三批城市一刻钟便民生活圈试点名单" {
		t.Errorf("annex title = %q", n.Lists[0].Title)
	}
	var kinds []ParagraphKind
	for _, p := range n.Body {
		kinds = append(kinds, p.Kind)
	}
	if want := []ParagraphKind{Addressee, Text, Heading, Text, Heading, Text}; !equal(kinds, want) {
		t.Errorf("paragraph kinds = %v, want %v", kinds, want)
	}
	if n.Body[2].Text != "一、统筹谋划，精准施策。" {
		t.Errorf("first heading = %q", n.Body[2].Text)
	}
	for _, want := range []Row{
		{Seq: 1, Province: "北京市", Area: "朝阳区"},
		{Seq: 2, Province: "北京市", Area: "海淀区"},
		{Seq: 6, Province: "天津市", Area: "河北区"},
		{Seq: 11, Province: "内蒙古自治区", Area: "兴安盟"},
		{Seq: 17, Province: "上海市", Area: "浦东新区"},
		{Seq: 24, Province: "江苏省", Area: "泰州市"},
		{Seq: 33, Province: "浙江省", Area: "台州市"},
		{Seq: 34, Province: "安徽省", Area: "滁州市"},
		{Seq: 59, Province: "云南省", Area: "楚雄彝族自治州"},
		{Seq: 63, Province: "西藏自治区", Area: "昌都市"},
		{Seq: 70, Province: "新疆维吾尔自治区", Area: "巴音郭楞蒙古自治州"},
	} {
		got := n.Lists[0].Rows[want.Seq-1]
		if got.Seq != want.Seq || got.Province != want.Province || got.Area != want.Area || got.Note != "" {
			t.Errorf("row %d = %d %s %s %q, want %s %s", want.Seq, got.Seq, got.Province, got.Area, got.Note, want.Province, want.Area)
		}
	}
	// Positions: row 1's area is on line 3 of the file.
	if p := n.Src.Position(n.Lists[0].Rows[0].AreaOff); p.Line != 3 || !strings.HasPrefix(n.Src.Text[n.Lists[0].Rows[0].AreaOff:], "朝阳区 2 海淀区") {
		t.Errorf("row 1 area at %v", p)
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestVariants(t *testing.T) {
	for _, tc := range []struct {
		file    string
		batch   int
		signed  string
		offices int
		rows    []Row
	}{
		{"ascii_punctuation.txt", 4, "2024-11-05", 2, []Row{
			{Seq: 1, Province: "河北省", Area: "石家庄市"},
			{Seq: 2, Province: "河北省", Area: "唐山市"},
			{Seq: 3, Province: "天津市", Area: "河北区"},
			{Seq: 4, Province: "重庆市", Area: "渝中区"},
			{Seq: 5, Province: "贵州省", Area: "贵阳市"},
		}},
		{"note_column_crlf.txt", 12, "2031-02-28", 1, []Row{
			{Seq: 1, Province: "辽宁省", Area: "大连市", Note: "计划单列市"},
			{Seq: 2, Province: "辽宁省", Area: "沈阳市"},
			{Seq: 3, Province: "新疆生产建设兵团", Area: "石河子市"},
			{Seq: 4, Province: "新疆生产建设兵团", Area: "五家渠市", Note: "第八师"},
		}},
		{"multiline.txt", 1, "2022-01-10", 1, []Row{
			{Seq: 1, Province: "北京市", Area: "东城区"},
			{Seq: 2, Province: "北京市", Area: "西城区"},
			{Seq: 3, Province: "上海市", Area: "黄浦区"},
		}},
		{"bom_no_final_newline.txt", 2, "2022-12-01", 1, []Row{
			{Seq: 1, Province: "内蒙古自治区", Area: "兴安盟"},
			{Seq: 2, Province: "西藏自治区", Area: "日喀则市"},
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			n := loadFile(t, filepath.Join("../../testdata/notices", tc.file))
			if n.Lists[0].Batch != tc.batch || n.Signed.Format("2006-01-02") != tc.signed || len(n.Offices) != tc.offices {
				t.Errorf("batch %d, signed %s, %d offices; want %d, %s, %d",
					n.Lists[0].Batch, n.Signed.Format("2006-01-02"), len(n.Offices), tc.batch, tc.signed, tc.offices)
			}
			if len(n.Lists[0].Rows) != len(tc.rows) {
				t.Fatalf("%d rows, want %d", len(n.Lists[0].Rows), len(tc.rows))
			}
			for i, want := range tc.rows {
				got := n.Lists[0].Rows[i]
				got.SeqOff, got.AreaOff = 0, 0
				if got != want {
					t.Errorf("row %d = %+v, want %+v", i+1, got, want)
				}
			}
		})
	}
}

func TestMultilineValue(t *testing.T) {
	data, err := os.ReadFile("../../testdata/notices/multiline.txt")
	if err != nil {
		t.Fatal(err)
	}
	rec, errs := seed.Read("m.txt", data)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got, want := rec.Value("translated_content"), "Multi-line\ntranslation: with a colon"; got != want {
		t.Errorf("translated_content = %q, want %q", got, want)
	}
	// The row 3 area is on line 14, after "3 上海市 ".
	n, _ := Parse(rec, lists.Default())
	if p := n.Src.Position(n.Lists[0].Rows[2].AreaOff); p != (diag.Position{File: "m.txt", Line: 14, Col: 7}) {
		t.Errorf("row 3 area at %v, want m.txt:14:7", p)
	}
}

func TestBatchNumber(t *testing.T) {
	for _, tc := range []struct {
		title string
		want  int
	}{
		{"关于公布首批城市一刻钟便民生活圈试点名单的通知", 1},
		{"关于公布第一批试点名单的通知", 1},
		{"关于公布全国第二批试点名单的通知", 2},
		{"关于公布第两批试点名单的通知", 2},
		{"关于公布第十批试点名单的通知", 10},
		{"关于公布第十二批试点名单的通知", 12},
		{"关于公布第二十批试点名单的通知", 20},
		{"关于公布第九十九批试点名单的通知", 99},
		{"关于公布第3批试点名单的通知", 3},
		{"关于公布第１５批试点名单的通知", 15},
	} {
		p := &parser{src: diag.NewSource("t", tc.title), n: &Notice{}}
		numeral, at, ok := batchIn(tc.title)
		if b := p.batchNumber(numeral, at); !ok || b != tc.want || len(p.errs) > 0 {
			t.Errorf("%s: batch %d (%v), want %d", tc.title, b, p.errs, tc.want)
		}
	}
	for _, bad := range []string{"第零批", "第十十批", "第一十批"} {
		p := &parser{src: diag.NewSource("t", bad), n: &Notice{}}
		numeral, at, ok := batchIn(bad)
		if b := p.batchNumber(numeral, at); ok && len(p.errs) == 0 {
			t.Errorf("%s: batch %d, want an error", bad, b)
		}
	}
}
