//go:build !linux

package generator

import "os"

// exchange swaps the folders a and b. Without an atomic exchange in the
// system, it takes two renames; between them b does not exist.
func exchange(a, b string) error {
	tmp := a + ".old"
	if err := os.Rename(b, tmp); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(tmp, b)
		return err
	}
	return os.Rename(tmp, a)
}
