package medium

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/generator/seed"
)

// TestSavedForms reads the seed's notice in the forms maintainers save it
// in, beyond the ones the readers were built for (testdata/media/make.sh
// makes each with a real producer): each gives exactly the seed's 70 rows,
// with only the warning it is due.
func TestSavedForms(t *testing.T) {
	want := seedRows(t)
	for _, tc := range []struct {
		name  string
		path  string            // a file of testdata/media, or "" for a folder of files
		files map[string]string // the folder: name → fixture
		warn  diag.Code         // the one warning expected, or ""
	}{
		{name: "UTF-8 bytes under a stale <meta charset=gb2312>", path: "page-stale-meta.html", warn: diag.GuessedEncoding},
		{name: "GBK without a <meta charset>", path: "page-gbk-nometa.html", warn: diag.GuessedEncoding},
		{name: "Chromium's single file (MHTML)", path: "page.mhtml"},
		{name: "Webpage, complete: the annex in notice_files/", path: "complete"},
		{name: "the only annex as 附件1.docx, a Word table split by a page break, header repeated", files: map[string]string{"notice.txt": "notice.txt", "附件1.docx": "split.docx"}},
		{name: "a Word table split inside a province's block, no header", files: map[string]string{"notice.txt": "notice.txt", "附件.docx": "split-noheader.docx"}},
		{name: "a note under a workbook's table", files: map[string]string{"notice.txt": "notice.txt", "附件.xlsx": "annex-note.xlsx"}},
		{name: "a note under a Word table", files: map[string]string{"notice.txt": "notice.txt", "附件.docx": "annex-note.docx"}},
		{name: "a note under a table in Writer's PDF", files: map[string]string{"notice.txt": "notice.txt", "附件.pdf": "annex-note-writer.pdf"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(media, tc.path)
			if tc.files != nil {
				path = folder(t, tc.files)
			}
			n, errs := load(t, path)
			if n == nil || len(errs.Errors(false)) > 0 {
				t.Fatalf("problems:\n%s", diagText(errs))
			}
			if got := rowsOf(n); !slices.Equal(got, want) {
				t.Errorf("rows differ from the seed's:\n%s", diffRows(got, want))
			}
			if l := n.Lists[0]; l.StatedCount != 70 {
				t.Errorf("stated count %d, want 70", l.StatedCount)
			}
			if tc.warn == "" && len(errs) > 0 || tc.warn != "" && (len(errs) != 1 || errs[0].Code != tc.warn) {
				t.Errorf("diagnostics:\n%s\nwant only %q", diagText(errs), tc.warn)
			}
		})
	}
}

// TestServedNames reads the two-list notice as the ministry serves it, its
// attachments saved under the server's names (P0202…45.docx, P0202…46.pdf)
// and matched by the page's links: both lists, with the counts its body
// states in the wording that once let a short list through; with the PDF
// holding 3 of its 5 rows it is refused there, once.
func TestServedNames(t *testing.T) {
	rec, errs := seed.ReadFile("../../testdata/two-lists/2024_two_lists.txt")
	if rec == nil {
		t.Fatal(errs)
	}
	record, _ := notice.Parse(rec, lists.Default())
	n, errs := load(t, filepath.Join(media, "served"))
	if n == nil || len(errs) > 0 {
		t.Fatalf("problems:\n%s", diagText(errs))
	}
	if got, want := rowsOf(n), rowsOf(record); !slices.Equal(got, want) {
		t.Errorf("rows differ from the record's:\n%s", diffRows(got, want))
	}
	if len(n.Lists) != 2 || n.Lists[0].StatedCount != 8 || n.Lists[1].StatedCount != 5 {
		t.Errorf("lists %v", n.Lists)
	}
	dir := filepath.Join(media, "served-cut")
	_, errs = load(t, dir)
	want := filepath.Join(dir, "P020240914371234567846.pdf") + ":page 1 line 6: annex 2 row 3: the list stops here, at 3 of the 5 pioneer zones the notice announces (the text looks cut off)"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("cut short:\n%s\nwant\n%s", diagText(errs), want)
	}
}

// TestRefusedForms gives the forms that cannot be read right: each is
// refused with the one message that says what is wrong and what to do.
func TestRefusedForms(t *testing.T) {
	scrambled := "the annex: its rows cannot be rebuilt: %d province names stand after a row's area instead of before it (text copied out of a PDF prints a merged province cell between the rows): put the annex itself (.pdf, .docx, .xlsx) in the notice's folder instead of its text"
	for _, tc := range []struct {
		name, path string
		files      map[string]string
		want       string // the one error, less the path of the fixture
	}{
		{name: "text copied out of the PDF by pdftotext", path: "pdftotext.txt", want: ":54:1: " + fmt.Sprintf(scrambled, 12)},
		{name: "the same with -layout", path: "pdftotext-layout.txt", want: ":40:2: " + fmt.Sprintf(scrambled, 9)},
		{name: "a workbook's list cut short above its note", files: map[string]string{"notice.txt": "notice.txt", "附件.xlsx": "annex-note-cut.xlsx"},
			want: "/附件.xlsx:Sheet1!A44: annex row 41: the list stops here, at 41 of the 70 pilots the notice announces (the text looks cut off)"},
		{name: "an attachment named for no annex", files: map[string]string{"notice.txt": "notice.txt", "附件1.docx": "annex.docx", "名单.xlsx": "annex.xlsx"},
			want: "/名单.xlsx: the notice's body announces no annex of this name (it announces 全国第三批城市一刻钟便民生活圈试点名单): every annex has its file already; remove this one or keep one file per annex"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(media, tc.path)
			if tc.files != nil {
				path = folder(t, tc.files)
			}
			_, errs := load(t, path)
			if got := errs.Errors(false); len(got) != 1 || got[0].Error() != path+tc.want {
				t.Errorf("got\n%s\nwant\n%s", diagText(got), path+tc.want)
			}
		})
	}
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestNewPathsBounded holds the readers' bound on the paths added for the
// saved forms, counted in bytes allocated, not in time: a list carried on
// over many Word tables, a saved page of many parts before its page, a
// page of many links to files. Each allocates at most a fixed multiple of
// its input (unpacked), and twice the input costs about twice as much (a
// quadratic path costs four times).
func TestNewPathsBounded(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(n int) (data []byte, size int) // size: the bytes read, unpacked
		read func(data []byte)
	}{
		{"a list over many Word tables", func(n int) ([]byte, int) {
			row := `<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>北京市</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>朝阳区</w:t></w:r></w:p></w:tc></w:tr>`
			head := `<w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>省</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>试点地区</w:t></w:r></w:p></w:tc></w:tr>`
			body := strings.Repeat("<w:tbl>"+head+row+"</w:tbl><w:p/>", n)
			return docx(t, body), len(body)
		}, func(data []byte) {
			tables, err := readDocx(data, &work{})
			if err != nil {
				t.Fatal(err)
			}
			if rows := listRows(tables); len(rows) != 2*len(tables) {
				t.Fatalf("%d rows of %d tables: the tables were not joined", len(rows), len(tables))
			}
		}},
		{"a saved page of many parts", func(n int) ([]byte, int) {
			var b strings.Builder
			b.WriteString("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n")
			for range n {
				b.WriteString("--B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n" + strings.Repeat("QUFB", 16) + "\r\n")
			}
			b.WriteString("--B\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>=E9=80=9A=E7=9F=A5</p>\r\n--B--\r\n")
			return []byte(b.String()), b.Len()
		}, func(data []byte) {
			page, _, err := mhtmlPage(data)
			if err != nil || string(page) != "<p>通知</p>" {
				t.Fatalf("page %q, %v", page, err)
			}
		}},
		{"a page of many links to files", func(n int) ([]byte, int) {
			page := "<html><body><div><p>附件：" + strings.Repeat(`<a href="/cms/P0202.docx">1.名单<b>x</b>y</a>`, n) + "</p></div></body></html>"
			return []byte(page), len(page)
		}, func(data []byte) {
			d := &document{name: "p.html", medium: "page"}
			if err := readPage(d, diag.NewSource("p.html", string(data))); err != nil {
				t.Fatal(err)
			}
			if len(d.links) != maxLinks {
				t.Fatalf("%d links kept, want the bound %d", len(d.links), maxLinks)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 20000
			small, _ := tc.make(n)
			large, size := tc.make(2 * n)
			a1 := allocated(func() { tc.read(small) })
			a2 := allocated(func() { tc.read(large) })
			// The race detector's own allocations triple a reader's.
			if a2 > 200*uint64(size) {
				t.Errorf("%d bytes allocated %d MB", size, a2>>20)
			}
			if float64(a2) > 3*float64(a1) {
				t.Errorf("twice the input allocated %.1f times as much (%d and %d bytes)", float64(a2)/float64(a1), a1, a2)
			}
		})
	}
}

// TestNoteTotal reads the total that a note under the annex's table states
// (注：…共70个), in the file of each producer, as the list's count when the
// notice's body states none.
func TestNoteTotal(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(media, "notice.txt"))
	if err != nil {
		t.Fatal(err)
	}
	uncounted := strings.Replace(string(text), "试点地区70个", "试点地区", 1)
	if uncounted == string(text) {
		t.Fatal("notice.txt no longer states its count as this test expects")
	}
	for _, fixture := range []string{"annex-note.xlsx", "annex-note.docx", "annex-note-writer.pdf"} {
		t.Run(fixture, func(t *testing.T) {
			dir := folder(t, map[string]string{"附件" + filepath.Ext(fixture): fixture})
			if err := os.WriteFile(filepath.Join(dir, "notice.txt"), []byte(uncounted), 0o644); err != nil {
				t.Fatal(err)
			}
			n, errs := load(t, dir)
			if n == nil || len(errs) > 0 {
				t.Fatalf("problems:\n%s", diagText(errs))
			}
			if l := n.Lists[0]; l.StatedCount != 70 || l.Count != 70 {
				t.Errorf("stated %d, rows %d: the note's total is not the list's count", l.StatedCount, l.Count)
			}
		})
	}
}
