package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/site"
)

// DefaultBaseURL is where the site is published unless -base-url says
// otherwise. Only the sitemap, the feed, JSON-LD and canonical links use it;
// every link between pages is relative.
const DefaultBaseURL = "https://bianmin-data.github.io/pilots/"

// Options configure a build.
type Options struct {
	Seeds   string // folder of notices
	Out     string // output folder, replaced as a whole
	BaseURL string // absolute, ending in a slash

	// Templates and Content are folders of files that replace the
	// built-in templates and assets, and Markdown pages, of the same name
	// (templates/ and content/ show the names); "" for none.
	Templates, Content string

	// Progress, when set (to a terminal), receives a progress line during a
	// build that takes more than a second.
	Progress io.Writer
}

// Result summarises a build.
type Result struct {
	Notices, Pilots, Files int
	Bytes                  int64
	Elapsed                time.Duration
	Out                    string
	Changes                []string // what changed since the previous build
}

func (r Result) String() string {
	return fmt.Sprintf("built %s, %s: %s, %s in %s → %s",
		plural(r.Notices, "notice"), plural(r.Pilots, "pilot"), plural(r.Files, "file"),
		data.File{Bytes: r.Bytes}.Size(), r.Elapsed.Round(time.Millisecond), r.Out)
}

// Build renders every output of ds into a temporary folder beside
// opts.Out (the previous build's emptied folders, when there are some),
// then swaps it into place. On any error the temporary folder is removed
// and opts.Out is left as it was.
func Build(ds *Dataset, opts Options) (Result, error) {
	start := time.Now()
	if !strings.HasSuffix(opts.BaseURL, "/") {
		opts.BaseURL += "/"
	}
	if !strings.HasPrefix(opts.BaseURL, "https://") && !strings.HasPrefix(opts.BaseURL, "http://") {
		return Result{}, fmt.Errorf("-base-url %q is not an absolute http(s) address", opts.BaseURL)
	}
	if len(ds.Notices) == 0 {
		return Result{}, fmt.Errorf("no notices to build")
	}
	templates, err := overrides("-templates", opts.Templates)
	if err != nil {
		return Result{}, err
	}
	content, err := overrides("-content", opts.Content)
	if err != nil {
		return Result{}, err
	}
	st, err := newStaging(opts.Out)
	if err != nil {
		return Result{}, fmt.Errorf("publish: %w", err)
	}
	prog := newProgress(opts.Progress)
	defer prog.end()

	// The downloads are written while the pages that do not list them
	// render; once they are, the changes since the previous build are
	// worked out while the other pages render.
	prog.begin("downloads and pages")
	var files []data.File
	var dataErr error
	written := make(chan struct{})
	go func() {
		defer close(written)
		files, dataErr = writeData(st, ds.Table, opts.BaseURL, prog)
		prog.begin("pages")
	}()
	diff := make(chan []string, 1)
	go func() {
		<-written
		if dataErr == nil {
			diff <- changesSince(filepath.Join(opts.Out, filepath.FromSlash(ds.Table.Dir()), "pilots.json"), files, ds.Table)
		}
	}()
	pages := site.Site{Notices: ds.Notices, Table: ds.Table, BaseURL: opts.BaseURL,
		Files:     func() ([]data.File, error) { <-written; return files, dataErr },
		Templates: templates, Content: content}
	create := func(rel string, write func(io.Writer) error) error {
		defer prog.add(0, 1)
		return st.write(rel, write)
	}
	renderErr := pages.Render(create)
	<-written
	switch {
	case dataErr != nil:
		st.abandon()
		return Result{}, fmt.Errorf("data: %w", dataErr)
	case renderErr != nil:
		st.abandon()
		return Result{}, fmt.Errorf("site: %w", renderErr)
	}
	res := Result{Notices: len(ds.Notices), Pilots: len(ds.Table.Pilots), Files: int(st.files.Load()), Bytes: st.bytes.Load(), Out: opts.Out, Changes: <-diff}
	prog.begin("publishing")
	if err := st.commit(); err != nil {
		return Result{}, fmt.Errorf("publish: %w", err)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// overrides returns the folder dir, given by flag, as a file system, or
// nil when dir is "".
func overrides(flag, dir string) (fs.FS, error) {
	if dir == "" {
		return nil, nil
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("%s %s: not a folder", flag, dir)
	}
	return os.DirFS(dir), nil
}

// writeData writes the downloads: every format of the table of all batches
// under data/ and of each batch under data/batch-<n>/, then each folder's
// Data Package, the DCAT catalog, and the checksums. The data files are
// written in parallel; the list of files comes back in a fixed order.
// A format that can be cut (data.Format.Cut) encodes each row once: its
// file of all batches is written, and each batch's file is copied from it.
func writeData(st *staging, all *data.Table, baseURL string, prog *progress) ([]data.File, error) {
	tables := append([]*data.Table{all}, split(all)...)
	// byTable[i][j] is the file of tables[i] in data.Formats[j].
	byTable := make([][]data.File, len(tables))
	for i := range byTable {
		byTable[i] = make([]data.File, len(data.Formats))
	}
	// writeFile writes one file of table t and describes it.
	writeFile := func(t *data.Table, name, mediaType, rel string, rows int, fill func(io.Writer) error) (data.File, error) {
		n, sum, err := st.writeSummed(rel, fill)
		prog.add(rows, 1)
		return data.File{Path: rel, Name: name, MediaType: mediaType, Bytes: n, SHA256: sum, Table: t}, err
	}
	write := func(i, j int, fill func(io.Writer) error) error {
		t, f := tables[i], data.Formats[j]
		var err error
		byTable[i][j], err = writeFile(t, f.Name, f.MediaType, t.Dir()+"/"+f.File, len(t.Pilots), fill)
		return err
	}
	// The longest job, the workbook of all batches, goes first, then the
	// cut formats, then each batch's own files: started last, the big
	// workbook was the one job left running at the end of a large build.
	var first, cut, rest []func() error
	for j, f := range data.Formats {
		if f.Cut != nil {
			cut = append(cut, func() error { return writeCut(st, tables, j, write) })
			continue
		}
		for i, t := range tables {
			job := func() error { return write(i, j, func(w io.Writer) error { return f.Write(w, t) }) }
			if i == 0 {
				first = append(first, job)
			} else {
				rest = append(rest, job)
			}
		}
	}
	jobs := slices.Concat(first, cut, rest)
	if err := parallel(len(jobs), func(i int) error { return jobs[i]() }); err != nil {
		return nil, err
	}
	var files []data.File
	for _, fs := range byTable {
		files = append(files, fs...)
	}

	// Then each folder's Data Package and the catalog, from the files.
	type job struct {
		t               *data.Table
		name, mediaType string
		rel             string
		write           func(io.Writer) error
	}
	run := func(jobs []job) ([]data.File, error) {
		files := make([]data.File, len(jobs))
		err := parallel(len(jobs), func(i int) error {
			j := jobs[i]
			var err error
			files[i], err = writeFile(j.t, j.name, j.mediaType, j.rel, 0, j.write)
			return err
		})
		return files, err
	}
	var meta []job
	for i, t := range tables {
		own := byTable[i]
		meta = append(meta, job{t, "Data Package", "application/json", t.Dir() + "/datapackage.json", func(w io.Writer) error {
			return data.WriteDataPackage(w, t, own, t.Dir())
		}})
	}
	dataFiles := files
	meta = append(meta, job{all, "DCAT catalog", "application/ld+json", all.Dir() + "/catalog.jsonld", func(w io.Writer) error {
		return data.WriteCatalog(w, tables, dataFiles, baseURL)
	}})
	metaFiles, err := run(meta)
	if err != nil {
		return nil, err
	}
	files = append(files, metaFiles...)

	// Checksums last, each folder's covering every file beneath it.
	var sums []job
	for _, t := range tables {
		var under []data.File
		for _, f := range files {
			if strings.HasPrefix(f.Path, t.Dir()+"/") {
				under = append(under, f)
			}
		}
		sums = append(sums, job{t, "SHA256SUMS", "text/plain", t.Dir() + "/SHA256SUMS", func(w io.Writer) error {
			return data.WriteSums(w, under, t.Dir())
		}})
	}
	sumFiles, err := run(sums)
	return append(files, sumFiles...), err
}

// writeCut writes format j of tables[0], the table of all batches, through
// data.Format.Cut, then the file of each batch (tables[1:]) by copying its
// ranges from the file just written.
func writeCut(st *staging, tables []*data.Table, j int, write func(i, j int, fill func(io.Writer) error) error) error {
	f := data.Formats[j]
	var cuts map[int][]data.Range
	err := write(0, j, func(w io.Writer) error {
		var err error
		cuts, err = f.Cut(w, tables[0])
		return err
	})
	if err != nil {
		return err
	}
	whole, err := os.Open(filepath.Join(st.dir, filepath.FromSlash(tables[0].Dir()+"/"+f.File)))
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
			fill = func(w io.Writer) error { return f.Write(w, t) }
		}
		if err := write(i+1, j, fill); err != nil {
			return err
		}
	}
	return nil
}

// parallel calls fn(0) … fn(n-1) on as many goroutines as there are
// processors, and returns the errors of those that failed, in order of i.
func parallel(n int, fn func(i int) error) error {
	return parallelOn(runtime.GOMAXPROCS(0), n, fn)
}

// ioWorkers is how many goroutines parallelIO uses: work that mostly waits
// on the file system overlaps its waits beyond the number of processors.
const ioWorkers = 8

// parallelIO is parallel for calls that mostly wait on the file system.
func parallelIO(n int, fn func(i int) error) error {
	return parallelOn(ioWorkers, n, fn)
}

func parallelOn(workers, n int, fn func(i int) error) error {
	errs := make([]error, n)
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(n, workers) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				errs[i] = fn(i)
			}
		})
	}
	wg.Wait()
	return errors.Join(slices.DeleteFunc(errs, func(e error) bool { return e == nil })...)
}
