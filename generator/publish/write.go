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
	"unsafe"
)

// Writing: each file of the staged site once, at a slash-separated path,
// through a fileWriter (which links a file unchanged since the previous
// build instead of writing it), with its SHA-256 kept for the manifest.

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

// Open opens a file this build has written, for reading.
func (s *Staging) Open(rel string) (*os.File, error) {
	return os.Open(filepath.Join(s.dir, filepath.FromSlash(rel)))
}

// Written is the number of files written so far, and their size.
func (s *Staging) Written() (files int, bytes int64) {
	return int(s.files.Load()), s.bytes.Load()
}
