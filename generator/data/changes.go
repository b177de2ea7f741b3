package data

import (
	"cmp"
	"slices"
	"strconv"
)

// Change is one difference between the previous build's table and this
// one's, for CI logs and pull requests. The outputs themselves never
// depend on the previous build.
type Change struct {
	Kind  ChangeKind
	Batch int
	Seq   int      // the row, for a row's change
	Rows  int      // the batch's rows, for a batch added or removed
	Row   []string // the row's cells (Values), the new ones unless removed
	Was   []string // the previous cells, for a changed row
}

// ChangeKind tells what changed.
type ChangeKind int

const (
	BatchAdded ChangeKind = iota
	BatchRemoved
	RowAdded
	RowRemoved
	RowChanged
)

// Changes compares the pilots.json of the previous build with the new
// table and returns what was added, removed or changed, batch by batch and
// row by row, in order; none when nothing changed. A batch added or
// removed as a whole is one change, not one per row.
func Changes(previous []byte, t *Table) ([]Change, error) {
	old, err := ReadJSON(previous)
	if err != nil {
		return nil, err
	}
	cur := make([][]string, len(t.Pilots))
	for i := range t.Pilots {
		cur[i] = t.Pilots[i].Values()
	}
	type key struct{ batch, seq string }
	index := func(rows [][]string) (map[key][]string, map[string]int) {
		byKey, batches := make(map[key][]string, len(rows)), map[string]int{}
		for _, r := range rows {
			byKey[key{r[0], r[1]}] = r
			batches[r[0]]++
		}
		return byKey, batches
	}
	oldRows, oldBatches := index(old)
	curRows, curBatches := index(cur)
	number := func(s string) int { n, _ := strconv.Atoi(s); return n }

	var out []Change
	var batches []string
	for b := range oldBatches {
		batches = append(batches, b)
	}
	for b := range curBatches {
		if oldBatches[b] == 0 {
			batches = append(batches, b)
		}
	}
	slices.SortFunc(batches, func(a, b string) int { return cmp.Compare(number(a), number(b)) })
	for _, b := range batches {
		switch {
		case oldBatches[b] == 0:
			out = append(out, Change{Kind: BatchAdded, Batch: number(b), Rows: curBatches[b]})
		case curBatches[b] == 0:
			out = append(out, Change{Kind: BatchRemoved, Batch: number(b), Rows: oldBatches[b]})
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
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(number(a.batch), number(b.batch)), cmp.Compare(number(a.seq), number(b.seq)))
	})
	for _, k := range keys {
		if oldBatches[k.batch] == 0 || curBatches[k.batch] == 0 {
			continue // the whole batch was added or removed
		}
		o, c := oldRows[k], curRows[k]
		ch := Change{Batch: number(k.batch), Seq: number(k.seq), Row: c}
		switch {
		case o == nil:
			ch.Kind = RowAdded
		case c == nil:
			ch.Kind, ch.Row = RowRemoved, o
		case !slices.Equal(o, c):
			ch.Kind, ch.Was = RowChanged, o
		default:
			continue
		}
		out = append(out, ch)
	}
	return out, nil
}
