package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/bianmin-data/pilots/generator"
)

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	clock := p.start
	p.now = func() time.Time { return clock }
	p.show(generator.Progress{Stage: "downloads", Rows: 500, Files: 1})
	if buf.Len() != 0 {
		t.Fatalf("progress shown within the first second: %q", buf.String())
	}
	clock = clock.Add(2 * time.Second) // as if the build had run two seconds
	p.show(generator.Progress{Stage: "downloads", Rows: 1000, Files: 2})
	if got := buf.String(); !strings.Contains(got, "downloads: 1000 rows (500/s)") || !strings.Contains(got, "2 files (") {
		t.Errorf("progress line %q", got)
	}
	drawn := buf.Len()
	p.show(generator.Progress{Stage: "downloads", Rows: 1001, Files: 3})
	if buf.Len() != drawn {
		t.Errorf("redrawn within 200 ms: %q", buf.String()[drawn:])
	}
	p.show(generator.Progress{Stage: "pages", Rows: 1001, Files: 4})
	if !strings.Contains(buf.String()[drawn:], "pages: 1001 rows") {
		t.Errorf("a new stage is not drawn at once: %q", buf.String()[drawn:])
	}
	p.end()
	if !strings.HasSuffix(buf.String(), "\r\033[K") {
		t.Error("the progress line is not cleared at the end")
	}
}
