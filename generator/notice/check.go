package notice

import (
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
)

// Check validates each parsed list as a whole: numbering from 1 without
// gaps or repeats, the count stated for it, and no area listed twice. The
// numbering is checked over every row of the list, so a row Parse rejected
// (one without an area, say) does not show up again as a gap.
func (n *Notice) Check() diag.List {
	var errs diag.List
	for _, l := range n.Lists {
		errs = append(errs, l.check()...)
	}
	return errs
}

func (l *List) check() diag.List {
	var errs diag.List
	src := l.Notice.Src
	want := 1
	seen := make(map[int]bool, len(l.numbers))
	for _, num := range l.numbers {
		switch {
		case seen[num.seq]:
			errs.Add(src.Errorf(num.off, diag.RepeatedNumber, "%s: number %d repeated", l.RowName(num.seq), num.seq))
		case num.seq != want:
			errs.Add(src.Errorf(num.off, diag.NumberGap, "%s: expected number %d (numbers must run 1, 2, 3, … without gaps)", l.RowName(num.seq), want))
		}
		seen[num.seq] = true
		want = max(want, num.seq+1)
	}
	// A list shorter than the notice says stops somewhere: it is refused
	// at the row where it stops, the text looks cut off. A longer one is
	// refused at the count.
	switch last := len(l.numbers) - 1; {
	case l.StatedCount == 0 || last < 0 || l.numbers[last].seq == l.StatedCount || l.cutOff:
	case l.numbers[last].seq < l.StatedCount:
		errs.Add(src.Errorf(l.numbers[last].off, diag.CutOff, "%s: the list stops here, at %d of the %s the notice announces (the text looks cut off)",
			l.RowName(l.numbers[last].seq), l.numbers[last].seq, l.Kind.EN.ShortCount(l.StatedCount, "en")))
	default:
		errs.Add(src.Errorf(l.countOff, diag.CountMismatch, "the notice announces %s but %s ends at number %d", l.Kind.EN.ShortCount(l.StatedCount, "en"), l.name(), l.numbers[last].seq))
	}
	type key struct{ province, area string }
	areas := make(map[key]int, len(l.Rows))
	for _, r := range l.Rows {
		k := key{r.Province, r.Area}
		if first, dup := areas[k]; dup {
			errs.Add(src.Errorf(r.AreaOff, diag.RepeatedArea, "%s: %q already listed as row %d", l.RowName(r.Seq), r.Province+" "+r.Area, first))
		} else {
			areas[k] = r.Seq
		}
	}
	return errs
}

// CrossCheck reports what no single list shows, over every list of every
// notice, in order: two lists of the same kind and batch (an error, in one
// notice or across two), and an area listed in two batches of one kind (a
// warning: a later notice may name it again). An area on lists of both
// kinds is normal, and not reported. Time and memory are linear in the
// rows: a map entry per area of a kind; past a notice's diag.Limit, a
// repeat is counted, its message not worked out (TestCrossCheckBounded).
func CrossCheck(notices []*Notice) diag.List {
	var diags diag.List
	type batch struct {
		kind  *lists.Kind
		batch int
	}
	type area struct {
		kind           *lists.Kind
		province, area string
	}
	firstList := map[batch]*List{}
	firstArea := map[area]*List{}
	for _, n := range notices {
		for _, l := range n.Lists {
			if prev, dup := firstList[batch{l.Kind, l.Batch}]; dup {
				by := prev.Notice.Src.Name
				if prev.Notice == n {
					by = prev.where() + " of the same notice"
				}
				diags.Add(n.Src.Errorf(l.titleOff, diag.BatchClaimed, "%s is also claimed by %s", lists.BatchLabel(l.Kind, l.Batch, "en"), by))
				continue
			}
			firstList[batch{l.Kind, l.Batch}] = l
			for _, r := range l.Rows {
				k := area{l.Kind, r.Province, r.Area}
				switch prev, dup := firstArea[k]; {
				case dup && prev != l && n.Src.Full(): // counted, not shown: its values are not worked out
					n.Src.Warnf(r.AreaOff, diag.RepeatedPilot, "")
				case dup && prev != l: // within a list, Check says so
					diags.Add(n.Src.Warnf(r.AreaOff, diag.RepeatedPilot, "%s: %q was already on the list of %s", l.RowName(r.Seq), r.Province+" "+r.Area, lists.BatchLabel(l.Kind, prev.Batch, "en")))
				case !dup:
					firstArea[k] = l
				}
			}
		}
	}
	return diags
}
