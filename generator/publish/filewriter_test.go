package publish

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFileWriter writes files against previous files of every kind of
// difference, in pieces of every size, and checks the bytes, and that only
// an identical file is linked.
func TestFileWriter(t *testing.T) {
	const content = "the quick brown fox jumps over the lazy dog\n"
	for _, tc := range []struct {
		name     string
		prev     *string // nil: no previous file
		wantLink bool
	}{
		{"none", nil, false},
		{"same", ptr(content), true},
		{"empty both", ptr(""), false}, // new content is empty below only in "empty"
		{"differs at start", ptr("T" + content[1:]), false},
		{"differs in the middle", ptr(content[:20] + "X" + content[21:]), false},
		{"differs at the end", ptr(content[:len(content)-1] + "."), false},
		{"previous shorter", ptr(content[:10]), false},
		{"previous longer", ptr(content + "more"), false},
	} {
		for _, chunk := range []int{1, 7, len(content), 64 << 10} {
			want := content
			if tc.name == "empty both" {
				want = ""
			}
			dir := t.TempDir()
			prevPath, path := filepath.Join(dir, "prev"), filepath.Join(dir, "new")
			if tc.prev != nil {
				if err := os.WriteFile(prevPath, []byte(*tc.prev), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			w, err := newFileWriter(path, prevPath)
			if err != nil {
				t.Fatal(err)
			}
			for rest := want; rest != ""; {
				piece := rest[:min(chunk, len(rest))]
				if _, err := io.WriteString(w, piece); err != nil {
					t.Fatal(err)
				}
				rest = rest[len(piece):]
			}
			if err := w.Close(); err != nil {
				t.Fatalf("%s, pieces of %d: close: %v", tc.name, chunk, err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want || w.n != int64(len(want)) {
				t.Errorf("%s, pieces of %d: wrote %q (counted %d), want %q", tc.name, chunk, got, w.n, want)
			}
			linked := false
			if tc.prev != nil {
				a, _ := os.Stat(path)
				b, _ := os.Stat(prevPath)
				linked = os.SameFile(a, b)
				if prevNow, _ := os.ReadFile(prevPath); string(prevNow) != *tc.prev {
					t.Errorf("%s, pieces of %d: the previous file changed to %q", tc.name, chunk, prevNow)
				}
			}
			wantLink := tc.wantLink || (tc.name == "empty both")
			if linked != wantLink {
				t.Errorf("%s, pieces of %d: linked %v, want %v", tc.name, chunk, linked, wantLink)
			}
		}
	}
}

func ptr(s string) *string { return &s }

// TestFileWriterLarge compares files larger than the read buffer, written
// in pieces larger than it too.
func TestFileWriterLarge(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", 200<<10/16)
	changed := big[:150000] + "X" + big[150001:]
	for _, tc := range []struct {
		name, prev string
		link       bool
	}{{"same", big, true}, {"differs late", changed, false}} {
		dir := t.TempDir()
		prevPath, path := filepath.Join(dir, "prev"), filepath.Join(dir, "new")
		if err := os.WriteFile(prevPath, []byte(tc.prev), 0o644); err != nil {
			t.Fatal(err)
		}
		w, err := newFileWriter(path, prevPath)
		if err != nil {
			t.Fatal(err)
		}
		for rest := big; rest != ""; {
			piece := rest[:min(100000, len(rest))]
			if _, err := io.WriteString(w, piece); err != nil {
				t.Fatal(err)
			}
			rest = rest[len(piece):]
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(path)
		a, _ := os.Stat(path)
		b, _ := os.Stat(prevPath)
		if string(got) != big || os.SameFile(a, b) != tc.link {
			t.Errorf("%s: wrote %d bytes (right: %v), linked %v, want linked %v", tc.name, len(got), string(got) == big, os.SameFile(a, b), tc.link)
		}
	}
}

// TestFileWriterDiskFull writes a file larger than a 64 KiB tmpfs in small
// pieces: the writes are buffered, so the error may come at any write or
// only when the file is closed, and it must come.
func TestFileWriterDiskFull(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64k"); err != nil {
		t.Skipf("skipped: cannot mount a tmpfs here: %v", err)
	}
	defer syscall.Unmount(dir, syscall.MNT_DETACH)
	w, err := newFileWriter(filepath.Join(dir, "big"), filepath.Join(dir, "none"))
	if err != nil {
		t.Fatal(err)
	}
	piece := []byte(strings.Repeat("x", 1000))
	for range 200 {
		if _, err = w.Write(piece); err != nil {
			break
		}
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("writing 200 KB to a 64 KiB disk: %v, want ENOSPC", err)
	}
}
