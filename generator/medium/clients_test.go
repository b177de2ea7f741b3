package medium

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/internal/clients"
)

// TestPlacesBySecondTool checks the places the readers give each row
// against a second reader of the same file: in each PDF fixture, poppler's
// pdftotext has the row's number and area on the page and line the reader
// names (lines counted from the top of the page, blank ones left out); in
// the workbook, LibreOffice's CSV export has the row's number and area in
// the row of the cell the reader names.
func TestPlacesBySecondTool(t *testing.T) {
	t.Run("pdftotext", func(t *testing.T) {
		pdftotext := clients.Find(t, "pdftotext (poppler-utils)", "pdftotext")
		for _, file := range []string{"annex-writer.pdf", "annex-chromium.pdf", "annex-cut-writer.pdf", "annex-cut-chromium.pdf"} {
			dir := folder(t, map[string]string{"notice.txt": "notice.txt", "附件.pdf": file})
			n, _ := load(t, dir)
			pages := map[int][]string{}
			for _, r := range n.Lists[0].Rows {
				var page, line int
				pos := n.Src.Position(r.SeqOff)
				if _, err := fmt.Sscanf(pos.Place, "page %d line %d", &page, &line); err != nil {
					t.Fatalf("%s: row %d at %v", file, r.Seq, pos)
				}
				if pages[page] == nil {
					out := clients.Stdout(t, "", pdftotext, "-layout", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), filepath.Join(dir, "附件.pdf"), "-")
					for _, l := range strings.Split(out, "\n") {
						if strings.TrimSpace(l) != "" {
							pages[page] = append(pages[page], l)
						}
					}
				}
				got := ""
				if line <= len(pages[page]) {
					got = strings.Fields(pages[page][line-1])[0]
				}
				if got != fmt.Sprint(r.Seq) || !strings.Contains(pages[page][line-1], r.Area) {
					t.Errorf("%s: row %d (%s) at %s, where pdftotext has %q", file, r.Seq, r.Area, pos.Place, pages[page][line-1])
				}
			}
		}
	})
	t.Run("LibreOffice", func(t *testing.T) {
		soffice := clients.Find(t, "LibreOffice (libreoffice-calc-nogui)", "soffice", "libreoffice")
		tmp := t.TempDir()
		xlsx, err := filepath.Abs(filepath.Join(media, "annex.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		out := clients.Run(t, tmp, soffice, "-env:UserInstallation=file://"+tmp+"/profile", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", tmp, xlsx)
		f, err := os.Open(filepath.Join(tmp, "annex.csv"))
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		records, err := csv.NewReader(f).ReadAll()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		dir := folder(t, map[string]string{"notice.txt": "notice.txt", "附件.xlsx": "annex.xlsx"})
		n, _ := load(t, dir)
		for _, r := range n.Lists[0].Rows {
			var row int
			pos := n.Src.Position(r.SeqOff)
			if _, err := fmt.Sscanf(pos.Place, "Sheet1!A%d", &row); err != nil || row > len(records) {
				t.Fatalf("row %d at %v", r.Seq, pos)
			}
			if rec := records[row-1]; rec[0] != fmt.Sprint(r.Seq) || !strings.Contains(strings.Join(rec, ","), r.Area) {
				t.Errorf("row %d (%s) at %s, where LibreOffice has %q", r.Seq, r.Area, pos.Place, rec)
			}
		}
	})
}
