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
// notices that parsed without error, sorted by batch, and the table of their
// pilots, with every diagnostic of every file, sorted. The caller decides
// whether warnings fail the run. Once the rows are in the table, the
// notices let go of theirs (Notice.Release): a million rows are held once.
func Load(dir string) (*Dataset, diag.List) {
	var diags diag.List
	entries, err := os.ReadDir(dir)
	if err != nil {
		return &Dataset{Table: &data.Table{}}, diag.List{{Pos: diag.Position{File: dir}, Msg: fmt.Sprintf("cannot read the seeds folder: %v", err)}}
	}
	// The gazetteer is parsed while the notices are.
	go gazetteer.Default()
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool {
		return !strings.HasSuffix(e.Name(), ".txt") || strings.HasPrefix(e.Name(), ".")
	})
	loaded := make([]*notice.Notice, len(entries))
	errs := make([]diag.List, len(entries))
	parallel(len(entries), func(i int) error {
		loaded[i], errs[i] = loadOne(filepath.Join(dir, entries[i].Name()))
		return nil
	})
	var notices []*notice.Notice
	var sources []*diag.Source // of every parsed notice, for their dropped diagnostics
	for i, n := range loaded {
		if n != nil {
			sources = append(sources, n.Src)
		}
		diags = append(diags, errs[i]...)
		if n != nil && len(errs[i].Errors(false)) == 0 {
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
	for _, n := range notices {
		n.Release()
	}
	for _, src := range sources {
		diags.Add(src.Dropped())
	}
	diags.Sort()
	return &Dataset{Notices: notices, Table: table}, diags
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
