//go:build !linux

package publish

import (
	"os"
	"path/filepath"
)

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

// syncTree flushes every file under dir to disk before the swap, so that a
// crash just after it cannot leave a published site of empty files.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// openFile is os.OpenFile.
func openFile(path string, flag int, perm uint32) (*os.File, error) {
	return os.OpenFile(path, flag, os.FileMode(perm))
}

// lockDir does not lock: two builds at once beside the same folder are not
// kept apart on this system.
func lockDir(dir string) (unlock func(), ok bool) { return func() {}, true }

// noFollow: without it, openRegular checks the file it opened.
const noFollow = 0

// lockFile does not lock: two builds at once of the same folder are not
// kept apart on this system.
func lockFile(path string, wait bool) (unlock func(remove bool), err error) {
	return func(bool) {}, nil
}

// keepGroup leaves the group as it is on this system.
func keepGroup(dir string, like os.FileInfo) error { return nil }

// sameDevice cannot tell here: every folder is taken as movable.
func sameDevice(a, b os.FileInfo) bool { return true }

func flushEarly(dir string) {}
