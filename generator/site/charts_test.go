package site

import (
	"bytes"
	"image/png"
	"testing"
)

// TestOGImage decodes the link preview's picture with image/png: the same
// size and every pixel the colour drawn.
func TestOGImage(t *testing.T) {
	r, err := newRenderer(testSite(), (&files{m: map[string][]byte{}}).create)
	if err != nil {
		t.Fatal(err)
	}
	img := ogImage(r.groups)
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
