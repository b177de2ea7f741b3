package site

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"hash/crc32"
	"html/template"
	"image"
	"image/color"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/zlib"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
)

// chart is a chart of the home page as its template receives it: the
// inline SVG, and the chart's own files, which a reader can take away
// (an SVG file with its style and source line, the counts it draws as
// CSV, and a PNG the page's script draws from the SVG file).
type chart struct {
	ID, Caption string
	Covers      string // which batches it counts, when one announced is not held (covers); "" when every one is
	SVG         template.HTML
	SVGPath     string // in the page's language: charts/tilemap.svg
	PNGName     string // the name the PNG is saved under
	CSVPath     string // language-neutral: charts/pilots-by-province.csv
}

// chartsCSV is the data of the charts: the designations per province.
const chartsCSV = "charts/pilots-by-province.csv"

// OGImage is the picture that link previews show for every page: the tile
// grid beside its title, the data's date, what it covers and its source,
// drawn by the build in English with the Go fonts (embedded, rasterized
// in Go: the same bytes on any machine). The fonts have no Chinese, and
// the picture is one for both languages.
const OGImage = "charts/og.png"

// chartKinds are the charts of the home page, each with its file name and
// caption.
var chartKinds = []struct {
	id, caption string
	draw        func(p *Page, groups []*provinceGroup, o chartOptions) template.HTML
}{
	{"tilemap", "tilemap_caption", tileMap},
	{"bars", "bars_caption", barChart},
}

// charts makes the charts of page p in its language, and with files
// writes their SVG files (once per language: the lists page does).
func (r *renderer) charts(p *Page, files bool) ([]chart, error) {
	var out []chart
	source := append(wrapText(p.T("chart_source"), narrowestChart), r.BaseURL+" · "+data.LicenseID)
	covers := lists.UpperFirst(r.coversAll(p))
	title := fmt.Sprintf(p.T("chart_title"), p.T("site"))
	subtitle := fmt.Sprintf(p.T("chart_date"), r.Table.Modified().Format(data.Date)) + coverSentence(p, r.coversAll(p))
	for _, k := range chartKinds {
		c := chart{ID: k.id, Caption: p.T(k.caption), Covers: covers, SVG: k.draw(p, r.groups, chartOptions{kinds: r.Table.Catalog}),
			SVGPath: "charts/" + k.id + ".svg", PNGName: k.id + "-" + p.Lang + ".png", CSVPath: chartsCSV}
		if !files {
			out = append(out, c)
			continue
		}
		file := k.draw(p, r.groups, chartOptions{standalone: true, title: title, subtitle: subtitle, source: source, kinds: r.Table.Catalog})
		err := r.create(prefix(p.Lang)+c.SVGPath, func(w io.Writer) error {
			_, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+string(file)+"\n")
			return err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// chartFiles writes the language-neutral files of the charts: their data
// and the link preview's picture.
func (r *renderer) chartFiles() error {
	err := r.create(chartsCSV, func(w io.Writer) error {
		// A column per kind of list, named by its slug as a column name:
		// pilots, pioneer_zones (the published columns), and any kind added.
		cw := csv.NewWriter(w)
		head := []string{"province", "province_en", "province_code"}
		for _, k := range r.Table.Catalog.Kinds {
			head = append(head, strings.ReplaceAll(k.Slug, "-", "_"))
		}
		cw.Write(head)
		for _, g := range r.groups {
			code := ""
			if len(g.Rows) > 0 {
				code = g.Rows[0].ProvinceCode
			}
			row := []string{g.Name, g.NameEN, code}
			for _, n := range g.Counts {
				row = append(row, strconv.Itoa(n))
			}
			cw.Write(row)
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		return err
	}
	en := r.page("", "en")
	text := []ogLine{
		{fmt.Sprintf(en.T("chart_title"), en.T("site")), 34, true},
		{fmt.Sprintf(en.T("chart_date"), r.Table.Modified().Format(data.Date)), 24, false},
		{lists.UpperFirst(r.coversAll(en)) + en.T("period_end"), 24, false},
		{en.T("chart_source") + " " + strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(r.BaseURL, "https://"), "http://"), "/") + " · " + data.LicenseID, 18, false},
	}
	img, err := ogImage(r.groups, text)
	if err != nil {
		return err
	}
	return r.create(OGImage, func(w io.Writer) error { return writePNG(w, img) })
}

// ogLine is a paragraph of the link preview's text, at a size in pixels,
// bold or not; "" draws nothing.
type ogLine struct {
	text string
	size float64
	bold bool
}

// ogFonts are the Go fonts, parsed once.
var ogFonts = sync.OnceValues(func() (map[bool]*opentype.Font, error) {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	bold, err := opentype.Parse(gobold.TTF)
	return map[bool]*opentype.Font{false: regular, true: bold}, err
})

// ogText draws paragraphs top down from (x, y) in a column width wide,
// each wrapped at its spaces, into an alpha mask of the image's size:
// how much ink each pixel has.
func ogText(size image.Point, x, y, width int, lines []ogLine) (*image.Alpha, error) {
	fonts, err := ogFonts()
	if err != nil {
		return nil, err
	}
	mask := image.NewAlpha(image.Rectangle{Max: size})
	for _, l := range lines {
		face, err := opentype.NewFace(fonts[l.bold], &opentype.FaceOptions{Size: l.size, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil, err
		}
		d := &font.Drawer{Dst: mask, Src: image.Opaque, Face: face}
		lineH := int(l.size * 1.3)
		line := ""
		flush := func() {
			y += lineH
			d.Dot = fixed.P(x, y)
			d.DrawString(line)
			line = ""
		}
		for _, word := range strings.Fields(l.text) {
			if line != "" && d.MeasureString(line+" "+word).Ceil() > width {
				flush()
			}
			line = strings.TrimPrefix(line+" "+word, " ")
		}
		if line != "" {
			flush()
		}
		y += lineH / 2
		face.Close()
	}
	return mask, nil
}

// writePNG writes a paletted image as PNG, compressed by the zlib of
// klauspost/compress, a module of go.mod's: image/png compresses through
// the standard library's, whose output changes with the Go release (Go
// 1.26 and 1.27 wrote different bytes of the same picture), and the site
// must be the same bytes whoever builds it.
func writePNG(w io.Writer, img *image.Paletted) error {
	chunk := func(kind string, data []byte) error {
		var b []byte
		b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
		b = append(append(b, kind...), data...)
		b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
		_, err := w.Write(b)
		return err
	}
	if _, err := io.WriteString(w, "\x89PNG\r\n\x1a\n"); err != nil {
		return err
	}
	size := img.Bounds().Size()
	var ihdr []byte
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(size.X))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(size.Y))
	ihdr = append(ihdr, 8, 3, 0, 0, 0) // 8 bits a pixel, paletted; deflate, no filters, not interlaced
	if err := chunk("IHDR", ihdr); err != nil {
		return err
	}
	var plte []byte
	for _, c := range img.Palette {
		r, g, b, _ := c.RGBA()
		plte = append(plte, byte(r>>8), byte(g>>8), byte(b>>8))
	}
	if err := chunk("PLTE", plte); err != nil {
		return err
	}
	var idat bytes.Buffer
	z, err := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	if err != nil {
		return err
	}
	line := make([]byte, 1+size.X) // filter type 0 (none), then the row
	for y := range size.Y {
		copy(line[1:], img.Pix[y*img.Stride:y*img.Stride+size.X])
		if _, err := z.Write(line); err != nil {
			return err
		}
	}
	if err := z.Close(); err != nil {
		return err
	}
	if err := chunk("IDAT", idat.Bytes()); err != nil {
		return err
	}
	return chunk("IEND", nil)
}

// ogImage draws the tile grid at 1200×630 in the light scheme's shades,
// at the right, and text's paragraphs at the left: a paletted image, which
// PNG stores as a byte a pixel and compresses in about a millisecond (an
// RGBA one took a third of the seed's build). The text's edges are drawn
// in four shades of ink over the background.
func ogImage(groups []*provinceGroup, text []ogLine) (*image.Paletted, error) {
	counts := map[string]int{}
	maxCount := 1
	for _, g := range groups { // as the tile map: every designation
		counts[g.Name] = len(g.Rows)
		maxCount = max(maxCount, len(g.Rows))
	}
	palette := color.Palette{
		color.RGBA{0xff, 0xff, 0xff, 0xff}, // the background
		color.RGBA{0x0b, 0x5c, 0xad, 0xff}, // the accent bar
		color.RGBA{0xd0, 0xd7, 0xde, 0xff}, // the outline of a unit outside the programme
	}
	for _, hex := range shades.light { // then the shades of classes 0 to 5
		var c color.RGBA
		fmt.Sscanf(hex, "#%02x%02x%02x", &c.R, &c.G, &c.B)
		c.A = 0xff
		palette = append(palette, c)
	}
	const background, accent, outline, shade0 = 0, 1, 2, 3
	ink := uint8(len(palette)) // then the ink at a quarter, half, three quarters and whole
	for _, a := range []uint32{64, 128, 192, 255} {
		mix := func(c uint8) uint8 { return uint8((uint32(c)*a + 0xff*(255-a)) / 255) }
		palette = append(palette, color.RGBA{mix(0x1b), mix(0x1f), mix(0x24), 0xff})
	}
	img := image.NewPaletted(image.Rect(0, 0, 1200, 630), palette) // all background
	fill := func(x0, y0, x1, y1 int, c uint8) {
		for y := y0; y < y1; y++ {
			row := img.Pix[y*img.Stride+x0 : y*img.Stride+x1]
			for i := range row {
				row[i] = c
			}
		}
	}
	fill(0, 0, 1200, 12, accent)
	const size, step = 62, 70
	left, top := 1200-9*step-24, 48
	for _, t := range tiles {
		_, slug := t.unit()
		x, y := left+t.col*step, top+t.row*step
		if slug == "" {
			fill(x, y, x+size, y+2, outline)
			fill(x, y+size-2, x+size, y+size, outline)
			fill(x, y, x+2, y+size, outline)
			fill(x+size-2, y, x+size, y+size, outline)
			continue
		}
		fill(x, y, x+size, y+size, uint8(shade0+classOf(counts[t.name], maxCount)))
	}
	mask, err := ogText(img.Bounds().Size(), 40, 40, left-40-40, text)
	if err != nil {
		return nil, err
	}
	for i, a := range mask.Pix {
		if a >= 32 {
			img.Pix[i] = ink + min(uint8(a-32)/56, 3)
		}
	}
	return img, nil
}
