package generator

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	p.begin("downloads")
	p.add(500, 1)
	if buf.Len() != 0 {
		t.Fatalf("progress shown within the first second: %q", buf.String())
	}
	p.start = p.start.Add(-2 * time.Second) // as if the build had run two seconds
	p.last = p.start
	p.add(500, 1)
	if got := buf.String(); !strings.Contains(got, "downloads: 1000 rows (") || !strings.Contains(got, "2 files (") {
		t.Errorf("progress line %q", got)
	}
	p.end()
	if !strings.HasSuffix(buf.String(), "\r\033[K") {
		t.Error("the progress line is not cleared at the end")
	}
	var none *progress // what a build gets with -q or without a terminal
	none.begin("x")
	none.add(1, 1)
	none.end()
}
