package generator

import (
	"cmp"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/gazetteer"
	"github.com/bianmin-data/pilots/generator/internal/parallel"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/medium"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/generator/provenance"
	"github.com/bianmin-data/pilots/generator/seed"
)

// Dataset is every notice that passed its checks, sorted by the kind and
// batch of their first list, and the combined table of every list made
// from them, whose batches point back to their notices.
type Dataset struct {
	Dir     string // the seeds folder
	Notices []*notice.Notice
	Table   *data.Table // every batch, enriched from the gazetteer
	Inputs  string      // the digest of every file of the notices, read before they were parsed; "" when there is none. A caller that changes the notices or the table after Load sets it to "", or a build may find the site of the files up to date
}

// Load reads, parses and checks every notice in dir (see medium.Find),
// its lists of the kinds in kinds (Kinds), then enriches the rows of
// those that passed. It returns the dataset, with every diagnostic of
// every file, sorted; the caller decides whether warnings fail the run.
// Once the rows are in the table, the notices drop theirs
// (Notice.DropRows): a million rows are held once.
func Load(dir string, kinds *lists.Catalog) (*Dataset, diag.List) {
	entries, diags := medium.Find(dir)
	if slices.ContainsFunc(diags, func(d *diag.Diagnostic) bool { return d.Code == diag.SeedsFolder }) {
		return &Dataset{Dir: dir, Table: &data.Table{Table: kinds.All(), Catalog: kinds}}, diags
	}
	// The gazetteer is parsed while the notices are.
	go gazetteer.Default()
	inputs := seedsDigest(dir, entries)
	loaded := make([]*notice.Notice, len(entries))
	errs := make([]diag.List, len(entries))
	parallel.Run(len(entries), func(i int) error {
		loaded[i], errs[i] = loadOne(entries[i], kinds)
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
		diags.Add(diag.InFile(dir, 0, diag.NoSeeds, "no notices in the seeds folder: a notice is a .txt (its text, or the scraper's record), a saved page (.html), or a folder of its page and attachments"))
	}
	// By their first list: kind, then batch.
	slices.SortStableFunc(notices, func(a, b *notice.Notice) int {
		return cmp.Or(cmp.Compare(a.Lists[0].Kind.Order, b.Lists[0].Kind.Order), cmp.Compare(a.Lists[0].Batch, b.Lists[0].Batch))
	})
	diags = append(diags, notice.CrossCheck(notices)...)
	table, warns := enrich(notices, kinds, gazetteer.Default())
	fetched := fetchedFiles(entries)
	for i := range table.Batches {
		b := &table.Batches[i]
		for _, l := range b.Notice.Lists {
			if l.Kind == b.Kind && l.Batch == b.Number {
				b.From = readFrom(dir, l.From)
				b.Source = sourceOf(dir, l, fetched)
			}
		}
	}
	diags = append(diags, warns...)
	for _, n := range notices {
		n.DropRows()
	}
	for _, src := range sources {
		diags.Add(src.Dropped())
	}
	diags.Sort()
	return &Dataset{Dir: dir, Notices: notices, Table: table, Inputs: inputs}, diags
}

// fetchedFiles returns the provenance of every file the entries' records
// name, by its path.
func fetchedFiles(entries []medium.Entry) map[string]provenance.File {
	out := map[string]provenance.File{}
	for _, e := range entries {
		if e.Provenance == "" {
			continue
		}
		dir := filepath.Dir(e.Provenance)
		rec, err := provenance.Read(dir)
		if err != nil || rec == nil {
			continue // medium warned of it
		}
		for _, f := range rec.Files {
			out[filepath.Join(dir, f.Name)] = f
		}
	}
	return out
}

// sourceOf is the attachment a list was read from (a place in a file
// other than the notice's own), as the site publishes it under
// data.SourcePrefix and its path in the seeds folder dir; nil for a list
// of the notice's own text or page. Its bytes are read again to be
// summed: an attachment is at most seed.MaxSize.
func sourceOf(dir string, l *notice.List, fetched map[string]provenance.File) *data.Source {
	file := l.From.File
	if l.From.Place == "" || file == "" || file == l.Notice.Src.Name {
		return nil
	}
	b, errs := seed.Load(file)
	rel, err := filepath.Rel(dir, file)
	if errs != nil || err != nil || strings.HasPrefix(rel, "..") {
		return nil
	}
	s := &data.Source{Path: file, Rel: data.SourcePrefix + filepath.ToSlash(rel), Name: filepath.Base(file), Size: int64(len(b)), SHA256: provenance.Sum(b), Annex: l.Annex}
	if f, ok := fetched[file]; ok {
		s.URL, s.Retrieved = f.FinalURL, f.Retrieved
	}
	return s
}

// readFrom names where a list was read from, as the pages and downloads
// say it: its file relative to the seeds folder dir (no path of the
// machine that built them), and its place in it, or its line; each
// quoted when it holds a character that would hide or reorder the text
// around it (diag.Quote).
func readFrom(dir string, at diag.Position) string {
	rel, err := filepath.Rel(dir, at.File)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		rel = filepath.Base(at.File)
	}
	rel = diag.Quote(filepath.ToSlash(rel))
	switch {
	case at.Place != "":
		return rel + " " + diag.Quote(at.Place)
	case at.Line > 0:
		return rel + ":" + strconv.Itoa(at.Line)
	}
	return rel
}

// loadOne reads, parses and checks one notice.
func loadOne(e medium.Entry, kinds *lists.Catalog) (*notice.Notice, diag.List) {
	rec, errs := medium.Read(e)
	if rec == nil {
		return nil, errs
	}
	n, perrs := notice.Parse(rec, kinds)
	errs = append(errs, perrs...)
	errs = append(errs, n.Check()...)
	return n, errs
}
