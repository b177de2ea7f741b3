package data

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/bianmin-data/pilots/generator/lists"
)

// Change is one difference between the previous build's table and this
// one's, for CI logs and pull requests. The outputs themselves never
// depend on the previous build.
type Change struct {
	Kind  ChangeKind
	List  *lists.Kind
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

// Changes compares a previous build's JSON of a table (pilots.json, or
// designations.json) with the new table t and returns what was added,
// removed or changed, list by list, batch by batch and row by row, in
// order; none when nothing changed. A batch added or removed as a whole is
// one change, not one per row. Rows of a previous file without the list
// column (built before there was one) are of the catalog's first kind,
// the national pilots.
func Changes(previous []byte, t *Table) ([]Change, error) {
	old, err := readJSON(previous)
	if err != nil {
		return nil, err
	}
	cur := make([][]string, len(t.Rows))
	for i := range t.Rows {
		cur[i] = t.Rows[i].Values()
	}
	list, batch, seq := FieldIndex("list"), FieldIndex("batch"), FieldIndex("seq")
	kinds := map[string]*lists.Kind{"": t.Catalog.Kinds[0]}
	for _, k := range t.Catalog.Kinds {
		kinds[k.ID] = k
	}
	// kind is the kind of a list column's value; one the catalog no
	// longer has stands for itself, after the others.
	kind := func(id string) *lists.Kind {
		k, ok := kinds[id]
		if !ok {
			names := lists.Names{Programme: id, List: id, One: id, Many: id, ShortOne: id, Short: id}
			k = &lists.Kind{ID: id, ZH: names, EN: names, Order: len(t.Catalog.Kinds)}
			kinds[id] = k
		}
		return k
	}
	type batchKey struct {
		list  *lists.Kind
		batch int
	}
	type rowKey struct {
		batchKey
		seq int
	}
	number := func(s string) int { n, _ := strconv.Atoi(s); return n }
	index := func(rows [][]string) (map[rowKey][]string, map[batchKey]int) {
		byKey, batches := make(map[rowKey][]string, len(rows)), map[batchKey]int{}
		for _, r := range rows {
			b := batchKey{kind(r[list]), number(r[batch])}
			byKey[rowKey{b, number(r[seq])}] = r
			batches[b]++
		}
		return byKey, batches
	}
	oldRows, oldBatches := index(old)
	curRows, curBatches := index(cur)

	var out []Change
	var batches []batchKey
	for b := range oldBatches {
		batches = append(batches, b)
	}
	for b := range curBatches {
		if oldBatches[b] == 0 {
			batches = append(batches, b)
		}
	}
	byBatch := func(a, b batchKey) int {
		return cmp.Or(cmp.Compare(a.list.Order, b.list.Order), cmp.Compare(a.list.ID, b.list.ID), cmp.Compare(a.batch, b.batch))
	}
	slices.SortFunc(batches, byBatch)
	for _, b := range batches {
		switch {
		case oldBatches[b] == 0:
			out = append(out, Change{Kind: BatchAdded, List: b.list, Batch: b.batch, Rows: curBatches[b]})
		case curBatches[b] == 0:
			out = append(out, Change{Kind: BatchRemoved, List: b.list, Batch: b.batch, Rows: oldBatches[b]})
		}
	}
	keys := make([]rowKey, 0, len(curRows))
	for k := range curRows {
		keys = append(keys, k)
	}
	for k := range oldRows {
		if curRows[k] == nil {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b rowKey) int { return cmp.Or(byBatch(a.batchKey, b.batchKey), cmp.Compare(a.seq, b.seq)) })
	for _, k := range keys {
		if oldBatches[k.batchKey] == 0 || curBatches[k.batchKey] == 0 {
			continue // the whole batch was added or removed
		}
		o, c := oldRows[k], curRows[k]
		ch := Change{List: k.list, Batch: k.batch, Seq: k.seq, Row: c}
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

// FieldIndex is the position of the named field in Fields, and in the
// cells of Values.
func FieldIndex(name string) int {
	for i, f := range Fields {
		if f.Name == name {
			return i
		}
	}
	panic("data: no field " + name)
}
