// Package sums writes and reads lists of SHA-256 checksums in the format
// `sha256sum -c` reads: a line per file, its checksum in lowercase hex, two
// spaces and its path, sorted by path. The data folders' SHA256SUMS and
// the site's manifest are both such lists.
package sums

import (
	"bufio"
	"cmp"
	"io"
	"slices"
	"strings"
)

// Line is one file's checksum.
type Line struct{ Path, SHA256 string }

// Write writes lines, sorted by path.
func Write(w io.Writer, lines []Line) error {
	slices.SortFunc(lines, func(a, b Line) int { return cmp.Compare(a.Path, b.Path) })
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.SHA256 + "  " + l.Path + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Paths reads a list and returns the paths it holds; a line that is not
// a checksum and a path is skipped.
func Paths(r io.Reader) (map[string]bool, error) {
	paths := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if _, path, ok := strings.Cut(sc.Text(), "  "); ok {
			paths[path] = true
		}
	}
	return paths, sc.Err()
}
