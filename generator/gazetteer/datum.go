package gazetteer

import "math"

// The seat points of the table are in GCJ-02, the datum of Chinese web
// maps (AMap, Tencent), which is WGS-84 shifted by an obfuscating offset of
// some hundreds of metres (150 to 670 m for the seats here). GeoJSON
// (RFC 7946) and GIS tools take WGS-84. The offset's public reconstruction
// (the Krasovsky ellipsoid and the published series, as eviltransform and
// coordtransform implement it) maps WGS-84 to GCJ-02; GCJToWGS inverts it
// by iteration, to well under a millimetre of the reconstruction.

// krasovsky are the semi-major axis and eccentricity squared of the
// ellipsoid the offset is reckoned on.
const (
	krasovskyA  = 6378245.0
	krasovskyE2 = 0.00669342162296594323
)

// wgsToGCJ returns the GCJ-02 point of a WGS-84 one. Points outside China
// have no offset.
func wgsToGCJ(lat, lon float64) (float64, float64) {
	if outsideChina(lat, lon) {
		return lat, lon
	}
	dLat, dLon := offset(lat, lon)
	return lat + dLat, lon + dLon
}

// GCJToWGS returns the WGS-84 point whose GCJ-02 point is (lat, lon), found
// by iterating the inverse of wgsToGCJ until it moves by less than 1e-10
// degrees (about 0.01 mm).
func GCJToWGS(lat, lon float64) (float64, float64) {
	wLat, wLon := lat, lon
	for range 30 {
		gLat, gLon := wgsToGCJ(wLat, wLon)
		dLat, dLon := gLat-lat, gLon-lon
		wLat, wLon = wLat-dLat, wLon-dLon
		if math.Abs(dLat) < 1e-10 && math.Abs(dLon) < 1e-10 {
			break
		}
	}
	return wLat, wLon
}

func outsideChina(lat, lon float64) bool {
	return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271
}

// offset is the GCJ-02 offset at a WGS-84 point, in degrees.
func offset(lat, lon float64) (dLat, dLon float64) {
	x, y := lon-105, lat-35
	sinX := 20*math.Sin(6*x*math.Pi) + 20*math.Sin(2*x*math.Pi)
	dLat = -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x)) +
		(sinX+20*math.Sin(y*math.Pi)+40*math.Sin(y/3*math.Pi)+160*math.Sin(y/12*math.Pi)+320*math.Sin(y*math.Pi/30))*2/3
	dLon = 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x)) +
		(sinX+20*math.Sin(x*math.Pi)+40*math.Sin(x/3*math.Pi)+150*math.Sin(x/12*math.Pi)+300*math.Sin(x/30*math.Pi))*2/3
	rad := lat / 180 * math.Pi
	magic := 1 - krasovskyE2*math.Sin(rad)*math.Sin(rad)
	sqrtMagic := math.Sqrt(magic)
	dLat = dLat * 180 / (krasovskyA * (1 - krasovskyE2) / (magic * sqrtMagic) * math.Pi)
	dLon = dLon * 180 / (krasovskyA / sqrtMagic * math.Cos(rad) * math.Pi)
	return dLat, dLon
}
