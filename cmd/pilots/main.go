// Command pilots builds the open-data site of China's "15-minute convenient
// living circle" pilot areas from the notices in seeds/.
//
//	pilots build [-seeds seeds] [-out public] [-base-url URL] [-report-url URL] [-templates dir] [-content dir] [-static dir] [-force] [-no-wait] [-strict] [-q] [-cpuprofile file] [-memprofile file]
//	pilots check [-seeds seeds] [-content dir] [-strict] [-show]
//	pilots fetch [-seeds seeds] URL
//	pilots watch [-seeds seeds] [-fetch] [LISTING-URL…]
//	pilots serve [-addr 127.0.0.1:8080] [-out public] [-base-url URL]
//	pilots version
//
// It exits 0 on success, 1 when a notice is invalid or the build fails, 2
// on a usage error, and 3 when watch finds a new notice. Problems in the notices go to stderr, positioned and
// with an excerpt; in a GitHub Actions job (GITHUB_ACTIONS=true) each is
// also printed to stdout as a workflow command, which the runner shows as
// an annotation on the seed's line, and any other line of output that the
// runner would take for a command is escaped. The work is done by package
// generator, which never prints; this command reads the flags, draws the
// progress of a long build, prints diagnostics, summaries and changes, and
// chooses the exit code.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/bianmin-data/pilots/generator"
	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/publish"
	"github.com/bianmin-data/pilots/generator/serve"
	"github.com/bianmin-data/pilots/generator/site"
)

// smallBuild is the most pilots a build runs without garbage collection:
// measured with hyperfine, 2,000 pilots built 7% faster without (and
// 16 MB larger), 5,000 no faster.
const smallBuild = 2000

const usage = `usage: pilots <command> [flags]

commands:
  build    parse and check the notices, then write the site and downloads
  check    parse and check the notices only
  fetch    download a notice and its attachments from the ministry's address into seeds/
  watch    find new notices on listing pages (exit 3 when there are), and fetch them with -fetch
  serve    preview the built site on localhost
  version  print the version

run "pilots <command> -h" for a command's flags
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// errUsage marks a usage error, already explained on stderr.
var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) int {
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		stdout, stderr = newCommandSafe(stdout), newCommandSafe(stderr)
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build":
		err = build(rest, stdout, stderr)
	case "check":
		err = check(rest, stdout, stderr)
	case "serve":
		err = serveSite(rest, stderr)
	case "fetch":
		err = fetchNotice(rest, stdout, stderr)
	case "watch":
		err = watchListings(rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, version())
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "pilots: unknown command %q\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errNew):
		return 3
	default:
		fmt.Fprintf(stderr, "pilots: %s\n", diag.Escape(err.Error()))
		return 1
	}
}

// newFlags returns a flag set whose errors and help go to stderr.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: pilots %s\n\nflags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning every failure but -h into errUsage, and
// refuses arguments after them.
func parse(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "pilots %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}

// parseFlags parses flags, turning every failure but -h into errUsage;
// the arguments after them are the caller's.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func check(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "check [-seeds seeds] [-content dir] [-strict] [-show]", stderr)
	seeds := fs.String("seeds", "seeds", "folder of notices: texts, saved pages, folders of a page and its attachments")
	content := fs.String("content", "", "folder whose "+lists.File+" describes the kinds of list, instead of the built-in one (see content/)")
	strict := fs.Bool("strict", false, "treat warnings (such as an area the gazetteer cannot place) as errors")
	showRead := fs.Bool("show", false, "show what was read: each notice's lists, the reader and file of each, and their rows")
	if err := parse(fs, args); err != nil {
		return err
	}
	kinds, err := generator.Kinds(*content)
	if err != nil {
		return optionError(fs, err)
	}
	ds, diags := generator.Load(*seeds, kinds)
	if err := report(diags, *strict, false, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprint(stdout, summary(ds))
	if *showRead {
		fmt.Fprint(stdout, show(ds))
	}
	return nil
}

// summary describes a dataset in a few lines: totals, then one line per
// batch.
func summary(ds *generator.Dataset) string {
	var b strings.Builder
	var kinds []string
	for _, k := range ds.Table.Catalog.Kinds {
		if t := ds.Table.Of(k); len(t.Batches) > 0 {
			kinds = append(kinds, k.EN.ShortCount(len(t.Rows), "en")+" in "+plural(len(t.Batches), "batch"))
		}
	}
	fmt.Fprintf(&b, "%s: %s\n", plural(len(ds.Notices), "notice"), strings.Join(kinds, "; "))
	for _, bt := range ds.Table.Batches {
		fmt.Fprintf(&b, "%s: %s, signed %s, %s\n", lists.BatchLabel(bt.Kind, bt.Number, "en"), bt.Kind.EN.ShortCount(bt.Count, "en"), bt.Notice.Signed.Format(data.Date), diag.Quote(bt.Notice.Src.Name))
	}
	return b.String()
}

func build(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", "build [-seeds seeds] [-out public] [-base-url URL] [-report-url URL] [-templates dir] [-content dir] [-static dir] [-force] [-no-wait] [-strict] [-q] [-cpuprofile file] [-memprofile file]", stderr)
	opts := generator.Options{}
	seeds := fs.String("seeds", "seeds", "folder of notices: texts, saved pages, folders of a page and its attachments")
	fs.StringVar(&opts.Out, "out", "public", "output folder, replaced as a whole when the build succeeds")
	fs.StringVar(&opts.BaseURL, "base-url", "", "absolute address the site is published at, for the sitemap, feed, JSON-LD and canonical links (default: base_url in the content folder's site.toml, "+generator.DefaultBaseURL+" in the built-in one)")
	fs.StringVar(&opts.ReportURL, "report-url", "", "where the pages ask readers to report a problem with the data: an issue tracker, a form or a mailto: address (default: report_url in site.toml)")
	fs.StringVar(&opts.Templates, "templates", "", "folder of templates and assets that replace the built-in ones of the same name (see templates/)")
	fs.StringVar(&opts.Content, "content", "", "folder of Markdown pages that replace the built-in ones of the same name (see content/)")
	static := fs.String("static", "", "folder of files copied into the site as they are (CNAME, .nojekyll, .well-known/); default static/ when there is one")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	quiet := fs.Bool("q", false, "print nothing but errors")
	fs.BoolVar(&opts.Force, "force", false, "build even when -out is already the site of these notices, options and program, whole and unchanged (which a build otherwise leaves as it is)")
	fs.BoolVar(&opts.NoWait, "no-wait", false, "fail at once if another build of the same -out is running, instead of waiting for it")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile at the end of the build to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	opts.Static = *static
	if *static == "" {
		if info, err := os.Stat("static"); err == nil && info.IsDir() {
			opts.Static = "static"
		}
	}
	folders := [][2]string{{"-out", opts.Out}, {"-seeds", *seeds}, {"-templates", opts.Templates}, {"-content", opts.Content}, {"-static", opts.Static}}
	for _, p := range [][2]string{{"-cpuprofile", *cpuProfile}, {"-memprofile", *memProfile}} {
		if err := checkProfile(p[1], folders); err != nil {
			fmt.Fprintf(stderr, "pilots: %s %s: %v\n", p[0], p[1], err)
			return errUsage
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	if *memProfile != "" {
		defer writeHeapProfile(*memProfile, stderr)
	}
	if !*quiet && isTerminal(stderr) {
		p := newProgress(stderr)
		defer p.end()
		opts.Progress = p.show
	}
	// A build makes much short-lived garbage. A small one makes a few tens
	// of megabytes in all, so it does not collect at all (GC was a tenth of
	// the 70-pilot build); a large one collects at 400%. Both keep the heap
	// under a ceiling, which holds a million-row build under 600 MB (its
	// live heap peaks near 390 MB): at 540 MB it took 5% longer than at
	// 850 MB, and 570 MB against 885 MB of memory (measured with
	// /usr/bin/time, one run each).
	// A GOMEMLIMIT of the user's is kept.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(540 << 20)
	}
	debug.SetGCPercent(-1)
	kinds, err := generator.Kinds(opts.Content)
	if err != nil {
		return optionError(fs, err)
	}
	ds, diags := generator.Load(*seeds, kinds)
	if len(ds.Table.Rows) > smallBuild {
		debug.SetGCPercent(400)
	}
	if err := report(diags, *strict, *quiet, stdout, stderr); err != nil {
		return err
	}
	res, err := generator.Build(ds, opts)
	var foreign *publish.ForeignFilesError
	switch {
	case errors.Is(err, publish.ErrBusy):
		return fmt.Errorf("%w\nhint: wait for it to end, or leave out -no-wait to wait for it", err)
	case errors.As(err, &foreign) && foreign.Manifest != nil:
		return fmt.Errorf("%w\nhint: move the files of yours out of %s, then delete it; the next build writes it anew, with a manifest", err, foreign.Out)
	case errors.As(err, &foreign):
		return fmt.Errorf("%w\nhint: put the files that belong in the site in a folder given as -static (static/ by default), which every build copies in; move the others out of %s", err, foreign.Out)
	}
	if err != nil {
		return optionError(fs, err)
	}
	if !*quiet {
		var rows []string
		for _, kr := range res.Rows {
			rows = append(rows, kr.Kind.EN.ShortCount(kr.Rows, "en"))
		}
		verb := "built"
		if res.UpToDate {
			verb = "up to date (checked, nothing written; -force builds anyway):"
		}
		fmt.Fprintf(stdout, "%s %s, %s: %s, %s in %s → %s\n", verb,
			plural(res.Notices, "notice"), strings.Join(rows, " and "), plural(res.Files, "file"),
			site.FormatSize(res.Bytes), res.Elapsed.Round(time.Millisecond), res.Out)
		for _, line := range describeChanges(res) {
			fmt.Fprintln(stdout, "  "+diag.Escape(line))
		}
		for _, w := range res.Warnings {
			fmt.Fprintf(stderr, "pilots: warning: %s\n", diag.Escape(w.Error()))
		}
	}
	return nil
}

// flagOf names the flag of each option of generator.Options.
var flagOf = map[string]string{"Out": "-out", "Seeds": "-seeds", "BaseURL": "-base-url", "ReportURL": "-report-url", "Templates": "-templates", "Content": "-content", "Static": "-static"}

// optionError turns an option the build refused into a usage error that
// names the flag, and leaves any other error as it is.
func optionError(fs *flag.FlagSet, err error) error {
	var oe *generator.OptionError
	if !errors.As(err, &oe) {
		return err
	}
	fmt.Fprintf(fs.Output(), "pilots: %s %s: %s\n", flagOf[oe.Option], diag.Quote(oe.Value), diag.Escape(oe.Err.Error()))
	return errUsage
}

func serveSite(args []string, stderr io.Writer) error {
	fs := newFlags("serve", "serve [-addr 127.0.0.1:8080] [-out public] [-base-url URL]", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	out := fs.String("out", "public", "the built site")
	baseURL := fs.String("base-url", generator.DefaultBaseURL, "address the site was built for: it is also served under this address's path, where its 404 page links")
	if err := parse(fs, args); err != nil {
		return err
	}
	base, err := generator.CheckBaseURL(*baseURL)
	if err != nil {
		return optionError(fs, err)
	}
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(*out, "index.html")); err != nil {
		return fmt.Errorf("no site in %s: run pilots build first", *out)
	}
	srv, err := serve.NewServer(*out, u.Path)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, serving(*out, ln.Addr()))
	return srv.Serve(ln)
}

// serving is the line that says where the site is served: an address of
// every interface (-addr :8080, 0.0.0.0, [::]) is said to be one, since
// other machines can then reach it.
func serving(out string, addr net.Addr) string {
	line := fmt.Sprintf("serving %s at http://%s/ (Ctrl-C to stop)", diag.Quote(out), addr)
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		line += fmt.Sprintf("\nlistening on every interface: other machines can reach it; -addr 127.0.0.1:%d serves this machine only", tcp.Port)
	}
	return line
}

// checkProfile refuses a profile path ("" for none) inside one of the
// folders (flag, folder): in the output folder the profile would be taken
// for a file of the user's, or replaced with the site; in an input folder
// it would overwrite an input (-memprofile seeds/x.txt, a seed). These are
// the checks -out gets.
func checkProfile(path string, folders [][2]string) error {
	if path == "" {
		return nil
	}
	for _, f := range folders {
		if f[1] == "" {
			continue
		}
		in, err := publish.Inside(path, f[1])
		if err != nil {
			return err
		}
		if in {
			return fmt.Errorf("is inside %s %s; write the profile outside the site and the inputs", f[0], f[1])
		}
	}
	return nil
}

// writeHeapProfile writes the live heap to path, reporting failure on stderr.
func writeHeapProfile(path string, stderr io.Writer) {
	f, err := os.Create(path)
	if err == nil {
		runtime.GC()
		err = pprof.WriteHeapProfile(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "pilots: memprofile: %v\n", err)
	}
}

// isTerminal reports whether w is a terminal, where progress may be shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// report prints every diagnostic to stderr, or with quiet only those that
// fail the run, and returns an error when any of them fails it. In a
// GitHub Actions job it also prints each as a workflow command on stdout,
// which the runner turns into an annotation at the seed's line.
func report(diags diag.List, strict, quiet bool, stdout, stderr io.Writer) error {
	github := os.Getenv("GITHUB_ACTIONS") == "true"
	for _, d := range diags {
		if quiet && !strict && d.Severity != diag.Error {
			continue
		}
		fmt.Fprintln(stderr, d.Format())
		if github {
			annotate(stdout, d.GitHub(strict || d.Severity == diag.Error))
		}
	}
	if errs := diags.Errors(strict); len(errs) > 0 {
		return fmt.Errorf("%s in the notices; nothing was written", plural(len(errs), "error"))
	}
	return nil
}

func version() string {
	v, rev := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && len(s.Value) >= 12:
				rev = " " + s.Value[:12] + rev
			case s.Key == "vcs.modified" && s.Value == "true":
				rev += " (modified)"
			}
		}
		return fmt.Sprintf("pilots %s%s %s", v, rev, bi.GoVersion)
	}
	return "pilots " + v
}

// plural writes a count and a noun, in the plural when the count is not one.
func plural(n int, noun string) string {
	switch {
	case n == 1:
		return fmt.Sprintf("%d %s", n, noun)
	case strings.HasSuffix(noun, "ch"):
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
