package generator

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
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

// TestRebuildKeepsUnchangedFiles checks that a second build of the same
// seeds links every file of the first (same inode, same modification
// time), and that a file changed by hand in the published folder is
// written afresh, the hand-made change undone.
func TestRebuildKeepsUnchangedFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	ds := load(t, seedDir)
	rebuild := func() {
		t.Helper()
		if _, err := Build(ds, Options{Seeds: seedDir, Out: out, BaseURL: DefaultBaseURL}); err != nil {
			t.Fatal(err)
		}
	}
	rebuild()
	before := map[string]os.FileInfo{}
	walkFiles(t, out, func(rel string, info os.FileInfo) { before[rel] = info })
	edited := filepath.Join(out, "about", "index.html")
	if err := os.WriteFile(edited, []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	rebuild()
	n := 0
	walkFiles(t, out, func(rel string, info os.FileInfo) {
		n++
		same := os.SameFile(before[rel], info)
		if rel == filepath.Join("about", "index.html") {
			if same {
				t.Errorf("%s: edited by hand, yet kept", rel)
			}
			if b, _ := os.ReadFile(edited); strings.Contains(string(b), "edited by hand") {
				t.Errorf("%s: the hand-made change survived the build", rel)
			}
			return
		}
		if rel != marker && !same {
			t.Errorf("%s: unchanged, yet written again", rel)
		}
	})
	if n != len(before) {
		t.Errorf("second build wrote %d files, first %d", n, len(before))
	}
}

func walkFiles(t *testing.T, root string, fn func(rel string, info os.FileInfo)) {
	t.Helper()
	err := filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		fn(rel, info)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

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

// TestRebuildWithoutHardLinks rebuilds where hard links fail (another
// file system, too many links): the unchanged files are copied, and the
// site is the same.
func TestRebuildWithoutHardLinks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	ds := load(t, seedDir)
	if _, err := Build(ds, Options{Seeds: seedDir, Out: out, BaseURL: DefaultBaseURL}); err != nil {
		t.Fatal(err)
	}
	want := files(t, out)
	before := map[string]os.FileInfo{}
	walkFiles(t, out, func(rel string, info os.FileInfo) { before[rel] = info })
	defer func(l func(string, string) error) { link = l }(link)
	var tried atomic.Int64 // files are written concurrently
	link = func(string, string) error {
		tried.Add(1)
		return &os.LinkError{Op: "link", Err: errors.ErrUnsupported}
	}
	if _, err := Build(ds, Options{Seeds: seedDir, Out: out, BaseURL: DefaultBaseURL}); err != nil {
		t.Fatal(err)
	}
	if tried.Load() == 0 {
		t.Fatal("no file was linked, so the fallback was not tried")
	}
	got := files(t, out)
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s differs after a rebuild without hard links", name)
		}
	}
	walkFiles(t, out, func(rel string, info os.FileInfo) {
		if rel != marker && os.SameFile(before[rel], info) {
			t.Errorf("%s is the previous file, though links failed", rel)
		}
	})
}
