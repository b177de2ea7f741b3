package data

import (
	"io"
	"os"
	"slices"

	"github.com/bianmin-data/pilots/generator/internal/parallel"
)

// Sink is where Write puts its files: a staging folder of package publish
// in a build, anything that keeps files by path in a test.
type Sink interface {
	// WriteSummed writes the file at rel (slash-separated, relative to
	// the site's root) with what fill writes, and returns its size and
	// SHA-256 in lowercase hex.
	WriteSummed(rel string, fill func(io.Writer) error) (int64, string, error)
	// Open opens a file written before, for reading.
	Open(rel string) (*os.File, error)
}

// Write writes every output of the table of every batch (all, under
// data/) and of each of its batches (under data/batch-<n>/): the data
// files in parallel, then each folder's metadata, then the checksums, and
// returns what it wrote. A format that can be cut encodes each row once:
// its file of all batches is written, and each batch's file is copied
// from it. onFile, when not nil, is called after each file with the rows
// it holds (0 for metadata), from several goroutines.
func Write(sink Sink, all *Table, links Links, onFile func(rows int)) (*Downloads, error) {
	tables := append([]*Table{all}, all.Split()...)
	d := &Downloads{Sets: make([]*Set, len(tables))}
	for i, t := range tables {
		d.Sets[i] = &Set{Table: t}
	}
	// files[i][j] is the file of tables[i] in Outputs[j].
	files := make([][]File, len(tables))
	for i := range files {
		files[i] = make([]File, len(Outputs))
	}
	write := func(i, j int, fill func(io.Writer) error) error {
		t, o := tables[i], Outputs[j]
		rel := t.Dir() + "/" + o.File
		n, sum, err := sink.WriteSummed(rel, fill)
		if onFile != nil {
			rows := 0
			if o.Kind == DataFile {
				rows = len(t.Pilots)
			}
			onFile(rows)
		}
		files[i][j] = File{Path: rel, Output: o, Bytes: n, SHA256: sum}
		return err
	}
	in := func(i int) *input { return &input{table: tables[i], set: d.Sets[i], all: d.Sets, links: links} }
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
	var first, cut, rest []func() error
	for j, o := range Outputs {
		switch {
		case o.Kind != DataFile:
		case o.cut != nil:
			cut = append(cut, func() error { return writeCut(sink, tables, j, write) })
		default:
			for i := range tables {
				job := func() error { return write(i, j, func(w io.Writer) error { return o.write(w, in(i)) }) }
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
	collect(DataFile)

	// Then the metadata of each folder, from its data files, and last the
	// checksums, each folder's covering every file beneath it.
	for _, kind := range []Kind{Metadata, Checksums} {
		type job struct{ i, j int }
		var jobs []job
		for i := range tables {
			for j, o := range Outputs {
				if o.Kind == kind && (!o.AllOnly || i == 0) {
					jobs = append(jobs, job{i, j})
				}
			}
		}
		err := parallel.Run(len(jobs), func(k int) error {
			i, j := jobs[k].i, jobs[k].j
			return write(i, j, func(w io.Writer) error { return Outputs[j].write(w, in(i)) })
		})
		if err != nil {
			return nil, err
		}
		collect(kind)
	}
	return d, nil
}

// writeCut writes output j of tables[0], the table of all batches, through
// its cut, then the file of each batch (tables[1:]) by copying its ranges
// from the file just written.
func writeCut(sink Sink, tables []*Table, j int, write func(i, j int, fill func(io.Writer) error) error) error {
	o := Outputs[j]
	var cuts map[int][]Range
	err := write(0, j, func(w io.Writer) error {
		var err error
		cuts, err = o.cut(w, tables[0])
		return err
	})
	if err != nil {
		return err
	}
	whole, err := sink.Open(tables[0].Dir() + "/" + o.File)
	if err != nil {
		return err
	}
	defer whole.Close()
	buf := make([]byte, 64<<10)
	for i, t := range tables[1:] {
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
		if err := write(i+1, j, fill); err != nil {
			return err
		}
	}
	return nil
}

// Split returns one table per batch of t. The table's pilots are sorted by
// batch, so each batch's rows are a contiguous part of them, shared, not
// copied.
func (t *Table) Split() []*Table {
	var out []*Table
	rows := t.Pilots
	for _, b := range t.Batches {
		n := 0
		for n < len(rows) && rows[n].Batch == b.Number {
			n++
		}
		out = append(out, &Table{Batch: b.Number, Batches: []Batch{b}, Pilots: rows[:n:n]})
		rows = rows[n:]
	}
	return out
}
