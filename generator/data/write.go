package data

import (
	"io"
	"os"
	"slices"

	"github.com/bianmin-data/pilots/generator/internal/parallel"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/settings"
)

// Sink is where Write puts its files: a staging folder of package publish
// in a build, anything that keeps files by path in a test.
type Sink interface {
	// WriteSummed writes the file at rel (slash-separated, relative to
	// the site's root) with what fill writes, and returns its size and
	// SHA-256 in lowercase hex.
	WriteSummed(rel string, fill func(io.Writer) error) (int64, string, error)
	// Link writes the file at rel with the bytes of the file from,
	// written before (a hard link where it can), and returns its size and
	// SHA-256.
	Link(rel, from string) (int64, string, error)
	// Open opens a file written before, for reading.
	Open(rel string) (*os.File, error)
}

// Write writes every output of every table of all, the combined table of
// every list: for each kind of list, its table of every batch (pilots under
// data/, pioneer zones under data/pioneer-zones/) and one table per batch
// (data/batch-<n>/, data/pioneer-zones/batch-<n>/), then the combined table
// (data/designations/). The first kind's tables (the national pilots') are
// written even when it has none, since their addresses are promised.
//
// Each file is one job of a plan (plan), made by a loop over the tables
// and the outputs, and done in three rounds: the data files, in parallel;
// the combined table's files that are put together from its kinds'
// (joined, or linked); then each folder's metadata and last the checksums.
// A format that can be cut encodes each row once per kind: its file of
// every batch is written, and each batch's file is copied from it; the
// combined table's file is joined from its kinds' files. While only one
// kind of list has rows, the combined table's data files are that kind's,
// byte for byte, and are linked to them (Sink.Link) rather than written
// again, but for those that name their table (Output.Titled), which are
// written in the second round, after the kind's: the workbook copies the
// kind's compressed data sheet (sheetCopy). onFile, when
// not nil, is called after each file with the rows it holds (0 for
// metadata), from several goroutines.
func Write(sink Sink, all *Table, baseURL string, pub settings.Publisher, onFile func(rows int)) (*Downloads, error) {
	w := newWriter(sink, all, baseURL, onFile)
	w.pub = pub
	// The files of each stage are added to their sets once the stage is
	// done, each set's in the order of Outputs: the data files (encoded,
	// then joined), the metadata, the checksums.
	for _, stage := range [][]Kind{{DataFile, joined}, {Metadata}, {Checksums}} {
		var done []job
		for _, round := range stage {
			jobs := w.plan(round)
			if err := parallel.Run(len(jobs), func(i int) error { return w.do(jobs[i]) }); err != nil {
				return nil, err
			}
			done = append(done, jobs...)
		}
		w.collect(done)
	}
	return w.downloads, nil
}

// joined is the round of the combined table's files put together from
// its kinds' (a kind of its own only within Write).
const joined = Checksums + 1

// writer holds what Write has planned and written.
type writer struct {
	sink      Sink
	baseURL   string
	pub       settings.Publisher // who publishes the data (content/site.toml)
	onFile    func(rows int)
	all       *Table
	kinds     [][]*Table // each kind's table of every batch, then its batches
	tables    []*Table   // every table, in the order of the sets: each kind's, then the combined table
	downloads *Downloads
	index     map[*Table]int
	shared    map[*Table]*sharedCells // the workbook cells of each kind's tables, made from its table of every batch
	files     [][]File                // files[i][j] is the file of tables[i] in Outputs[j]
	cuts      [][]map[int][]Range     // cuts[k][j]: the cuts of output j of kinds[k][0]
	only      *Table                  // the one kind's table of every batch that has rows, or nil
	// onlySheets[j] is the data sheet of output j's file of only, for the
	// combined table's, which has the same rows (sheetCopy).
	onlySheets []sheetCopy
}

// How a job makes its file.
type how int

const (
	encode how = iota // the output's writer, from the rows
	cut               // the output's cut, then each batch's file copied from it
	join              // the combined table's file, from its kinds' files and cuts
	link              // the combined table's file, linked to the one kind's
)

// job is one file to make: output j of table t.
type job struct {
	t   *Table
	j   int
	how how
	k   int // the kind's index in writer.kinds, for a cut
}

func newWriter(sink Sink, all *Table, baseURL string, onFile func(rows int)) *writer {
	w := &writer{sink: sink, baseURL: baseURL, onFile: onFile, all: all, index: map[*Table]int{}, shared: map[*Table]*sharedCells{}}
	w.kinds = all.ByKind()
	combined := &sharedCells{}
	for _, g := range w.kinds {
		s := &sharedCells{of: g[0]}
		for _, t := range g {
			w.shared[t] = s
		}
		combined.kinds = append(combined.kinds, s)
	}
	w.shared[all] = combined
	w.tables = append(slices.Concat(w.kinds...), all)
	w.downloads = &Downloads{Sets: make([]*Set, len(w.tables))}
	w.files = make([][]File, len(w.tables))
	for i, t := range w.tables {
		w.downloads.Sets[i] = &Set{Table: t}
		w.files[i] = make([]File, len(Outputs))
		w.index[t] = i
	}
	w.onlySheets = make([]sheetCopy, len(Outputs))
	w.cuts = make([][]map[int][]Range, len(w.kinds))
	for k := range w.cuts {
		w.cuts[k] = make([]map[int][]Range, len(Outputs))
	}
	for _, g := range w.kinds {
		if len(g[0].Rows) > 0 {
			if w.only != nil {
				w.only = nil
				break
			}
			w.only = g[0]
		}
	}
	if w.only != nil && len(w.only.Rows) != len(all.Rows) {
		w.only = nil
	}
	return w
}

// plan is the jobs of one round, by a loop over the outputs of that kind
// and the tables. The data files' round starts with the longest jobs (the
// workbook of every batch), then the cut formats, then each batch's own
// files: started last, the big workbook was the one job left running at
// the end of a large build. While one kind has every row, the combined
// table's workbook waits for the second round, where it copies most of
// itself from that kind's (sheetCopy) and is quick.
func (w *writer) plan(round Kind) []job {
	var first, cuts, rest []job
	for j, o := range Outputs {
		switch {
		case round == joined && o.Kind == DataFile:
			switch {
			case w.only != nil && !o.Titled:
				rest = append(rest, job{t: w.all, j: j, how: link})
			case w.only != nil: // after the kind's file, whose workbook sheet it copies (sheetCopy)
				rest = append(rest, job{t: w.all, j: j})
			case o.cut != nil:
				rest = append(rest, job{t: w.all, j: j, how: join})
			}
		case round == DataFile && o.Kind == DataFile:
			for k, g := range w.kinds {
				if o.cut != nil {
					cuts = append(cuts, job{t: g[0], j: j, how: cut, k: k})
					continue
				}
				first = append(first, job{t: g[0], j: j})
				for _, t := range g[1:] {
					rest = append(rest, job{t: t, j: j})
				}
			}
			if o.cut == nil && w.only == nil {
				first = append(first, job{t: w.all, j: j})
			}
		case o.Kind == round:
			for i, t := range w.tables {
				if !o.AllOnly || i == 0 {
					rest = append(rest, job{t: t, j: j})
				}
			}
		}
	}
	// A table of more rows than its format holds has no file in it.
	return slices.DeleteFunc(slices.Concat(first, cuts, rest), func(jb job) bool {
		max := Outputs[jb.j].MaxRows
		return max > 0 && len(jb.t.Rows) > max
	})
}

// do makes the file of a job.
func (w *writer) do(jb job) error {
	switch jb.how {
	case cut:
		var err error
		w.cuts[jb.k][jb.j], err = w.writeCut(w.kinds[jb.k], jb.j)
		return err
	case join:
		return w.joinKinds(jb.j)
	case link:
		return w.put(jb.t, jb.j, func(rel string) (int64, string, error) {
			return w.sink.Link(rel, filePath(w.only, jb.j))
		})
	}
	o := Outputs[jb.j]
	in := &input{table: jb.t, set: w.downloads.Sets[w.index[jb.t]], all: w.downloads.Sets, baseURL: w.baseURL, pub: w.pub, shared: w.shared[jb.t]}
	if w.only != nil && jb.t == w.only {
		in.record = &w.onlySheets[jb.j]
	} else if w.only != nil && jb.t == w.all {
		in.like = &w.onlySheets[jb.j]
		in.like.open = func() (*os.File, error) { return w.sink.Open(filePath(w.only, jb.j)) }
	}
	return w.write(jb.t, jb.j, func(out io.Writer) error { return o.write(out, in) })
}

// filePath is the path of output j's file of table t.
func filePath(t *Table, j int) string { return t.Dir() + "/" + Outputs[j].FileFor(t) }

// put makes output j of t through produce, which returns the file's size
// and checksum, and records the file.
func (w *writer) put(t *Table, j int, produce func(rel string) (int64, string, error)) error {
	rel := filePath(t, j)
	n, sum, err := produce(rel)
	if w.onFile != nil {
		rows := 0
		if Outputs[j].Kind == DataFile {
			rows = len(t.Rows)
		}
		w.onFile(rows)
	}
	w.files[w.index[t]][j] = File{Path: rel, Output: Outputs[j], Bytes: n, SHA256: sum}
	return err
}

// write writes output j of t with what fill writes.
func (w *writer) write(t *Table, j int, fill func(io.Writer) error) error {
	return w.put(t, j, func(rel string) (int64, string, error) { return w.sink.WriteSummed(rel, fill) })
}

// collect appends the files the jobs made to their sets, in the order of
// Outputs.
func (w *writer) collect(round []job) {
	made := make([][]bool, len(w.tables))
	for i := range made {
		made[i] = make([]bool, len(Outputs))
	}
	for _, jb := range round {
		if jb.how == cut { // the batches' files too
			for _, t := range w.kinds[jb.k] {
				made[w.index[t]][jb.j] = true
			}
		}
		made[w.index[jb.t]][jb.j] = true
	}
	for i, s := range w.downloads.Sets {
		for j := range Outputs {
			if made[i][j] {
				s.Files = append(s.Files, w.files[i][j])
			}
		}
	}
}

// joinKinds writes output j of the combined table from the files of each
// kind's table of every batch, just written: the head of the first, the
// rows of each (a batch's ranges are head, rows and, for JSON, tail),
// joined by the output's separator, and the tail. It is the file the
// output's writer makes of the combined table, without encoding a row
// again.
func (w *writer) joinKinds(j int) error {
	o := Outputs[j]
	type part struct {
		file *os.File
		r    Range
	}
	var head, tail part
	var rows []part
	for k, g := range w.kinds {
		t := g[0]
		if len(t.Batches) == 0 || len(t.Rows) == 0 {
			continue
		}
		f, err := w.sink.Open(filePath(t, j))
		if err != nil {
			return err
		}
		defer f.Close()
		firstCut, lastCut := w.cuts[k][j][t.Rows[0].Batch], w.cuts[k][j][t.Rows[len(t.Rows)-1].Batch]
		if len(rows) == 0 {
			head = part{f, firstCut[0]}
		}
		rows = append(rows, part{f, Range{firstCut[1].From, lastCut[1].To}})
		if len(lastCut) > 2 {
			tail = part{f, lastCut[2]}
		}
	}
	if len(rows) == 0 {
		return w.write(w.all, j, func(out io.Writer) error { return o.write(out, &input{table: w.all}) })
	}
	return w.write(w.all, j, func(out io.Writer) error {
		for i, p := range rows {
			if i == 0 {
				if err := copyRange(out, head.file, head.r); err != nil {
					return err
				}
			} else if _, err := io.WriteString(out, o.join); err != nil {
				return err
			}
			if err := copyRange(out, p.file, p.r); err != nil {
				return err
			}
		}
		if tail.file != nil {
			return copyRange(out, tail.file, tail.r)
		}
		return nil
	})
}

// copyRange copies the bytes r of f to out.
func copyRange(out io.Writer, f *os.File, r Range) error {
	_, err := io.Copy(out, io.NewSectionReader(f, r.From, r.To-r.From))
	return err
}

// writeCut writes output j of tables[0], a table of every batch, through
// its cut, then the file of each batch (tables[1:]) by copying its ranges
// from the file just written. It returns the cuts.
func (w *writer) writeCut(tables []*Table, j int) (map[int][]Range, error) {
	o := Outputs[j]
	var cuts map[int][]Range
	err := w.write(tables[0], j, func(out io.Writer) error {
		var err error
		cuts, err = o.cut(out, tables[0])
		return err
	})
	if err != nil {
		return nil, err
	}
	whole, err := w.sink.Open(filePath(tables[0], j))
	if err != nil {
		return nil, err
	}
	defer whole.Close()
	buf := make([]byte, 64<<10)
	for _, t := range tables[1:] {
		ranges, ok := cuts[t.Batch]
		fill := func(out io.Writer) error {
			for _, r := range ranges {
				if _, err := io.CopyBuffer(out, io.NewSectionReader(whole, r.From, r.To-r.From), buf); err != nil {
					return err
				}
			}
			return nil
		}
		if !ok { // a batch without rows
			fill = func(out io.Writer) error { return o.write(out, &input{table: t}) }
		}
		if err := w.write(t, j, fill); err != nil {
			return nil, err
		}
	}
	return cuts, nil
}

// ByKind returns the tables of all, the combined table of every list, for
// each kind of list: its table of every batch, then one table per batch.
// A kind without batches has none, but the first kind (the national
// pilots), whose addresses are promised even while it has no rows.
// Every table Write writes is one of these, or all.
func (all *Table) ByKind() [][]*Table {
	var out [][]*Table
	for _, k := range all.Catalog.Kinds {
		if t := all.Of(k); k.Order == 0 || len(t.Batches) > 0 {
			out = append(out, append([]*Table{t}, t.Split()...))
		}
	}
	return out
}

// Split returns one table per batch of t, a table of one kind. Its rows
// are sorted by batch, so each batch's rows are a contiguous part of them,
// shared, not copied.
func (t *Table) Split() []*Table {
	var out []*Table
	rows := t.Rows
	for _, b := range t.Batches {
		n := 0
		for n < len(rows) && rows[n].Batch == b.Number {
			n++
		}
		out = append(out, &Table{Table: t.Kind.Batch(b.Number), Catalog: t.Catalog, Batches: []Batch{b}, Rows: rows[:n:n]})
		rows = rows[n:]
	}
	return out
}

// Of returns the table of every batch of kind k in t, the combined table:
// its rows are sorted by kind, so those of k are a contiguous part of
// them, shared, not copied.
func (t *Table) Of(k *lists.Kind) *Table {
	kt := &Table{Table: k.All(), Catalog: t.Catalog}
	for _, b := range t.Batches {
		if b.Kind == k {
			kt.Batches = append(kt.Batches, b)
		}
	}
	from := slices.IndexFunc(t.Rows, func(p Row) bool { return p.List == k })
	if from >= 0 {
		to := from
		for to < len(t.Rows) && t.Rows[to].List == k {
			to++
		}
		kt.Rows = t.Rows[from:to:to]
	}
	return kt
}
