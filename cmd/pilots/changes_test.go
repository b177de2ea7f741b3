package main

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/generator"
	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
)

// TestDescribeChanges checks the lines a build prints about what changed
// since the previous build.
func TestDescribeChanges(t *testing.T) {
	row := func(area, code string) []string {
		r := make([]string, len(data.Fields))
		r[data.FieldIndex("province")], r[data.FieldIndex("area")], r[data.FieldIndex("division_code")] = "湖北省", area, code
		return r
	}
	pilots := lists.Default().Kinds[0]
	many := make([]data.Change, 42)
	for i := range many {
		many[i] = data.Change{Kind: data.RowAdded, List: pilots, Batch: 5, Seq: i + 1, Row: row("武汉市", "420100")}
	}
	for _, tc := range []struct {
		res  generator.Result
		want []string
	}{
		{generator.Result{}, []string{"no previous build to compare with"}},
		{generator.Result{Compared: true}, []string{"no change in the data since the previous build"}},
		{generator.Result{CompareErr: errors.New("the previous data/pilots.json: bad")}, []string{"cannot compare with the previous build: the previous data/pilots.json: bad"}},
		{generator.Result{Compared: true, Changes: []data.Change{
			{Kind: data.BatchAdded, List: pilots, Batch: 12, Rows: 6},
			{Kind: data.BatchRemoved, List: pilots, Batch: 13, Rows: 1},
			{Kind: data.RowRemoved, List: pilots, Batch: 3, Seq: 2, Row: row("武汉市", "420100")},
			{Kind: data.RowChanged, List: pilots, Batch: 3, Seq: 3, Was: row("武汉市", "420100"), Row: row("宜昌市", "")},
		}}, []string{
			"pilots batch 12 added: 6 pilots",
			"pilots batch 13 removed: 1 pilot",
			"pilots batch 3 row 2 removed: 湖北省 武汉市",
			"pilots batch 3 row 3 changed: area 武汉市 → 宜昌市, division_code 420100 → null",
		}},
		{generator.Result{Compared: true, Changes: many}, append(describeRows(40), "… and 2 more changed rows")},
	} {
		if got := describeChanges(tc.res); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

func describeRows(n int) []string {
	var lines []string
	for i := 1; i <= n; i++ {
		lines = append(lines, "pilots batch 5 row "+itoa(i)+" added: 湖北省 武汉市")
	}
	return lines
}

func itoa(i int) string { return strconv.Itoa(i) }
