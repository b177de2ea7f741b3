// Package sums writes and reads lists of SHA-256 checksums in the format
// `sha256sum -c` reads: a line per file, its checksum in lowercase hex, two
// spaces and its path, sorted by path. The data folders' SHA256SUMS and
// the site's manifest are both such lists.
package sums

import (
	"bufio"
	"cmp"
	"fmt"
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

// Read reads a list and returns its checksums by path. A line longer than
// maxLine, or that is not a checksum (64 lowercase hex digits), two spaces
// and a path, or a path given twice, is an error: a list that is not one
// exactly is not trusted. Time and memory are linear in the list.
func Read(r io.Reader, maxLine int) (map[string]string, error) {
	sums := map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, maxLine+1)
	for n := 1; sc.Scan(); n++ {
		sum, path, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" || path == "" {
			return nil, fmt.Errorf("line %d is not a checksum and a path", n)
		}
		if _, dup := sums[path]; dup {
			return nil, fmt.Errorf("line %d: %s listed twice", n, path)
		}
		sums[path] = sum
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%v (the longest line read is %d bytes)", err, maxLine)
	}
	return sums, nil
}
