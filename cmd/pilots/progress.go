package main

import (
	"fmt"
	"io"
	"time"

	"github.com/bianmin-data/pilots/generator"
)

// progress draws, on a terminal, what a long build is doing: the stage,
// the rows of downloads and the files written so far, and their rates. It
// stays silent for the first second, so a quick build prints nothing but
// its summary, and redraws at most five times a second, or when the stage
// changes. The build calls show one call at a time.
type progress struct {
	w           io.Writer
	start, last time.Time
	stage       string
	shown       bool
	now         func() time.Time
}

func newProgress(w io.Writer) *progress {
	start := time.Now()
	return &progress{w: w, start: start, last: start, now: time.Now}
}

// show redraws the line for p, when the build has run a second and the
// last redraw is old enough or the stage changed.
func (d *progress) show(p generator.Progress) {
	now := d.now()
	newStage := p.Stage != d.stage
	d.stage = p.Stage
	if now.Sub(d.start) < time.Second || !newStage && now.Sub(d.last) < 200*time.Millisecond {
		return
	}
	d.last, d.shown = now, true
	secs := now.Sub(d.start).Seconds()
	fmt.Fprintf(d.w, "\r\033[K%s: %d rows (%.0f/s), %d files (%.0f/s), %.0f s", p.Stage, p.Rows, float64(p.Rows)/secs, p.Files, float64(p.Files)/secs, secs)
}

// end clears the progress line, if one was shown.
func (d *progress) end() {
	if d.shown {
		fmt.Fprint(d.w, "\r\033[K")
	}
}
