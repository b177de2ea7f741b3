package generator

import (
	"fmt"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/notice"
)

// Dataset is every notice that passed its checks, sorted by batch, and the
// table of pilots made from them.
type Dataset struct {
	Notices []*notice.Notice
	Table   *data.Table // every batch, enriched from the gazetteer
}

// Pilots counts the rows of every notice.
func (ds *Dataset) Pilots() int {
	n := 0
	for _, nt := range ds.Notices {
		n += nt.Count()
	}
	return n
}

// Summary describes the dataset in a few lines: totals, then one line per
// batch.
func (ds *Dataset) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s, %s\n", plural(len(ds.Notices), "notice"), plural(len(ds.Notices), "batch"), plural(ds.Pilots(), "pilot"))
	for _, n := range ds.Notices {
		fmt.Fprintf(&b, "batch %d: %s, signed %s, %s\n", n.Batch, plural(n.Count(), "pilot"), n.Signed.Format("2006-01-02"), n.Src.Name)
	}
	return b.String()
}

// plural writes a count and a noun, in the plural when the count is not one.
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	if strings.HasSuffix(noun, "ch") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
