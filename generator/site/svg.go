package site

import (
	"fmt"
	"html"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/generator/gazetteer"
	"github.com/bianmin-data/pilots/generator/lists"
)

// tile is one square of the tile-grid map: a province-level unit, its
// English label (a line or two) and its column and row (placed roughly
// where it lies). Its Chinese label and page come from the unit
// (gazetteer.Units).
type tile struct {
	name     string   // full Chinese name, as in the notices
	en       []string // the English label's lines
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
	{"黑龙江省", []string{"Heilongjiang"}, 7, 0},
	{"内蒙古自治区", []string{"Inner", "Mongolia"}, 5, 1},
	{"吉林省", []string{"Jilin"}, 7, 1},
	{"新疆维吾尔自治区", []string{"Xinjiang"}, 0, 2},
	{"新疆生产建设兵团", []string{"Xinjiang", "Corps"}, 1, 2},
	{"甘肃省", []string{"Gansu"}, 3, 2},
	{"宁夏回族自治区", []string{"Ningxia"}, 4, 2},
	{"山西省", []string{"Shanxi"}, 5, 2},
	{"北京市", []string{"Beijing"}, 6, 2},
	{"辽宁省", []string{"Liaoning"}, 7, 2},
	{"青海省", []string{"Qinghai"}, 3, 3},
	{"陕西省", []string{"Shaanxi"}, 4, 3},
	{"河南省", []string{"Henan"}, 5, 3},
	{"河北省", []string{"Hebei"}, 6, 3},
	{"天津市", []string{"Tianjin"}, 7, 3},
	{"西藏自治区", []string{"Tibet"}, 2, 4},
	{"四川省", []string{"Sichuan"}, 3, 4},
	{"重庆市", []string{"Chongqing"}, 4, 4},
	{"湖北省", []string{"Hubei"}, 5, 4},
	{"安徽省", []string{"Anhui"}, 6, 4},
	{"山东省", []string{"Shandong"}, 7, 4},
	{"云南省", []string{"Yunnan"}, 3, 5},
	{"贵州省", []string{"Guizhou"}, 4, 5},
	{"湖南省", []string{"Hunan"}, 5, 5},
	{"江西省", []string{"Jiangxi"}, 6, 5},
	{"江苏省", []string{"Jiangsu"}, 7, 5},
	{"上海市", []string{"Shanghai"}, 8, 5},
	{"广西壮族自治区", []string{"Guangxi"}, 4, 6},
	{"广东省", []string{"Guangdong"}, 5, 6},
	{"福建省", []string{"Fujian"}, 6, 6},
	{"浙江省", []string{"Zhejiang"}, 7, 6},
	{"海南省", []string{"Hainan"}, 4, 7},
	{"澳门特别行政区", []string{"Macao"}, 5, 7},
	{"香港特别行政区", []string{"Hong", "Kong"}, 6, 7},
	{"台湾省", []string{"Taiwan"}, 7, 7},
}

// classes is how many shades the map has for counts above zero. Class 0
// is no pilot; the shades' colours, and the colour of the labels on each,
// are the stylesheet's (--tile-<n>, --tile-fg-<n>), in light and dark
// schemes, and the legend draws the same classes: whichever way the
// scheme runs, the legend says what a shade means.
const classes = 5

// classOf is the shade of n designations, out of at most maxCount: each count
// its own class when there are few, else equal ranges.
func classOf(n, maxCount int) int {
	if n <= 0 {
		return 0
	}
	if maxCount <= classes {
		return n
	}
	return (n*classes + maxCount - 1) / maxCount
}

// legendItems are the classes the legend shows, with the counts each
// stands for.
func legendItems(maxCount int) (items []struct {
	class int
	label string
}) {
	add := func(c int, label string) {
		items = append(items, struct {
			class int
			label string
		}{c, label})
	}
	add(0, "0")
	if maxCount <= classes {
		for n := 1; n <= maxCount; n++ {
			add(n, fmt.Sprint(n))
		}
		return items
	}
	lo := 1
	for c := 1; c <= classes; c++ {
		hi := lo
		for hi+1 <= maxCount && classOf(hi+1, maxCount) == c {
			hi++
		}
		if classOf(lo, maxCount) != c {
			continue
		}
		if hi == lo {
			add(c, fmt.Sprint(lo))
		} else {
			add(c, fmt.Sprintf("%d–%d", lo, hi))
		}
		lo = hi + 1
	}
	return items
}

// shades are the map's fills of classes 0 to classes in the light and
// dark schemes, as templates/assets/style.css has them (--tile-<n>): the
// charts' own files (chartStyle) and the link preview's picture draw with
// them.
var shades = struct{ light, dark [classes + 1]string }{
	[classes + 1]string{"#eef2f6", "#c2d9f3", "#8cb8e8", "#5b95d6", "#2567b3", "#0b3f7a"},
	[classes + 1]string{"#1c2128", "#1f4a78", "#2d6cad", "#4f95dc", "#8ec1f2", "#d0e7fc"},
}

// chartStyle is the style a chart's own SVG file carries, the page's
// colours in both schemes (templates/assets/style.css has the same).
var chartStyle = func() string {
	fills := func(of [classes + 1]string) string {
		var b strings.Builder
		for i, c := range of {
			fmt.Fprintf(&b, ".c%d rect{fill:%s}", i, c)
		}
		return b.String()
	}
	return `svg{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#fff}
text{fill:#1b1f24}.tile rect{stroke:#fff;stroke-width:2}.tile.outside rect{fill:none;stroke:#d0d7de;stroke-dasharray:3 2}.bar rect{fill:#0b5cad}.source{fill:#57606a}
` + fills(shades.light) + `.c4 text,.c5 text{fill:#fff}
@media (prefers-color-scheme:dark){svg{background:#0d1117}text{fill:#e6edf3}.tile rect{stroke:#0d1117}.tile.outside rect{stroke:#30363d}.bar rect{fill:#6cb6ff}.source{fill:#9da7b3}
` + fills(shades.dark) + `.c3 text,.c4 text,.c5 text{fill:#0d1117}}`
}()

// chartOptions say how a chart is drawn: on its page (links to the
// province pages, the page's stylesheet) or as a file of its own (its own
// style, a title, its date and what it covers above it, source lines
// below it, no links), which a PNG is drawn from: either stands alone.
type chartOptions struct {
	standalone bool
	title      string         // a standalone chart's title
	subtitle   string         // under the title: the data's date, and which batches it covers when one announced is not held
	source     []string       // the source lines of a standalone chart: what, then where, each shorter than the narrowest chart
	kinds      *lists.Catalog // the kinds of list, which each province's count is told by
}

// narrowestChart is the width of the narrowest chart (the bars, in
// Chinese), which a standalone chart's source lines fit in.
const narrowestChart = 340

// wrapText breaks text into lines of at most width pixels at 12 px: a
// character of Chinese counts 12, another 7; a line breaks at its last
// space or after its last Chinese punctuation mark (but 、, which joins
// the numbers of batches: 第1、2、4批), or after any
// character when it has neither.
func wrapText(text string, width int) []string {
	var lines []string
	for text != "" {
		w, cut, end := 0, -1, len(text)
		for i, r := range text {
			step := 7
			if r >= 0x1100 {
				step = 12
			}
			if w+step > width {
				end = i
				break
			}
			w += step
			switch {
			case r == ' ':
				cut = i
			case strings.ContainsRune("，；。：", r):
				cut = i + len(string(r)) // after Chinese punctuation
			}
		}
		if end < len(text) && cut > 0 {
			end = cut
		}
		if end == 0 { // one character wider than the line: a line of its own
			_, end = utf8.DecodeRuneInString(text)
		}
		lines = append(lines, strings.TrimSpace(text[:end]))
		text = strings.TrimSpace(text[end:])
	}
	return lines
}

// svgOpen starts a chart's SVG element, of a drawing w by h. A standalone
// chart starts with its title (at 16 px, wrapped to the chart's width)
// and subtitle (at 12 px), and draws below them: svgOpen returns how far
// down, which svgClose needs.
func svgOpen(b *strings.Builder, class string, w, h int, role, title string, o chartOptions) (top int) {
	if !o.standalone {
		fmt.Fprintf(b, `<svg class="%s" viewBox="0 0 %d %d" width="%d" height="%d" role="%s" aria-label="%s">`, class, w, h, w, h, role, html.EscapeString(title))
		return 0
	}
	heads := wrapText(o.title, (w-8)*12/16) // wrapText measures at 12 px
	subs := wrapText(o.subtitle, w-8)
	top = 8 + 20*len(heads) + 16*len(subs) + 8
	h += top + 12 + 16*len(o.source)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="%s" viewBox="0 0 %d %d" width="%d" height="%d" role="%s"><title>%s</title><style>%s</style>`,
		class, w, h, w, h, role, html.EscapeString(o.title), chartStyle)
	y := 8
	for _, line := range heads {
		y += 20
		fmt.Fprintf(b, `<text class="title" x="4" y="%d" font-size="16" font-weight="700">%s</text>`, y-4, html.EscapeString(line))
	}
	for _, line := range subs {
		y += 16
		fmt.Fprintf(b, `<text class="source" x="4" y="%d" font-size="12">%s</text>`, y-2, html.EscapeString(line))
	}
	fmt.Fprintf(b, `<g transform="translate(0 %d)">`, top)
	return top
}

// svgClose ends a chart of height h drawn top down (svgOpen), with its
// source lines when it stands alone.
func svgClose(b *strings.Builder, h, top int, o chartOptions) {
	if o.standalone {
		b.WriteString(`</g>`)
		for i, line := range o.source {
			fmt.Fprintf(b, `<text class="source" x="4" y="%d" font-size="12">%s</text>`, top+h+20+16*i, html.EscapeString(line))
		}
	}
	b.WriteString(`</svg>`)
}

// tileMap draws the tile grid, with its legend below its east end: each unit
// shaded by its designations of every kind of list. Each unit with any
// links to its page (on the page), named by what the tile shows (its name
// and count, so that the link's name holds its visible text), and
// described, in the page's language, by its count of each kind.
func tileMap(p *Page, groups []*provinceGroup, o chartOptions) template.HTML {
	counts, details := map[string]int{}, map[string]string{}
	maxCount := 1
	for _, g := range groups {
		counts[g.Name] = len(g.Rows)
		details[g.Name] = kindCounts(p, o.kinds, g.Rows)
		maxCount = max(maxCount, len(g.Rows))
	}
	size := 56 // a tile; English labels need wider ones
	if p.Lang != "zh" {
		size = 80
	}
	const height, gap = 56, 4
	stepX, stepY := size+gap, height+gap
	items := legendItems(maxCount)
	w, mapH := 9*stepX, 8*stepY
	// The legend's items, placed in rows at the map's east edge, no wider
	// than legendWidth: a phone shows the map's east (where it opens, for
	// Beijing, Shanghai, Jiangsu and Zhejiang), and the legend with it.
	const legendWidth = 330
	type placed struct{ x, y int }
	at := make([]placed, len(items))
	legendLeft := max(0, w-legendWidth)
	legendX := legendLeft + 8 + 13*len([]rune(p.T("legend")))
	if p.Lang != "zh" {
		legendX = legendLeft + 8 + 7*len(p.T("legend"))
	}
	x, y := legendX, mapH+8
	for i, it := range items {
		width := 34 + 8*utf8.RuneCountInString(it.label) + 12
		if x+width > w && x > legendX {
			x, y = legendX, y+36
		}
		at[i] = placed{x, y}
		x += width
	}
	h := y + 40
	var b strings.Builder
	top := svgOpen(&b, "tilemap", w, h, "group", p.T("by_province"), o)
	for _, t := range tiles {
		n, in := counts[t.name]
		label, slug := t.unit()
		lines := []string{label}
		name := t.name
		if p.Lang != "zh" {
			lines, name = t.en, strings.Join(t.en, " ")
		}
		x, y := t.col*stepX, t.row*stepY
		class := fmt.Sprintf("tile c%d", classOf(n, maxCount))
		title := fmt.Sprintf(p.T("tile_label"), name, n)
		if in {
			title = fmt.Sprintf(p.T("tile_detail"), name, details[t.name])
		}
		shown := strings.Join(lines, " ") + " " + strconv.Itoa(n) // what the tile shows, as its link's name
		if slug == "" {
			class, title = "tile outside", fmt.Sprintf(p.T("tile_outside"), name)
		}
		if in && !o.standalone {
			fmt.Fprintf(&b, `<a href="%s" aria-label="%s"><g class="%s">`, html.EscapeString(p.Link(provincePath(slug))), html.EscapeString(shown), class)
		} else {
			fmt.Fprintf(&b, `<g class="%s" role="img" aria-label="%s">`, class, html.EscapeString(title))
		}
		fmt.Fprintf(&b, `<title>%s</title><rect x="%d" y="%d" width="%d" height="%d" rx="6"></rect>`, html.EscapeString(title), x, y, size, height)
		top := y + 22
		if len(lines) > 1 {
			top = y + 15
		}
		// Each text after the first starts with a space, which SVG does not
		// draw but the link's text holds: "Inner Mongolia 4", as its name.
		// A name too long for the tile at 13 px (Heilongjiang) is set at
		// 12 px and fitted to the tile, rather than broken with a hyphen.
		for i, line := range lines {
			if i > 0 {
				line = " " + line
			}
			fit := ` font-size="13"`
			if utf8.RuneCountInString(line) > 10 {
				fit = fmt.Sprintf(` font-size="12" textLength="%d" lengthAdjust="spacingAndGlyphs"`, size-10)
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle"%s>%s</text>`, x+size/2, top+i*14, fit, html.EscapeString(line))
		}
		if slug != "" {
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="15" font-weight="700"> %d</text>`, x+size/2, y+height-8, n)
		}
		b.WriteString(`</g>`)
		if in && !o.standalone {
			b.WriteString(`</a>`)
		}
	}
	// The legend: a swatch of each class and the counts it stands for.
	fmt.Fprintf(&b, `<g class="legend"><text x="%d" y="%d" font-size="13">%s</text>`, legendLeft, mapH+28, html.EscapeString(p.T("legend")))
	for i, it := range items {
		x, y := at[i].x, at[i].y
		fmt.Fprintf(&b, `<g class="tile c%d"><rect x="%d" y="%d" width="28" height="28" rx="4"></rect></g><text x="%d" y="%d" font-size="13">%s</text>`,
			it.class, x, y, x+34, y+19, html.EscapeString(it.label))
	}
	b.WriteString(`</g>`)
	svgClose(&b, h, top, o)
	return template.HTML(b.String())
}

// barChart draws the designations of every kind per province as
// horizontal bars, most first, named in the page's language.
func barChart(p *Page, groups []*provinceGroup, o chartOptions) template.HTML {
	sorted := slices.Clone(groups)
	slices.SortStableFunc(sorted, func(a, b *provinceGroup) int { return len(b.Rows) - len(a.Rows) })
	maxCount := 1
	for _, g := range sorted {
		maxCount = max(maxCount, len(g.Rows))
	}
	labelW := 120
	if p.Lang != "zh" {
		labelW = 130
	}
	const rowH, barW = 22, 190
	h := rowH*len(sorted) + 4
	var b strings.Builder
	top := svgOpen(&b, "bars", labelW+barW+40, h, "img", p.T("bars_caption"), o)
	for i, g := range sorted {
		name := g.Name
		if p.Lang != "zh" && g.NameEN != "" {
			name = shortEN(g.NameEN)
		}
		y := i*rowH + 2
		w := max(2, len(g.Rows)*barW/maxCount)
		fmt.Fprintf(&b, `<g class="bar"><title>%s</title>`, html.EscapeString(fmt.Sprintf(p.T("tile_detail"), name, kindCounts(p, o.kinds, g.Rows))))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="13">%s</text>`, labelW-6, y+15, html.EscapeString(name))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d"></rect>`, labelW, y+3, w, rowH-6)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13">%d</text></g>`, labelW+w+6, y+15, len(g.Rows))
	}
	svgClose(&b, h, top, o)
	return template.HTML(b.String())
}

// shortEN is a province's English name short enough for a chart's label:
// the Corps' full name is not.
func shortEN(name string) string {
	if strings.HasPrefix(name, "Xinjiang Production") {
		return "Xinjiang Corps"
	}
	return name
}
