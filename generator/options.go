package generator

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"syscall"

	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/publish"
	"github.com/bianmin-data/pilots/generator/settings"
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

// opened is a build's options, checked, with its input folders opened as
// file systems confined to them (overlay) and its settings read: the
// first stage of Build, before anything is written. BaseURL and ReportURL
// are the settings' where the options leave them empty, and BaseURL is as
// every output writes it (CheckBaseURL).
type opened struct {
	Options
	settings                   *settings.Settings
	templates, content, static fs.FS // nil for none
}

// open checks the options of a build of ds, in the order in which a
// mistake is best named: the settings of the content folder and the two
// addresses, the notices, the output folder (before the inputs, so that an
// output folder of "." is named as the mistake rather than an input inside
// it), that no input folder is the output folder, inside it or holds it,
// then each input folder, and last that the kinds of list of the content
// folder are those the notices were read with.
func open(ds *Dataset, opts Options) (*opened, error) {
	cfg, err := Settings(opts.Content)
	if err != nil {
		return nil, err
	}
	opts.BaseURL, opts.ReportURL = cmp.Or(opts.BaseURL, cfg.BaseURL), cmp.Or(opts.ReportURL, cfg.ReportURL)
	if opts.BaseURL, err = CheckBaseURL(opts.BaseURL); err != nil {
		return nil, err
	}
	if err := checkReportURL(opts.ReportURL); err != nil {
		return nil, &OptionError{"ReportURL", opts.ReportURL, err}
	}
	if len(ds.Table.Batches) == 0 {
		return nil, errors.New("no notices to build")
	}
	if err := publish.CheckOut(opts.Out); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := apart(opts.Out, map[string]string{"Seeds": ds.Dir, "Templates": opts.Templates, "Content": opts.Content, "Static": opts.Static}); err != nil {
		return nil, err
	}
	in := &opened{Options: opts, settings: cfg}
	for _, f := range []struct {
		option, dir string
		fsys        *fs.FS
	}{{"Static", opts.Static, &in.static}, {"Templates", opts.Templates, &in.templates}, {"Content", opts.Content, &in.content}} {
		if *f.fsys, err = overlay(f.option, f.dir); err != nil {
			return nil, err
		}
	}
	if kinds, err := Kinds(opts.Content); err != nil {
		return nil, err
	} else if !reflect.DeepEqual(kinds, ds.Table.Catalog) {
		return nil, &OptionError{"Content", opts.Content, errors.New("its " + lists.File + " is not the one the notices were read with: load them with Kinds of the same folder")}
	}
	return in, nil
}

// key is the key of the inputs of a build of ds with these options
// (inputsKey).
func (in *opened) key(ds *Dataset) string {
	return inputsKey(ds, in.BaseURL, in.ReportURL, map[string]fs.FS{"Templates": in.templates, "Content": in.content, "Static": in.static})
}

// OptionError is an option that cannot be used: Option names the field of
// Options.
type OptionError struct {
	Option, Value string
	Err           error
}

func (e *OptionError) Error() string { return fmt.Sprintf("%s %q: %v", e.Option, e.Value, e.Err) }

func (e *OptionError) Unwrap() error { return e.Err }

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

// Kinds reads the kinds of list (lists.File) from the content folder
// content, or the built-in ones when content is "" or has no lists.json
// of its own. The folder is read as Build reads it (overlay): a FIFO, a
// device or a symlink out of it is refused, never waited on.
func Kinds(content string) (*lists.Catalog, error) {
	return fromContent(content, lists.Read, lists.Default)
}

// Settings reads the site's settings (settings.File) from the content
// folder content, or the built-in ones when content is "" or has no
// site.toml of its own; the folder is read as Kinds reads it.
func Settings(content string) (*settings.Settings, error) {
	return fromContent(content, settings.Read, settings.Default)
}

// fromContent reads a file of the content folder content with read, or
// returns the built-in one (builtIn) when content is "" or has no such
// file.
func fromContent[T any](content string, read func(fs.FS) (T, error), builtIn func() T) (T, error) {
	var zero T
	if content == "" {
		return builtIn(), nil
	}
	fsys, err := overlay("Content", content)
	if err != nil {
		return zero, err
	}
	v, err := read(fsys)
	if errors.Is(err, fs.ErrNotExist) {
		return builtIn(), nil
	}
	if err != nil {
		return zero, &OptionError{"Content", content, err}
	}
	return v, nil
}
