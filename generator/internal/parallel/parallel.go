// Package parallel runs the calls of a loop on a fixed number of
// goroutines, and gathers their errors in the order of the loop.
//
// Every stage of a build that does independent work per item (a seed, a
// file, a removal) goes through it, so there is one worker pool to tune:
// Run for work that uses the processors, On with more workers for work that
// mostly waits on the file system.
package parallel

import (
	"errors"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Run calls fn(0) … fn(n-1) on as many goroutines as there are processors
// and returns the errors of the calls that failed, joined in order of i.
func Run(n int, fn func(i int) error) error {
	return On(runtime.GOMAXPROCS(0), n, fn)
}

// On is Run with the given number of workers.
func On(workers, n int, fn func(i int) error) error {
	errs := make([]error, n)
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(n, max(1, workers)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				errs[i] = fn(i)
			}
		})
	}
	wg.Wait()
	return errors.Join(slices.DeleteFunc(errs, func(e error) bool { return e == nil })...)
}
