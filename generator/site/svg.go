package site

import (
	"fmt"
	"html"
	"html/template"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/gazetteer"
)

// tile is one square of the tile-grid map: a province-level unit, its
// English label and its column and row (placed roughly where it lies).
// Its Chinese label and page come from the unit (gazetteer.Units).
type tile struct {
	name     string // full Chinese name, as in the notices
	en       string // label
	col, row int
}

// unit is what the map needs to know of a tile's unit: its Chinese label,
// and the folder of its page, "" for a unit outside the programme.
func (t tile) unit() (label, slug string) {
	if u, ok := gazetteer.UnitNamed(t.name); ok {
		return u.Short, provinceSlug(u.Name, u.Code)
	}
	return strings.TrimSuffix(strings.TrimSuffix(t.name, "特别行政区"), "省"), ""
}

// tiles covers the 34 province-level units and the Corps. Taiwan, Hong Kong
// and Macao are outside the programme: they are drawn, unshaded.
var tiles = []tile{
	{"黑龙江省", "HL", 7, 0},
	{"内蒙古自治区", "NM", 5, 1},
	{"吉林省", "JL", 7, 1},
	{"新疆维吾尔自治区", "XJ", 0, 2},
	{"新疆生产建设兵团", "XPCC", 1, 2},
	{"甘肃省", "GS", 3, 2},
	{"宁夏回族自治区", "NX", 4, 2},
	{"山西省", "SX", 5, 2},
	{"北京市", "BJ", 6, 2},
	{"辽宁省", "LN", 7, 2},
	{"青海省", "QH", 3, 3},
	{"陕西省", "SN", 4, 3},
	{"河南省", "HA", 5, 3},
	{"河北省", "HE", 6, 3},
	{"天津市", "TJ", 7, 3},
	{"西藏自治区", "XZ", 2, 4},
	{"四川省", "SC", 3, 4},
	{"重庆市", "CQ", 4, 4},
	{"湖北省", "HB", 5, 4},
	{"安徽省", "AH", 6, 4},
	{"山东省", "SD", 7, 4},
	{"云南省", "YN", 3, 5},
	{"贵州省", "GZ", 4, 5},
	{"湖南省", "HN", 5, 5},
	{"江西省", "JX", 6, 5},
	{"江苏省", "JS", 7, 5},
	{"上海市", "SH", 8, 5},
	{"广西壮族自治区", "GX", 4, 6},
	{"广东省", "GD", 5, 6},
	{"福建省", "FJ", 6, 6},
	{"浙江省", "ZJ", 7, 6},
	{"海南省", "HI", 4, 7},
	{"澳门特别行政区", "MO", 5, 7},
	{"香港特别行政区", "HK", 6, 7},
	{"台湾省", "TW", 7, 7},
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
		if g.National > 0 {
			counts[g.Name] = g.National
			maxCount = max(maxCount, g.National)
		}
	}
	step := tileSize + tileGap
	w, h := 9*step, 8*step
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="tilemap" viewBox="0 0 %d %d" role="group" aria-labelledby="tilemap-title"><title id="tilemap-title">%s</title>`,
		w, h, html.EscapeString(p.T("by_province")))
	for _, t := range tiles {
		n, in := counts[t.name]
		label, slug := t.unit()
		if p.Lang != "zh" {
			label = t.en
		}
		x, y := t.col*step, t.row*step
		class, fill := "tile none", ""
		switch {
		case slug == "":
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
		if slug == "" {
			title = t.name
		}
		// A link is named by its own title; a tile without pilots is a
		// labelled image.
		if in {
			fmt.Fprintf(&b, `<a href="%s"><title>%s</title><g class="%s">`,
				html.EscapeString(p.Link(provincePath(slug))), html.EscapeString(title), class)
		} else {
			fmt.Fprintf(&b, `<g class="%s" role="img" aria-label="%s">`, class, html.EscapeString(title))
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="6"%s></rect>`, x, y, tileSize, tileSize, fill)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="13">%s</text>`, x+tileSize/2, y+22, html.EscapeString(label))
		if slug != "" {
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

// barChart draws the national pilots per province as horizontal bars,
// most first.
func barChart(p *Page, groups []*provinceGroup) template.HTML {
	sorted := slices.DeleteFunc(slices.Clone(groups), func(g *provinceGroup) bool { return g.National == 0 })
	slices.SortStableFunc(sorted, func(a, b *provinceGroup) int { return b.National - a.National })
	maxCount := 1
	for _, g := range sorted {
		maxCount = max(maxCount, g.National)
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
		w := max(2, g.National*barW/maxCount)
		fmt.Fprintf(&b, `<g class="bar"><title>%s: %d</title>`, html.EscapeString(name), g.National)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="13">%s</text>`, labelW-6, y+15, html.EscapeString(name))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d"></rect>`, labelW, y+3, w, rowH-6)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13">%d</text></g>`, labelW+w+6, y+15, g.National)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
