package generator

// The helpers every test of the package shares: reading a tree of files,
// and writing a seeds folder. One of each.

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// hangGuard is how long a test waits for what should come before it
// calls it a hang. It asserts no speed: a bound is asserted as work
// counted, which means the same on any machine, while a busy machine of
// two cores may take many times as long as a quiet one.
const hangGuard = 2 * time.Minute

// writeTree writes files (slash-separated relative path → bytes, paths
// that may hold folders) under dir, and returns dir.
func writeTree(dir string, files map[string][]byte) (string, error) {
	for name, b := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// seedsOf makes a seeds folder in a temporary folder of the test, holding
// files.
func seedsOf(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir, err := writeTree(filepath.Join(t.TempDir(), "seeds"), files)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// seedsWith makes a seeds folder holding the real seed and the fixtures,
// each read from its path (the map's value) and given its new name.
func seedsWith(t testing.TB, fixtures map[string]string) string {
	t.Helper()
	files := map[string][]byte{"000_b650c5b04f2a9d19.txt": mustRead(t, filepath.Join(seedDir, "000_b650c5b04f2a9d19.txt"))}
	for name, src := range fixtures {
		files[name] = mustRead(t, src)
	}
	return seedsOf(t, files)
}

// walkFiles calls fn with each regular file under root, by its
// slash-separated path relative to root.
func walkFiles(t testing.TB, root string, fn func(rel string, info os.FileInfo)) {
	t.Helper()
	err := filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		fn(filepath.ToSlash(rel), info)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// files reads every file of a folder, by slash-separated relative path.
func files(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	walkFiles(t, dir, func(rel string, _ os.FileInfo) {
		out[rel] = mustRead(t, filepath.Join(dir, filepath.FromSlash(rel)))
	})
	return out
}

// digests is the SHA-256 of every file of a folder, by relative path:
// two folders hold the same files when their digests are maps.Equal.
func digests(t testing.TB, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	for name, b := range files(t, dir) {
		out[name] = sha256.Sum256(b)
	}
	return out
}

// mustRead reads a file or fails the test.
func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
