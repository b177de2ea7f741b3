package site

import (
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
)

// announcedFile is the content file of every announced list (package
// content's doc).
const announcedFile = "announced.md"

// announced is one row of announced.md: a list the ministries announced,
// or put out for comment, and where it was reported.
type announced struct {
	Kind      *lists.Kind
	Batch     int
	Announced string // a date, or a month
	Areas     int
	Status    string // announced or proposed
	Source    string // in English
	SourceZH  string // in Chinese; "" when the table has none
	TitleEN   string // a short English title of its notice, by people; "" when the table has none
}

// readAnnounced reads the table of announced.md: a header row whose cells
// are list, batch, announced, areas, status, source and, optionally,
// source_zh (the source in Chinese) and then title_en (a short English
// title of the notice, which English pages show in place of a machine
// translation), a separator row, and
// a row per list. Any other row is an error naming its line. Time and
// memory are linear in the file (a content file, read whole as the pages
// are).
func readAnnounced(fsys fs.FS, catalog *lists.Catalog) ([]announced, error) {
	src, err := fs.ReadFile(fsys, announcedFile)
	if err != nil {
		return nil, err
	}
	var out []announced
	header, columns := false, 0
	for i, line := range strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			continue
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		bad := func(why string) error { return fmt.Errorf("%s:%d: %s", announcedFile, i+1, why) }
		switch {
		case !header:
			// The Chinese source, source_zh, and the English title,
			// title_en, may be left out (a portal's table of before them).
			switch strings.Join(cells, " ") {
			case "list batch announced areas status source":
				columns = 6
			case "list batch announced areas status source source_zh":
				columns = 7
			case "list batch announced areas status source source_zh title_en":
				columns = 8
			default:
				return nil, bad("the table's header must be | list | batch | announced | areas | status | source | source_zh | title_en |")
			}
			header = true
			continue
		case strings.Trim(strings.Join(cells, ""), "-: ") == "":
			continue // the separator row
		case len(cells) != columns:
			return nil, bad(fmt.Sprintf("%d cells, want %d", len(cells), columns))
		}
		a := announced{Announced: cells[2], Status: cells[4], Source: cells[5]}
		if columns >= 7 {
			a.SourceZH = cells[6]
		}
		if columns == 8 {
			a.TitleEN = cells[7]
		}
		var ok bool
		if a.Kind, ok = catalog.ByID(cells[0]); !ok {
			return nil, bad(fmt.Sprintf("unknown list %q (%s, from %s)", cells[0], strings.Join(catalog.IDs(), ", "), lists.File))
		}
		if a.Batch, err = strconv.Atoi(cells[1]); err != nil || a.Batch < 1 {
			return nil, bad(fmt.Sprintf("batch %q is not a number", cells[1]))
		}
		if a.Areas, err = strconv.Atoi(cells[3]); err != nil || a.Areas < 1 {
			return nil, bad(fmt.Sprintf("areas %q is not a number", cells[3]))
		}
		if a.Status != "announced" && a.Status != "proposed" {
			return nil, bad(fmt.Sprintf("status %q is neither announced nor proposed", a.Status))
		}
		if a.Source == "" {
			return nil, bad("no source")
		}
		out = append(out, a)
	}
	if !header {
		return nil, fmt.Errorf("%s: no table", announcedFile)
	}
	return out, nil
}

// coverage is what the home page says of what the site holds: each
// kind's batches, and the announced lists it does not hold.
type coverage struct {
	Held    []string // 全国试点：第3批
	Missing []coverageRow
}

type coverageRow struct {
	List, Batch, Announced, Status, Source string
	Label                                  string // the batch with its kind, as every page names it
	SourceLang                             string // the language of Source: announced.md's is English
	Areas                                  int
}

// noMatch is what a search that matches no row says: that the site holds
// only these lists, and which announced ones it does not hold, so that
// no match is not read as "on no list".
func (r *renderer) noMatch(p *Page) string {
	c := r.coverage(p)
	text := fmt.Sprintf(p.T("no_match"), strings.Join(c.Held, p.T("list_sep2")))
	if len(c.Missing) > 0 {
		var missing []string
		for _, m := range c.Missing {
			missing = append(missing, m.Label)
		}
		text += " " + fmt.Sprintf(p.T("no_match_missing"), strings.Join(missing, p.T("list_sep2")))
	}
	return text
}

func (r *renderer) coverage(p *Page) *coverage {
	c := &coverage{}
	held := map[lists.Table]bool{}
	for _, k := range r.Table.Catalog.Kinds {
		var nums []string
		for _, b := range r.of(k).Batches {
			held[k.Batch(b.Number)] = true
			nums = append(nums, fmt.Sprintf(p.T("batch_n"), b.Number))
		}
		if len(nums) > 0 {
			c.Held = append(c.Held, fmt.Sprintf(p.T("held_item"), programme(p, k), strings.Join(nums, p.T("list_sep"))))
		}
	}
	for _, a := range r.announced {
		source, lang := a.Source, "en" // a Chinese page shows the Chinese source where there is one
		if p.Lang == "zh" && a.SourceZH != "" {
			source, lang = a.SourceZH, "zh-CN"
		}
		if !held[a.Kind.Batch(a.Batch)] {
			c.Missing = append(c.Missing, coverageRow{programme(p, a.Kind), fmt.Sprintf(p.T("batch_n"), a.Batch),
				a.Announced, p.T("status_" + a.Status), source, lists.UpperFirst(batchLabel(p, a.Kind, a.Batch)), lang, a.Areas})
		}
	}
	return c
}

// holding is what the site holds of one kind of list: the numbers of the
// batches whose notices are in the seeds, and of those announced that it
// does not hold. A list proposed for comment designates no one yet, so
// it is missing from no count.
type holding struct {
	held, missing []int
}

// holdings are each kind's holding, by the kind's Order, made from the
// notices held and announced.md.
func holdingsOf(kinds []*data.Table, announced []announced) []holding {
	out := make([]holding, len(kinds))
	for i, t := range kinds {
		for _, b := range t.Batches {
			out[i].held = append(out[i].held, b.Number)
		}
	}
	for _, a := range announced {
		h := &out[a.Kind.Order]
		if a.Status == "announced" && !slices.Contains(h.held, a.Batch) && !slices.Contains(h.missing, a.Batch) {
			h.missing = append(h.missing, a.Batch)
		}
	}
	for i := range out {
		slices.Sort(out[i].missing)
	}
	return out
}

// batchesOf names batches nums of kind k, with the kind: 试点第1、2、4批,
// pilots batches 1, 2 and 4.
func batchesOf(p *Page, k *lists.Kind, nums []int) string {
	if len(nums) == 1 {
		return batchLabel(p, k, nums[0])
	}
	var s []string
	for _, n := range nums {
		s = append(s, strconv.Itoa(n))
	}
	if p.Lang == "zh" {
		return k.ZH.Short + "第" + strings.Join(s, "、") + "批"
	}
	return k.EN.Short + " batches " + and(p, s)
}

// covers says which batches a number made of the lists of kinds covers,
// when any batch announced of them is not held: 只含试点第3批，试点第1、2、
// 4批本站未收录; pilots batch 3 only; pilots batches 1, 2 and 4 not held
// here. It is "" when every batch announced of them is held.
func (r *renderer) covers(p *Page, kinds ...*lists.Kind) string {
	var held, missing []string
	for _, k := range kinds {
		h := r.holdings[k.Order]
		if len(h.held) > 0 {
			held = append(held, batchesOf(p, k, h.held))
		}
		if len(h.missing) > 0 {
			missing = append(missing, batchesOf(p, k, h.missing))
		}
	}
	switch {
	case len(missing) == 0:
		return ""
	case len(held) == 0:
		return fmt.Sprintf(p.T("covers_none"), and(p, missing))
	}
	return fmt.Sprintf(p.T("covers"), and(p, held), and(p, missing))
}

// coversAll is covers of every kind of list: what a count of every
// designation (a province's, a chart's) covers.
func (r *renderer) coversAll(p *Page) string { return r.covers(p, r.Table.Catalog.Kinds...) }

// coverSentence is a covers clause as a sentence of its own, for after
// another: "" stays "".
func coverSentence(p *Page, clause string) string {
	if clause == "" {
		return ""
	}
	return p.T("sentence_sep") + lists.UpperFirst(clause) + p.T("period_end")
}

// earlier says which batches of kind k before batch b the site does not
// hold, for an area's page: a designation before the first batch held
// would not show. It is "" when it holds every one announced.
func (r *renderer) earlier(p *Page, k *lists.Kind, b int) string {
	var nums []int
	for _, n := range r.holdings[k.Order].missing {
		if n < b {
			nums = append(nums, n)
		}
	}
	if len(nums) == 0 {
		return ""
	}
	return fmt.Sprintf(p.T("since_gap"), batchesOf(p, k, nums))
}
