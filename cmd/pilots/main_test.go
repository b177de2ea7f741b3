package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"pilots": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the command as a user would, from the scripts in
// testdata/script: exit codes, stdout and stderr.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// The real seed, for the scripts that check it.
			data, err := os.ReadFile("../../seeds/000_b650c5b04f2a9d19.txt")
			if err != nil {
				return err
			}
			if err := os.MkdirAll(env.WorkDir+"/seeds", 0o755); err != nil {
				return err
			}
			return os.WriteFile(env.WorkDir+"/seeds/batch3.txt", data, 0o644)
		},
	})
}

// TestUsageNamesEveryFlag checks that each command's synopsis (the first
// line of its -h) and the command-line reference (docs/cli.md) name every
// flag it takes.
func TestUsageNamesEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	commands := string(readme[:strings.Index(string(readme), "Exit codes")])
	// Each command's own lines of the reference: from "pilots <cmd> " to the
	// next command.
	ownLines := func(cmd string) string {
		i := strings.Index(commands, "\npilots "+cmd+" ")
		if i < 0 {
			return ""
		}
		rest := commands[i+1:]
		if j := strings.Index(rest, "\npilots "); j >= 0 {
			rest = rest[:j]
		}
		return rest
	}
	flagRe := regexp.MustCompile(`(?m)^  -([a-z-]+)`)
	for _, cmd := range []string{"build", "check", "fetch", "watch", "serve"} {
		var stdout, stderr strings.Builder
		run([]string{cmd, "-h"}, &stdout, &stderr)
		usage := stderr.String()
		synopsis, _, _ := strings.Cut(usage, "\n")
		flags := flagRe.FindAllStringSubmatch(usage, -1)
		if len(flags) == 0 {
			t.Fatalf("pilots %s -h lists no flags:\n%s", cmd, usage)
		}
		for _, f := range flags {
			if !strings.Contains(synopsis, "[-"+f[1]) {
				t.Errorf("pilots %s -h: the synopsis %q leaves out -%s", cmd, synopsis, f[1])
			}
			if !strings.Contains(ownLines(cmd), "[-"+f[1]) {
				t.Errorf("docs/cli.md leaves out pilots %s -%s", cmd, f[1])
			}
		}
	}
}

// TestDocLinks checks that every relative link of the README and docs/
// leads to a file of the repository, and an anchor to a heading of it.
func TestDocLinks(t *testing.T) {
	docs, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	linkRe := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, doc := range append(docs, "../../README.md") {
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range linkRe.FindAllStringSubmatch(string(text), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			path := doc
			if file != "" {
				path = filepath.Join(filepath.Dir(doc), file)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Errorf("%s: the link %s leads to no file", filepath.Base(doc), target)
				continue
			}
			if anchor != "" && !slices.Contains(headingAnchors(string(b)), anchor) {
				t.Errorf("%s: the link %s leads to no heading of %s", filepath.Base(doc), target, file)
			}
		}
	}
}

// headingAnchors returns the anchors GitHub gives a Markdown file's
// headings: lowercase, spaces as hyphens, punctuation dropped.
func headingAnchors(md string) []string {
	var out []string
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		out = append(out, strings.Map(func(r rune) rune {
			switch {
			case r == ' ':
				return '-'
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				return r
			}
			return -1
		}, h))
	}
	return out
}
