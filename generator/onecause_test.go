package generator

import (
	"path/filepath"
	"testing"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
)

// TestOneErrorOneCause refuses an attachment in each way one can be: the
// notice gets that one error, naming the file, and nothing more of the
// annex it would have given (no "no annex list", no "annex missing", no
// count for a list it does not carry), and no message names a field of the
// scraper's record.
func TestOneErrorOneCause(t *testing.T) {
	notice := mustRead(t, "../testdata/media/notice.txt")
	two := mustRead(t, "../testdata/media/two-lists/notice.txt")
	xlsx := mustRead(t, "../testdata/media/two-lists/附件1.xlsx")
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		file  string // the file the one error names
		code  diag.Code
	}{
		{"a format that is refused", map[string][]byte{"n/notice.txt": notice, "n/附件1.doc": []byte("x")}, "n/附件1.doc", diag.Refused},
		{"a Word file that is not one", map[string][]byte{"n/notice.txt": notice, "n/附件1.docx": []byte("not a zip")}, "n/附件1.docx", diag.BadFile},
		{"an attachment of no annex", map[string][]byte{"n/notice.txt": notice, "n/其他文件.xlsx": xlsx, "n/附件1.xlsx": mustRead(t, "../testdata/media/annex.xlsx")}, "n/其他文件.xlsx", diag.Unmatched},
		{"the second of two lists unreadable", map[string][]byte{"n/notice.txt": two, "n/附件1.xlsx": xlsx, "n/附件2.pdf": []byte("%PDF-1.4 broken")}, "n/附件2.pdf", diag.BadFile},
		{"a refused format in the page's resources", map[string][]byte{"n.html": mustRead(t, "../testdata/media/complete/notice.html"), "n_files/附件.wps": []byte("x")}, "n_files/附件.wps", diag.Refused},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seeds := seedsOf(t, tc.files)
			_, diags := Load(seeds, lists.Default())
			errs := diags.Errors(false)
			var others diag.List
			for _, d := range errs {
				if d.Code != tc.code || d.Pos.File != filepath.Join(seeds, tc.file) {
					others = append(others, d)
				}
			}
			if len(errs) != 1 || len(others) > 0 {
				t.Errorf("errors:\n%s\nwant one %s naming %s", errs, tc.code, tc.file)
			}
		})
	}
}
