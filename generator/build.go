package generator

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/provenance"
	"github.com/bianmin-data/pilots/generator/publish"
	"github.com/bianmin-data/pilots/generator/seed"
	"github.com/bianmin-data/pilots/generator/settings"
	"github.com/bianmin-data/pilots/generator/site"
)

// DefaultBaseURL is where the site is published unless Options.BaseURL or
// a -content folder's site.toml says otherwise: the base_url of the
// built-in content/site.toml. Only the sitemap, the feed, JSON-LD and
// canonical links use it; every link between pages is relative.
var DefaultBaseURL = settings.Default().BaseURL

// DefaultReportURL is where the pages send readers to report a problem
// with the data, unless Options.ReportURL or a -content folder's
// site.toml says otherwise: the built-in content/site.toml's report_url.
var DefaultReportURL = settings.Default().ReportURL

// Options configure a build.
type Options struct {
	Out     string // output folder, replaced as a whole
	BaseURL string // absolute http(s) address, a slash added at the end if missing; "" for the settings' (Settings)

	// Templates and Content are folders of files that replace the
	// built-in templates and assets, and Markdown pages, of the same name
	// (templates/ and content/ show the names); "" for none.
	Templates, Content string

	// Static is a folder of files copied into the site as they are, at
	// the same paths (a CNAME, .nojekyll, .well-known/…); "" for none. A
	// file the build also writes is an error.
	Static string

	// ReportURL is where readers report a problem with the data (an
	// issue tracker, a form, a mailto: address); "" for the settings'.
	ReportURL string

	// Force builds even when Out is already the site of these inputs,
	// whole and unchanged (see inputsKey), which a build otherwise leaves
	// as it is.
	Force bool

	// NoWait fails the build at once (publish.ErrBusy) when another build
	// of Out is running, instead of waiting for it to end.
	NoWait bool

	// Progress, when set, is called as the build goes: at each stage and
	// after each file, one call at a time.
	Progress func(Progress)
}

// Progress is what a build has done so far.
type Progress struct {
	Stage string // downloads and pages, pages, publishing
	Rows  int    // rows written to downloads, counted once per file
	Files int
}

// OptionError is an option that cannot be used: Option names the field of
// Options.
type OptionError struct {
	Option, Value string
	Err           error
}

func (e *OptionError) Error() string { return fmt.Sprintf("%s %q: %v", e.Option, e.Value, e.Err) }
func (e *OptionError) Unwrap() error { return e.Err }

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
// then swaps it into place: the stages data.Write and site.Render, then
// publish. On any error before the swap the temporary folder is removed
// and opts.Out is left as it was; once the swap is done, the build has
// succeeded. When opts.Out already is the site of these inputs, whole and
// unchanged (inputs.go), it writes nothing, unless opts.Force, and says so
// in Result.UpToDate.
func Build(ds *Dataset, opts Options) (Result, error) {
	start := time.Now()
	cfg, err := Settings(opts.Content)
	if err != nil {
		return Result{}, err
	}
	opts.BaseURL, opts.ReportURL = cmp.Or(opts.BaseURL, cfg.BaseURL), cmp.Or(opts.ReportURL, cfg.ReportURL)
	baseURL, err := CheckBaseURL(opts.BaseURL)
	if err != nil {
		return Result{}, err
	}
	if err := checkReportURL(opts.ReportURL); err != nil {
		return Result{}, &OptionError{"ReportURL", opts.ReportURL, err}
	}
	if len(ds.Table.Batches) == 0 {
		return Result{}, errors.New("no notices to build")
	}
	if err := publish.CheckOut(opts.Out); err != nil {
		return Result{}, fmt.Errorf("publish: %w", err)
	}
	if err := apart(opts.Out, map[string]string{"Seeds": ds.Dir, "Templates": opts.Templates, "Content": opts.Content, "Static": opts.Static}); err != nil {
		return Result{}, err
	}
	static, err := overlay("Static", opts.Static)
	if err != nil {
		return Result{}, err
	}
	templates, err := overlay("Templates", opts.Templates)
	if err != nil {
		return Result{}, err
	}
	content, err := overlay("Content", opts.Content)
	if err != nil {
		return Result{}, err
	}
	if kinds, err := Kinds(opts.Content); err != nil {
		return Result{}, err
	} else if !reflect.DeepEqual(kinds, ds.Table.Catalog) {
		return Result{}, &OptionError{"Content", opts.Content, errors.New("its " + lists.File + " is not the one the notices were read with: load them with Kinds of the same folder")}
	}
	reportURL := opts.ReportURL
	key := inputsKey(ds, baseURL, reportURL, map[string]fs.FS{"Templates": templates, "Content": content, "Static": static})
	st, err := publish.New(opts.Out, !opts.NoWait)
	if err != nil {
		return Result{}, fmt.Errorf("publish: %w", err)
	}
	st.Record(key)
	res := Result{Notices: len(ds.Notices), Batches: len(ds.Table.Batches), Out: opts.Out}
	for _, k := range ds.Table.Catalog.Kinds {
		if t := ds.Table.Of(k); len(t.Rows) > 0 {
			res.Rows = append(res.Rows, KindRows{k, len(t.Rows)})
		}
	}
	if !opts.Force {
		if files, bytes, ok := st.Current(key); ok {
			st.Keep()
			res.UpToDate, res.Compared, res.Files, res.Bytes = true, true, files, bytes
			res.Elapsed = time.Since(start)
			return res, nil
		}
	}
	prog := &progress{report: opts.Progress}

	// The downloads are written while the pages that do not list them
	// render; once they are, the changes since the previous build are
	// worked out while the other pages render.
	prog.stage("downloads and pages")
	var downloads *data.Downloads
	var dataErr error
	written := make(chan struct{})
	go func() {
		defer close(written)
		downloads, dataErr = data.Write(st, ds.Table, baseURL, cfg.Publisher, func(rows int) { prog.add(rows, 1) })
		st.FlushEarly() // the downloads, while the pages render
		prog.stage("pages")
	}()
	if edited := st.Edited(); len(edited) > 0 {
		res.Warnings = append(res.Warnings, fmt.Errorf("publish: files of %s changed by hand since the last build are replaced: %s (keep changes in -templates, -content or -static)",
			opts.Out, strings.Join(edited, ", ")))
	}
	compared := make(chan struct{})
	go func() {
		defer close(compared)
		if <-written; dataErr == nil {
			res.Compared, res.Changes, res.CompareErr = changesSince(st, downloads, ds.Table.Catalog)
		}
	}()
	pages := site.Site{Table: ds.Table, BaseURL: baseURL,
		Downloads: func() (*data.Downloads, error) { <-written; return downloads, dataErr },
		Templates: templates, Content: content, ReportURL: reportURL, Publisher: cfg.Publisher}
	renderErr := pages.Render(func(rel string, write func(io.Writer) error) error {
		defer prog.add(0, 1)
		return st.Write(rel, write)
	})
	<-written
	<-compared
	switch {
	case dataErr != nil:
		st.Abandon()
		return Result{}, fmt.Errorf("data: %w", dataErr)
	case renderErr != nil:
		st.Abandon()
		return Result{}, fmt.Errorf("site: %w", renderErr)
	}
	if err := copyStatic(st, static); err != nil {
		st.Abandon()
		return Result{}, &OptionError{"Static", opts.Static, err}
	}
	if err := copySources(st, ds.Table); err != nil {
		st.Abandon()
		return Result{}, fmt.Errorf("sources: %w", err)
	}
	res.Files, res.Bytes = st.Files(), st.Bytes()
	prog.stage("publishing")
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

// checkReportURL accepts "" (the default), an absolute http or https
// address with a host, or a mailto: address.
func checkReportURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return errors.New("not an address")
	case u.Scheme == "mailto" && u.Opaque != "":
		return nil
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "":
		return nil
	}
	return errors.New("not an http, https or mailto: address")
}

// CheckBaseURL returns the address s as every output writes it: an
// absolute http or https address with a host, its path escaped once (a
// space as %20, in the sitemap as in the pages) and ending in a slash. It
// refuses a user, a query and a fragment, which no address made by
// appending a page's path to it could keep, and a port that is not a
// number from 1 to 65535.
func CheckBaseURL(s string) (string, error) {
	fail := func(why string) (string, error) { return "", &OptionError{"BaseURL", s, errors.New(why)} }
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Hostname() == "" || u.Opaque != "":
		return fail("is not an absolute http(s) address")
	case u.User != nil:
		return fail("has a user name; the site's address takes none")
	case u.RawQuery != "" || u.ForceQuery:
		return fail("has a query (?…); page addresses are made by appending to it, so it takes none")
	case u.Fragment != "" || strings.HasSuffix(s, "#"):
		return fail("has a fragment (#…); page addresses are made by appending to it, so it takes none")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fail(fmt.Sprintf("port %s is not a port (1 to 65535)", p))
		}
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		u.RawPath = ""
	}
	return u.String(), nil
}

// overlay returns the folder dir, given as the option name, as a file
// system confined to it (os.Root): a symlink that leads out of the folder
// is an error, so a downloaded theme cannot publish the builder's files,
// and so is a FIFO or a device, which could hang the build. Each file is
// opened once to check it. It is nil when dir is "".
func overlay(option, dir string) (fs.FS, error) {
	if dir == "" {
		return nil, nil
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, &OptionError{option, dir, errors.New("not a folder")}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, &OptionError{option, dir, err}
	}
	// Every file opened once, before anything is written: a FIFO, a
	// device or a symlink out of the folder fails here, named.
	fsys := rootFS{root}
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := fsys.Open(name)
		if err != nil {
			return err
		}
		return f.Close()
	})
	if err != nil {
		return nil, &OptionError{option, dir, err}
	}
	return fsys, nil
}

// rootFS is the folder of an os.Root as a file system whose Open neither
// waits on a FIFO nor opens a device: anything but a regular file or a
// folder is refused, so a FIFO in a downloaded theme cannot hang the build.
type rootFS struct{ root *os.Root }

// errNotRegular refuses a file of an input folder that is neither a
// regular file nor a folder.
var errNotRegular = errors.New("not a regular file")

func (r rootFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := r.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() && !info.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: cmp.Or(err, errNotRegular)}
	}
	return f, nil
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

// errInside is the error of an input folder inside the output folder: the
// build replaces the output folder as a whole, and would delete the input
// with it. errHolds is that of an input folder that holds the output
// folder: the build would read its own output as input.
var (
	errInside = errors.New("is inside the output folder; the build replaces the output folder as a whole")
	errHolds  = errors.New("holds the output folder; the build would read its own output as input")
)

// apart checks that no input folder (by option name; "" for none) is the
// output folder out, inside it or holds it.
func apart(out string, inputs map[string]string) error {
	for _, option := range []string{"Seeds", "Templates", "Content", "Static"} {
		dir := inputs[option]
		if dir == "" {
			continue
		}
		in, err := publish.Inside(dir, out)
		if err != nil {
			return &OptionError{option, dir, err}
		}
		if in {
			return &OptionError{option, dir, errInside}
		}
		if holds, err := publish.Inside(out, dir); err != nil || holds {
			return &OptionError{option, dir, cmp.Or(err, errHolds)}
		}
	}
	return nil
}

// changesSince compares the previous build's JSON of every list (of the
// national pilots, from a build made before there was a combined table)
// with the table just written. When the two are the same bytes nothing
// changed, and the previous one is not parsed.
func changesSince(st *publish.Staging, downloads *data.Downloads, kinds *lists.Catalog) (compared bool, changes []data.Change, err error) {
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
			return true, nil, nil
		}
		var previous []byte
		if _, err = f.Seek(0, io.SeekStart); err == nil {
			previous, err = io.ReadAll(f)
		}
		if err == nil {
			changes, err = data.Changes(previous, set.Table)
		}
		if err != nil {
			return false, nil, fmt.Errorf("the previous %s: %w", written.Path, err)
		}
		return true, changes, nil
	}
	return false, nil, nil // no previous build
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
