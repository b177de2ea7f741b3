// Package publish puts a built site in place of the previous one, whole or
// not at all.
//
// A build writes every file through a Staging, a transaction as
// database/sql's Tx is one: a temporary folder beside the output folder (so
// that the final rename stays on one file system), marked as a build's own
// by the Marker file and locked (flock) while the build runs.
//
//	st, err := publish.New(out, key, true) // key: that of the build's inputs
//	…
//	defer st.Close() // abandons the build, unless Keep or Commit ended it
//	if files, bytes, ok := st.Current(); ok {
//		st.Keep() // out is the site of these inputs: nothing to write
//		…
//	}
//	err = st.Write("index.html", fill) // and WriteSummed, Link, Open
//	…
//	err = st.Commit()
//
// Commit swaps it with the output folder in one atomic exchange (Linux
// renameat2); a failed or killed build leaves the previous site as it was,
// and the next build cleans up what it left. The files written are flushed
// to disk in the background as they pile up, and all of them before the
// swap.
//
// Rebuilds are cheap. A file that comes out the same bytes as the previous
// build's at the same path is hard-linked from it, not written (fileWriter),
// so it keeps its inode and modification time and sync tools skip it. After
// the swap the staging folder holds the previous site; its files are
// removed, but its folders are kept, with the Marker, as the scaffold the
// next build writes into (making and removing some 80 folders was a third of
// a small rebuild on ext4).
//
// The package knows nothing of what a site holds: it writes the files it is
// given, at the paths it is given, and calls nothing above it.
package publish

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// Marker is the file that marks a folder as made by a build, so that a
// build replaces only folders it made itself, and cleans up only its own
// leftovers.
const Marker = ".pilots-build"

// markerText is the marker's content for the output folder out: it names
// out, so that a build beside another site whose name looks like its
// temporary folders (.public-build-prod) never takes that site for its own.
func markerText(out string) string {
	return "This folder is written by `pilots build` and replaced as a whole by each build.\noutput: " + filepath.Base(out) + "\n"
}

// ErrBusy is New's error when another build of the same output folder is
// running and New was told not to wait for it.
var ErrBusy = errors.New("another build of this output folder is running")

// Staging is the temporary folder a build writes into, as a transaction:
// New takes it with the key of the build's inputs, Commit puts it in place
// of the output folder, Keep leaves the output folder as it is, and Close,
// deferred, abandons it unless one of those two ended it. Its methods may
// be called from several goroutines, but Commit, Keep and Close, which end
// it.
type Staging struct {
	dir       string          // the temporary folder
	out       string          // the output folder it will replace
	files     atomic.Int64    // files written
	bytes     atomic.Int64    // bytes written
	flushed   atomic.Int64    // bytes written when the last flush started (wrote)
	dirs      sync.Map        // folders made or found so far, so each is made once
	used      sync.Map        // folders of the scaffold that this build writes into
	sums      sync.Map        // rel → SHA-256 of every file written ("" while it is written)
	scaffold  [][]string      // the scaffold's folders by depth, when reused
	isDir     map[string]bool // the same, as a set
	unlock    func()          // releases the lock on dir (lockDir)
	unlockOut func(bool)      // releases the lock on the output folder (LockPath)
	edited    []string        // files of the previous site changed by hand
	key       string          // the inputs' key Commit records (New)
	manifest  string          // the manifest's SHA-256, once written
	ended     bool            // set by Commit and Keep, after which Close does nothing
}

// New starts a build of the output folder out from the inputs whose key
// is key (an opaque string that changes whenever anything the site is
// made from does; "" for none), which Commit records (current.go). It
// takes the lock on out (LockPath), waiting for another build that holds
// it, or failing with ErrBusy when wait is false. It refuses an out that a
// build did not write, and removes the temporary folders that interrupted
// builds of out left beside it, but one: the scaffold of the previous
// build, emptied of any file, which it reuses. Without one it makes a new
// folder.
func New(out, key string, wait bool) (*Staging, error) {
	s, err := start(out, wait)
	if err != nil {
		return nil, withHint(err, out)
	}
	if !strings.ContainsAny(key, "\n") { // else not a key this package wrote
		s.key = key
	}
	return s, nil
}

// Close abandons the build unless Commit or Keep ended it: the staged
// files are removed, and the lock file when this build made it; the output
// folder is untouched. It is meant to be deferred.
func (s *Staging) Close() {
	if !s.ended {
		s.ended = true
		s.abandon()
	}
}

func start(out string, wait bool) (*Staging, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if err := CheckOut(out); err != nil {
		return nil, err
	}
	unlockOut, err := lockFile(LockPath(out), wait)
	if err != nil {
		return nil, err
	}
	s, err := newStaging(out)
	if err != nil {
		unlockOut(true)
		return nil, err
	}
	s.unlockOut = unlockOut
	return s, nil
}

func newStaging(out string) (s *Staging, err error) {
	var edited []string
	if info, err := os.Lstat(out); err == nil {
		if info.Mode()&os.ModeSymlink != 0 {
			to, _ := os.Readlink(out) // the link's text, which a broken link has too
			return nil, fmt.Errorf("refusing to replace %s: it is a symlink (to %s), and the build replaces the output folder as a whole, link and all; build into the folder it leads to", out, to)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("%s exists and is not a folder", out)
		}
		if !ownFolder(out) {
			return nil, fmt.Errorf("refusing to replace %s: it is not empty and was not written by pilots build (no %s file in it)", out, Marker)
		}
		var err error
		if edited, err = foreignFiles(out, true); err != nil {
			return nil, err
		}
	}
	defer func() {
		if s != nil {
			s.edited = edited
		}
	}()
	parent := filepath.Dir(out)
	stale, _ := filepath.Glob(filepath.Join(parent, Pattern(out)))
	for _, dir := range stale {
		if !stagingOf(dir, out) {
			continue
		}
		unlock, ok := lockDir(dir)
		if !ok {
			continue // a running build's
		}
		if s == nil {
			if s = reuse(dir, out); s != nil {
				s.unlock = unlock
				continue
			}
		}
		removeOwn(dir) // best effort: a leftover is harmless
		unlock()
	}
	if s != nil {
		return s, nil
	}
	var dir string
	var unlock func()
	for ok := false; !ok; {
		if dir, err = os.MkdirTemp(parent, Pattern(out)); err != nil {
			return nil, err
		}
		// Another build may have taken the new, empty folder for a
		// leftover between the two calls: then it is that build's.
		unlock, ok = lockDir(dir)
	}
	s = &Staging{dir: filepath.Clean(dir), out: out, unlock: unlock} // MkdirTemp's "./x" for x: paths below are clean
	if err := mark(dir, out); err != nil {
		s.abandon()
		return nil, err
	}
	return s, nil
}

// mark makes dir a staging folder of out: the Marker in it, and the mode
// and group of out when it is a folder (one made 2750 and given a group
// keeps them: the swap puts dir in its place), else those of a published
// folder (MkdirTemp makes it 0700). Until the swap the build may write
// into dir whatever out's mode (Commit gives it out's exactly); a setgid
// bit makes the folders and files written into it take its group.
func mark(dir, out string) error {
	path, text := filepath.Join(dir, Marker), markerText(out)
	if b, err := os.ReadFile(path); err != nil || string(b) != text {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return err
		}
	}
	mode, info := modeOf(out)
	if info != nil {
		if err := keepGroup(dir, info); err != nil {
			return err
		}
	}
	return os.Chmod(dir, mode|0o700)
}

// modeOf is the mode of the folder out (its permissions, setgid, setuid
// and sticky bits) and its lstat, or 0755 and nil when it is no folder.
func modeOf(out string) (os.FileMode, os.FileInfo) {
	info, err := os.Lstat(out)
	if err != nil || !info.IsDir() {
		return 0o755, nil
	}
	return info.Mode() & (os.ModePerm | os.ModeSetgid | os.ModeSetuid | os.ModeSticky), info
}

// reuse empties the scaffold dir of any file (a build killed while writing
// leaves some) and returns it as the staging folder, or nil when it cannot.
func reuse(dir, out string) *Staging {
	t, err := emptyOwn(dir)
	if err != nil {
		return nil
	}
	if mark(dir, out) != nil {
		return nil
	}
	s := &Staging{dir: filepath.Clean(dir), out: out, scaffold: t.dirs, isDir: map[string]bool{}}
	for _, level := range t.dirs {
		for _, d := range level {
			s.isDir[d] = true
			s.dirs.Store(d, true)
		}
	}
	return s
}

// stagingOf reports whether dir, named like a temporary folder of out, is
// one: its marker names out, or was cut short while a killed build wrote
// it (a beginning of the text), or it is empty (a build killed before it
// marked the folder). A site built into a folder of such a name is not.
func stagingOf(dir, out string) bool {
	f, err := openRegular(filepath.Join(dir, Marker))
	if err != nil {
		return empty(dir)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1<<10))
	return err == nil && strings.HasPrefix(markerText(out), string(b))
}

// ownFolder reports whether dir holds the build Marker, or is empty.
func ownFolder(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		return true
	}
	return empty(dir)
}

// empty reports whether dir is a folder with nothing in it.
func empty(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) == 0
}
