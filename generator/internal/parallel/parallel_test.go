package parallel

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

// TestOn checks that every index is called once, whatever the number of
// workers, and that the errors come back in the order of the loop.
func TestOn(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 64} {
		var calls [100]atomic.Int32
		err := On(workers, len(calls), func(i int) error {
			calls[i].Add(1)
			if i%40 == 39 {
				return fmt.Errorf("item %d", i)
			}
			return nil
		})
		for i := range calls {
			if n := calls[i].Load(); n != 1 {
				t.Errorf("%d workers: item %d called %d times", workers, i, n)
			}
		}
		if err == nil || err.Error() != "item 39\nitem 79" {
			t.Errorf("%d workers: err = %v, want items 39 and 79 in order", workers, err)
		}
	}
	if err := Run(0, func(int) error { return errors.New("called") }); err != nil {
		t.Errorf("no items: %v", err)
	}
}
