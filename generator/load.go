package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/gazetteer"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/generator/seed"
)

// Load reads, parses and checks every *.txt notice in dir. It returns the
// notices that parsed without error, sorted by batch, and every diagnostic of
// every file, sorted. The caller decides whether warnings fail the run.
func Load(dir string) (*Dataset, diag.List) {
	var diags diag.List
	entries, err := os.ReadDir(dir)
	if err != nil {
		return &Dataset{Table: &data.Table{}}, diag.List{{Pos: diag.Position{File: dir}, Msg: fmt.Sprintf("cannot read the seeds folder: %v", err)}}
	}
	var notices []*notice.Notice
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".txt") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		n, errs := loadOne(filepath.Join(dir, e.Name()))
		diags = append(diags, errs...)
		if n != nil && len(errs.Errors(false)) == 0 {
			notices = append(notices, n)
		}
	}
	if len(notices) == 0 && len(diags) == 0 {
		diags.Add(&diag.Diagnostic{Pos: diag.Position{File: dir}, Msg: "no notices (*.txt) in the seeds folder"})
	}
	slices.SortStableFunc(notices, func(a, b *notice.Notice) int { return a.Batch - b.Batch })
	diags = append(diags, crossCheck(notices)...)
	table, warns := enrich(notices, gazetteer.Default())
	diags = append(diags, warns...)
	diags.Sort()
	return &Dataset{Notices: notices, Table: table}, capPerFile(diags, maxPerFile)
}

// maxPerFile bounds the diagnostics reported for one file, so that a
// hostile or badly broken notice cannot flood a CI log.
const maxPerFile = 100

// capPerFile keeps the first max diagnostics of each file of a sorted
// list, and says how many more there were. When errors were cut, the note
// is an error too, so the cut never hides a failure.
func capPerFile(diags diag.List, max int) diag.List {
	var out diag.List
	for i := 0; i < len(diags); {
		j := i
		for j < len(diags) && diags[j].Pos.File == diags[i].Pos.File {
			j++
		}
		if j-i <= max {
			out = append(out, diags[i:j]...)
		} else {
			out = append(out, diags[i:i+max]...)
			more := &diag.Diagnostic{Pos: diag.Position{File: diags[i].Pos.File}, Severity: diag.Warning,
				Msg: fmt.Sprintf("%d more problems in this file; the first %d are shown", j-i-max, max)}
			if len(diags[i+max:j].Errors(false)) > 0 {
				more.Severity = diag.Error
			}
			out = append(out, more)
		}
		i = j
	}
	return out
}

// loadOne reads, parses and checks one seed file.
func loadOne(path string) (*notice.Notice, diag.List) {
	rec, errs := seed.ReadFile(path)
	if rec == nil {
		return nil, errs
	}
	n, perrs := notice.Parse(rec)
	errs = append(errs, perrs...)
	errs = append(errs, n.Check()...)
	return n, errs
}

// crossCheck reports what no single notice shows: two notices claiming the
// same batch (an error) and an area listed in two batches (a warning: a
// later notice may legitimately name a pilot again).
func crossCheck(notices []*notice.Notice) diag.List {
	var diags diag.List
	type key struct{ province, area string }
	firstBatch := map[int]*notice.Notice{}
	firstArea := map[key]*notice.Notice{}
	for _, n := range notices {
		if prev, dup := firstBatch[n.Batch]; dup {
			diags.Add(n.Src.Errorf(n.TitleOffset(), "batch %d is also claimed by %s", n.Batch, prev.Src.Name))
			continue
		}
		firstBatch[n.Batch] = n
		for _, r := range n.Rows {
			k := key{r.Province, r.Area}
			if prev, dup := firstArea[k]; dup {
				diags.Add(n.Src.Warnf(r.AreaOff, "annex row %d: %s %s was already a pilot in batch %d", r.Seq, r.Province, r.Area, prev.Batch))
			} else {
				firstArea[k] = n
			}
		}
	}
	return diags
}
