package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Ending a build: Commit swaps the staged site in, abandon removes it, and
// either releases the locks.

// prune removes the folders of the scaffold this build did not write
// into, deepest first.
func (s *Staging) prune() error {
	for _, level := range slices.Backward(s.scaffold) {
		unused := slices.DeleteFunc(slices.Clone(level), func(d string) bool { _, used := s.used.Load(d); return used })
		if err := removeAll(unused, syscall.Rmdir); err != nil {
			return err
		}
	}
	return nil
}

// CleanupError is what Commit returns when the new site is in place but
// the previous one, swapped out, could not be emptied: the build has
// succeeded, and what is left is for the next build to clean up.
type CleanupError struct{ Err error }

func (e *CleanupError) Error() string {
	return "the new site is published, but cleaning up the previous one failed: " + e.Err.Error()
}

func (e *CleanupError) Unwrap() error { return e.Err }

// Commit prunes the scaffold, puts the staged site in place of the output
// folder in one step where the system allows (an atomic exchange of the two
// folders on Linux), and empties the previous site, now in the staging
// folder, of its files: its folders are the next build's scaffold. It ends
// the build: an error before the swap abandons it, and one after the swap
// is a *CleanupError: the new site is live.
func (s *Staging) Commit() error {
	s.ended = true
	defer s.release(false)
	if err := s.ready(); err != nil {
		s.abandon()
		return withHint(err, s.out)
	}
	exchanged, err := s.swap()
	if err != nil {
		s.abandon()
		return withHint(err, s.out)
	}
	s.remember(s.manifest)
	if !exchanged {
		return nil // no previous site to clean up
	}
	return withHint(s.clean(), s.out)
}

// ready makes the staged site ready to be swapped in: its manifest
// written, the scaffold's unused folders pruned, every file flushed to
// disk, the output folder's mode given, and the record of the output
// folder's inputs removed.
func (s *Staging) ready() error {
	if err := s.writeManifest(); err != nil {
		return err
	}
	if err := s.prune(); err != nil {
		return err
	}
	if err := syncTree(s.dir); err != nil {
		return err
	}
	// Files added to the site while this build ran would be lost in the
	// swap: look again.
	if _, err := os.Lstat(s.out); err == nil {
		if _, err := foreignFiles(s.out, false); err != nil {
			return err
		}
	}
	if mode, _ := modeOf(s.out); mode != 0o755 {
		if err := os.Chmod(s.dir, mode); err != nil {
			return err
		}
	}
	return s.forget()
}

// swap puts the staged site in place of the output folder: a rename when
// there is none, else an atomic exchange, after which the staging folder
// holds the previous site and exchanged is set.
func (s *Staging) swap() (exchanged bool, err error) {
	if _, err := os.Lstat(s.out); errors.Is(err, os.ErrNotExist) {
		return false, os.Rename(s.dir, s.out)
	}
	return true, exchange(s.dir, s.out)
}

// clean empties the staging folder, which holds the previous site after
// an exchange, of its files, so that it becomes the next scaffold, once a
// file added to it since Commit's second look (while that walked the
// site) is moved into the new site. Its error is a *CleanupError.
func (s *Staging) clean() error {
	t, err := walkOwn(s.dir)
	if err != nil {
		return &CleanupError{err}
	}
	left, err := rescue(s.dir, s.out, &t)
	if err != nil {
		return &CleanupError{err}
	}
	if err := t.removeFiles(); err != nil {
		return &CleanupError{err}
	}
	if len(left) > 0 {
		return &CleanupError{fmt.Errorf("files added to the site during the build are kept in %s, as the new site has files of their names: %s; move them before the next build, which empties that folder",
			s.dir, strings.Join(left, ", "))}
	}
	return nil
}

// rescue moves the files of the previous site, swapped out into old, that
// its manifest does not list (added while the build ran, after it last
// looked) into the new site in out at the same paths, where the next build
// finds them and names them, and takes them out of t, old's tree. It
// returns, relative to old, those it left there because the new site has
// a file of that path. Without a manifest to trust every file is moved.
func rescue(old, out string, t *ownTree) (left []string, err error) {
	own, _ := readManifest(old)
	var rest []string
	for _, path := range t.files {
		rel, _ := filepath.Rel(old, path)
		if _, ok := own[filepath.ToSlash(rel)]; ok || rel == Manifest {
			rest = append(rest, path)
			continue
		}
		to := filepath.Join(out, rel)
		if _, err := os.Lstat(to); err == nil {
			left = append(left, filepath.ToSlash(rel))
			continue
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return nil, err
		}
		if err := os.Rename(path, to); err != nil {
			return nil, err
		}
	}
	t.files = rest
	return left, nil
}

// abandon removes the staged files, and the lock file when this build made
// it; the output folder is untouched.
func (s *Staging) abandon() {
	removeOwn(s.dir)
	s.release(true)
}

// release lets go of the locks on the staging and output folders, once,
// removing the lock file of the output folder if drop is set and this
// build made it.
func (s *Staging) release(drop bool) {
	if s.unlock != nil {
		s.unlock()
		s.unlock = nil
	}
	if s.unlockOut != nil {
		s.unlockOut(drop)
		s.unlockOut = nil
	}
}
