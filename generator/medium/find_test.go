package medium

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFind lays out seeds folders and checks which notices Find finds and
// what it refuses, with the exact message of each refusal.
func TestFind(t *testing.T) {
	for _, tc := range []struct {
		name    string
		files   []string // paths made under the seeds folder; a trailing / makes a folder
		entries []string // Entry.Path: Main [attachments]
		errs    []string
	}{
		{name: "files of any case and subfolders", files: []string{"a.txt", "C.TXT", "2024/b.txt", "2024/page.HTM", "p.shtml"},
			entries: []string{"2024/b.txt", "2024/page.HTM", "C.TXT", "a.txt", "p.shtml"}},
		{name: "a notice's folder", files: []string{"n/notice.html", "n/附件1.PDF", "n/附件2.xlsx", "n/notice_files/x.css"},
			entries: []string{"n: n/notice.html [n/附件1.PDF n/附件2.xlsx]"}},
		{name: "refused formats", files: []string{"a.txt", "n/a.txt", "n/附件1.doc", "n/附件2.XLS", "x.wps", "y.et", "z.ofd"},
			entries: []string{"a.txt", "n/a.txt"},
			errs: []string{
				"n/附件1.doc: a .doc file cannot be read: save it as .docx or as a PDF with text",
				"n/附件2.XLS: a .xls file cannot be read: save it as .xlsx",
				"x.wps: a .wps file cannot be read: save it as .docx or as a PDF with text",
				"y.et: a .et file cannot be read: save it as .xlsx",
				"z.ofd: a .ofd file cannot be read: save it as a PDF with text, or as .docx",
			}},
		{name: "unknown files and stray folders", files: []string{"a.txt", "notes.md", "empty/", "deep/er/", ".git/x"},
			entries: []string{"a.txt"},
			errs: []string{
				"deep/er: the folder holds no notice",
				"empty: the folder holds no notice",
				"notes.md: not a notice: seeds/ holds notices (.txt, a saved page .html) and folders of a notice and its attachments (.docx, .xlsx, .pdf)",
			}},
		{name: "attachments astray", files: []string{"附件1.pdf", "n/附件1.docx", "m/a.html", "m/b.txt", "m/附件.pdf", "k/a.html", "k/附件.pdf", "k/sub/"},
			entries: []string{"k: k/a.html [k/附件.pdf]"},
			errs: []string{
				"k/sub: a folder inside a notice's folder; a notice's folder holds its page or text and its attachments, nothing else",
				"m: the folder holds attachments and 2 notices (a.html, b.txt); a notice's folder holds one page or text and its attachments",
				"n: the folder holds attachments but no notice: add the notice's page (.html) or its text (.txt)",
				"附件1.pdf: an attachment outside a notice's folder: put the notice's page (or text) and its attachments in a folder of their own",
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tc.files {
				p := filepath.Join(dir, f)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if strings.HasSuffix(f, "/") {
					if err := os.MkdirAll(p, 0o755); err != nil {
						t.Fatal(err)
					}
				} else if err := os.WriteFile(p, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			entries, diags := Find(dir)
			rel := func(p string) string { r, _ := filepath.Rel(dir, p); return r }
			var got []string
			for _, e := range entries {
				s := rel(e.Main)
				if e.Path != e.Main {
					var as []string
					for _, a := range e.Attachments {
						as = append(as, rel(a))
					}
					s = rel(e.Path) + ": " + s + " [" + strings.Join(as, " ") + "]"
				}
				got = append(got, s)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.entries) {
				t.Errorf("entries\n%q\nwant\n%q", got, tc.entries)
			}
			var msgs []string
			for _, d := range diags {
				msgs = append(msgs, strings.TrimPrefix(d.Error(), dir+"/"))
			}
			slices.Sort(msgs)
			if !slices.Equal(msgs, tc.errs) {
				t.Errorf("errors\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(tc.errs, "\n"))
			}
		})
	}
}
