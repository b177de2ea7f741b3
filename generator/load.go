package generator

import (
	"cmp"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/gazetteer"
	"github.com/bianmin-data/pilots/generator/internal/parallel"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/generator/seed"
)

// Dataset is every notice that passed its checks, sorted by the kind and
// batch of their first list, and the combined table of every list made
// from them, whose batches point back to their notices.
type Dataset struct {
	Dir     string // the seeds folder
	Notices []*notice.Notice
	Table   *data.Table // every batch, enriched from the gazetteer
}

// Kinds reads the kinds of list (lists.File) from the content folder
// content, or the built-in ones when content is "" or has no lists.json
// of its own.
func Kinds(content string) (*lists.Catalog, error) {
	if content == "" {
		return lists.Default(), nil
	}
	c, err := lists.Read(os.DirFS(content))
	if errors.Is(err, fs.ErrNotExist) {
		return lists.Default(), nil
	}
	if err != nil {
		return nil, &OptionError{"Content", content, err}
	}
	return c, nil
}

// Load reads, parses and checks every *.txt notice in dir, its lists of
// the kinds in kinds (Kinds), then enriches the rows of those that passed. It returns the dataset, with every
// diagnostic of every file, sorted; the caller decides whether warnings
// fail the run. Once the rows are in the table, the notices drop theirs
// (Notice.DropRows): a million rows are held once.
func Load(dir string, kinds *lists.Catalog) (*Dataset, diag.List) {
	var diags diag.List
	entries, err := os.ReadDir(dir)
	if err != nil {
		return &Dataset{Dir: dir, Table: &data.Table{Table: kinds.All(), Catalog: kinds}}, diag.List{diag.InFile(dir, 0, diag.SeedsFolder, "cannot read the seeds folder: %v", err)}
	}
	// The gazetteer is parsed while the notices are.
	go gazetteer.Default()
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool {
		return !strings.HasSuffix(e.Name(), ".txt") || strings.HasPrefix(e.Name(), ".")
	})
	loaded := make([]*notice.Notice, len(entries))
	errs := make([]diag.List, len(entries))
	parallel.Run(len(entries), func(i int) error {
		loaded[i], errs[i] = loadOne(filepath.Join(dir, entries[i].Name()), kinds)
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
		diags.Add(diag.InFile(dir, 0, diag.NoSeeds, "no notices (*.txt) in the seeds folder"))
	}
	// By their first list: kind, then batch.
	slices.SortStableFunc(notices, func(a, b *notice.Notice) int {
		return cmp.Or(cmp.Compare(a.Lists[0].Kind.Order, b.Lists[0].Kind.Order), cmp.Compare(a.Lists[0].Batch, b.Lists[0].Batch))
	})
	diags = append(diags, notice.CrossCheck(notices)...)
	table, warns := enrich(notices, kinds, gazetteer.Default())
	diags = append(diags, warns...)
	for _, n := range notices {
		n.DropRows()
	}
	for _, src := range sources {
		diags.Add(src.Dropped())
	}
	diags.Sort()
	return &Dataset{Dir: dir, Notices: notices, Table: table}, diags
}

// loadOne reads, parses and checks one seed file.
func loadOne(path string, kinds *lists.Catalog) (*notice.Notice, diag.List) {
	rec, errs := seed.ReadFile(path)
	if rec == nil {
		return nil, errs
	}
	n, perrs := notice.Parse(rec, kinds)
	errs = append(errs, perrs...)
	errs = append(errs, n.Check()...)
	return n, errs
}
