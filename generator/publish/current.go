package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/bianmin-data/pilots/generator/internal/parallel"
)

// A build is started with the key of its inputs (New): an opaque string
// that changes whenever anything the site is made from does. Commit writes
// it beside the output folder (inputsPath) with the checksum of the
// manifest, once the new site is in place, having removed the previous
// record before the swap: a build killed in between leaves none. The next
// build with the same key asks Current whether the site is still the one
// recorded, and when it is, writes nothing (Keep).

// inputsPath is the file beside the output folder out that records the
// key of the inputs its site was built from: .public-build.inputs for
// public. It is not part of the site.
func inputsPath(out string) string { return beside(out, ".inputs") }

// maxRecord bounds the record read: a key and a checksum.
const maxRecord = 1 << 10

// recordText is the record of a site built from the inputs key, whose
// manifest has the SHA-256 manifestSum.
func recordText(key, manifestSum string) string {
	return "inputs " + key + "\nmanifest " + manifestSum + "\n"
}

// errStale is Current's answer for a site that is not the one recorded.
var errStale = errors.New("not the site recorded")

// Current reports whether the output folder holds, whole and unchanged,
// the site the last build recorded for the inputs' key New was given:
// the record names the key and the manifest's checksum, every file the manifest lists is there,
// a regular file with its checksum, and there is no other. It returns the
// site's files and bytes, the manifest and the Marker left out, as a build
// counts them. Every file is read again, so that a change made by hand
// with its modification time put back is seen too: time linear in the
// site's size, memory in its manifest's.
func (s *Staging) Current() (files int, bytes int64, ok bool) {
	if s.key == "" {
		return 0, 0, false
	}
	rec, err := readSmall(inputsPath(s.out), maxRecord)
	if err != nil {
		return 0, 0, false
	}
	own, manifestSum, err := readManifestSum(s.out)
	if err != nil || rec != recordText(s.key, manifestSum) {
		return 0, 0, false
	}
	type file struct{ path, sum string }
	var list []file
	err = filepath.WalkDir(s.out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(s.out, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == Marker || rel == Manifest {
			return nil
		}
		sum, listed := own[rel]
		if !listed || !d.Type().IsRegular() {
			return errStale
		}
		list = append(list, file{path, sum})
		return nil
	})
	if err != nil || len(list) != len(own) {
		return 0, 0, false
	}
	sizes := make([]int64, len(list))
	err = parallel.Run(len(list), func(i int) error {
		n, sum, err := sumFile(list[i].path)
		if err == nil && sum != list[i].sum {
			err = errStale
		}
		sizes[i] = n
		return err
	})
	if err != nil {
		return 0, 0, false
	}
	for _, n := range sizes {
		bytes += n
	}
	return len(list), bytes, true
}

// copyBuffers are the buffers files are read through to be hashed.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// sumFile returns the size and SHA-256 (lowercase hex) of the regular
// file at path, refusing anything else (openRegular).
func sumFile(path string) (int64, string, error) {
	f, err := openRegular(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	n, err := io.CopyBuffer(h, struct{ io.Reader }{f}, *buf)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// Keep ends a build that writes nothing, the output folder being current:
// the locks are released, and the staging folder is left, empty, as the
// next build's scaffold.
func (s *Staging) Keep() {
	s.ended = true
	s.release(false)
}

// readSmall reads the regular file at path, of at most max bytes.
func readSmall(path string, max int64) (string, error) {
	f, err := openRegular(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(b)) > max {
		err = fmt.Errorf("%s: over %d bytes", path, max)
	}
	return string(b), err
}

// forget removes the record of the output folder's inputs, before the
// site it describes is replaced.
func (s *Staging) forget() error {
	if err := os.Remove(inputsPath(s.out)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// remember records the key of the inputs of the site just put in place,
// and its manifest's checksum. It is best effort: without a record the
// next build builds.
func (s *Staging) remember(manifestSum string) {
	if s.key == "" {
		return
	}
	path := inputsPath(s.out)
	tmp := path + ".tmp"
	os.Remove(tmp) // made anew (O_EXCL): never written through a link put there
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return
	}
	_, err = io.WriteString(f, recordText(s.key, manifestSum))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || os.Rename(tmp, path) != nil {
		os.Remove(tmp)
	}
}
