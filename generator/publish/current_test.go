package publish

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
)

// publishKeyed is publishWith that fails the test on an error.
func publishKeyed(t *testing.T, out, key string, files map[string]string) {
	t.Helper()
	if err := publishWith(t, out, key, files); err != nil {
		t.Fatal(err)
	}
}

// current asks a new Staging of out whether it is current for key.
func current(t *testing.T, out, key string) (int, int64, bool) {
	t.Helper()
	s, err := New(out, key, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Keep()
	return s.Current()
}

// TestCurrent checks that a site is current for the key its build
// recorded, and for no other, and is no longer once anything in it, or
// the record, changed: a file edited with its time put back, one removed
// or replaced by a link, the manifest rewritten to match an edit.
func TestCurrent(t *testing.T) {
	var size int64
	for _, c := range site {
		size += int64(len(c))
	}
	for _, tc := range []struct {
		name    string
		spoil   func(t *testing.T, out string)
		current bool
	}{
		{"as built", func(*testing.T, string) {}, true},
		{"edited, time put back", func(t *testing.T, out string) {
			path := filepath.Join(out, "data", "pilots.csv")
			info, _ := os.Stat(path)
			os.WriteFile(path, []byte("batch,seq\n3,2\n"), 0o644)
			os.Chtimes(path, info.ModTime(), info.ModTime())
		}, false},
		{"removed", func(t *testing.T, out string) { os.Remove(filepath.Join(out, "en", "index.html")) }, false},
		{"a link in its place", func(t *testing.T, out string) {
			path := filepath.Join(out, "index.html")
			os.Remove(path)
			os.Symlink(filepath.Join(out, "en", "index.html"), path)
		}, false},
		{"manifest written again, the same bytes", func(t *testing.T, out string) {
			path := filepath.Join(out, Manifest)
			b, _ := os.ReadFile(path)
			os.WriteFile(path, b, 0o644)
		}, true},
		{"manifest of another site", func(t *testing.T, out string) {
			os.WriteFile(filepath.Join(out, "data", "batch-3", "x.csv"), []byte("other\n"), 0o644)
			os.WriteFile(filepath.Join(out, Manifest), []byte(manifestOf(t, out)), 0o644)
		}, false},
		{"no record", func(t *testing.T, out string) { os.Remove(inputsPath(out)) }, false},
		// The record is read without waiting and up to maxRecord bytes:
		// a FIFO or a huge file in its place is no record, not a hang.
		{"a FIFO for a record", func(t *testing.T, out string) {
			os.Remove(inputsPath(out))
			if err := syscall.Mkfifo(inputsPath(out), 0o644); err != nil {
				t.Skip("no FIFO here:", err)
			}
		}, false},
		{"a huge record", func(t *testing.T, out string) {
			b, _ := os.ReadFile(inputsPath(out))
			os.WriteFile(inputsPath(out), append(b, make([]byte, 1<<20)...), 0o644)
		}, false},
		{"record of another key", func(t *testing.T, out string) {
			b, _ := os.ReadFile(inputsPath(out))
			os.WriteFile(inputsPath(out), append([]byte("inputs other\n"), b[len("inputs k1\n"):]...), 0o644)
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			publishKeyed(t, out, "k1", site)
			tc.spoil(t, out)
			files, bytes, ok := current(t, out, "k1")
			if ok != tc.current {
				t.Fatalf("Current: %v, want %v", ok, tc.current)
			}
			if ok && (files != len(site) || bytes != size) {
				t.Errorf("Current counts %d files, %d bytes; want %d, %d", files, bytes, len(site), size)
			}
			if _, _, ok := current(t, out, "k2"); ok {
				t.Error("current for a key it was not built from")
			}
			if _, _, ok := current(t, out, ""); ok {
				t.Error("current for no key")
			}
		})
	}
}

// manifestOf is the manifest of the files of out as they are.
func manifestOf(t *testing.T, out string) string {
	t.Helper()
	var lines string
	files := read(t, out)
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		lines += fmt.Sprintf("%x  %s\n", sha256.Sum256([]byte(files[name])), name)
	}
	return lines
}

// TestRecordReplaced checks that a build removes the record of the site it
// replaces before the swap, so that a build killed after it leaves none,
// and writes its own once its site is in place; one without a key leaves
// none, and a link put where the record is written is replaced, not
// written through.
func TestRecordReplaced(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	publishKeyed(t, out, "k1", site)
	if _, _, ok := current(t, out, "k1"); !ok {
		t.Fatal("not current after its build")
	}
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)
	os.Symlink(victim, inputsPath(out)+".tmp")
	publishKeyed(t, out, "k2", site)
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the record was written through a link: victim holds %q", b)
	}
	if _, _, ok := current(t, out, "k2"); !ok {
		t.Error("not current for the key of its last build")
	}
	if _, _, ok := current(t, out, "k1"); ok {
		t.Error("current for the key of the build before")
	}
	publishKeyed(t, out, "", site)
	if _, err := os.Lstat(inputsPath(out)); !os.IsNotExist(err) {
		t.Errorf("a build without a key left a record: %v", err)
	}
}
