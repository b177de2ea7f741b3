package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
)

// TestNoCountStated builds the two-list notice with its body's counts
// taken out: each list is a warning (an error under -strict) naming it,
// and its batch page says that the notice states no count; the seed's
// batch page, whose notice states 70, does not.
func TestNoCountStated(t *testing.T) {
	two := string(mustRead(t, "../testdata/two-lists/2024_two_lists.txt"))
	stripped := strings.Replace(two, "确定第四批全国试点地区8个、首批全域推进先行区试点地区5个", "确定第四批全国试点地区和首批全域推进先行区", 1)
	if stripped == two {
		t.Fatal("the two-list notice no longer states its counts as this test expects")
	}
	seeds := seedsOf(t, map[string][]byte{"000_b650c5b04f2a9d19.txt": mustRead(t, filepath.Join(seedDir, "000_b650c5b04f2a9d19.txt")), "2024.txt": []byte(stripped)})
	ds, diags := Load(seeds, lists.Default())
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	var warned int
	for _, d := range diags.Errors(true) {
		if d.Code != diag.NoCount {
			continue
		}
		warned++
		if !strings.Contains(d.Msg, "looked at \"确定第四批全国试点地区和首批全域推进先行区\"") {
			t.Errorf("the warning does not quote the clause looked at: %s", d.Msg)
		}
	}
	if warned != 2 {
		t.Errorf("%d no-count diagnostics under -strict, want 2:\n%s", warned, diags)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(ds, Options{Out: out, BaseURL: DefaultBaseURL}); err != nil {
		t.Fatal(err)
	}
	for page, want := range map[string]bool{"batches/4/index.html": true, "pioneer-zones/1/index.html": true, "batches/3/index.html": false,
		"en/batches/4/index.html": true, "en/batches/3/index.html": false} {
		b, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		said := strings.Contains(string(b), "通知未写明数量") || strings.Contains(string(b), "the notice states no count")
		if said != want {
			t.Errorf("%s says no count was stated: %v, want %v", page, said, want)
		}
	}
}
