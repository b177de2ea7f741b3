package generator

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"github.com/bianmin-data/pilots/generator/lists"
)

// jsMark is layout.html's inline script.
const jsMark = `document.documentElement.classList.add("js")`

// TestHostileHTML builds a notice with HTML and script in every field and
// checks that none of it reaches a page, the JSON-LD or the feed as markup,
// while the text itself survives.
func TestHostileHTML(t *testing.T) {
	out := build(t, "../testdata/hostile/html")
	for name, b := range files(t, out) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		walk(doc, func(n *html.Node) {
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("%s: <%s %s=%q> from a seed", name, n.Data, a.Key, a.Val)
				}
			}
			switch n.Data {
			case "script":
				// The one inline script is the layout's own, which marks
				// the page for the controls the script will work.
				if attr(n, "src") == "" && attr(n, "type") != "application/ld+json" && (n.FirstChild == nil || n.FirstChild.Data != jsMark) {
					t.Errorf("%s: an inline script from a seed", name)
				}
			case "img", "iframe", "b":
				t.Errorf("%s: <%s> from a seed", name, n.Data)
			case "svg":
				if c := attr(n, "class"); c != "tilemap" && c != "bars" {
					t.Errorf("%s: <svg> from a seed", name)
				}
			}
		})
	}
	page := string(mustRead(t, filepath.Join(out, "batches", "7", "index.html")))
	for _, escaped := range []string{
		`&lt;script&gt;alert(&#34;area&#34;)&lt;/script&gt;`,
		`&lt;b&gt;加强&lt;/b&gt;指导`,
		`<p>{{.Title}}</p>`,
		`<p>&lt;/p&gt;&lt;script&gt;alert(&#34;body&#34;)&lt;/script&gt;</p>`,
	} {
		if !strings.Contains(page, escaped) {
			t.Errorf("the batch page lacks the escaped text %s", escaped)
		}
	}
	en := string(mustRead(t, filepath.Join(out, "en", "batches", "7", "index.html")))
	if !strings.Contains(en, `&lt;/script&gt;&lt;script&gt;alert(&#34;tc&#34;)&lt;/script&gt; ]]&gt; &lt;!--`) {
		t.Error("the English page lacks the escaped machine translation")
	}
	// JSON-LD and the feed parse, and hold the text as it was.
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	title := `关于公布第七批<script>alert("title")</script>试点名单的通知&amp;lt;`
	walk(doc, func(n *html.Node) {
		if n.Data == "script" && attr(n, "type") == "application/ld+json" {
			var ld struct{ Description string }
			if err := json.Unmarshal([]byte(n.FirstChild.Data), &ld); err != nil || !strings.HasPrefix(ld.Description, title) {
				t.Errorf("JSON-LD: %v, description %q", err, ld.Description)
			}
		}
	})
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(mustRead(t, filepath.Join(out, "feed.xml")), &feed); err != nil || len(feed.Entries) != 1 || feed.Entries[0].Title != title {
		t.Errorf("feed: %v %+v", err, feed)
	}
}

// TestControlName builds the seed under a file name that would retitle a
// terminal (ESC ]0;… BEL), colour it (ESC [31m) and reverse the text
// after it (U+202E): no file of the site, no part of a workbook, holds
// any of them, and the batch page and the workbook's source sheet name
// the file quoted, with Go's escapes.
func TestControlName(t *testing.T) {
	name := "a\x1b]0;pwned\a\x1b[31m\u202eb.txt"
	out := build(t, seedsOf(t, map[string][]byte{name: mustRead(t, filepath.Join(seedDir, "000_b650c5b04f2a9d19.txt"))}))
	quoted := `"a\x1b]0;pwned\a\x1b[31m\u202eb.txt":3` // the list starts on line 3
	controls := "\x1b\a\u202e"
	workbooks := 0
	for rel, b := range files(t, out) {
		switch filepath.Ext(rel) {
		case ".parquet", ".png": // binary, holding no name
		case ".xlsx":
			workbooks++
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			var text bytes.Buffer
			for _, f := range zr.File {
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				if _, err := text.ReadFrom(r); err != nil {
					t.Fatal(err)
				}
			}
			b = text.Bytes()
			fallthrough
		default:
			if i := bytes.IndexAny(b, controls); i >= 0 {
				t.Errorf("%s holds %q", rel, b[max(0, i-20):min(len(b), i+20)])
			}
		}
	}
	if workbooks == 0 {
		t.Error("no workbook read")
	}
	page := string(mustRead(t, filepath.Join(out, "batches", "3", "index.html")))
	if !strings.Contains(page, "<code>"+html.EscapeString(quoted)+"</code>") {
		t.Errorf("the batch page does not name the file as %s", quoted)
	}
	wb, err := excelize.OpenFile(filepath.Join(out, "data", "batch-3", "pilots.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.GetRows("source")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(rows, func(r []string) bool { return slices.Contains(r, quoted) }) {
		t.Errorf("the workbook's source sheet does not name the file as %s: %q", quoted, rows)
	}
}

// smallNotice is a small valid notice of batch 5 whose list is rows.
func smallNotice(rows string) string {
	n := 0 // the rows, stated as the count
	for _, f := range strings.Fields(rows) {
		if strings.Trim(f, "0123456789") == "" {
			n++
		}
	}
	return "title: 关于公布第五批城市一刻钟便民生活圈试点名单的通知\n" +
		"resulting_text: 各地： 确定试点地区" + strconv.Itoa(n) + "个。 附件：名单 商务部办公厅 2025年6月1日 附件 名单 序号 省（区、市） 试点地区 " + rows + "\n" +
		"input_url: http://www.mofcom.gov.cn/b5.shtml\n" +
		"date: 2025-06-03\n"
}

// TestHostileInput feeds the loader and the build hostile seeds. Each
// either builds or fails with the expected positioned error; none panics,
// and none is read beyond the size limit.
func TestHostileInput(t *testing.T) {
	manyRows := func() string {
		var b strings.Builder
		for i := 1; i <= 10000; i++ {
			fmt.Fprintf(&b, "%d 北京市 试点%d区 ", i, i)
		}
		return smallNotice(b.String())
	}
	for _, tc := range []struct {
		name  string
		setup func(dir string) error // writes the seeds folder
		first string                 // the first diagnostic, "" when none
		last  string                 // the last diagnostic, "" when it is the first
		fails bool                   // whether the notices are rejected
		rows  int                    // pilots built when they are not
	}{
		{name: "invalid UTF-8", setup: write("bad.txt", "title: \xff\xfe\nresulting_text: x\n"),
			first: "bad.txt:1:8: invalid UTF-8 byte 0xff; seeds must be UTF-8", last: "bad.txt:1:9: invalid UTF-8 byte 0xfe; seeds must be UTF-8", fails: true},
		{name: "NUL bytes", setup: write("nul.txt", smallNotice("1 北京市 朝阳\x00区")),
			first: "nul.txt:2:83: unexpected NUL byte", fails: true},
		{name: "100 MB seed", setup: func(dir string) error {
			f, err := os.Create(filepath.Join(dir, "big.txt"))
			if err != nil {
				return err
			}
			if err := f.Truncate(100 << 20); err != nil {
				return err
			}
			return f.Close()
		}, first: "big.txt:1:1: file is larger than the 16 MiB limit for a seed", fails: true},
		{name: "1 MB line", setup: write("long.txt", strings.Replace(smallNotice("1 北京市 朝阳区"), "各地：", "各地："+strings.Repeat("很长", 1<<19/3), 1)), rows: 1},
		{name: "a folder", setup: func(dir string) error { return os.Mkdir(filepath.Join(dir, "folder.txt"), 0o755) },
			first: "folder.txt: the folder holds no notice", fails: true},
		{name: "a symlink", setup: func(dir string) error {
			return os.Symlink("/etc/hostname", filepath.Join(dir, "link.txt"))
		}, first: "link.txt: not a regular file (L---------)", fails: true},
		{name: "spaces and dots in the name", setup: write("batch 5 ..final.txt", smallNotice("1 北京市 朝阳区")), rows: 1},
		{name: "10,000 rows", setup: write("many.txt", manyRows()),
			first: `many.txt:2:85: warning: annex row 1: the gazetteer has no "试点1区" in 北京市; it is published without a code; nearest: `,
			last:  "many.txt: warning: 9900 more problems in this file; the first 100 are shown", rows: 10000},
		{name: "repeated keys", setup: write("keys.txt", smallNotice("1 北京市 朝阳区")+strings.Repeat("title: again\n", 5000)),
			first: `keys.txt:5:1: repeated key "title" (first at line 1)`,
			last:  "keys.txt: 4900 more problems in this file; the first 100 are shown", fails: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "seeds")
			os.Mkdir(dir, 0o755)
			if err := tc.setup(dir); err != nil {
				t.Skip("cannot make the fixture here:", err)
			}
			ds, diags := Load(dir, lists.Default())
			var got []string
			for _, d := range diags {
				got = append(got, strings.TrimPrefix(d.Error(), dir+string(filepath.Separator)))
			}
			if tc.first == "" && len(got) > 0 {
				t.Fatalf("unexpected diagnostics:\n%s", strings.Join(got[:min(5, len(got))], "\n"))
			}
			if tc.first != "" {
				if len(got) == 0 || !strings.HasPrefix(got[0], tc.first) {
					t.Fatalf("first diagnostic %q, want %q", first(got), tc.first)
				}
				want := tc.last
				if want == "" {
					want = tc.first
				}
				if !strings.HasPrefix(got[len(got)-1], want) {
					t.Errorf("last diagnostic %q, want %q (%d in all)", got[len(got)-1], want, len(got))
				}
			}
			if (diags.Err() != nil) != tc.fails {
				t.Fatalf("fails = %v, want %v", diags.Err() != nil, tc.fails)
			}
			if tc.fails {
				return
			}
			out := filepath.Join(t.TempDir(), "public")
			res, err := Build(ds, Options{Out: out, BaseURL: DefaultBaseURL})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != 1 || res.Rows[0].Rows != tc.rows {
				t.Errorf("%v rows built, want %d pilots", res.Rows, tc.rows)
			}
			if !bytes.Contains(mustRead(t, filepath.Join(out, "data", "pilots.csv")), []byte("北京市")) {
				t.Error("the CSV lacks the pilots")
			}
		})
	}
}

func write(name, content string) func(string) error {
	return func(dir string) error { return os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644) }
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
