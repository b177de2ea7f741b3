package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
)

// marker is the file that marks a folder as made by a build, so that a
// build replaces only folders it made itself, and cleans up only its own
// leftovers.
const marker = ".pilots-build"

const markerText = "This folder is written by `pilots build` and replaced as a whole by each build.\n"

// staging is the temporary folder a build writes into, beside the output
// folder so that the final rename stays on one file system.
type staging struct {
	dir   string       // the temporary folder
	out   string       // the output folder it will replace
	files atomic.Int64 // files written
	bytes atomic.Int64 // bytes written
	dirs  sync.Map     // folders made so far, so each is made once
}

// stagingPattern is the name pattern of temporary folders for out:
// public → .public-build-*.
func stagingPattern(out string) string {
	return "." + filepath.Base(out) + "-build-*"
}

// newStaging removes the temporary folders that interrupted builds left
// beside out, and makes a new one.
func newStaging(out string) (*staging, error) {
	out = filepath.Clean(out)
	if info, err := os.Lstat(out); err == nil {
		if !info.IsDir() {
			return nil, fmt.Errorf("%s exists and is not a folder", out)
		}
		if !ownFolder(out) {
			return nil, fmt.Errorf("refusing to replace %s: it is not empty and was not written by pilots build (no %s file in it)", out, marker)
		}
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	stale, _ := filepath.Glob(filepath.Join(parent, stagingPattern(out)))
	for _, dir := range stale {
		if ownFolder(dir) {
			removeOwn(dir) // best effort: a leftover is harmless
		}
	}
	dir, err := os.MkdirTemp(parent, stagingPattern(out))
	if err != nil {
		return nil, err
	}
	s := &staging{dir: dir, out: out}
	if err := os.WriteFile(filepath.Join(dir, marker), []byte(markerText), 0o644); err != nil {
		s.abandon()
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil { // MkdirTemp makes it 0700
		s.abandon()
		return nil, err
	}
	return s, nil
}

// ownFolder reports whether dir holds the build marker, or is empty.
func ownFolder(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, marker)); err == nil {
		return true
	}
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) == 0
}

// createHook, when set (by tests), is called before each file is written;
// an error it returns fails the build there, as a full disk would.
var createHook func(rel string) error

// write writes one file of the site, at a slash-separated path relative to
// its root.
func (s *staging) write(rel string, write func(io.Writer) error) error {
	_, err := s.create(rel, nil, write)
	return err
}

// writeSummed writes one file like write, and returns its size and
// SHA-256, computed while writing (the downloads' checksums).
func (s *staging) writeSummed(rel string, write func(io.Writer) error) (int64, string, error) {
	h := sha256.New()
	n, err := s.create(rel, h, write)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// create writes one file through a fileWriter, hashing it into h when h is
// not nil, and returns its size.
func (s *staging) create(rel string, h hash.Hash, write func(io.Writer) error) (int64, error) {
	if createHook != nil {
		if err := createHook(rel); err != nil {
			return 0, fmt.Errorf("%s: %w", rel, err)
		}
	}
	path := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := s.mkdir(filepath.Dir(path)); err != nil {
		return 0, err
	}
	fw, err := newFileWriter(path, filepath.Join(s.out, filepath.FromSlash(rel)))
	if err != nil {
		return 0, err
	}
	var w io.Writer = fw
	if h != nil {
		w = io.MultiWriter(fw, h)
	}
	err = write(w)
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", rel, err)
	}
	s.files.Add(1)
	s.bytes.Add(fw.n)
	return fw.n, nil
}

// mkdir makes dir and the folders above it in the staged site, each once:
// one mkdir(2) a folder, where os.MkdirAll would stat it first.
func (s *staging) mkdir(dir string) error {
	if dir == s.dir {
		return nil
	}
	if _, made := s.dirs.Load(dir); made {
		return nil
	}
	if err := s.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	s.dirs.Store(dir, true)
	return nil
}

// commit puts the staged site in place of the output folder in one step
// where the system allows (an atomic exchange of the two folders on Linux),
// then removes the old site.
func (s *staging) commit() error {
	if err := syncTree(s.dir); err != nil {
		s.abandon()
		return err
	}
	if _, err := os.Lstat(s.out); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(s.dir, s.out); err != nil {
			s.abandon()
			return err
		}
		return nil
	}
	if err := exchange(s.dir, s.out); err != nil {
		s.abandon()
		return err
	}
	// s.dir now holds the previous site.
	return removeOwn(s.dir)
}

// abandon removes the staged files; the output folder is untouched.
func (s *staging) abandon() { removeOwn(s.dir) }

// removeOwn removes a folder a build made, its marker last, so that a
// removal cut short by a kill leaves a folder the next build still
// recognises as its own and finishes removing. The files are unlinked in
// parallel, then the folders deepest first: on a file system that discards
// freed blocks, each unlink waits on the disk, and the waits overlap.
func removeOwn(dir string) error {
	var files []string
	var dirs [][]string // by depth below dir
	var walk func(d string, depth int) error
	walk = func(d string, depth int) error {
		entries, err := os.ReadDir(d)
		if err != nil {
			return err
		}
		for _, e := range entries {
			path := filepath.Join(d, e.Name())
			switch {
			case depth == 0 && e.Name() == marker:
			case e.IsDir():
				for len(dirs) <= depth {
					dirs = append(dirs, nil)
				}
				dirs[depth] = append(dirs[depth], path)
				if err := walk(path, depth+1); err != nil {
					return err
				}
			default:
				files = append(files, path)
			}
		}
		return nil
	}
	if err := walk(dir, 0); err != nil {
		return err
	}
	// syscall.Unlink and Rmdir, not os.Remove, which tries one and then
	// the other.
	remove := func(paths []string, rm func(string) error) error {
		return parallelIO(len(paths), func(i int) error {
			if err := rm(paths[i]); err != nil && !errors.Is(err, os.ErrNotExist) {
				return &os.PathError{Op: "remove", Path: paths[i], Err: err}
			}
			return nil
		})
	}
	if err := remove(files, syscall.Unlink); err != nil {
		return err
	}
	for _, level := range slices.Backward(dirs) {
		if err := remove(level, syscall.Rmdir); err != nil {
			return err
		}
	}
	if err := os.Remove(filepath.Join(dir, marker)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return os.Remove(dir)
}
