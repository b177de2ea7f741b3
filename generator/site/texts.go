package site

import (
	"fmt"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
)

// The labels that name a kind of list, a batch or a table, made from the
// kinds' descriptions (package lists) and the wording of the messages
// (i18n.go): a kind added to content/lists.json is named everywhere by
// its own names, and no batch is shown without its kind.

// names are the names of kind k in p's language.
func names(p *Page, k *lists.Kind) lists.Names { return k.Names(p.Lang) }

// programme is kind k's name in p's language, as a heading starts it:
// 全国城市一刻钟便民生活圈试点, National pilots.
func programme(p *Page, k *lists.Kind) string { return lists.UpperFirst(names(p, k).Programme) }

// batchLabel is a batch with its kind: 试点第3批, pilots batch 3.
func batchLabel(p *Page, k *lists.Kind, b int) string { return lists.BatchLabel(k, b, p.Lang) }

// count is n areas of kind k: 70 个试点地区, 1 pilot area, 15 whole-area
// pioneer zones.
func count(p *Page, n lists.Names, c int) string { return n.Count(c, p.Lang) }

// batches is n batches, agreeing in number: 1 batch, 3 batches, 3 个批次.
func batches(p *Page, n int) string {
	switch {
	case p.Lang == "zh":
		return fmt.Sprintf("%d 个批次", n)
	case n == 1:
		return "1 batch"
	}
	return fmt.Sprintf("%d batches", n)
}

// and joins parts as a list in p's language: a、b和c; a, b and c.
func and(p *Page, parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	sep, last := "、", "和"
	if p.Lang != "zh" {
		sep, last = ", ", " and "
	} else if c := parts[len(parts)-1]; c != "" && c[0] >= '0' && c[0] <= '9' {
		last = "和 " // a space between a character and a number, as before every count (70 个试点)
	}
	return strings.Join(parts[:len(parts)-1], sep) + last + parts[len(parts)-1]
}

// batchTitle is the title of batch b of kind k: 第3批全国城市一刻钟便民生活圈
// 试点名单, National pilots, batch 3.
func batchTitle(p *Page, k *lists.Kind, b int) string {
	return fmt.Sprintf(p.T("batch_title"), programme(p, k), b)
}

// tableCaption names a table of downloads: its kind and its part of it,
// or the combined table's name.
func tableCaption(p *Page, t *data.Table) string {
	if t.Scope == lists.EveryList {
		return lists.UpperFirst(t.Names(p.Lang).List)
	}
	return programme(p, t.Kind) + p.T("caption_sep") + t.Name(p.Lang)
}

// kindCounts is how many areas of each kind rows holds, in the order of
// the kinds, with how many batches: 3 个试点地区（2 个批次）和 1 个全域推进
// 先行区（1 个批次）; 3 pilot areas in 2 batches and 1 whole-area pioneer
// zone in 1 batch. Kinds without rows are left out.
func kindCounts(p *Page, kinds *lists.Catalog, rows []*data.Row) string {
	n := make([]int, len(kinds.Kinds))
	seen := make([]map[int]bool, len(kinds.Kinds))
	for _, r := range rows {
		o := r.List.Order
		n[o]++
		if seen[o] == nil {
			seen[o] = map[int]bool{}
		}
		seen[o][r.Batch] = true
	}
	var parts []string
	for _, k := range kinds.Kinds {
		if n[k.Order] > 0 {
			parts = append(parts, fmt.Sprintf(p.T("count_in_batches"), count(p, names(p, k), n[k.Order]), batches(p, len(seen[k.Order]))))
		}
	}
	return and(p, parts)
}
