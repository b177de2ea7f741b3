package generator

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/gazetteer"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/notice"
)

// enrich turns the notices' rows into the published table, adding division
// codes, levels, English names and seat points from the gazetteer. An area
// the gazetteer cannot place, or places ambiguously, is published with empty
// code fields and reported as a warning at its position in the notice, with
// the nearest names as hints.
func enrich(notices []*notice.Notice, kinds *lists.Catalog, g *gazetteer.Gazetteer) (*data.Table, diag.List) {
	var warns diag.List
	var all []*notice.List
	rows := 0
	for _, n := range notices {
		all = append(all, n.Lists...)
		for _, l := range n.Lists {
			rows += len(l.Rows)
		}
	}
	// The combined table is sorted by kind, then batch.
	slices.SortStableFunc(all, func(a, b *notice.List) int {
		return cmp.Or(cmp.Compare(a.Kind.Order, b.Kind.Order), cmp.Compare(a.Batch, b.Batch))
	})
	t := &data.Table{Table: kinds.All(), Catalog: kinds, Rows: make([]data.Row, 0, rows)}
	points := seatPoints{}
	for _, l := range all {
		n := l.Notice
		t.Batches = append(t.Batches, data.Batch{Kind: l.Kind, Number: l.Batch, Notice: n, Annex: l.Title, Count: len(l.Rows), Stated: l.StatedCount})
		for _, r := range l.Rows {
			p := data.Row{
				Batch: l.Batch, Seq: r.Seq, Province: r.Province, Area: r.Area, Note: r.Note,
				IssuedOn: n.Signed, SourceURL: n.SourceURL, List: l.Kind,
			}
			if prov, ok := g.Province(r.Province); ok {
				p.ProvinceCode, p.ProvinceEN = prov.Code, g.English(r.Province)
			}
			res := g.Lookup(r.Province, r.Area)
			switch d := res.Division; {
			case d != nil:
				p.DivisionCode, p.Level, p.AreaEN = d.Code, string(d.Level), d.English
				if d.HasPoint {
					p.Point = points.of(d)
				}
			case res.Ambiguous:
				warns.Add(n.Src.Warnf(r.AreaOff, diag.AmbiguousArea, "%s: %q matches several areas of %s, so none is chosen: %s",
					l.RowName(r.Seq), r.Area, r.Province, describe(res.Candidates, g)))
			default:
				msg := fmt.Sprintf("%s: the gazetteer has no %q in %s; it is published without a code", l.RowName(r.Seq), r.Area, r.Province)
				if len(res.Candidates) > 0 {
					msg += "; nearest: " + describe(res.Candidates, g)
				}
				warns.Add(n.Src.Warnf(r.AreaOff, diag.UnknownArea, "%s", msg))
			}
			if p.Level == "" && strings.HasSuffix(r.Area, "新区") {
				p.Level = string(gazetteer.NewArea) // a state-level new area, which has no code
			}
			t.Rows = append(t.Rows, p)
		}
	}
	return t, warns
}

// describe lists divisions as "320106 鼓楼区 (南京市), 320302 鼓楼区 (徐州市)".
func describe(ds []*gazetteer.Division, g *gazetteer.Gazetteer) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Code + " " + d.Name
		if d.Code == "" {
			parts[i] = d.Name + " (no code)"
		}
		if parent, ok := g.Division(d.Parent); ok && parent.Level != gazetteer.Province {
			parts[i] += " (" + parent.Name + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// seatPoints are the seat points of the divisions placed so far, each
// converted once: a division is placed on row after row of a large table,
// and the conversion iterates.
type seatPoints map[*gazetteer.Division]*data.Point

// of is the seat point of d, in WGS-84 and GCJ-02; rows of one division
// share it, as they never change it.
func (sp seatPoints) of(d *gazetteer.Division) *data.Point {
	if pt, ok := sp[d]; ok {
		return pt
	}
	lat, lon := gazetteer.GCJToWGS(d.Lat, d.Lon)
	pt := &data.Point{Lat: round6(lat), Lon: round6(lon), GCJLat: d.Lat, GCJLon: d.Lon}
	sp[d] = pt
	return pt
}

// round6 rounds a coordinate to six decimals, 0.1 m, the precision of the
// seat points it is converted from.
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
