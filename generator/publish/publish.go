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
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/bianmin-data/pilots/generator/internal/parallel"
	"github.com/bianmin-data/pilots/generator/internal/sums"
)

// ioWorkers is how many goroutines remove files at once: work that mostly
// waits on the file system overlaps its waits beyond the number of
// processors.
const ioWorkers = 8

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

// Edited names the files of the previous site (slash-separated, sorted)
// that were changed since the build that wrote them, by hand: this build
// replaces them, and the caller should say so.
func (s *Staging) Edited() []string { return s.edited }

// LockPath is the file beside the output folder out that a build holds
// locked (flock) from New to Commit or Abandon, so that two builds of one
// output folder never run at once: .public-build.lock for public. A build
// that succeeds leaves it in place (it holds nothing); one refused or
// failed before its swap removes it, when it made it.
func LockPath(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+"-build.lock")
}

// Pattern is the name pattern (filepath.Glob) of the temporary folders of
// the output folder out, beside it: public → .public-build-*.
func Pattern(out string) string {
	return "." + filepath.Base(out) + "-build-*"
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

// createHook, when set (failCreate, in tests), is called before each file is written;
// an error it returns fails the build there, as a full disk would.
var createHook func(rel string) error

// Write writes one file of the site, at a slash-separated path relative to
// its root, with what fill writes. Two writes of one path are an error.
func (s *Staging) Write(rel string, fill func(io.Writer) error) error {
	_, _, err := s.WriteSummed(rel, fill)
	return err
}

// WriteSummed writes one file like Write, and returns its size and
// SHA-256, computed while writing (the downloads' checksums, and the
// manifest's).
func (s *Staging) WriteSummed(rel string, fill func(io.Writer) error) (int64, string, error) {
	if rel == Marker || rel == Manifest || !fs.ValidPath(rel) {
		return 0, "", fmt.Errorf("%s: not a file a build may write", rel)
	}
	if _, dup := s.sums.LoadOrStore(rel, ""); dup {
		return 0, "", fmt.Errorf("%s: written twice", rel)
	}
	h := sha256.New()
	n, err := s.create(rel, h, fill)
	if err != nil {
		return 0, "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	s.sums.Store(rel, sum)
	return n, sum, nil
}

// Link writes the file rel with the bytes of from, a file this build has
// written: a hard link to it in the staged site (so the file costs neither
// a write nor a hash), or a copy where links fail. It returns the size and
// the SHA-256, from's.
func (s *Staging) Link(rel, from string) (int64, string, error) {
	if rel == Marker || rel == Manifest || !fs.ValidPath(rel) {
		return 0, "", fmt.Errorf("%s: not a file a build may write", rel)
	}
	sum, ok := s.sums.Load(from)
	if !ok || sum == "" {
		return 0, "", fmt.Errorf("%s: a link to %s, which the build has not written", rel, from)
	}
	if _, dup := s.sums.LoadOrStore(rel, sum); dup {
		return 0, "", fmt.Errorf("%s: written twice", rel)
	}
	src := filepath.Join(s.dir, filepath.FromSlash(from))
	info, err := os.Stat(src)
	if err != nil {
		return 0, "", err
	}
	path, err := s.prepare(rel)
	if err != nil {
		return 0, "", err
	}
	if link(src, path) != nil { // another file system, too many links: copy
		_, err := s.create(rel, nil, func(w io.Writer) error {
			f, err := os.Open(src)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.Copy(w, f)
			return err
		})
		return info.Size(), sum.(string), err
	}
	s.wrote(info.Size())
	return info.Size(), sum.(string), nil
}

// Has reports whether this build has written, or is writing, the file rel.
func (s *Staging) Has(rel string) bool {
	_, ok := s.sums.Load(rel)
	return ok
}

// Manifest is the file at the root of every site that lists every other
// file the build wrote with its SHA-256, as sha256sum writes them:
// `sha256sum -c SHA256SUMS` checks the whole site, pages included, and the
// next build knows from it which files are its own.
const Manifest = "SHA256SUMS"

// writeManifest writes the manifest of every file written.
func (s *Staging) writeManifest() error {
	var lines []sums.Line
	s.sums.Range(func(rel, sum any) bool {
		lines = append(lines, sums.Line{Path: rel.(string), SHA256: sum.(string)})
		return true
	})
	h := sha256.New()
	_, err := s.create(Manifest, h, func(w io.Writer) error { return sums.Write(w, lines) })
	s.manifest = hex.EncodeToString(h.Sum(nil))
	return err
}

// create writes one file through a fileWriter, hashing it into h when h is
// not nil, and returns its size.
func (s *Staging) create(rel string, h hash.Hash, write func(io.Writer) error) (int64, error) {
	path, err := s.prepare(rel)
	if err != nil {
		return 0, err
	}
	fw, err := newFileWriter(path, filepath.Join(s.out, filepath.FromSlash(rel)))
	if err != nil {
		return 0, err
	}
	var w io.Writer = fw
	if h != nil {
		w = summing{fw, h}
	}
	err = write(w)
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", rel, err)
	}
	s.wrote(fw.n)
	return fw.n, nil
}

// flushEvery is how many bytes a build writes between the flushes it
// starts in the background: the disk works while the build goes on, and
// Commit's flush, which must wait for every file, finds less to wait for
// (at 100,000 rows it waited 1.0 s for 680 MB of downloads). A small site
// is flushed by Commit alone.
const flushEvery = 64 << 20

// wrote counts a file of n bytes written, and starts a flush of what is
// written so far (flushEarly) once flushEvery bytes have been written
// since the last one started.
func (s *Staging) wrote(n int64) {
	s.files.Add(1)
	total := s.bytes.Add(n)
	if last := s.flushed.Load(); total-last >= flushEvery && s.flushed.CompareAndSwap(last, total) {
		flushEarly(s.dir)
	}
}

// summing writes to a file and to its hash. Unlike io.MultiWriter's, its
// WriteString does not copy the string first: the pages are written in
// many pieces, and those copies were a twentieth of a large build's
// allocations.
type summing struct {
	fw *fileWriter
	h  hash.Hash
}

func (s summing) Write(p []byte) (int, error) {
	n, err := s.fw.Write(p)
	s.h.Write(p[:n]) // a hash.Hash never fails
	return n, err
}

// WriteString writes s's bytes as they are: neither the file's writer
// (which compares or buffers them) nor the hash keeps or changes them.
func (s summing) WriteString(str string) (int, error) {
	return s.Write(unsafe.Slice(unsafe.StringData(str), len(str)))
}

// prepare readies the path of the file rel in the staged site: its folders
// made, a folder of the previous site in its place removed. It returns the
// path.
func (s *Staging) prepare(rel string) (string, error) {
	if createHook != nil {
		if err := createHook(rel); err != nil {
			return "", fmt.Errorf("%s: %w", rel, err)
		}
	}
	path := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := s.mkdir(filepath.Dir(path)); err != nil {
		return "", err
	}
	if s.isDir[path] { // a folder of the previous site is a file of this one
		if err := os.RemoveAll(path); err != nil {
			return "", err
		}
	}
	return path, nil
}

// mkdir makes dir and the folders above it in the staged site, each once:
// one mkdir(2) a folder, where os.MkdirAll would stat it first.
func (s *Staging) mkdir(dir string) error {
	if dir == s.dir {
		return nil
	}
	if _, made := s.dirs.Load(dir); made {
		s.use(dir)
		return nil
	}
	parent := filepath.Dir(dir)
	if parent == dir {
		return fmt.Errorf("%s is not in the staging folder %s", dir, s.dir)
	}
	if err := s.mkdir(parent); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	s.dirs.Store(dir, true)
	return nil
}

// use notes that this build writes into dir, and so into every folder
// above it.
func (s *Staging) use(dir string) {
	for d := dir; d != s.dir && s.isDir[d]; d = filepath.Dir(d) {
		if _, seen := s.used.LoadOrStore(d, true); seen {
			return
		}
	}
}

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

// Open opens a file this build has written, for reading.
func (s *Staging) Open(rel string) (*os.File, error) {
	return os.Open(filepath.Join(s.dir, filepath.FromSlash(rel)))
}

// Written is the number of files written so far, and their size.
func (s *Staging) Written() (files int, bytes int64) {
	return int(s.files.Load()), s.bytes.Load()
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

// Previous opens the previous build's file at rel in the output folder,
// for reading, when it is a regular file: a FIFO, a device or a symlink
// there is not read (it could block, or never end).
func (s *Staging) Previous(rel string) (*os.File, error) {
	return openRegular(filepath.Join(s.out, filepath.FromSlash(rel)))
}

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

// ForeignFilesError is the refusal to replace an output folder that holds
// files the previous build did not write (a CNAME, .nojekyll, a .git
// folder put there by hand), or that cannot be told apart from its own
// because its manifest cannot be trusted: replacing the folder would
// delete them. New looks for them, and Commit again just before the swap,
// for a file added while the build ran.
type ForeignFilesError struct {
	Out      string
	Files    []string // slash-separated, relative to Out, sorted; at most maxForeign
	More     int      // how many more there are
	Manifest error    // why the manifest cannot be trusted, when it cannot
}

// maxForeign is how many foreign files an error names.
const maxForeign = 10

func (e *ForeignFilesError) Error() string {
	more := ""
	if e.More > 0 {
		more = fmt.Sprintf(" and %d more", e.More)
	}
	if e.Manifest != nil {
		return fmt.Sprintf("refusing to replace %s: %v, so the build cannot tell the files it wrote from files of yours, which would be lost: %s%s",
			e.Out, e.Manifest, strings.Join(e.Files, ", "), more)
	}
	return fmt.Sprintf("refusing to replace %s: it holds files the previous build did not write, which would be lost: %s%s",
		e.Out, strings.Join(e.Files, ", "), more)
}

// maxManifestLine is the longest line of a manifest read: a checksum, two
// spaces and a path (at most PATH_MAX, 4096 bytes).
const maxManifestLine = 64 + 2 + 4096

// readManifest reads the manifest of the site in out: the SHA-256 of each
// file the build that wrote it wrote. It fails when the manifest is not
// there, is not a regular file (a symlink, a folder, a FIFO), or has a
// line that is not a checksum and a path: then no file of the site can be
// proven the build's own. Time and memory are linear in the manifest.
func readManifest(out string) (map[string]string, error) {
	own, _, err := readManifestSum(out)
	return own, err
}

// readManifestSum is readManifest that also returns the manifest's own
// SHA-256, in lowercase hex.
func readManifestSum(out string) (map[string]string, string, error) {
	f, err := openRegular(filepath.Join(out, Manifest))
	if err != nil {
		return nil, "", fmt.Errorf("its manifest %s is missing or not a regular file", Manifest)
	}
	defer f.Close()
	h := sha256.New()
	own, err := sums.Read(io.TeeReader(f, h), maxManifestLine)
	if err != nil {
		return nil, "", fmt.Errorf("its manifest %s cannot be read (%v)", Manifest, err)
	}
	return own, hex.EncodeToString(h.Sum(nil)), nil
}

// foreignFiles returns a *ForeignFilesError when out holds a file that its
// manifest does not list, or any file but the Marker when the manifest
// cannot be trusted. Otherwise, when edits is set, it returns the files of
// the site changed by hand since the build that wrote them: those modified
// after the manifest and no longer of the checksum it gives. The manifest
// is written last, so every file a build writes or links is at most as
// recent as it, and only the files more recent are read. Time: a walk of
// out, and a read of the files changed.
func foreignFiles(out string, edits bool) (edited []string, err error) {
	own, merr := readManifest(out)
	var since time.Time
	if merr == nil {
		if info, err := os.Lstat(filepath.Join(out, Manifest)); err == nil {
			since = info.ModTime()
		}
	}
	e := &ForeignFilesError{Out: out, Manifest: merr}
	filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(out, path)
		rel = filepath.ToSlash(rel)
		sum, ok := own[rel]
		switch {
		case rel == Marker || merr == nil && rel == Manifest:
		case !ok:
			if len(e.Files) < maxForeign {
				e.Files = append(e.Files, rel)
			} else {
				e.More++
			}
		case edits && changedSince(path, d, since, sum):
			edited = append(edited, rel)
		}
		return nil
	})
	if len(e.Files) > 0 {
		return nil, e
	}
	return edited, nil
}

// changedSince reports whether the file at path was modified after since
// and no longer has the SHA-256 sum.
func changedSince(path string, d fs.DirEntry, since time.Time, sum string) bool {
	info, err := d.Info()
	if err != nil || !info.ModTime().After(since) {
		return false
	}
	_, now, err := sumFile(path)
	return err != nil || now != sum // an error: no longer a regular file, or unreadable
}

// Inside reports whether path is the folder dir or inside it, comparing
// absolute paths with their symlinks resolved (as far as they exist).
func Inside(path, dir string) (bool, error) {
	p, err := resolve(path)
	if err != nil {
		return false, err
	}
	d, err := resolve(dir)
	if err != nil {
		return false, err
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)), nil
}

// resolve is path made absolute, with the symlinks of its longest part
// that exists resolved.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest), nil
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

// CheckOut refuses an output folder that cannot be swapped for another:
// the working folder or one that holds it, and a mount point (a bind
// mount of a container, a disk): rename(2) cannot move either, and the
// swap is what keeps a build atomic. New checks it; a caller may check it
// first, before its inputs, so that an output folder of "." is named as
// the mistake rather than an input inside it.
func CheckOut(out string) error {
	if wd, err := os.Getwd(); err == nil {
		if in, err := Inside(wd, out); err == nil && in {
			return fmt.Errorf("refusing to replace %s: it is the working folder or holds it, and the build replaces it as a whole; build into a folder beside or below it", out)
		}
	}
	info, err := os.Lstat(out)
	if err != nil {
		return nil // a new folder
	}
	parent, err := os.Stat(filepath.Dir(out))
	if err == nil && info.IsDir() && !sameDevice(info, parent) {
		return fmt.Errorf("refusing to replace %s: it is a mount point, which the atomic swap cannot move; build into a folder inside it, such as %s", out, filepath.Join(out, "site"))
	}
	return nil
}

// withHint adds to an error of the file system what to do about it, on a
// line of its own.
func withHint(err error, out string) error {
	parent := filepath.Dir(filepath.Clean(out))
	var hint string
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.EPERM), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EROFS):
		hint = fmt.Sprintf("the build writes a temporary folder beside %s and swaps the two, so %s must be writable (not read-only, not immutable: see lsattr -d %s)", out, parent, parent)
	case errors.Is(err, syscall.EBUSY):
		hint = fmt.Sprintf("%s is in use as a mount point or by the system, and cannot be swapped: build into a folder inside it", out)
	case errors.Is(err, syscall.ENOSPC):
		hint = fmt.Sprintf("the disk of %s is full: the build needs room for a second copy of the site beside it", parent)
	default:
		return err
	}
	return fmt.Errorf("%w\nhint: %s", err, hint)
}
