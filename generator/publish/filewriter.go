package publish

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"sync"
)

// A fileWriter writes one file of the staged site, reusing the previous
// build's file at the same path when the new one is the same: most files of
// a rebuild do not change. While what is written matches the previous file,
// the fileWriter only compares; if all of it matches, Close hard-links the
// previous file into the staged site. An unchanged file thus keeps its inode
// and modification time, so sync tools (rsync, aws s3 sync) skip it, and the
// file system allocates and later frees nothing for it. At the first
// difference the fileWriter creates the file, copies the matching part from
// the previous file, and writes on. The previous file is only read, never
// written, so a build that fails or is killed leaves the previous site as
// it was.
type fileWriter struct {
	path     string // in the staged site
	prevPath string
	prev     *os.File      // the previous file, while it matches
	prevInfo os.FileInfo   // its fstat when opened
	prevBuf  *bufio.Reader // reads prev
	prevSize int64
	f        *os.File      // the new file, once it differs
	out      *bufio.Writer // writes f: the pages come in many small pieces
	n        int64         // bytes written
}

// link is os.Link; tests replace it to see a file system without hard
// links.
var link = os.Link

// readers keeps the buffered readers of previous files for reuse, and
// writers the buffered writers of new files: a page is written in a dozen
// pieces or more, and a build into an empty folder made a write(2) of 3 KB
// on average, 200,000 of them at 100,000 rows, without one.
var (
	readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64<<10) }}
	writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}
)

// newFileWriter starts the file at path, comparing it with prevPath when
// that is a regular file (not a symlink, FIFO or device: those are never
// opened, compared or linked).
func newFileWriter(path, prevPath string) (*fileWriter, error) {
	w := &fileWriter{path: path, prevPath: prevPath}
	if prev, info, err := openStat(prevPath); err == nil {
		w.prev, w.prevInfo, w.prevSize = prev, info, info.Size()
		w.prevBuf = readers.Get().(*bufio.Reader)
		w.prevBuf.Reset(prev)
		return w, nil
	}
	return w, w.open()
}

// errNotRegular is openRegular's error for anything but a regular file.
var errNotRegular = errors.New("not a regular file")

// openRegular opens path for reading when it is a regular file, without
// following a symlink and without blocking on a FIFO.
func openRegular(path string) (*os.File, error) {
	f, _, err := openStat(path)
	return f, err
}

// openStat is openRegular that also returns the file's fstat, which a
// fileWriter keeps: one fstat a file, not three.
func openStat(path string) (*os.File, os.FileInfo, error) {
	f, err := openFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, &os.PathError{Op: "open", Path: path, Err: errNotRegular}
	}
	return f, info, nil
}

// open creates the new file.
func (w *fileWriter) open() error {
	f, err := openFile(w.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	w.f, w.out = f, writers.Get().(*bufio.Writer)
	w.out.Reset(f)
	return nil
}

func (w *fileWriter) Write(p []byte) (int, error) {
	if w.f == nil && w.n+int64(len(p)) <= w.prevSize && w.same(p) {
		w.n += int64(len(p))
		return len(p), nil
	}
	if w.f == nil {
		if err := w.diverge(); err != nil {
			return 0, err
		}
	}
	n, err := w.out.Write(p)
	w.n += int64(n)
	return n, err
}

// same reports whether the previous file goes on with p, reading it
// piece by piece out of its buffer.
func (w *fileWriter) same(p []byte) bool {
	for len(p) > 0 {
		next, err := w.prevBuf.Peek(min(len(p), w.prevBuf.Size()))
		if len(next) == 0 || !bytes.Equal(next, p[:len(next)]) {
			return false
		}
		w.prevBuf.Discard(len(next))
		p = p[len(next):]
		if err != nil && len(p) > 0 {
			return false
		}
	}
	return true
}

// diverge stops comparing: it creates the new file and copies into it the
// part of the previous file that matched.
func (w *fileWriter) diverge() error {
	prev := w.prev
	w.release()
	if err := w.open(); err != nil {
		return err
	}
	if w.n == 0 {
		return nil
	}
	if _, err := prev.Seek(0, io.SeekStart); err != nil {
		return errors.Join(err, prev.Close())
	}
	_, err := io.CopyN(w.out, prev, w.n)
	return errors.Join(err, prev.Close())
}

// release lets go of the previous file's reader; the caller closes the file.
func (w *fileWriter) release() {
	if w.prevBuf != nil {
		w.prevBuf.Reset(nil)
		readers.Put(w.prevBuf)
	}
	w.prev, w.prevInfo, w.prevBuf, w.prevSize = nil, nil, nil, 0
}

// Close finishes the file: a link to the previous file when all of it
// matched, the new file otherwise.
func (w *fileWriter) Close() error {
	if w.f == nil && w.prev == nil {
		return nil // creating the file failed, and Write said so
	}
	if w.f == nil && w.n == w.prevSize {
		prev, prevInfo := w.prev, w.prevInfo
		w.release()
		if err := prev.Close(); err != nil {
			return err
		}
		// The previous file is linked only while it is still the regular
		// file compared (linkat does not follow a symlink put there since).
		if same, _ := sameFile(prevInfo, w.prevPath); same && link(w.prevPath, w.path) == nil {
			return nil
		}
		// No hard links here (another file system, too many links): copy.
		prev, err := openRegular(w.prevPath)
		if err != nil {
			return err
		}
		w.prev = prev
	}
	if w.f == nil {
		if err := w.diverge(); err != nil {
			return errors.Join(err, w.closeNew())
		}
	}
	err := w.out.Flush()
	return errors.Join(err, w.closeNew())
}

// closeNew closes the new file, if there is one, and lets go of its
// writer.
func (w *fileWriter) closeNew() error {
	if w.f == nil {
		return nil
	}
	w.out.Reset(nil)
	writers.Put(w.out)
	err := w.f.Close()
	w.f, w.out = nil, nil
	return err
}

// sameFile reports whether path is still the file info describes.
func sameFile(info os.FileInfo, path string) (bool, error) {
	now, err := os.Lstat(path)
	if err != nil || info == nil {
		return false, err
	}
	return os.SameFile(info, now), nil
}
