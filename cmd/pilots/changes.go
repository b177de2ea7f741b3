package main

import (
	"fmt"
	"strings"

	"github.com/bianmin-data/pilots/generator"
	"github.com/bianmin-data/pilots/generator/data"
)

// maxRowChanges bounds how many changed rows are listed one by one.
const maxRowChanges = 40

// describeChanges says what changed in the data since the previous build,
// a line each: batches added or removed, then rows added, removed or
// changed, field by field.
func describeChanges(res generator.Result) []string {
	switch {
	case res.CompareErr != nil:
		return []string{"cannot compare with the previous build: " + res.CompareErr.Error()}
	case !res.Compared:
		return []string{"no previous build to compare with"}
	case len(res.Changes) == 0:
		return []string{"no change in the data since the previous build"}
	}
	var batches, rows []string
	for _, c := range res.Changes {
		switch c.Kind {
		case data.BatchAdded:
			batches = append(batches, fmt.Sprintf("batch %d added: %s", c.Batch, plural(c.Rows, "pilot")))
		case data.BatchRemoved:
			batches = append(batches, fmt.Sprintf("batch %d removed: %s", c.Batch, plural(c.Rows, "pilot")))
		case data.RowAdded, data.RowRemoved:
			verb := map[data.ChangeKind]string{data.RowAdded: "added", data.RowRemoved: "removed"}[c.Kind]
			rows = append(rows, fmt.Sprintf("batch %d row %d %s: %s %s", c.Batch, c.Seq, verb, c.Row[field("province")], c.Row[field("area")]))
		case data.RowChanged:
			var diffs []string
			for i, f := range data.Fields {
				if c.Was[i] != c.Row[i] {
					diffs = append(diffs, fmt.Sprintf("%s %s → %s", f.Name, orNull(c.Was[i]), orNull(c.Row[i])))
				}
			}
			rows = append(rows, fmt.Sprintf("batch %d row %d changed: %s", c.Batch, c.Seq, strings.Join(diffs, ", ")))
		}
	}
	if len(rows) > maxRowChanges {
		rows = append(rows[:maxRowChanges], fmt.Sprintf("… and %d more changed rows", len(rows)-maxRowChanges))
	}
	return append(batches, rows...)
}

// field is the index of the named field in data.Fields.
func field(name string) int {
	for i, f := range data.Fields {
		if f.Name == name {
			return i
		}
	}
	panic("no field " + name)
}

func orNull(s string) string {
	if s == "" {
		return "null"
	}
	return s
}
