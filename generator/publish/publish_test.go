package publish

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

// site is a small site: path → content.
var site = map[string]string{
	"index.html":         "<!doctype html><title>home</title>",
	"data/pilots.csv":    "batch,seq\n3,1\n",
	"data/batch-3/x.csv": "batch,seq\n3,1\n",
	"en/index.html":      "<!doctype html><title>home</title>",
}

// publishSite writes files through a Staging of out and commits it.
func publishSite(t *testing.T, out string, files map[string]string) error {
	t.Helper()
	s, err := New(out, true)
	if err != nil {
		return err
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := s.Write(name, func(w io.Writer) error { _, err := io.WriteString(w, files[name]); return err }); err != nil {
			s.Abandon()
			return err
		}
	}
	return s.Commit()
}

// read returns the files under dir, the marker aside.
func read(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if rel == Marker {
			return nil
		}
		b, err := os.ReadFile(path)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func sameSite(t *testing.T, who string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d: %v", who, len(got), len(want), got)
	}
	for name, b := range want {
		if got[name] != b {
			t.Errorf("%s: %s = %q, want %q", who, name, got[name], b)
		}
	}
}

// TestRebuildWithoutHardLinks rebuilds where hard links fail (another
// file system, too many links): the unchanged files are copied, and the
// site is the same.
func TestRebuildWithoutHardLinks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := publishSite(t, out, site); err != nil {
		t.Fatal(err)
	}
	before := map[string]os.FileInfo{}
	for name := range site {
		before[name], _ = os.Stat(filepath.Join(out, name))
	}
	defer func(l func(string, string) error) { link = l }(link)
	var tried atomic.Int64
	link = func(string, string) error {
		tried.Add(1)
		return &os.LinkError{Op: "link", Err: errors.ErrUnsupported}
	}
	if err := publishSite(t, out, site); err != nil {
		t.Fatal(err)
	}
	if tried.Load() != int64(len(site)) {
		t.Fatalf("%d links tried, want one per file (%d)", tried.Load(), len(site))
	}
	sameSite(t, "rebuild without links", read(t, out), site)
	for name := range site {
		if info, _ := os.Stat(filepath.Join(out, name)); os.SameFile(before[name], info) {
			t.Errorf("%s is the previous file, though links failed", name)
		}
	}
}

// TestFailedWrite checks that a build whose write fails part-way leaves the
// previous site as it was and no temporary folder behind.
func TestFailedWrite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := publishSite(t, out, site); err != nil {
		t.Fatal(err)
	}
	failing := errors.New("disk full (simulated)")
	createHook = func(rel string) error {
		if rel == "data/pilots.csv" {
			return failing
		}
		return nil
	}
	defer func() { createHook = nil }()
	changed := map[string]string{}
	for name, b := range site {
		changed[name] = b + "changed"
	}
	if err := publishSite(t, out, changed); !errors.Is(err, failing) || !strings.Contains(err.Error(), "data/pilots.csv") {
		t.Fatalf("err = %v, want the simulated failure naming the file", err)
	}
	sameSite(t, "after a failed build", read(t, out), site)
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), Pattern(out))); len(left) > 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
}

// TestCleanupFails checks that a build whose swap succeeded but whose
// cleanup of the previous site failed reports a CleanupError, with the new
// site live, and that the next build finishes the cleanup.
func TestCleanupFails(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := publishSite(t, out, site); err != nil {
		t.Fatal(err)
	}
	next := map[string]string{"index.html": "new home"}
	unlink = func(string) error { return syscall.EIO }
	err := publishSite(t, out, next)
	unlink = syscall.Unlink
	var cleanup *CleanupError
	if !errors.As(err, &cleanup) {
		t.Fatalf("err = %v, want a CleanupError", err)
	}
	sameSite(t, "after a failed cleanup", read(t, out), next)
	if err := publishSite(t, out, next); err != nil {
		t.Fatal(err)
	}
	sameSite(t, "the build after", read(t, out), next)
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), Pattern(out)))
	for _, d := range left {
		if files := read(t, d); len(files) > 0 {
			t.Errorf("%s still holds files: %v", d, files)
		}
	}
}
