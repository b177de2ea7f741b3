package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/provenance"
	"github.com/bianmin-data/pilots/generator/publish"
	"github.com/bianmin-data/pilots/generator/seed"
	"github.com/bianmin-data/pilots/generator/site"
)

// Result summarises a build.
type Result struct {
	Notices, Batches, Files int
	Rows                    []KindRows // the rows of each kind of list that has some
	Bytes                   int64
	Elapsed                 time.Duration
	Out                     string

	// UpToDate is set when Out was already the site of these inputs,
	// whole and unchanged, and the build wrote nothing: Files and Bytes
	// are the site's.
	UpToDate bool

	// What changed in the data since the previous build in Out: Compared
	// is false when there was no previous build, or CompareErr says why
	// it could not be read; Changes is empty when nothing changed.
	Compared   bool
	CompareErr error
	Changes    []data.Change

	// Warnings are problems that did not fail the build, such as a
	// cleanup that failed after the new site was swapped in.
	Warnings []error
}

// KindRows is how many rows a kind of list has.
type KindRows struct {
	Kind *lists.Kind
	Rows int
}

// Build renders every output of ds into a temporary folder beside
// opts.Out (the previous build's emptied folders, when there are some),
// then swaps it into place. It reads as its stages:
//
//	open    the options checked, the input folders opened (options.go)
//	key     the key of the inputs (inputs.go), with which publish.New takes
//	        the staging folder; when opts.Out already is the site of these
//	        inputs, whole and unchanged, the build ends there, writing
//	        nothing (unless opts.Force), and says so in Result.UpToDate
//	render  data.Write and site.Render into the staging folder, the pages
//	        waiting on the downloads only where they list them; then the
//	        static folder's files and the sources
//	commit  the staging folder swapped into place
//
// On any error before the swap the staging folder is removed and opts.Out
// is left as it was; once the swap is done, the build has succeeded.
func Build(ds *Dataset, opts Options) (Result, error) {
	start := time.Now()
	in, err := open(ds, opts)
	if err != nil {
		return Result{}, err
	}
	st, err := publish.New(opts.Out, in.key(ds), !opts.NoWait)
	if err != nil {
		return Result{}, fmt.Errorf("publish: %w", err)
	}
	defer st.Close() // abandons the staging folder unless committed or kept
	res := newResult(ds, opts.Out)
	if !opts.Force {
		if files, bytes, ok := st.Current(); ok {
			st.Keep()
			res.UpToDate, res.Compared, res.Files, res.Bytes = true, true, files, bytes
			res.Elapsed = time.Since(start)
			return res, nil
		}
	}
	if err := render(st, ds, in, &res); err != nil {
		return Result{}, err
	}
	if err := st.Commit(); err != nil {
		var cleanup *publish.CleanupError
		if !errors.As(err, &cleanup) {
			return Result{}, fmt.Errorf("publish: %w", err)
		}
		res.Warnings = append(res.Warnings, fmt.Errorf("publish: %w", err))
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// newResult is the Result of a build of ds into out, before anything is
// written.
func newResult(ds *Dataset, out string) Result {
	res := Result{Notices: len(ds.Notices), Batches: len(ds.Table.Batches), Out: out}
	for _, k := range ds.Table.Catalog.Kinds {
		if t := ds.Table.Of(k); len(t.Rows) > 0 {
			res.Rows = append(res.Rows, KindRows{k, len(t.Rows)})
		}
	}
	return res
}

// render writes the site of ds into st: the downloads, in the background,
// while the pages that do not list them render; once they are written,
// the changes since the previous build, worked out while the other pages
// render; then the static folder's files and the sources. It fills in
// res's changes, warnings and counts.
func render(st *publish.Staging, ds *Dataset, in *opened, res *Result) error {
	prog := &progress{report: in.Progress}
	prog.stage("downloads and pages")
	downloads := background(func() (*data.Downloads, error) {
		defer prog.stage("pages")
		return data.Write(st, ds.Table, in.BaseURL, in.settings.Publisher, func(rows int) { prog.add(rows, 1) })
	})
	changes := background(func() (comparison, error) {
		d, err := downloads.Wait()
		if err != nil {
			return comparison{}, nil // the build fails with the downloads' error
		}
		return changesSince(st, d, ds.Table.Catalog)
	})
	if edited := st.Edited(); len(edited) > 0 {
		res.Warnings = append(res.Warnings, fmt.Errorf("publish: files of %s changed by hand since the last build are replaced: %s (keep changes in -templates, -content or -static)",
			in.Out, strings.Join(edited, ", ")))
	}
	pages := site.Site{Table: ds.Table, BaseURL: in.BaseURL, Downloads: downloads,
		Templates: in.templates, Content: in.content, ReportURL: in.ReportURL, Publisher: in.settings.Publisher}
	renderErr := pages.Render(func(rel string, write func(io.Writer) error) error {
		defer prog.add(0, 1)
		return st.Write(rel, write)
	})
	_, dataErr := downloads.Wait()
	var c comparison
	c, res.CompareErr = changes.Wait()
	res.Compared, res.Changes = c.compared, c.changes
	switch {
	case dataErr != nil:
		return fmt.Errorf("data: %w", dataErr)
	case renderErr != nil:
		return fmt.Errorf("site: %w", renderErr)
	}
	if err := copyStatic(st, in.static); err != nil {
		return &OptionError{"Static", in.Static, err}
	}
	if err := copySources(st, ds.Table); err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	res.Files, res.Bytes = st.Written()
	prog.stage("publishing")
	return nil
}

// pending is the result of a stage running in the background.
type pending[T any] struct {
	done chan struct{}
	v    T
	err  error
}

// background runs f in a goroutine of its own, and returns its result to
// come.
func background[T any](f func() (T, error)) *pending[T] {
	p := &pending[T]{done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.v, p.err = f()
	}()
	return p
}

// Wait returns the stage's result once it is done.
func (p *pending[T]) Wait() (T, error) {
	<-p.done
	return p.v, p.err
}

// copyStatic copies every file of the static folder into the site, at the
// same path, refusing one the build has written itself, and anything but
// a regular file.
func copyStatic(st *publish.Staging, static fs.FS) error {
	if static == nil {
		return nil
	}
	return fs.WalkDir(static, ".", func(rel string, d fs.DirEntry, err error) error {
		switch {
		case err != nil || d.IsDir():
			return err
		case st.Has(rel) || rel == publish.Manifest || rel == publish.Marker:
			return fmt.Errorf("%s: the build writes a file of that name itself", rel)
		}
		f, err := static.Open(rel)
		if err != nil {
			return err
		}
		defer f.Close()
		if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
			return fmt.Errorf("%s: not a regular file", rel)
		}
		return st.Write(rel, func(w io.Writer) error { _, err := io.Copy(w, f); return err })
	})
}

// copySources publishes each attachment a list was read from, as it was
// retrieved, at its data.Source's path; a file whose bytes changed since
// the notices were read is refused, as the pages give its checksum.
func copySources(st *publish.Staging, t *data.Table) error {
	done := map[string]bool{}
	for _, b := range t.Batches {
		s := b.Source
		if s == nil || done[s.Rel] {
			continue
		}
		done[s.Rel] = true
		body, errs := seed.Load(s.Path)
		if errs != nil {
			return errs.Err()
		}
		if provenance.Sum(body) != s.SHA256 {
			return fmt.Errorf("%s changed while the site was being built: build again", diag.Quote(s.Path))
		}
		if err := st.Write(s.Rel, func(w io.Writer) error { _, err := w.Write(body); return err }); err != nil {
			return err
		}
	}
	return nil
}

// comparison is what changed in the data since the previous build:
// compared is false when there was no previous build; changes is empty
// when nothing changed.
type comparison struct {
	compared bool
	changes  []data.Change
}

// changesSince compares the previous build's JSON of every list (of the
// national pilots, from a build made before there was a combined table)
// with the table just written. When the two are the same bytes nothing
// changed, and the previous one is not parsed.
func changesSince(st *publish.Staging, downloads *data.Downloads, kinds *lists.Catalog) (comparison, error) {
	for _, set := range []*data.Set{downloads.Set(kinds.All()), downloads.Set(kinds.Kinds[0].All())} {
		var written data.File
		for _, f := range set.Files {
			if f.Output.ID == "json" {
				written = f
			}
		}
		f, err := st.Previous(written.Path)
		if err != nil {
			continue // not in the previous build
		}
		defer f.Close()
		h := sha256.New()
		_, err = io.Copy(h, f)
		if err == nil && hex.EncodeToString(h.Sum(nil)) == written.SHA256 {
			return comparison{compared: true}, nil
		}
		var previous []byte
		var changes []data.Change
		if _, err = f.Seek(0, io.SeekStart); err == nil {
			previous, err = io.ReadAll(f)
		}
		if err == nil {
			changes, err = data.Changes(previous, set.Table)
		}
		if err != nil {
			return comparison{}, fmt.Errorf("the previous %s: %w", written.Path, err)
		}
		return comparison{true, changes}, nil
	}
	return comparison{}, nil // no previous build
}

// progress counts what a build has done and reports it, one call at a
// time; with no report function it does nothing.
type progress struct {
	report func(Progress)
	mu     sync.Mutex
	now    Progress
}

func (p *progress) stage(name string) {
	if p.report != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.now.Stage = name
		p.report(p.now)
	}
}

func (p *progress) add(rows, files int) {
	if p.report != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.now.Rows += rows
		p.now.Files += files
		p.report(p.now)
	}
}
