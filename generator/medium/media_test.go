package medium

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/generator/seed"
)

// media is testdata/media: fixtures made by make.sh there.
const media = "../../testdata/media"

// seedRows returns the rows of the seed's notice, as package notice reads
// the scraper's record: what every medium must give.
func seedRows(t *testing.T) []string {
	t.Helper()
	paths, _ := filepath.Glob("../../seeds/000_*.txt")
	rec, errs := seed.ReadFile(paths[0])
	if rec == nil {
		t.Fatal(errs)
	}
	n, _ := notice.Parse(rec, lists.Default())
	return rowsOf(n)
}

// rowsOf returns each list's rows as "kind batch seq province area".
func rowsOf(n *notice.Notice) []string {
	var out []string
	for _, l := range n.Lists {
		for _, r := range l.Rows {
			out = append(out, fmt.Sprintf("%v %d %d %s %s", l.Kind, l.Batch, r.Seq, r.Province, r.Area))
		}
	}
	return out
}

// load reads, parses and checks the notice at path (a file, or a folder).
func load(t *testing.T, path string) (*notice.Notice, diag.List) {
	t.Helper()
	e := Entry{Path: path, Main: path}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		var entries []Entry
		var errs diag.List
		walk(path, false, &entries, &errs)
		if len(errs) > 0 || len(entries) != 1 {
			t.Fatalf("%s is not a notice's folder: %v", path, errs)
		}
		e = entries[0]
	}
	rec, errs := Read(e)
	if rec == nil {
		return nil, errs
	}
	n, perrs := notice.Parse(rec, lists.Default())
	errs = append(errs, perrs...)
	errs = append(errs, n.Check()...)
	errs.Sort()
	return n, errs
}

// TestMediaRows reads the seed's notice in every medium it is published in
// and checks that each gives exactly the seed's 70 rows, its title, date
// and source address, with no problem.
func TestMediaRows(t *testing.T) {
	want := seedRows(t)
	if len(want) != 70 {
		t.Fatalf("the seed has %d rows", len(want))
	}
	for _, tc := range []struct {
		name string
		path string
	}{
		{"page saved in UTF-8", "page-utf8.html"},
		{"page saved in GB18030", "page-gb18030.html"},
		{"pasted text", "pasted.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, errs := load(t, filepath.Join(media, tc.path))
			if n == nil || len(errs) > 0 {
				t.Fatalf("problems:\n%s", diagText(errs))
			}
			if got := rowsOf(n); !slices.Equal(got, want) {
				t.Errorf("rows differ from the seed's:\n%s", diffRows(got, want))
			}
			if !strings.HasSuffix(n.Title, "试点名单的通知") || strings.Contains(n.Title, "商务部网站") {
				t.Errorf("title %q", n.Title)
			}
			if n.SourceURL != "http://www.mofcom.gov.cn/article/zwgk/gkgztz/202309/20230903438152.shtml" {
				t.Errorf("source %q", n.SourceURL)
			}
			if n.Signed.Format("2006-01-02") != "2023-08-31" || n.Published.IsZero() {
				t.Errorf("signed %v, published %v", n.Signed, n.Published)
			}
		})
	}
}

// diagText is every diagnostic with its excerpt.
func diagText(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.Format() + "\n")
	}
	return b.String()
}

// diffRows shows where two row lists first differ.
func diffRows(got, want []string) string {
	for i := range max(len(got), len(want)) {
		g, w := "(none)", "(none)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return fmt.Sprintf("row %d: got %q, want %q (%d rows, want %d)", i+1, g, w, len(got), len(want))
		}
	}
	return ""
}

// folder makes a notice's folder in a temporary folder from fixtures: the
// files of testdata/media named by files, each under its new name.
func folder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "seeds", "notice")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, from := range files {
		data, err := os.ReadFile(filepath.Join(media, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestAttachments reads the seed's notice as a folder of its text and its
// annex as each producer made it: every one gives the seed's 70 rows, and
// each cut short after row 41 is refused there, at the place of row 41 in
// its file.
func TestAttachments(t *testing.T) {
	want := seedRows(t)
	for _, tc := range []struct {
		name, file, cut string
		cutAt           string // the place of the last row of the cut list
	}{
		{"Word file from LibreOffice Writer", "annex.docx", "annex-cut.docx", "table 1 row 42 cell 1"},
		{"workbook from LibreOffice Calc", "annex.xlsx", "annex-cut.xlsx", "Sheet1!A44"},
		{"PDF from LibreOffice Writer", "annex-writer.pdf", "annex-cut-writer.pdf", "page 2 line 22"},
		{"PDF printed by Chromium", "annex-chromium.pdf", "annex-cut-chromium.pdf", "page 2 line 11"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ext := filepath.Ext(tc.file)
			dir := folder(t, map[string]string{"notice.txt": "notice.txt", "附件" + ext: tc.file})
			n, errs := load(t, dir)
			if n == nil || len(errs.Errors(false)) > 0 {
				t.Fatalf("problems:\n%s", diagText(errs))
			}
			if got := rowsOf(n); !slices.Equal(got, want) {
				t.Errorf("rows differ from the seed's:\n%s", diffRows(got, want))
			}
			dir = folder(t, map[string]string{"notice.txt": "notice.txt", "附件" + ext: tc.cut})
			_, errs = load(t, dir)
			wantErr := fmt.Sprintf("%s:%s: annex row 41: the list stops here, at 41 of the 70 pilots the notice announces (the text looks cut off)",
				filepath.Join(dir, "附件"+ext), tc.cutAt)
			if got := errs.Errors(false); len(got) != 1 || got[0].Error() != wantErr {
				t.Errorf("cut short:\n%s\nwant\n%s", diagText(got), wantErr)
			}
		})
	}
}

// TestTwoLists reads the two-list test notice as a folder of its text and
// two attachments of different formats (附件1.xlsx from LibreOffice Calc,
// 附件2.pdf from LibreOffice Writer): it gives both lists, each of its
// kind and batch, as the scraper's record of the same notice does.
func TestTwoLists(t *testing.T) {
	rec, errs := seed.ReadFile("../../testdata/two-lists/2024_two_lists.txt")
	if rec == nil {
		t.Fatal(errs)
	}
	record, _ := notice.Parse(rec, lists.Default())
	want := rowsOf(record)
	n, errs := load(t, filepath.Join(media, "two-lists"))
	if n == nil || len(errs.Errors(false)) > 0 {
		t.Fatalf("problems:\n%s", diagText(errs))
	}
	if kinds := lists.Default().Kinds; len(n.Lists) != 2 || n.Lists[0].Kind != kinds[0] || n.Lists[1].Kind != kinds[1] {
		t.Fatalf("lists %v", n.Lists)
	}
	if got := rowsOf(n); !slices.Equal(got, want) {
		t.Errorf("rows differ from the record's:\n%s", diffRows(got, want))
	}
	if len(errs) != 1 || errs[0].Code != diag.NoSource {
		t.Errorf("want one warning, for the missing source address: %s", diagText(errs))
	}
}

// TestMediaCut cuts the page (in each encoding) and the pasted text short
// after row 41, as a copy that stopped there would be: each is refused at
// row 41, at its line and column in the file.
func TestMediaCut(t *testing.T) {
	for _, tc := range []struct{ name, file, at string }{
		{"page saved in UTF-8", "page-utf8.html", "87:24"},
		{"page saved in GB18030", "page-gb18030.html", "87:24"},
		{"pasted text", "pasted.txt", "69:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(media, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			gb := strings.Contains(tc.file, "gb18030")
			if gb {
				if data, err = simplifiedchinese.GB18030.NewDecoder().Bytes(data); err != nil {
					t.Fatal(err)
				}
			}
			var kept []string
			for _, l := range strings.SplitAfter(string(data), "\n") {
				if cutRow.MatchString(l) {
					continue
				}
				kept = append(kept, l)
			}
			cut := []byte(strings.Join(kept, ""))
			if gb {
				if cut, err = simplifiedchinese.GB18030.NewEncoder().Bytes(cut); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(path, cut, 0o644); err != nil {
				t.Fatal(err)
			}
			_, errs := load(t, path)
			want := path + ":" + tc.at + ": annex row 41: the list stops here, at 41 of the 70 pilots the notice announces (the text looks cut off)"
			if got := errs.Errors(false); len(got) != 1 || got[0].Error() != want {
				t.Errorf("got\n%s\nwant\n%s", diagText(got), want)
			}
		})
	}
}

// cutRow is a line of rows 42 to 70, in a page's table or pasted text.
var cutRow = regexp.MustCompile(`^(<tr><td align="center">|)(4[2-9]|[56][0-9]|70)(</td>| )`)

// TestAnnexGivenTwice gives the two-list notice's first annex twice, as a
// workbook and as a PDF: the second file is refused, naming the first.
func TestAnnexGivenTwice(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "two-lists")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"notice.txt": "notice.txt", "附件1.xlsx": "附件1.xlsx", "附件1.pdf": "附件2.pdf", "附件2.pdf": "附件2.pdf"} {
		b, err := os.ReadFile(filepath.Join(media, "two-lists", src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, errs := load(t, dir)
	if !strings.Contains(diagText(errs), "is announced once but given twice, here and in 附件1.") {
		t.Errorf("no refusal of the second file of annex 1:\n%s", diagText(errs))
	}
}
