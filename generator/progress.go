package generator

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress shows, on a terminal, what a long build is doing: the stage,
// the rows or files done and the rate. It stays silent for the first
// second, so a quick build prints nothing but its summary, and it redraws
// at most five times a second. A nil *progress does nothing.
type progress struct {
	mu         sync.Mutex
	w          io.Writer
	start      time.Time
	last       time.Time
	stage      string
	stageStart time.Time
	shown      bool
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
	p.stage, p.stageStart = stage, time.Now()
}

// done reports n units of the current stage done so far.
func (p *progress) done(n int, unit string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.shown = now, true
	rate := float64(n) / max(now.Sub(p.stageStart).Seconds(), 1e-9)
	fmt.Fprintf(p.w, "\r\033[K%s: %d %s, %.0f %s/s", p.stage, n, unit, rate, unit)
}

// end clears the progress line, if one was shown.
func (p *progress) end() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
