// Package synth writes synthetic notices in the seeds' format, for
// benchmarks and scale tests: valid, parseable, and drawn from real
// division names so that the gazetteer places every row.
//
// China has about 3,200 divisions that a notice could name, and a notice
// may not list an area twice, so n rows are spread over as many notices
// (batches 1, 2, …) as it takes, each with at most per rows. An area may
// come again in a later batch; the build warns about that, as it should.
package synth

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/gazetteer"
)

// place is an area as a notice prints it, with its province.
type place struct{ province, area string }

// places are the divisions whose names the gazetteer resolves without
// ambiguity, in code order.
func places(g *gazetteer.Gazetteer) []place {
	name := map[string]string{} // province code → full name
	for _, d := range g.Divisions() {
		if d.Level == gazetteer.Province {
			name[d.Code] = d.Name
		}
	}
	var out []place
	for _, d := range g.Divisions() {
		if d.Level == gazetteer.Province || d.Level == gazetteer.CorpsCity {
			continue
		}
		p := place{name[d.ProvinceCode()], d.Name}
		if r := g.Lookup(p.province, p.area); r.Division == d {
			out = append(out, p)
		}
	}
	return out
}

// Notices returns the synthetic notices holding n rows, at most per each
// (per is capped at the number of distinct places), as file name → content.
func Notices(n, per int) map[string][]byte {
	all := places(gazetteer.Default())
	per = max(1, min(per, len(all)))
	files := map[string][]byte{}
	next := 0
	for batch := 1; n > 0; batch++ {
		rows := min(n, per)
		n -= rows
		files[fmt.Sprintf("%06d.txt", batch)] = one(batch, rows, all, &next)
	}
	return files
}

// one writes batch's notice of rows rows, taking places from *next on.
func one(batch, rows int, all []place, next *int) []byte {
	var b strings.Builder
	b.Grow(rows * 32)
	fmt.Fprintf(&b, "html: nan\ntitle: 商务部等部门关于公布全国第%d批城市一刻钟便民生活圈试点名单的通知\n", batch)
	fmt.Fprintf(&b, "resulting_text: 各省、自治区、直辖市商务主管部门： 经评审，确定全国第%d批城市一刻钟便民生活圈试点地区%d个，现予公布。 一、加强指导。 各地要抓好落实。 附件：试点名单 商务部办公厅 2030年1月%d日 附件 试点名单 序号 省（区、市） 试点地区",
		batch, rows, 1+batch%28)
	// Sort the rows of a notice by province, as a real list is, so the
	// province is printed only where it changes.
	chosen := make([]place, rows)
	for i := range chosen {
		chosen[i] = all[*next%len(all)]
		*next++
	}
	order := map[string]int{}
	for i, u := range gazetteer.Units {
		order[u.Name] = i
	}
	slices.SortStableFunc(chosen, func(a, b place) int { return order[a.province] - order[b.province] })
	last := ""
	for i, p := range chosen {
		if p.province != last {
			fmt.Fprintf(&b, " %d %s %s", i+1, p.province, p.area)
			last = p.province
		} else {
			fmt.Fprintf(&b, " %d %s", i+1, p.area)
		}
	}
	fmt.Fprintf(&b, "\ninput_url: 20300101000000/http://www.mofcom.gov.cn/synthetic/%d.shtml\n", batch)
	fmt.Fprintf(&b, "returned_url: https://web.archive.org/web/20300102000000/http://www.mofcom.gov.cn/synthetic/%d.shtml\n", batch)
	fmt.Fprintf(&b, "date: 2030-02-%02d 00:00:00\n", 1+batch%28)
	return []byte(b.String())
}
