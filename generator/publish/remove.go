package publish

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"syscall"

	"github.com/bianmin-data/pilots/generator/internal/parallel"
)

// Removing what a build made: its files, then its folders, deepest first,
// its Marker last, several at once.

// ioWorkers is how many goroutines remove files at once: work that mostly
// waits on the file system overlaps its waits beyond the number of
// processors.
const ioWorkers = 8

// removeOwn removes a folder a build made, its Marker last, so that a
// removal cut short by a kill leaves a folder the next build still
// recognises as its own and finishes removing.
func removeOwn(dir string) error {
	t, err := emptyOwn(dir)
	if err != nil {
		return err
	}
	for _, level := range slices.Backward(t.dirs) {
		if err := removeAll(level, syscall.Rmdir); err != nil {
			return err
		}
	}
	if err := os.Remove(filepath.Join(dir, Marker)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return os.Remove(dir)
}

// ownTree is what a folder a build made holds: its files, the Marker
// aside, and its folders by depth.
type ownTree struct {
	files []string
	dirs  [][]string
}

func walkOwn(dir string) (ownTree, error) {
	var t ownTree
	var walk func(d string, depth int) error
	walk = func(d string, depth int) error {
		entries, err := os.ReadDir(d)
		if err != nil {
			return err
		}
		for _, e := range entries {
			path := filepath.Join(d, e.Name())
			switch {
			case depth == 0 && e.Name() == Marker:
			case e.IsDir():
				for len(t.dirs) <= depth {
					t.dirs = append(t.dirs, nil)
				}
				t.dirs[depth] = append(t.dirs[depth], path)
				if err := walk(path, depth+1); err != nil {
					return err
				}
			default:
				t.files = append(t.files, path)
			}
		}
		return nil
	}
	return t, walk(dir, 0)
}

// removeFiles removes the files of the tree.
func (t ownTree) removeFiles() error { return removeAll(t.files, unlink) }

// unlink is syscall.Unlink; tests replace it to see a removal fail.
var unlink = syscall.Unlink

// emptyOwn removes the files of a folder a build made, but its Marker, and
// returns what is left: its folders.
func emptyOwn(dir string) (ownTree, error) {
	t, err := walkOwn(dir)
	if err == nil {
		err = t.removeFiles()
	}
	return t, err
}

// removeAll removes paths in parallel with rm: syscall.Unlink or Rmdir,
// not os.Remove, which tries one and then the other. On a file system that
// discards freed blocks, each removal waits on the disk, and the waits
// overlap. A path already gone (or under a folder that gave way to a
// file) is no error.
func removeAll(paths []string, rm func(string) error) error {
	return parallel.On(ioWorkers, len(paths), func(i int) error {
		if err := rm(paths[i]); err != nil && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return &os.PathError{Op: "remove", Path: paths[i], Err: err}
		}
		return nil
	})
}
