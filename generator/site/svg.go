package site

import (
	"fmt"
	"html"
	"html/template"
	"slices"
	"strings"
)

// tile is one square of the tile-grid map: a province-level unit, its
// column and row (placed roughly where it lies), its short labels, and the
// folder of its page.
type tile struct {
	name     string // full Chinese name, as in the notices
	zh, en   string // labels
	col, row int
	slug     string // province page folder; "" for units outside the programme
}

// tiles covers the 34 province-level units and the Corps. Taiwan, Hong Kong
// and Macao are outside the programme: they are drawn, unshaded.
var tiles = []tile{
	{"黑龙江省", "黑龙江", "HL", 7, 0, "230000"},
	{"内蒙古自治区", "内蒙古", "NM", 5, 1, "150000"},
	{"吉林省", "吉林", "JL", 7, 1, "220000"},
	{"新疆维吾尔自治区", "新疆", "XJ", 0, 2, "650000"},
	{"新疆生产建设兵团", "兵团", "XPCC", 1, 2, "xpcc"},
	{"甘肃省", "甘肃", "GS", 3, 2, "620000"},
	{"宁夏回族自治区", "宁夏", "NX", 4, 2, "640000"},
	{"山西省", "山西", "SX", 5, 2, "140000"},
	{"北京市", "北京", "BJ", 6, 2, "110000"},
	{"辽宁省", "辽宁", "LN", 7, 2, "210000"},
	{"青海省", "青海", "QH", 3, 3, "630000"},
	{"陕西省", "陕西", "SN", 4, 3, "610000"},
	{"河南省", "河南", "HA", 5, 3, "410000"},
	{"河北省", "河北", "HE", 6, 3, "130000"},
	{"天津市", "天津", "TJ", 7, 3, "120000"},
	{"西藏自治区", "西藏", "XZ", 2, 4, "540000"},
	{"四川省", "四川", "SC", 3, 4, "510000"},
	{"重庆市", "重庆", "CQ", 4, 4, "500000"},
	{"湖北省", "湖北", "HB", 5, 4, "420000"},
	{"安徽省", "安徽", "AH", 6, 4, "340000"},
	{"山东省", "山东", "SD", 7, 4, "370000"},
	{"云南省", "云南", "YN", 3, 5, "530000"},
	{"贵州省", "贵州", "GZ", 4, 5, "520000"},
	{"湖南省", "湖南", "HN", 5, 5, "430000"},
	{"江西省", "江西", "JX", 6, 5, "360000"},
	{"江苏省", "江苏", "JS", 7, 5, "320000"},
	{"上海市", "上海", "SH", 8, 5, "310000"},
	{"广西壮族自治区", "广西", "GX", 4, 6, "450000"},
	{"广东省", "广东", "GD", 5, 6, "440000"},
	{"福建省", "福建", "FJ", 6, 6, "350000"},
	{"浙江省", "浙江", "ZJ", 7, 6, "330000"},
	{"海南省", "海南", "HI", 4, 7, "460000"},
	{"澳门特别行政区", "澳门", "MO", 5, 7, ""},
	{"香港特别行政区", "香港", "HK", 6, 7, ""},
	{"台湾省", "台湾", "TW", 7, 7, ""},
}

const tileSize, tileGap = 56, 4

// shades are the fills for counts, light to dark, as opacity of the accent.
var shades = []string{"0.25", "0.45", "0.65", "0.85", "1"}

// tileMap draws the tile grid as inline SVG. Each unit with pilots links to
// its page; every tile has a title with its name and count.
func tileMap(p *Page, groups []*provinceGroup) template.HTML {
	counts := map[string]int{}
	maxCount := 1
	for _, g := range groups {
		counts[g.Name] = len(g.Pilots)
		maxCount = max(maxCount, len(g.Pilots))
	}
	step := tileSize + tileGap
	w, h := 9*step, 8*step
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="tilemap" viewBox="0 0 %d %d" role="group" aria-labelledby="tilemap-title"><title id="tilemap-title">%s</title>`,
		w, h, html.EscapeString(p.T("by_province")))
	for _, t := range tiles {
		n, in := counts[t.name]
		label := t.zh
		if p.Lang != "zh" {
			label = t.en
		}
		x, y := t.col*step, t.row*step
		class, fill := "tile none", ""
		switch {
		case t.slug == "":
			class = "tile outside"
		case in:
			i := min(len(shades)-1, (n-1)*len(shades)/maxCount)
			class = "tile"
			if i >= 2 {
				class = "tile dark" // labels in the background colour
			}
			fill = fmt.Sprintf(` style="fill:var(--bar);fill-opacity:%s"`, shades[i])
		}
		title := fmt.Sprintf("%s: %d", t.name, n)
		if t.slug == "" {
			title = t.name
		}
		// A link is named by its own title; a tile without pilots is a
		// labelled image.
		if in {
			fmt.Fprintf(&b, `<a href="%s"><title>%s</title><g class="%s">`,
				html.EscapeString(p.Link("provinces/"+t.slug+"/index.html")), html.EscapeString(title), class)
		} else {
			fmt.Fprintf(&b, `<g class="%s" role="img" aria-label="%s">`, class, html.EscapeString(title))
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="6"%s></rect>`, x, y, tileSize, tileSize, fill)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="13">%s</text>`, x+tileSize/2, y+22, html.EscapeString(label))
		if t.slug != "" {
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="15" font-weight="700">%d</text>`, x+tileSize/2, y+43, n)
		}
		b.WriteString(`</g>`)
		if in {
			b.WriteString(`</a>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// barChart draws pilots per province as horizontal bars, most first.
func barChart(p *Page, groups []*provinceGroup) template.HTML {
	sorted := slices.Clone(groups)
	slices.SortStableFunc(sorted, func(a, b *provinceGroup) int { return len(b.Pilots) - len(a.Pilots) })
	maxCount := 1
	for _, g := range sorted {
		maxCount = max(maxCount, len(g.Pilots))
	}
	const rowH, labelW, barW = 22, 150, 300
	h := rowH*len(sorted) + 4
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="bars" viewBox="0 0 %d %d" role="img" aria-labelledby="bars-title"><title id="bars-title">%s</title>`,
		labelW+barW+40, h, html.EscapeString(p.T("bars_caption")))
	for i, g := range sorted {
		name := g.Name
		if p.Lang != "zh" && g.NameEN != "" {
			name = g.NameEN
		}
		y := i*rowH + 2
		w := max(2, len(g.Pilots)*barW/maxCount)
		fmt.Fprintf(&b, `<g class="bar"><title>%s: %d</title>`, html.EscapeString(name), len(g.Pilots))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="13">%s</text>`, labelW-6, y+15, html.EscapeString(name))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d"></rect>`, labelW, y+3, w, rowH-6)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13">%d</text></g>`, labelW+w+6, y+15, len(g.Pilots))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
