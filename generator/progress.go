package generator

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress shows, on a terminal, what a long build is doing: the stage,
// the rows of downloads and the files written so far, and their rates. It
// stays silent for the first second, so a quick build prints nothing but
// its summary, and redraws at most five times a second. Its methods may be
// called from several goroutines; a nil *progress does nothing.
type progress struct {
	mu          sync.Mutex
	w           io.Writer
	start, last time.Time
	stage       string
	rows, files int
	shown       bool
}

func newProgress(w io.Writer) *progress {
	if w == nil {
		return nil
	}
	now := time.Now()
	return &progress{w: w, start: now, last: now}
}

// begin starts a stage.
func (p *progress) begin(stage string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stage = stage
	p.show(true)
}

// add counts rows written to downloads and files written, and redraws.
func (p *progress) add(rows, files int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rows += rows
	p.files += files
	p.show(false)
}

// show redraws the line, when the build has run a second and the last
// redraw is old enough (or the stage changed).
func (p *progress) show(force bool) {
	now := time.Now()
	if now.Sub(p.start) < time.Second || !force && now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.shown = now, true
	secs := now.Sub(p.start).Seconds()
	fmt.Fprintf(p.w, "\r\033[K%s: %d rows (%.0f/s), %d files (%.0f/s), %.0f s", p.stage, p.rows, float64(p.rows)/secs, p.files, float64(p.files)/secs, secs)
}

// end clears the progress line, if one was shown.
func (p *progress) end() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
