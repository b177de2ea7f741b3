package generator

// Benchmarks of every stage at 70 rows (the seed), 10,000 and 1,000,000
// rows (synthetic notices from bench/synth), or the sizes -bench-sizes
// names:
//
//	go test -run '^$' -bench . -benchmem ./generator -args -bench-sizes 70,10000
//	go test -run '^$' -bench Build -benchtime 1x -benchmem ./generator -args -bench-sizes 1000000
//
// make test runs every benchmark once at 70 rows (-benchtime 1x), so that
// none stops working unseen.

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bianmin-data/pilots/bench/synth"
	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/gazetteer"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/generator/seed"
	"github.com/bianmin-data/pilots/generator/site"
)

var benchSizes = flag.String("bench-sizes", "70,10000,1000000", "the table sizes, in rows, the benchmarks run at")

type input struct {
	names []string
	files map[string][]byte
}

var (
	inputsMu sync.Mutex
	inputs   = map[int]*input{}
)

// benchInput returns the notices of n rows: the real seed for 70, and
// synthetic notices otherwise.
func benchInput(b *testing.B, n int) *input {
	inputsMu.Lock()
	defer inputsMu.Unlock()
	if in, ok := inputs[n]; ok {
		return in
	}
	in := &input{files: map[string][]byte{}}
	if n == 70 {
		name := filepath.Join(seedDir, "000_b650c5b04f2a9d19.txt")
		in.files[name] = mustRead(b, name)
	} else {
		in.files = synth.Notices(n, 2000)
	}
	for name := range in.files {
		in.names = append(in.names, name)
	}
	slices.Sort(in.names)
	inputs[n] = in
	return in
}

func (in *input) read(b *testing.B) []*seed.Record {
	var recs []*seed.Record
	for _, name := range in.names {
		r, errs := seed.Read(name, in.files[name])
		if errs.Err() != nil {
			b.Fatal(errs)
		}
		recs = append(recs, r)
	}
	return recs
}

func parseAll(b *testing.B, recs []*seed.Record) []*notice.Notice {
	var ns []*notice.Notice
	for _, r := range recs {
		n, errs := notice.Parse(r, lists.Default())
		if errs.Err() != nil {
			b.Fatal(errs)
		}
		ns = append(ns, n)
	}
	return ns
}

func benchEach(b *testing.B, fn func(b *testing.B, n int)) {
	for _, size := range strings.Split(*benchSizes, ",") {
		n, err := strconv.Atoi(size)
		if err != nil || n < 1 {
			b.Fatalf("-bench-sizes: %q is not a number of rows", size)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			fn(b, n)
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

func BenchmarkRead(b *testing.B) {
	benchEach(b, func(b *testing.B, n int) {
		in := benchInput(b, n)
		for b.Loop() {
			in.read(b)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	benchEach(b, func(b *testing.B, n int) {
		recs := benchInput(b, n).read(b)
		for b.Loop() {
			parseAll(b, recs)
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	benchEach(b, func(b *testing.B, n int) {
		ns := parseAll(b, benchInput(b, n).read(b))
		for b.Loop() {
			var errs diag.List
			for _, nt := range ns {
				errs = append(errs, nt.Check()...)
			}
			errs = append(errs, notice.CrossCheck(ns)...)
			if errs.Err() != nil {
				b.Fatal(errs)
			}
		}
	})
}

func BenchmarkEnrich(b *testing.B) {
	benchEach(b, func(b *testing.B, n int) {
		ns := parseAll(b, benchInput(b, n).read(b))
		g := gazetteer.Default()
		for b.Loop() {
			enrich(ns, lists.Default(), g)
		}
	})
}

// table returns the enriched table of n rows.
func table(b *testing.B, n int) ([]*notice.Notice, *data.Table) {
	ns := parseAll(b, benchInput(b, n).read(b))
	t, _ := enrich(ns, lists.Default(), gazetteer.Default())
	return ns, t
}

func BenchmarkWriters(b *testing.B) {
	for _, f := range []struct {
		file  string
		write func(io.Writer, *data.Table) error
	}{
		{"pilots.csv", data.WriteCSV}, {"pilots.excel.csv", data.WriteExcelCSV}, {"pilots.xlsx", data.WriteXLSX},
		{"pilots.json", data.WriteJSON}, {"pilots.geojson", data.WriteGeoJSON}, {"pilots.schema.json", data.WriteSchema},
		{"pilots.parquet", data.WriteParquet},
	} {
		b.Run(f.file, func(b *testing.B) {
			benchEach(b, func(b *testing.B, n int) {
				_, t := table(b, n)
				for b.Loop() {
					if err := f.write(io.Discard, t); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// discard is a site.Create that writes nowhere.
func discard(rel string, write func(io.Writer) error) error {
	return write(io.Discard)
}

func BenchmarkPages(b *testing.B) {
	benchEach(b, func(b *testing.B, n int) {
		_, t := table(b, n)
		downloads := &data.Downloads{}
		for _, tb := range append(slices.Concat(t.ByKind()...), t) {
			f := data.File{Path: tb.Dir() + "/" + data.Outputs[0].FileFor(tb), Output: data.Outputs[0]}
			downloads.Sets = append(downloads.Sets, &data.Set{Table: tb, Files: []data.File{f}})
		}
		s := site.Site{Table: t, Downloads: downloads, BaseURL: DefaultBaseURL}
		for b.Loop() {
			if err := s.Render(discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkBuild is the whole build of every output into a folder, from
// notices already loaded (Force: the folder holds the site of the same
// inputs).
func BenchmarkBuild(b *testing.B) { benchBuild(b, true) }

// BenchmarkUpToDate is a build of a folder that already holds the site of
// the same inputs: the site is read and checked, and nothing written.
func BenchmarkUpToDate(b *testing.B) { benchBuild(b, false) }

func benchBuild(b *testing.B, force bool) {
	benchEach(b, func(b *testing.B, n int) {
		in := benchInput(b, n)
		named := map[string][]byte{}
		for _, name := range in.names {
			named[filepath.Base(name)] = in.files[name]
		}
		seeds := seedsOf(b, named)
		ds, diags := Load(seeds, lists.Default())
		if diags.Err() != nil {
			b.Fatal(diags.Err())
		}
		out := filepath.Join(b.TempDir(), "public")
		if _, err := Build(ds, Options{Out: out, BaseURL: DefaultBaseURL}); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			res, err := Build(ds, Options{Out: out, BaseURL: DefaultBaseURL, Force: force})
			if err != nil {
				b.Fatal(err)
			}
			if res.UpToDate == force {
				b.Fatalf("UpToDate is %v with Force %v", res.UpToDate, force)
			}
		}
	})
}
