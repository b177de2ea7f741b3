package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
)

// maxChanges bounds how many changed rows are listed one by one.
const maxChanges = 40

// changes compares the pilots.json of the previous build (nil when there
// is none) with the new table, and describes what was added, removed or
// changed, batch by batch and row by row, for CI logs and pull requests.
// The outputs themselves never depend on the previous build.
func changes(previous []byte, t *data.Table) ([]string, error) {
	if previous == nil {
		return []string{"no previous build to compare with"}, nil
	}
	old, err := rowsByKey(previous)
	if err != nil {
		return nil, fmt.Errorf("the previous data/pilots.json: %w", err)
	}
	var buf bytes.Buffer
	if err := data.WriteJSON(&buf, t); err != nil {
		return nil, err
	}
	cur, err := rowsByKey(buf.Bytes())
	if err != nil {
		return nil, err
	}
	count := func(rows map[[2]int]map[string]any) map[int]int {
		n := map[int]int{}
		for k := range rows {
			n[k[0]]++
		}
		return n
	}
	oldBatches, curBatches := count(old), count(cur)
	var out, rows []string
	for _, b := range sortedKeys(oldBatches, curBatches) {
		switch {
		case oldBatches[b] == 0:
			out = append(out, fmt.Sprintf("batch %d added: %s", b, plural(curBatches[b], "pilot")))
		case curBatches[b] == 0:
			out = append(out, fmt.Sprintf("batch %d removed: %s", b, plural(oldBatches[b], "pilot")))
		}
	}
	keys := make([][2]int, 0, len(cur))
	for k := range cur {
		keys = append(keys, k)
	}
	for k := range old {
		if _, ok := cur[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b [2]int) int { return cmpKeys(a, b) })
	for _, k := range keys {
		o, inOld := old[k]
		c, inCur := cur[k]
		if oldBatches[k[0]] == 0 || curBatches[k[0]] == 0 {
			continue // the whole batch was added or removed
		}
		switch {
		case !inOld:
			rows = append(rows, fmt.Sprintf("batch %d row %d added: %v %v", k[0], k[1], c["province"], c["area"]))
		case !inCur:
			rows = append(rows, fmt.Sprintf("batch %d row %d removed: %v %v", k[0], k[1], o["province"], o["area"]))
		default:
			var diffs []string
			for _, f := range data.Fields {
				if fmt.Sprint(o[f.Name]) != fmt.Sprint(c[f.Name]) {
					diffs = append(diffs, fmt.Sprintf("%s %v → %v", f.Name, show(o[f.Name]), show(c[f.Name])))
				}
			}
			if len(diffs) > 0 {
				rows = append(rows, fmt.Sprintf("batch %d row %d changed: %s", k[0], k[1], strings.Join(diffs, ", ")))
			}
		}
	}
	if len(rows) > maxChanges {
		rows = append(rows[:maxChanges], fmt.Sprintf("… and %d more changed rows", len(rows)-maxChanges))
	}
	out = append(out, rows...)
	if len(out) == 0 {
		return []string{"no change in the data since the previous build"}, nil
	}
	return out, nil
}

func show(v any) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(v)
}

// rowsByKey reads a pilots.json into rows keyed by batch and seq.
func rowsByKey(b []byte) (map[[2]int]map[string]any, error) {
	var rows []map[string]any
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, err
	}
	m := make(map[[2]int]map[string]any, len(rows))
	for _, r := range rows {
		batch, ok1 := r["batch"].(float64)
		seq, ok2 := r["seq"].(float64)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("a row without batch and seq")
		}
		m[[2]int{int(batch), int(seq)}] = r
	}
	return m, nil
}

func sortedKeys(maps ...map[int]int) []int {
	var keys []int
	for _, m := range maps {
		for k := range m {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}

func cmpKeys(a, b [2]int) int {
	if a[0] != b[0] {
		return a[0] - b[0]
	}
	return a[1] - b[1]
}
