package publish

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
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
	return publishWith(t, out, "", files)
}

// publishWith is publishSite with the inputs' key recorded.
func publishWith(t *testing.T, out, key string, files map[string]string) error {
	t.Helper()
	s, err := New(out, key, true)
	if err != nil {
		return err
	}
	defer s.Close()
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := s.Write(name, func(w io.Writer) error { _, err := io.WriteString(w, files[name]); return err }); err != nil {
			return err
		}
	}
	return s.Commit()
}

// read returns the files under dir, the marker and the manifest aside.
func read(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if rel == Marker || rel == Manifest {
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
	if tried.Load() != int64(len(site)+1) {
		t.Fatalf("%d links tried, want one per file and the manifest (%d)", tried.Load(), len(site)+1)
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
	defer failCreate(func(rel string) error {
		if rel == "data/pilots.csv" {
			return failing
		}
		return nil
	})()
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
	restore := failUnlink(syscall.EIO)
	err := publishSite(t, out, next)
	restore()
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

// TestManifest checks the manifest at the root of a published site: every
// file written, with its SHA-256, in the format sha256sum -c reads, sorted
// by path; and that a path cannot be written twice.
func TestManifest(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := publishSite(t, out, site); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, Manifest))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for name, body := range site {
		want = append(want, fmt.Sprintf("%x  %s\n", sha256.Sum256([]byte(body)), name))
	}
	sort.Slice(want, func(i, j int) bool { return want[i][66:] < want[j][66:] })
	if string(got) != strings.Join(want, "") {
		t.Errorf("manifest:\n%s\nwant:\n%s", got, strings.Join(want, ""))
	}
	s, err := New(out, "", true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	write := func(rel string) error { return s.Write(rel, func(w io.Writer) error { return nil }) }
	if err := write("a.txt"); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"a.txt", Manifest, Marker, "../x", "/etc/x"} {
		if err := write(rel); err == nil {
			t.Errorf("%s written, want it refused", rel)
		}
	}
}

// TestForeignFiles checks that files the previous build did not write
// (a user's CNAME, .nojekyll, .git) stop the next build, named, with the
// site left as it was; and that a site whose manifest cannot be trusted
// (missing, a symlink, a folder, a line too long or not a checksum) is
// not replaced either: none of its files can be proven the build's own.
func TestForeignFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := publishSite(t, out, site); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"CNAME", ".nojekyll", ".git/HEAD", ".well-known/security.txt"} {
		os.MkdirAll(filepath.Dir(filepath.Join(out, name)), 0o755)
		os.WriteFile(filepath.Join(out, name), []byte("mine"), 0o644)
	}
	before := read(t, out)
	err := publishSite(t, out, site)
	var fe *ForeignFilesError
	if !errors.As(err, &fe) || strings.Join(fe.Files, " ") != ".git/HEAD .nojekyll .well-known/security.txt CNAME" {
		t.Fatalf("err = %v, want the four files named", err)
	}
	sameSite(t, "after the refusal", read(t, out), before)

	manifest := filepath.Join(out, Manifest)
	good, _ := os.ReadFile(manifest)
	for _, tc := range []struct {
		name  string
		spoil func() error
	}{
		{"removed", func() error { return os.Remove(manifest) }},
		{"a symlink", func() error { os.Rename(manifest, manifest+".real"); return os.Symlink(Manifest+".real", manifest) }},
		{"a folder", func() error { os.Remove(manifest); return os.Mkdir(manifest, 0o755) }},
		{"a 1 MB line", func() error { return os.WriteFile(manifest, append(good, strings.Repeat("a", 1<<20)...), 0o644) }},
		{"a line that is no checksum", func() error { return os.WriteFile(manifest, append(good, "CNAME\n"...), 0o644) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.spoil(); err != nil {
				t.Fatal(err)
			}
			defer func() {
				os.Remove(manifest + ".real")
				os.RemoveAll(manifest)
				os.WriteFile(manifest, good, 0o644)
			}()
			before := read(t, out)
			err := publishSite(t, out, site)
			if !errors.As(err, &fe) || fe.Manifest == nil || !slices.Contains(fe.Files, "CNAME") || !slices.Contains(fe.Files, ".git/HEAD") {
				t.Fatalf("err = %v, want the files named for want of a manifest", err)
			}
			sameSite(t, "after the refusal", read(t, out), before)
		})
	}
}

// TestAddedDuringBuild checks that a file added to the site while a build
// runs, after it looked, stops the swap: it is not lost.
func TestAddedDuringBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := publishSite(t, out, site); err != nil {
		t.Fatal(err)
	}
	s, err := New(out, "", true)
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range site {
		if err := s.Write(name, func(w io.Writer) error { _, err := io.WriteString(w, body); return err }); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(out, "CNAME"), []byte("mine"), 0o644)
	var fe *ForeignFilesError
	if err := s.Commit(); !errors.As(err, &fe) || strings.Join(fe.Files, " ") != "CNAME" {
		t.Fatalf("err = %v, want CNAME named", err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "CNAME")); string(b) != "mine" {
		t.Errorf("CNAME: %q, %v", b, err)
	}
}

// TestEdited checks that a build names the files of the previous site
// changed by hand since it was written, and only those: a file touched
// but unchanged is not named.
func TestEdited(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := publishSite(t, out, site); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	os.WriteFile(filepath.Join(out, "index.html"), []byte("edited by hand"), 0o644)
	os.Chtimes(filepath.Join(out, "index.html"), later, later)
	os.Chtimes(filepath.Join(out, "en/index.html"), later, later)
	s, err := New(out, "", true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := strings.Join(s.Edited(), " "); got != "index.html" {
		t.Errorf("edited: %q, want index.html", got)
	}
}

// TestMountPoint checks that an output folder that is a mount point (a
// container's bind mount) is refused before anything is written, with
// what to do instead; and that one inside a mount works.
func TestMountPoint(t *testing.T) {
	out := filepath.Join(t.TempDir(), "mnt")
	os.Mkdir(out, 0o755)
	if err := syscall.Mount("tmpfs", out, "tmpfs", 0, ""); err != nil {
		t.Skipf("skipped: cannot mount a tmpfs here: %v", err)
	}
	defer syscall.Unmount(out, syscall.MNT_DETACH)
	err := publishSite(t, out, site)
	if err == nil || !strings.Contains(err.Error(), "is a mount point") || !strings.Contains(err.Error(), filepath.Join(out, "site")) {
		t.Fatalf("err = %v, want a mount point refused with a hint", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".mnt-build-*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	inside := filepath.Join(out, "site")
	for range 2 {
		if err := publishSite(t, inside, site); err != nil {
			t.Fatal(err)
		}
	}
	sameSite(t, "inside the mount", read(t, inside), site)
}

// TestWorkingFolder checks that the working folder, or one that holds it,
// is refused as the output folder: the swap would move it from under the
// user.
func TestWorkingFolder(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, out := range []string{".", filepath.Dir(dir)} {
		if err := publishSite(t, out, site); err == nil || !strings.Contains(err.Error(), "working folder") {
			t.Errorf("-out %s: err = %v, want a refusal", out, err)
		}
	}
}

// TestImmutableParent checks that a folder above the output folder that
// cannot be written gives an error naming the path and what to do.
func TestImmutableParent(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if err := publishSite(t, out, site); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("chattr", "+i", parent).Run(); err != nil {
		t.Skipf("skipped: cannot make a folder immutable here: %v", err)
	}
	defer exec.Command("chattr", "-i", parent).Run()
	err := publishSite(t, out, map[string]string{"index.html": "new"})
	if err == nil || !strings.Contains(err.Error(), parent) || !strings.Contains(err.Error(), "\nhint: ") {
		t.Fatalf("err = %v, want the path and a hint", err)
	}
	exec.Command("chattr", "-i", parent).Run()
	sameSite(t, "after the failure", read(t, out), site)
}

// TestLink links one file of a build to another: the same inode and the
// same checksum in the manifest, or, where links fail, a copy; and it
// refuses a link to a file the build has not written, or a second write.
func TestLink(t *testing.T) {
	for _, links := range []bool{true, false} {
		if !links {
			defer func(l func(string, string) error) { link = l }(link)
			link = func(string, string) error { return &os.LinkError{Op: "link", Err: errors.ErrUnsupported} }
		}
		out := filepath.Join(t.TempDir(), "public")
		s, err := New(out, "", true)
		if err != nil {
			t.Fatal(err)
		}
		n, sum, err := s.WriteSummed("data/a.csv", func(w io.Writer) error { _, err := io.WriteString(w, "x,y\n1,2\n"); return err })
		if err != nil {
			t.Fatal(err)
		}
		ln, lsum, err := s.Link("data/b/a.csv", "data/a.csv")
		if err != nil || ln != n || lsum != sum {
			t.Fatalf("links %v: Link = %d, %s, %v; want %d, %s", links, ln, lsum, err, n, sum)
		}
		if _, _, err := s.Link("data/c.csv", "data/none.csv"); err == nil {
			t.Error("a link to a file never written")
		}
		if _, _, err := s.Link("data/a.csv", "data/b/a.csv"); err == nil {
			t.Error("a link over a file written")
		}
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		a, _ := os.Stat(filepath.Join(out, "data", "a.csv"))
		b, _ := os.Stat(filepath.Join(out, "data", "b", "a.csv"))
		if os.SameFile(a, b) != links {
			t.Errorf("links %v: the same file: %v", links, os.SameFile(a, b))
		}
		got := read(t, out)
		b2, _ := os.ReadFile(filepath.Join(out, Manifest))
		manifest := string(b2)
		if got["data/b/a.csv"] != "x,y\n1,2\n" || !strings.Contains(manifest, sum+"  data/b/a.csv\n") || !strings.Contains(manifest, sum+"  data/a.csv\n") {
			t.Errorf("links %v: %q, manifest\n%s", links, got["data/b/a.csv"], manifest)
		}
	}
}

// TestLockNotRegular checks that a lock file that is not a regular file (a
// FIFO, whose open would wait for a writer; a folder) is refused at once,
// named, and left as it was.
func TestLockNotRegular(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(path string) error
	}{
		{"FIFO", func(path string) error { return syscall.Mkfifo(path, 0o644) }},
		{"folder", func(path string) error { return os.Mkdir(path, 0o755) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "fifo")
			if err := tc.make(LockPath(out)); err != nil {
				t.Skip("cannot make the fixture here:", err)
			}
			done := make(chan error, 1)
			go func() {
				s, err := New(out, "", false)
				if err == nil {
					s.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), LockPath(out)) || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("err = %v, want the lock refused as not a regular file", err)
				}
			case <-time.After(2 * time.Minute): // a hang guard, no bound on speed
				t.Fatal("the build hangs on the lock file")
			}
			if _, err := os.Lstat(LockPath(out)); err != nil {
				t.Errorf("the %s was removed: %v", tc.name, err)
			}
		})
	}
}

// TestRefusedLeavesNothing checks that a build refused at the output
// folder (one it did not write, one with files of the user's) leaves no
// lock file beside it, and that a lock file a good build left stays.
func TestRefusedLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	notOurs := filepath.Join(dir, "templates")
	os.Mkdir(notOurs, 0o755)
	os.WriteFile(filepath.Join(notOurs, "page.html"), []byte("x"), 0o644)
	if err := publishSite(t, notOurs, site); err == nil {
		t.Fatal("a folder the build did not write was replaced")
	}
	withCNAME := filepath.Join(dir, "public")
	if err := publishSite(t, withCNAME, site); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(withCNAME, "CNAME"), []byte("x"), 0o644)
	if err := publishSite(t, withCNAME, site); err == nil {
		t.Fatal("a site with a file of the user's was replaced")
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	// The good build's lock stays; the refused builds add nothing.
	if got := strings.Join(left, " "); got != ".public-build.lock public templates" {
		t.Errorf("beside the sites: %s", got)
	}
}

// TestKeepsModeAndGroup checks that the output folder keeps its mode (a
// setgid 2750) and its group through builds: the swap puts another folder
// in its place.
func TestKeepsModeAndGroup(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	os.Mkdir(out, 0o755)
	const gid = 65534 // nogroup
	if err := os.Chown(out, -1, gid); err != nil {
		t.Skip("cannot give a folder another group here:", err)
	}
	if err := os.Chmod(out, 0o750|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := publishSite(t, out, site); err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if mode, g := info.Mode()&(os.ModePerm|os.ModeSetgid), info.Sys().(*syscall.Stat_t).Gid; mode != 0o750|os.ModeSetgid || g != gid {
			t.Errorf("after build %d: %v, group %d; want drwxr-s---, group %d", i+1, mode, g, gid)
		}
		sub, _ := os.Stat(filepath.Join(out, "data"))
		if g := sub.Sys().(*syscall.Stat_t).Gid; g != gid {
			t.Errorf("after build %d: data/ has group %d, want %d", i+1, g, gid)
		}
	}
}

// TestRescue checks that a file added to the previous site after the
// build's last look, found in it once it is swapped out, is moved into the
// new site rather than emptied with the rest; one whose path the new site
// has is left where it is, named.
func TestRescue(t *testing.T) {
	old, out := filepath.Join(t.TempDir(), "old"), filepath.Join(t.TempDir(), "public")
	if err := publishSite(t, old, site); err != nil {
		t.Fatal(err)
	}
	if err := publishSite(t, out, map[string]string{"index.html": "new", "extra.html": "the build's"}); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(old, ".well-known"), 0o755)
	for _, name := range []string{"CNAME", ".well-known/security.txt", "extra.html"} {
		os.WriteFile(filepath.Join(old, name), []byte("mine"), 0o644)
	}
	tree, err := walkOwn(old)
	if err != nil {
		t.Fatal(err)
	}
	left, err := rescue(old, out, &tree)
	if err != nil || strings.Join(left, " ") != "extra.html" {
		t.Fatalf("left %v, %v; want extra.html", left, err)
	}
	for _, name := range []string{"CNAME", ".well-known/security.txt"} {
		if b, err := os.ReadFile(filepath.Join(out, name)); string(b) != "mine" {
			t.Errorf("%s in the new site: %q, %v", name, b, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "extra.html")); string(b) != "the build's" {
		t.Errorf("extra.html of the new site replaced: %q", b)
	}
	for _, f := range tree.files {
		if rel, _ := filepath.Rel(old, f); rel == "CNAME" || rel == "extra.html" {
			t.Errorf("%s is still to be removed", rel)
		}
	}
}

// TestSummedPieces checks that a file written in pieces, as bytes and as
// strings, is hashed as it is written: the checksum WriteSummed returns
// is the file's.
func TestSummedPieces(t *testing.T) {
	s, err := New(filepath.Join(t.TempDir(), "public"), "", true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := strings.Repeat("<tr><td>朝阳区</td></tr>\n", 5000)
	n, sum, err := s.WriteSummed("a.html", func(w io.Writer) error {
		for i, piece := range strings.SplitAfter(want, "\n") {
			var err error
			if i%2 == 0 {
				_, err = io.WriteString(w, piece)
			} else {
				_, err = w.Write([]byte(piece))
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(s.dir, "a.html"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want || n != int64(len(want)) {
		t.Errorf("wrote %d bytes, want %d", n, len(want))
	}
	if wantSum := fmt.Sprintf("%x", sha256.Sum256(got)); sum != wantSum {
		t.Errorf("checksum %s, want %s", sum, wantSum)
	}
}
