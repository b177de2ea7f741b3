package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/publish"
)

// TestRebuildKeepsUnchangedFiles checks that a second build of the same
// seeds links every file of the first (same inode, same modification
// time), and that a file changed by hand in the published folder is
// written afresh, the hand-made change undone.
func TestRebuildKeepsUnchangedFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	ds := load(t, seedDir)
	rebuild := func() {
		t.Helper()
		if _, err := Build(ds, Options{Out: out, BaseURL: DefaultBaseURL}); err != nil {
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
		if rel != publish.Marker && !same {
			t.Errorf("%s: unchanged, yet written again", rel)
		}
	})
	if n != len(before) {
		t.Errorf("second build wrote %d files, first %d", n, len(before))
	}
}
