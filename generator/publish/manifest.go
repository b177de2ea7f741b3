package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bianmin-data/pilots/generator/internal/sums"
)

// The manifest (SHA256SUMS) a build writes last, and what it tells the
// next build: which files of the output folder are its own, and which were
// changed by hand since.

// Edited names the files of the previous site (slash-separated, sorted)
// that were changed since the build that wrote them, by hand: this build
// replaces them, and the caller should say so.
func (s *Staging) Edited() []string { return s.edited }

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

// Previous opens the previous build's file at rel in the output folder,
// for reading, when it is a regular file: a FIFO, a device or a symlink
// there is not read (it could block, or never end).
func (s *Staging) Previous(rel string) (*os.File, error) {
	return openRegular(filepath.Join(s.out, filepath.FromSlash(rel)))
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
