package main

import (
	"fmt"
	"strings"

	"github.com/bianmin-data/pilots/generator"
	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
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
			batches = append(batches, fmt.Sprintf("%s added: %s", batchName(c), c.List.EN.ShortCount(c.Rows, "en")))
		case data.BatchRemoved:
			batches = append(batches, fmt.Sprintf("%s removed: %s", batchName(c), c.List.EN.ShortCount(c.Rows, "en")))
		case data.RowAdded, data.RowRemoved:
			verb := map[data.ChangeKind]string{data.RowAdded: "added", data.RowRemoved: "removed"}[c.Kind]
			rows = append(rows, fmt.Sprintf("%s row %d %s: %s %s", batchName(c), c.Seq, verb, c.Row[data.FieldIndex("province")], c.Row[data.FieldIndex("area")]))
		case data.RowChanged:
			var diffs []string
			for i, f := range data.Fields {
				if c.Was[i] != c.Row[i] {
					diffs = append(diffs, fmt.Sprintf("%s %s → %s", f.Name, orNull(c.Was[i]), orNull(c.Row[i])))
				}
			}
			rows = append(rows, fmt.Sprintf("%s row %d changed: %s", batchName(c), c.Seq, strings.Join(diffs, ", ")))
		}
	}
	if len(rows) > maxRowChanges {
		rows = append(rows[:maxRowChanges], fmt.Sprintf("… and %d more changed rows", len(rows)-maxRowChanges))
	}
	return append(batches, rows...)
}

// batchName names the batch of a change with its kind: pilots batch 12,
// pioneer zones batch 1.
func batchName(c data.Change) string { return lists.BatchLabel(c.List, c.Batch, "en") }

func orNull(s string) string {
	if s == "" {
		return "null"
	}
	return s
}
