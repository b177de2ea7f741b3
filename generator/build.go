package generator

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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
// opts.Out, then swaps it into place. On any error the temporary folder is
// removed and opts.Out is left as it was.
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
	previous, err := os.ReadFile(filepath.Join(opts.Out, "data", "pilots.json"))
	if err != nil {
		previous = nil // no previous build, or an unreadable one: nothing to compare
	}
	diff, err := changes(previous, ds.Table)
	if err != nil {
		diff = []string{"cannot compare with the previous build: " + err.Error()}
	}
	st, err := newStaging(opts.Out)
	if err != nil {
		return Result{}, fmt.Errorf("publish: %w", err)
	}
	files, err := writeData(st, ds.Table, opts.BaseURL)
	if err != nil {
		st.abandon()
		return Result{}, fmt.Errorf("data: %w", err)
	}
	pages := site.Site{Notices: ds.Notices, Table: ds.Table, Files: files, BaseURL: opts.BaseURL}
	if err := pages.Render(st.create); err != nil {
		st.abandon()
		return Result{}, fmt.Errorf("site: %w", err)
	}
	res := Result{Notices: len(ds.Notices), Pilots: len(ds.Table.Pilots), Files: st.files, Bytes: st.bytes, Out: opts.Out, Changes: diff}
	if err := st.commit(); err != nil {
		return Result{}, fmt.Errorf("publish: %w", err)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// writeData writes the downloads: every format of the table of all batches
// under data/ and of each batch under data/batch-<n>/, then each folder's
// Data Package, the DCAT catalog, and the checksums.
func writeData(st *staging, all *data.Table, baseURL string) ([]data.File, error) {
	tables := append([]*data.Table{all}, split(all)...)
	var files []data.File
	write := func(t *data.Table, name, mediaType, rel string, fn func(io.Writer) error) error {
		n, sum, err := st.create(rel, fn)
		if err == nil {
			files = append(files, data.File{Path: rel, Name: name, MediaType: mediaType, Bytes: n, SHA256: sum, Table: t})
		}
		return err
	}
	for _, t := range tables {
		start := len(files)
		for _, f := range data.Formats {
			if err := write(t, f.Name, f.MediaType, t.Dir()+"/"+f.File, func(w io.Writer) error { return f.Write(w, t) }); err != nil {
				return nil, err
			}
		}
		own := files[start:]
		if err := write(t, "Data Package", "application/json", t.Dir()+"/datapackage.json", func(w io.Writer) error {
			return data.WriteDataPackage(w, t, own, t.Dir())
		}); err != nil {
			return nil, err
		}
	}
	if err := write(all, "DCAT catalog", "application/ld+json", all.Dir()+"/catalog.jsonld", func(w io.Writer) error {
		return data.WriteCatalog(w, tables, files, baseURL)
	}); err != nil {
		return nil, err
	}
	// Checksums last, each folder's covering every file beneath it.
	sums := len(files)
	for _, t := range tables {
		var under []data.File
		for _, f := range files[:sums] {
			if strings.HasPrefix(f.Path, t.Dir()+"/") {
				under = append(under, f)
			}
		}
		if err := write(t, "SHA256SUMS", "text/plain", t.Dir()+"/SHA256SUMS", func(w io.Writer) error {
			return data.WriteSums(w, under, t.Dir())
		}); err != nil {
			return nil, err
		}
	}
	return files, nil
}
