package generator

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bianmin-data/pilots/generator/publish"
)

// The tests of this file try to trick the build as a careless user or an
// attacker would: builds at once, inputs inside the output, symlinks,
// FIFOs, folders that look like the build's own.

// TestConcurrentBuilds runs three builds of two different seed folders
// into one output folder at once, round after round: each must succeed
// (they wait for each other), and the output folder must always be
// exactly one of the two complete sites, never a mix.
func TestConcurrentBuilds(t *testing.T) {
	datasets := []*Dataset{load(t, seedDir), load(t, seedsWith(t, map[string]string{"012_batch12.txt": batch12}))}
	var want [2]map[string][32]byte
	for i, ds := range datasets {
		out := filepath.Join(t.TempDir(), "public")
		if _, err := Build(ds, Options{Out: out, BaseURL: DefaultBaseURL}); err != nil {
			t.Fatal(err)
		}
		want[i] = digests(t, out)
	}
	out := filepath.Join(t.TempDir(), "public")
	rounds := 12
	if testing.Short() {
		rounds = 3
	}
	for round := range rounds {
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Go(func() { _, errs[i] = Build(datasets[(round+i)%2], Options{Out: out, BaseURL: DefaultBaseURL}) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, build %d: %v", round, i, err)
			}
		}
		if got := digests(t, out); !maps.Equal(got, want[0]) && !maps.Equal(got, want[1]) {
			t.Fatalf("round %d: the output folder is neither site (%d files)", round, len(got))
		}
	}
	checkScaffold(t, out)
}

// TestNoWait checks that a build told not to wait fails, with
// publish.ErrBusy, while another build of the same folder holds its lock,
// and leaves the folder as it was. The test holds the lock until it ends,
// so a build that waited for it would never return: that it returns is
// the proof, whatever the machine's speed; the clock only ends a hang.
func TestNoWait(t *testing.T) {
	out := build(t, seedDir)
	before := digests(t, out)
	lock, err := os.OpenFile(publish.LockPath(out), os.O_RDONLY, 0)
	if err != nil {
		t.Fatalf("no lock file beside the output folder: %v", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	ds := load(t, seedDir)
	done := make(chan error, 1)
	go func() {
		_, err := Build(ds, Options{Out: out, BaseURL: DefaultBaseURL, NoWait: true})
		done <- err
	}()
	select {
	case err = <-done:
	case <-time.After(hangGuard):
		t.Fatal("a build told not to wait waits for the lock")
	}
	if !errors.Is(err, publish.ErrBusy) || !strings.Contains(err.Error(), publish.LockPath(out)) {
		t.Fatalf("err = %v, want ErrBusy naming the lock", err)
	}
	if !maps.Equal(digests(t, out), before) {
		t.Error("the refused build changed the site")
	}
}

// TestInputsInsideOut checks that a seeds, templates or content folder
// inside the output folder, or holding it, is refused before anything is
// touched: the build replaces the output folder, and the input with it.
func TestInputsInsideOut(t *testing.T) {
	out := build(t, seedDir)
	inside := filepath.Join(out, "seeds")
	if err := os.MkdirAll(inside, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(inside, "x.txt"), mustRead(t, filepath.Join(seedDir, "000_b650c5b04f2a9d19.txt")), 0o644)
	before := digests(t, out)
	link := filepath.Join(t.TempDir(), "link") // the same folder under another name
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	ds := load(t, seedDir)
	for _, tc := range []struct {
		option string
		opts   Options
		ds     *Dataset
		want   error
	}{
		{"Seeds", Options{Out: out}, load(t, inside), errInside},
		{"Templates", Options{Out: out, Templates: filepath.Join(out, "assets")}, ds, errInside},
		{"Content", Options{Out: out, Content: filepath.Dir(out)}, ds, errHolds},
		{"Templates", Options{Out: filepath.Join(link, "public"), Templates: filepath.Join(out, "public")}, ds, errInside},
	} {
		tc.opts.BaseURL = DefaultBaseURL
		_, err := Build(tc.ds, tc.opts)
		var oe *OptionError
		if !errors.As(err, &oe) || oe.Option != tc.option || !errors.Is(err, tc.want) {
			t.Errorf("%s %+v: err = %v, want an OptionError of %s", tc.option, tc.opts, err, tc.option)
		}
	}
	if !maps.Equal(digests(t, out), before) {
		t.Error("a refused build changed the output folder")
	}
}

// TestOverlaySymlink checks that a symlink in a templates folder that
// leads out of it fails the build, and that the file it points to is not
// published.
func TestOverlaySymlink(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "shadow")
	os.WriteFile(secret, []byte("root:secret"), 0o600)
	tpl := t.TempDir()
	os.MkdirAll(filepath.Join(tpl, "assets"), 0o755)
	if err := os.Symlink(secret, filepath.Join(tpl, "assets", "x.txt")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	_, err := Build(load(t, seedDir), Options{Out: out, BaseURL: DefaultBaseURL, Templates: tpl})
	if err == nil || !strings.Contains(err.Error(), "x.txt") {
		t.Fatalf("err = %v, want the symlink refused", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a site was published: %v", err)
	}
}

// TestSpecialFilesInPreviousSite puts a FIFO and a symlink to an endless
// device where the previous site had files: the build must not read them
// (it would block, or never end), and the new site has regular files there.
func TestSpecialFilesInPreviousSite(t *testing.T) {
	out := build(t, seedDir)
	want := digests(t, out)
	fifo := filepath.Join(out, "robots.txt")
	os.Remove(fifo)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("skipped: no FIFO here: %v", err)
	}
	zero := filepath.Join(out, "data", "pilots.json")
	os.Remove(zero)
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := Build(load(t, seedDir), Options{Out: out, BaseURL: DefaultBaseURL}); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(hangGuard):
		t.Fatal("the build hangs on a FIFO or a device in the previous site")
	}
	for _, p := range []string{fifo, zero} {
		if info, err := os.Lstat(p); err != nil || !info.Mode().IsRegular() {
			t.Errorf("%s is not a regular file after the build: %v %v", p, info.Mode(), err)
		}
	}
	if !maps.Equal(digests(t, out), want) {
		t.Error("the site differs from a clean build")
	}
}

// TestLookAlikeFolder builds a site into a folder named like another
// output folder's temporary folders, then builds that other folder: the
// first site must be left alone.
func TestLookAlikeFolder(t *testing.T) {
	parent := t.TempDir()
	prod := filepath.Join(parent, ".site-build-prod")
	ds := load(t, seedDir)
	if _, err := Build(ds, Options{Out: prod, BaseURL: DefaultBaseURL}); err != nil {
		t.Fatal(err)
	}
	want := digests(t, prod)
	for range 2 {
		if _, err := Build(ds, Options{Out: filepath.Join(parent, "site"), BaseURL: DefaultBaseURL}); err != nil {
			t.Fatal(err)
		}
	}
	if !maps.Equal(digests(t, prod), want) {
		t.Error("building site changed .site-build-prod, another site")
	}
}

// TestStaticFiles checks the static folder: its files are published as
// they are and kept by every rebuild; a file put into the site by hand
// stops the next build, which names it and leaves the site as it was; a
// static file the build writes itself is refused.
func TestStaticFiles(t *testing.T) {
	static := t.TempDir()
	for name, body := range map[string]string{"CNAME": "pilots.example.org\n", ".nojekyll": "", ".well-known/security.txt": "Contact: mailto:x@example.org\n"} {
		os.MkdirAll(filepath.Dir(filepath.Join(static, name)), 0o755)
		os.WriteFile(filepath.Join(static, name), []byte(body), 0o644)
	}
	out := filepath.Join(t.TempDir(), "public")
	ds := load(t, seedDir)
	opts := Options{Out: out, BaseURL: DefaultBaseURL, Static: static}
	for range 2 {
		if _, err := Build(ds, opts); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(filepath.Join(out, "CNAME")); err != nil || string(b) != "pilots.example.org\n" {
			t.Fatalf("CNAME = %q, %v", b, err)
		}
		if _, err := os.Stat(filepath.Join(out, ".well-known", "security.txt")); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(string(mustRead(t, filepath.Join(out, publish.Manifest))), "  CNAME\n") {
		t.Error("the manifest does not list the static files")
	}
	os.WriteFile(filepath.Join(out, "mine.txt"), []byte("by hand"), 0o644)
	before := digests(t, out)
	_, err := Build(ds, opts)
	var fe *publish.ForeignFilesError
	if !errors.As(err, &fe) || strings.Join(fe.Files, " ") != "mine.txt" {
		t.Fatalf("err = %v, want mine.txt named", err)
	}
	if !maps.Equal(digests(t, out), before) {
		t.Error("the refused build changed the site")
	}
	os.Remove(filepath.Join(out, "mine.txt"))
	os.WriteFile(filepath.Join(static, "robots.txt"), []byte("User-agent: *\n"), 0o644)
	if _, err := Build(ds, opts); err == nil || !strings.Contains(err.Error(), "robots.txt") {
		t.Errorf("err = %v, want the static robots.txt refused", err)
	}
}

// TestRunawayTemplate checks that a theme's template that runs or writes
// without end fails the build, naming the template, with the previous site
// left as it was, instead of running for hours or growing until the
// machine runs out of memory: a range over a huge literal, nested ones
// multiplied, is refused as it is parsed, and a page is capped as it is
// written.
func TestRunawayTemplate(t *testing.T) {
	out := build(t, seedDir)
	before := digests(t, out)
	ds := load(t, seedDir)
	for _, tc := range []struct{ template, want string }{
		{`{{define "content"}}{{range 1000000000000}}{{end}}{{end}}`,
			"404.html:1:28: a range over 1000000000000 (within the ranges around it) runs more than 1000000 times"},
		{`{{define "content"}}{{if .Lang}}{{range 1000}}{{range 10}}{{range 1000}}{{end}}{{end}}{{end}}{{end}}{{end}}`,
			"404.html:1:66: a range over 1000 (within the ranges around it) runs more than 1000000 times"},
		{`{{define "content"}}{{range 1000}}{{range 1000}}` + strings.Repeat("A", 64) + `{{end}}{{end}}{{end}}`,
			"template 404.html writes more than 32 MiB for one page"},
	} {
		theme := t.TempDir()
		os.WriteFile(filepath.Join(theme, "404.html"), []byte(tc.template), 0o644)
		_, err := Build(ds, Options{Out: out, BaseURL: DefaultBaseURL, Templates: theme})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.60s: err = %v, want %q", tc.template, err, tc.want)
		}
	}
	if !maps.Equal(digests(t, out), before) {
		t.Error("the failed builds changed the site")
	}
}

// TestNoMachinePaths checks that a site built into a folder given by its
// absolute path publishes no path of the machine: the marker names the
// folder only, and no other file holds the path above it.
func TestNoMachinePaths(t *testing.T) {
	out := build(t, seedDir)
	parent := filepath.Dir(out)
	if !filepath.IsAbs(out) {
		t.Fatalf("%s is not absolute", out)
	}
	for name, b := range files(t, out) {
		if bytes.Contains(b, []byte(parent)) {
			t.Errorf("%s holds the path %s", name, parent)
		}
	}
	if got := string(mustRead(t, filepath.Join(out, publish.Marker))); !strings.HasSuffix(got, "\noutput: "+filepath.Base(out)+"\n") {
		t.Errorf("the marker: %q", got)
	}
}

// TestFIFOInInputs checks that a FIFO in a theme, a content or a static
// folder fails the build at once, named, instead of hanging it on a read
// that waits for a writer.
func TestFIFOInInputs(t *testing.T) {
	ds := load(t, seedDir)
	for _, tc := range []struct{ option, name string }{
		{"Templates", "page.html"},
		{"Content", "about.zh.md"},
		{"Content", "lists.json"},
		{"Static", "CNAME"},
	} {
		t.Run(tc.option, func(t *testing.T) {
			dir := t.TempDir()
			if err := syscall.Mkfifo(filepath.Join(dir, tc.name), 0o644); err != nil {
				t.Skip("cannot make a FIFO here:", err)
			}
			opts := Options{Out: filepath.Join(t.TempDir(), "public"), BaseURL: DefaultBaseURL}
			reflect.ValueOf(&opts).Elem().FieldByName(tc.option).SetString(dir)
			done := make(chan error, 1)
			go func() {
				if tc.option == "Content" { // the command reads the kinds of list first
					if _, err := Kinds(dir); err != nil {
						done <- err
						return
					}
				}
				_, err := Build(ds, opts)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.name) || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("err = %v, want %s refused as not a regular file", err, tc.name)
				}
			case <-time.After(hangGuard):
				t.Fatal("the build hangs on the FIFO")
			}
		})
	}
}
