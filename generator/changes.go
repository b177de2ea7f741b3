package generator

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
)

// maxChanges bounds how many changed rows are listed one by one.
const maxChanges = 40

// changesSince compares the previous build's pilots.json, at path, with
// the new table, whose files (among them its pilots.json) are written.
// When the two pilots.json are the same bytes nothing changed, and the
// previous one is not parsed.
func changesSince(path string, files []data.File, t *data.Table) []string {
	previous, err := os.Open(path)
	if err != nil {
		return []string{"no previous build to compare with"}
	}
	defer previous.Close()
	h := sha256.New()
	if _, err := io.Copy(h, previous); err == nil {
		sum := hex.EncodeToString(h.Sum(nil))
		for _, f := range files {
			if f.Path == t.Dir()+"/pilots.json" && f.SHA256 == sum {
				return []string{noChange}
			}
		}
	}
	b, err := os.ReadFile(path)
	if err == nil {
		var diff []string
		if diff, err = changes(b, t); err == nil {
			return diff
		}
	}
	return []string{"cannot compare with the previous build: " + err.Error()}
}

// noChange is what changes says when nothing changed.
const noChange = "no change in the data since the previous build"

// changes compares the pilots.json of the previous build (nil when there
// is none) with the new table, and describes what was added, removed or
// changed, batch by batch and row by row, for CI logs and pull requests.
// The outputs themselves never depend on the previous build.
func changes(previous []byte, t *data.Table) ([]string, error) {
	if previous == nil {
		return []string{"no previous build to compare with"}, nil
	}
	old, err := data.ReadJSON(previous)
	if err != nil {
		return nil, fmt.Errorf("the previous data/pilots.json: %w", err)
	}
	type key struct{ batch, seq int }
	index := func(ps []data.Pilot) (map[key]*data.Pilot, map[int]int) {
		rows, batches := make(map[key]*data.Pilot, len(ps)), map[int]int{}
		for i := range ps {
			rows[key{ps[i].Batch, ps[i].Seq}] = &ps[i]
			batches[ps[i].Batch]++
		}
		return rows, batches
	}
	oldRows, oldBatches := index(old)
	curRows, curBatches := index(t.Pilots)

	var out, rows []string
	var numbers []int
	for b := range oldBatches {
		numbers = append(numbers, b)
	}
	for b := range curBatches {
		if oldBatches[b] == 0 {
			numbers = append(numbers, b)
		}
	}
	slices.Sort(numbers)
	for _, b := range numbers {
		switch {
		case oldBatches[b] == 0:
			out = append(out, fmt.Sprintf("batch %d added: %s", b, plural(curBatches[b], "pilot")))
		case curBatches[b] == 0:
			out = append(out, fmt.Sprintf("batch %d removed: %s", b, plural(oldBatches[b], "pilot")))
		}
	}
	keys := make([]key, 0, len(curRows))
	for k := range curRows {
		keys = append(keys, k)
	}
	for k := range oldRows {
		if curRows[k] == nil {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(a.batch-b.batch, a.seq-b.seq) })
	for _, k := range keys {
		if oldBatches[k.batch] == 0 || curBatches[k.batch] == 0 {
			continue // the whole batch was added or removed
		}
		o, c := oldRows[k], curRows[k]
		switch {
		case o == nil:
			rows = append(rows, fmt.Sprintf("batch %d row %d added: %s %s", k.batch, k.seq, c.Province, c.Area))
		case c == nil:
			rows = append(rows, fmt.Sprintf("batch %d row %d removed: %s %s", k.batch, k.seq, o.Province, o.Area))
		default:
			ov, cv := o.Values(), c.Values()
			var diffs []string
			for i, f := range data.Fields {
				if ov[i] != cv[i] {
					diffs = append(diffs, fmt.Sprintf("%s %s → %s", f.Name, orNull(ov[i]), orNull(cv[i])))
				}
			}
			if len(diffs) > 0 {
				rows = append(rows, fmt.Sprintf("batch %d row %d changed: %s", k.batch, k.seq, strings.Join(diffs, ", ")))
			}
		}
	}
	if len(rows) > maxChanges {
		rows = append(rows[:maxChanges], fmt.Sprintf("… and %d more changed rows", len(rows)-maxChanges))
	}
	out = append(out, rows...)
	if len(out) == 0 {
		return []string{noChange}, nil
	}
	return out, nil
}

func orNull(s string) string {
	if s == "" {
		return "null"
	}
	return s
}
