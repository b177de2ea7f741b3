package generator

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/xuri/excelize/v2"
)

// TestLoadMedia loads the seed's notice as each medium it is published in
// (testdata/media), each alone in a seeds folder, and checks that the
// published table is the one the scraper's record gives, row for row and
// field for field: the source address, the signing date and every code
// included.
func TestLoadMedia(t *testing.T) {
	want, diags := Load("../seeds", lists.Default())
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	media := "../testdata/media"
	for _, tc := range []struct {
		name  string
		files map[string]string // path in the seeds folder → fixture
	}{
		{"page in GB18030", map[string]string{"notice.html": "page-gb18030.html"}},
		{"pasted text", map[string]string{"2023/C.TXT": "pasted.txt"}},
		{"a folder of the text and a PDF", map[string]string{"batch3/notice.txt": "notice.txt", "batch3/附件.pdf": "annex-chromium.pdf"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for to, from := range tc.files {
				data, err := os.ReadFile(filepath.Join(media, from))
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, to)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, diags := Load(dir, lists.Default())
			if errs := diags.Errors(false); len(errs) > 0 {
				t.Fatal(errs)
			}
			for _, d := range diags {
				if d.Code != diag.NoSource {
					t.Errorf("unexpected warning: %v", d)
				}
			}
			if len(got.Table.Rows) != 70 {
				t.Fatalf("%d rows", len(got.Table.Rows))
			}
			for i, p := range got.Table.Rows {
				w := want.Table.Rows[i]
				if p.SourceURL == "" { // the folder's text names none: a warning
					w.SourceURL = ""
				}
				if !reflect.DeepEqual(p, w) {
					t.Errorf("row %d:\n%+v\nwant\n%+v", i+1, p, w)
				}
			}
		})
	}
}

// TestReadFrom builds the two-list notice as a folder of its text, a
// workbook and a PDF: each batch's page and workbook say which file, and
// where in it, its list was read from, relative to the seeds folder.
func TestReadFrom(t *testing.T) {
	folder := map[string][]byte{}
	for _, name := range []string{"notice.txt", "附件1.xlsx", "附件2.pdf"} {
		folder["two-lists/"+name] = mustRead(t, filepath.Join("..", "testdata", "media", "two-lists", name))
	}
	seeds := seedsOf(t, folder)
	ds, diags := Load(seeds, lists.Default())
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(ds, Options{Out: out, BaseURL: DefaultBaseURL}); err != nil {
		t.Fatal(err)
	}
	for page, want := range map[string]string{
		"batches/4/index.html":          "<code>two-lists/附件1.xlsx Sheet1!A4</code>",
		"en/pioneer-zones/1/index.html": "<code>two-lists/附件2.pdf page 1 line 4</code>",
	} {
		if !strings.Contains(string(mustRead(t, filepath.Join(out, filepath.FromSlash(page)))), want) {
			t.Errorf("%s does not say %s", page, want)
		}
	}
	wb, err := excelize.OpenFile(filepath.Join(out, "data", "batch-4", "pilots.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.GetRows(data.SheetSource)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		found = found || len(r) == 2 && r[0] == "pilots batch 4 read from" && r[1] == "two-lists/附件1.xlsx Sheet1!A4"
	}
	if !found {
		t.Errorf("the workbook's source sheet does not say where the list was read from: %q", rows)
	}
}
