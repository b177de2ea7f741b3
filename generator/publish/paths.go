package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Paths: where a build's lock and temporary folders go beside the output
// folder, which output folders it refuses, and what it hints at when the
// file system refuses it.

// LockPath is the file beside the output folder out that a build holds
// locked (flock) from New to Commit, Keep or Close, so that two builds of one
// output folder never run at once: .public-build.lock for public. A build
// that succeeds leaves it in place (it holds nothing); one refused or
// failed before its swap removes it, when it made it.
func LockPath(out string) string { return beside(out, ".lock") }

// beside is the path of a build's file of the given suffix beside the
// output folder out: .public-build.lock for public and ".lock".
func beside(out, suffix string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+"-build"+suffix)
}

// Pattern is the name pattern (filepath.Glob) of the temporary folders of
// the output folder out, beside it: public → .public-build-*.
func Pattern(out string) string {
	return "." + filepath.Base(out) + "-build-*"
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
