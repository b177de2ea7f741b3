package data

import (
	"io"
	"os"
	"slices"

	"github.com/bianmin-data/pilots/generator/internal/parallel"
	"github.com/bianmin-data/pilots/generator/lists"
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
// (data/designations/). The national pilots' tables are written even when
// there are none, since their addresses are promised. The data files are
// written in parallel, then each folder's metadata, then the checksums, and
// Write returns what it wrote. A format that can be cut encodes each row
// once per kind: its file of every batch is written, and each batch's file
// is copied from it. While only one kind of list has rows, the combined
// table's data files are that kind's, byte for byte, and are linked to
// them (Sink.Link) rather than written again. onFile, when not nil, is
// called after each file with the rows it holds (0 for metadata), from
// several goroutines.
func Write(sink Sink, all *Table, baseURL string, onFile func(rows int)) (*Downloads, error) {
	var groups [][]*Table // each kind's table of every batch, then its batches; the combined table last
	for _, k := range all.Kinds.Kinds {
		if t := all.Of(k); k.Order == 0 || len(t.Batches) > 0 {
			groups = append(groups, append([]*Table{t}, t.Split()...))
		}
	}
	groups = append(groups, []*Table{all})
	tables := slices.Concat(groups...)
	d := &Downloads{Sets: make([]*Set, len(tables))}
	for i, t := range tables {
		d.Sets[i] = &Set{Table: t}
	}
	// files[i][j] is the file of tables[i] in Outputs[j].
	files := make([][]File, len(tables))
	for i := range files {
		files[i] = make([]File, len(Outputs))
	}
	index := map[*Table]int{}
	for i, t := range tables {
		index[t] = i
	}
	// put writes output j of t through do, which returns the file's size
	// and checksum, and records the file.
	put := func(t *Table, j int, do func(rel string) (int64, string, error)) error {
		i, o := index[t], Outputs[j]
		rel := t.Dir() + "/" + o.FileFor(t)
		n, sum, err := do(rel)
		if onFile != nil {
			rows := 0
			if o.Kind == DataFile {
				rows = len(t.Rows)
			}
			onFile(rows)
		}
		files[i][j] = File{Path: rel, Output: o, Bytes: n, SHA256: sum}
		return err
	}
	write := func(t *Table, j int, fill func(io.Writer) error) error {
		return put(t, j, func(rel string) (int64, string, error) { return sink.WriteSummed(rel, fill) })
	}
	// only is the one kind's table of every batch that has rows, or nil.
	var only *Table
	for _, g := range groups[:len(groups)-1] {
		if len(g[0].Rows) > 0 {
			if only != nil {
				only = nil
				break
			}
			only = g[0]
		}
	}
	if only != nil && len(only.Rows) != len(all.Rows) {
		only = nil
	}
	link := func(t *Table, j int, from *Table) error {
		return put(t, j, func(rel string) (int64, string, error) {
			return sink.Link(rel, from.Dir()+"/"+Outputs[j].FileFor(from))
		})
	}
	in := func(t *Table) *input { return &input{table: t, set: d.Sets[index[t]], all: d.Sets, baseURL: baseURL} }
	// collect appends the files of one kind to their sets, in the order
	// of Outputs.
	collect := func(kind Kind) {
		for i, s := range d.Sets {
			for j, o := range Outputs {
				if o.Kind == kind && files[i][j].Output != nil {
					s.Files = append(s.Files, files[i][j])
				}
			}
		}
	}

	// The longest job, the workbook of all batches, goes first, then the
	// cut formats, then each batch's own files: started last, the big
	// workbook was the one job left running at the end of a large build.
	// cuts[k][j] are the cuts of output j of kinds[k]'s table of every
	// batch, for the combined table's file, which is put together from
	// them (joinKinds) rather than encoded again.
	kinds := groups[:len(groups)-1]
	cuts := make([][]map[int][]Range, len(kinds))
	for k := range cuts {
		cuts[k] = make([]map[int][]Range, len(Outputs))
	}
	var first, cut, rest []func() error
	for j, o := range Outputs {
		if o.Kind != DataFile {
			continue
		}
		for k, g := range groups {
			if o.cut != nil && k < len(kinds) {
				cut = append(cut, func() error {
					var err error
					cuts[k][j], err = writeCut(sink, g, j, write)
					return err
				})
				continue
			}
			if o.cut != nil || k == len(kinds) && only != nil && !o.Titled {
				continue // the combined table's, below
			}
			for i, t := range g {
				if o.PerList && t.Scope == lists.EveryList {
					continue
				}
				job := func() error { return write(t, j, func(w io.Writer) error { return o.write(w, in(t)) }) }
				if i == 0 {
					first = append(first, job)
				} else {
					rest = append(rest, job)
				}
			}
		}
	}
	jobs := slices.Concat(first, cut, rest)
	if err := parallel.Run(len(jobs), func(i int) error { return jobs[i]() }); err != nil {
		return nil, err
	}
	var joins []int // the outputs that are cut, and with only every data output
	for j, o := range Outputs {
		if o.Kind == DataFile && (o.cut != nil || only != nil && !o.PerList && !o.Titled) {
			joins = append(joins, j)
		}
	}
	err := parallel.Run(len(joins), func(i int) error {
		j := joins[i]
		if only != nil {
			return link(all, j, only)
		}
		return joinKinds(sink, all, kinds, cuts, j, write)
	})
	if err != nil {
		return nil, err
	}
	collect(DataFile)

	// Then the metadata of each folder, from its data files, and last the
	// checksums, each folder's covering every file beneath it.
	for _, kind := range []Kind{Metadata, Checksums} {
		type job struct {
			t *Table
			j int
		}
		var jobs []job
		for i, t := range tables {
			for j, o := range Outputs {
				if o.Kind == kind && (!o.AllOnly || i == 0) {
					jobs = append(jobs, job{t, j})
				}
			}
		}
		err := parallel.Run(len(jobs), func(k int) error {
			t, j := jobs[k].t, jobs[k].j
			return write(t, j, func(w io.Writer) error { return Outputs[j].write(w, in(t)) })
		})
		if err != nil {
			return nil, err
		}
		collect(kind)
	}
	return d, nil
}

// joinKinds writes output j of the combined table all from the files of
// each kind's table of every batch, just written: the head of the first,
// the rows of each (a batch's ranges are head, rows and, for JSON, tail),
// joined by the output's separator, and the tail. It is the file the
// output's writer makes of all, without encoding a row again.
func joinKinds(sink Sink, all *Table, kinds [][]*Table, cuts [][]map[int][]Range, j int, write func(t *Table, j int, fill func(io.Writer) error) error) error {
	o := Outputs[j]
	type part struct {
		file *os.File
		r    Range
	}
	var head, tail part
	var rows []part
	for k, g := range kinds {
		t := g[0]
		if len(t.Batches) == 0 || len(t.Rows) == 0 {
			continue
		}
		f, err := sink.Open(t.Dir() + "/" + o.FileFor(t))
		if err != nil {
			return err
		}
		defer f.Close()
		firstCut, lastCut := cuts[k][j][t.Rows[0].Batch], cuts[k][j][t.Rows[len(t.Rows)-1].Batch]
		if len(rows) == 0 {
			head = part{f, firstCut[0]}
		}
		rows = append(rows, part{f, Range{firstCut[1].From, lastCut[1].To}})
		if len(lastCut) > 2 {
			tail = part{f, lastCut[2]}
		}
	}
	if len(rows) == 0 {
		return write(all, j, func(w io.Writer) error { return o.write(w, &input{table: all}) })
	}
	return write(all, j, func(w io.Writer) error {
		copyPart := func(p part) error {
			_, err := io.Copy(w, io.NewSectionReader(p.file, p.r.From, p.r.To-p.r.From))
			return err
		}
		if err := copyPart(head); err != nil {
			return err
		}
		for i, p := range rows {
			if i > 0 {
				if _, err := io.WriteString(w, o.join); err != nil {
					return err
				}
			}
			if err := copyPart(p); err != nil {
				return err
			}
		}
		if tail.file != nil {
			return copyPart(tail)
		}
		return nil
	})
}

// writeCut writes output j of tables[0], a table of every batch, through
// its cut, then the file of each batch (tables[1:]) by copying its ranges
// from the file just written. It returns the cuts.
func writeCut(sink Sink, tables []*Table, j int, write func(t *Table, j int, fill func(io.Writer) error) error) (map[int][]Range, error) {
	o := Outputs[j]
	var cuts map[int][]Range
	err := write(tables[0], j, func(w io.Writer) error {
		var err error
		cuts, err = o.cut(w, tables[0])
		return err
	})
	if err != nil {
		return nil, err
	}
	whole, err := sink.Open(tables[0].Dir() + "/" + o.FileFor(tables[0]))
	if err != nil {
		return nil, err
	}
	defer whole.Close()
	buf := make([]byte, 64<<10)
	for _, t := range tables[1:] {
		ranges, ok := cuts[t.Batch]
		fill := func(w io.Writer) error {
			for _, r := range ranges {
				if _, err := io.CopyBuffer(w, io.NewSectionReader(whole, r.From, r.To-r.From), buf); err != nil {
					return err
				}
			}
			return nil
		}
		if !ok { // a batch without rows
			fill = func(w io.Writer) error { return o.write(w, &input{table: t}) }
		}
		if err := write(t, j, fill); err != nil {
			return nil, err
		}
	}
	return cuts, nil
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
		out = append(out, &Table{Table: t.Kind.Batch(b.Number), Kinds: t.Kinds, Batches: []Batch{b}, Rows: rows[:n:n]})
		rows = rows[n:]
	}
	return out
}

// Of returns the table of every batch of kind k in t, the combined table:
// its rows are sorted by kind, so those of k are a contiguous part of
// them, shared, not copied.
func (t *Table) Of(k *lists.Kind) *Table {
	kt := &Table{Table: k.All(), Kinds: t.Kinds}
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
