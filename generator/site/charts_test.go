package site

import (
	"bytes"
	"image"
	"image/png"
	"slices"
	"testing"
)

// TestOGImage decodes the link preview's picture with image/png: the same
// size and every pixel the colour drawn; its text is inked in its column,
// left of the tiles, wrapped to stay there, and nothing is inked without
// text.
func TestOGImage(t *testing.T) {
	r, err := newRenderer(testSite(), (&files{m: map[string][]byte{}}).create)
	if err != nil {
		t.Fatal(err)
	}
	inked := func(img *image.Paletted) (left, right int) {
		ink := uint8(3 + len(shades.light)) // after the background, accent, outline and shades
		for i, c := range img.Pix {
			if c >= ink {
				if i%img.Stride < 506 {
					left++
				} else {
					right++
				}
			}
		}
		return left, right
	}
	blank, err := ogImage(r.groups, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l, rt := inked(blank); l+rt != 0 {
		t.Errorf("without text, %d pixels are inked", l+rt)
	}
	img, err := ogImage(r.groups, []ogLine{{"Designations by province, a title long enough to be wrapped twice over in its column of the picture", 34, true}, {"Pilots batch 3 only", 24, false}})
	if err != nil {
		t.Fatal(err)
	}
	if l, rt := inked(img); l < 2000 || rt != 0 {
		t.Errorf("the text inks %d pixels in its column, %d right of it", l, rt)
	}
	var b bytes.Buffer
	if err := writePNG(&b, img); err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != img.Bounds() {
		t.Fatalf("decoded %v, drawn %v", got.Bounds(), img.Bounds())
	}
	colours := map[[4]uint32]bool{}
	for y := range img.Bounds().Dy() {
		for x := range img.Bounds().Dx() {
			r1, g1, b1, a1 := got.At(x, y).RGBA()
			r2, g2, b2, a2 := img.At(x, y).RGBA()
			if [4]uint32{r1, g1, b1, a1} != [4]uint32{r2, g2, b2, a2} {
				t.Fatalf("pixel %d,%d decodes as %v, drawn %v", x, y, got.At(x, y), img.At(x, y))
			}
			colours[[4]uint32{r1, g1, b1, a1}] = true
		}
	}
	if len(colours) < 4 {
		t.Errorf("%d colours: no tiles drawn", len(colours))
	}
}

// TestWrapText checks the source lines of a standalone chart: each no
// wider than asked, broken at a space or after Chinese punctuation where
// there is one, and nothing lost.
func TestWrapText(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width int
		want  []string
	}{
		{"来源：商务部等部门公布的名单；一刻钟便民生活圈试点开放数据。", 340, []string{"来源：商务部等部门公布的名单；", "一刻钟便民生活圈试点开放数据。"}},
		{"Source: the lists published by the Ministry of Commerce", 200, []string{"Source: the lists published", "by the Ministry of Commerce"}},
		{"一二三四五六七八九十", 60, []string{"一二三四五", "六七八九十"}},
		{"short", 340, []string{"short"}},
		{"", 340, nil},
		{"一二", 5, []string{"一", "二"}},
	} {
		if got := wrapText(tc.text, tc.width); !slices.Equal(got, tc.want) {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}
