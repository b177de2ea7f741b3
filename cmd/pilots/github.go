package main

import (
	"bytes"
	"fmt"
	"io"
	"unicode"
)

// In a GitHub Actions job the runner reads every line of a step's output,
// on either stream, whose text starts with "::" (white space before it
// aside) as a workflow command: ::error, ::add-mask, ::stop-commands. A
// seed's file name, or a line of its text in an excerpt, printed there
// could issue one. commandSafe writes such a line with a backslash before
// its "::", which the runner shows and does not obey; the command's own
// annotations go out through annotate, unfiltered. The runner ends a line
// at a CR as at a LF, and so does commandSafe.
type commandSafe struct {
	w         io.Writer
	lineStart bool // the next byte written starts a line
}

func newCommandSafe(w io.Writer) *commandSafe { return &commandSafe{w: w, lineStart: true} }

func (c *commandSafe) Write(p []byte) (int, error) {
	out := make([]byte, 0, len(p)+1)
	for rest := p; len(rest) > 0; {
		end := len(rest)
		if i := bytes.IndexAny(rest, "\r\n"); i >= 0 {
			end = i + 1
		}
		line := rest[:end]
		if text := bytes.TrimLeftFunc(line, unicode.IsSpace); c.lineStart && bytes.HasPrefix(text, []byte("::")) {
			lead := len(line) - len(text)
			out = append(append(append(out, line[:lead]...), '\\'), text...)
		} else {
			out = append(out, line...)
		}
		c.lineStart = line[len(line)-1] == '\n' || line[len(line)-1] == '\r'
		rest = rest[end:]
	}
	if _, err := c.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// annotate prints a workflow command of the command's own on w, past the
// filter of a commandSafe.
func annotate(w io.Writer, command string) {
	if c, ok := w.(*commandSafe); ok {
		w = c.w
	}
	fmt.Fprintln(w, command)
}
