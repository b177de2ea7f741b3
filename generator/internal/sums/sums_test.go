package sums

import (
	"bytes"
	"testing"
)

// TestRoundTrip writes a list out of order and reads its paths back.
func TestRoundTrip(t *testing.T) {
	var b bytes.Buffer
	a, z := "ab"+string(bytes.Repeat([]byte("0"), 62)), "cd"+string(bytes.Repeat([]byte("1"), 62))
	if err := Write(&b, []Line{{"z/2.csv", z}, {"a b.html", a}}); err != nil {
		t.Fatal(err)
	}
	if want := a + "  a b.html\n" + z + "  z/2.csv\n"; b.String() != want {
		t.Errorf("wrote\n%s\nwant\n%s", b.String(), want)
	}
	paths, err := Read(&b, 100)
	if err != nil || len(paths) != 2 || paths["a b.html"] != a || paths["z/2.csv"] != z {
		t.Errorf("read %v, %v", paths, err)
	}
}
