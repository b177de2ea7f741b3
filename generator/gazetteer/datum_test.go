package gazetteer

import (
	"math"
	"testing"
)

// TestDatum holds the conversion to published pairs of WGS-84 and GCJ-02
// points (those of eviltransform's and hutool's tests), and the inverse to
// a round trip of under a millimetre.
func TestDatum(t *testing.T) {
	for _, p := range []struct{ wLat, wLon, gLat, gLon float64 }{
		{31.1774276, 121.5272106, 31.17530398364597, 121.531541859215}, // Shanghai
		{22.543847, 113.912316, 22.540796131694766, 113.9171764808363}, // Shenzhen
		{39.911954, 116.377817, 39.91334545536069, 116.38404722455657}, // Beijing
		{39.915, 116.404, 39.91640428150164, 116.41024449916938},       // Beijing (hutool)
		{48.8566, 2.3522, 48.8566, 2.3522},                             // Paris: no offset
	} {
		gLat, gLon := wgsToGCJ(p.wLat, p.wLon)
		if math.Abs(gLat-p.gLat) > 1e-9 || math.Abs(gLon-p.gLon) > 1e-9 {
			t.Errorf("wgsToGCJ(%v, %v) = %v, %v; want %v, %v", p.wLat, p.wLon, gLat, gLon, p.gLat, p.gLon)
		}
		wLat, wLon := GCJToWGS(p.gLat, p.gLon)
		// 1e-8 degrees is about a millimetre.
		if math.Abs(wLat-p.wLat) > 1e-8 || math.Abs(wLon-p.wLon) > 1e-8 {
			t.Errorf("GCJToWGS(%v, %v) = %v, %v; want %v, %v", p.gLat, p.gLon, wLat, wLon, p.wLat, p.wLon)
		}
	}
	// Every seat point of the table: the offset is tens to hundreds of
	// metres (least in the far west), and the round trip holds.
	for _, d := range Default().Divisions() {
		if !d.HasPoint {
			continue
		}
		wLat, wLon := GCJToWGS(d.Lat, d.Lon)
		gLat, gLon := wgsToGCJ(wLat, wLon)
		if math.Abs(gLat-d.Lat) > 1e-8 || math.Abs(gLon-d.Lon) > 1e-8 {
			t.Errorf("%s: the round trip misses by %v, %v", d.Code, gLat-d.Lat, gLon-d.Lon)
		}
		if m := metres(d.Lat, d.Lon, wLat, wLon); m < 50 || m > 800 {
			t.Errorf("%s %s: an offset of %.0f m", d.Code, d.Name, m)
		}
	}
}

// metres is the distance between two points, on a sphere.
func metres(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371000
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}
