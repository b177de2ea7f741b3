package generator

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestProgramID checks that the program's ID is its Go build ID, as go
// tool buildid reads it, and not the hash of its executable that stands in
// when there is none.
func TestProgramID(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to read the build ID with")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	want, err := exec.Command(goCmd, "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatal(err)
	}
	got, err := programID()
	if err != nil || got != "go:"+strings.TrimSpace(string(want)) {
		t.Errorf("programID() = %q, %v; want go:%s", got, err, want)
	}
}

// TestUpToDate checks that a build of the inputs of the site already in
// its output folder writes nothing, and that any change to the inputs
// (a notice, a folder of templates, an address) or to the site, or Force,
// builds it again.
func TestUpToDate(t *testing.T) {
	seeds := seedsWith(t, nil)
	out := filepath.Join(t.TempDir(), "public")
	templates, static, content := t.TempDir(), t.TempDir(), t.TempDir()
	opts := Options{Out: out, BaseURL: DefaultBaseURL}
	build := func(ds *Dataset, opts Options) Result {
		t.Helper()
		res, err := Build(ds, opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	ds := load(t, seeds)
	first := build(ds, opts)
	if first.UpToDate {
		t.Fatal("up to date with nothing built")
	}
	before := digests(t, out)
	index := filepath.Join(out, "index.html")
	info, _ := os.Stat(index)
	time.Sleep(10 * time.Millisecond)

	res := build(ds, opts)
	if !res.UpToDate || res.Files != first.Files || res.Bytes != first.Bytes || !res.Compared || len(res.Changes) > 0 {
		t.Fatalf("rebuild of the same inputs: UpToDate %v, %d files, %d bytes (built: %d, %d)", res.UpToDate, res.Files, res.Bytes, first.Files, first.Bytes)
	}
	if again, _ := os.Stat(index); !again.ModTime().Equal(info.ModTime()) || !os.SameFile(info, again) {
		t.Error("an up-to-date build wrote index.html")
	}

	// with writes body to file and builds with the option set sets.
	with := func(file, body string, set func(*Options)) func() (*Dataset, Options) {
		return func() (*Dataset, Options) {
			if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			o := opts
			set(&o)
			return ds, o
		}
	}
	withTemplates := func(o *Options) { o.Templates = templates }
	withStatic := func(o *Options) { o.Static = static }
	for _, tc := range []struct {
		name   string
		change func() (*Dataset, Options)
	}{
		{"forced", func() (*Dataset, Options) { o := opts; o.Force = true; return ds, o }},
		{"another base address", func() (*Dataset, Options) { o := opts; o.BaseURL = "https://example.org/"; return ds, o }},
		{"back to the first address", func() (*Dataset, Options) { return ds, opts }},
		{"a page edited, its time put back", func() (*Dataset, Options) {
			info, _ := os.Stat(index)
			os.WriteFile(index, []byte("<p>mine</p>"), 0o644)
			os.Chtimes(index, info.ModTime(), info.ModTime())
			return ds, opts
		}},
		{"a page removed", func() (*Dataset, Options) { os.Remove(index); return ds, opts }},
		{"a folder of templates", with(filepath.Join(templates, "extra.css"), "p{}", withTemplates)},
		{"a template changed", with(filepath.Join(templates, "extra.css"), "p{color:red}", withTemplates)},
		{"another report address", func() (*Dataset, Options) { o := opts; o.ReportURL = "mailto:data@example.org"; return ds, o }},
		{"a static folder", with(filepath.Join(static, "CNAME"), "data.example.org\n", withStatic)},
		{"a static file changed", with(filepath.Join(static, "CNAME"), "pilots.example.org\n", withStatic)},
		{"a content folder", with(filepath.Join(content, "about.md"), "# 关于\n\n本地的说明。\n", func(o *Options) { o.Content = content })},
		{"a notice changed", func() (*Dataset, Options) {
			seed := filepath.Join(seeds, "000_b650c5b04f2a9d19.txt")
			b := mustRead(t, seed)
			os.WriteFile(seed, append(b, '\n'), 0o644)
			return load(t, seeds), opts
		}},
	} {
		ds, o := tc.change()
		if res := build(ds, o); res.UpToDate {
			t.Errorf("%s: up to date", tc.name)
		}
		if res := build(ds, o); !res.UpToDate && !o.Force {
			t.Errorf("%s: built again, not up to date, with the same inputs", tc.name)
		}
	}
	ds, o := load(t, seeds), opts
	build(ds, Options{Out: out, BaseURL: DefaultBaseURL, Force: true})
	if after := digests(t, out); len(after) != len(before) {
		t.Errorf("the site has %d files, %d before", len(after), len(before))
	}
	if res := build(ds, o); !res.UpToDate {
		t.Error("not up to date after a forced build")
	}
}

// TestProgramIDReplaced checks that the program's ID is that of the
// program running, not of a file put at its path since it started (a go
// build over it while a build runs): a key naming a program that did not
// build the site would find that site up to date once that program runs.
func TestProgramIDReplaced(t *testing.T) {
	if other := os.Getenv("PILOTS_TEST_REPLACE_EXE"); other != "" {
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(other, exe); err != nil {
			t.Fatal(err)
		}
		id, err := programID()
		fmt.Printf("\nid=%s err=%v\n", id, err)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("the running program's file is read through /proc/self/exe, on Linux")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to read the build ID with")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	exe, other := filepath.Join(dir, "prog"), filepath.Join(dir, "other")
	if err := os.WriteFile(exe, mustRead(t, self), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, []byte("another program\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	want, err := exec.Command(goCmd, "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestProgramIDReplaced$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PILOTS_TEST_REPLACE_EXE="+other)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	line := "\nid=go:" + strings.TrimSpace(string(want)) + " err=<nil>\n"
	if !strings.Contains(string(out), line) {
		t.Errorf("the ID once the program's file is replaced:\n%s\nwant%s", out, line)
	}
}
