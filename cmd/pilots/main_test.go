package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

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
// line of its -h) and the README's Commands name every flag it takes.
func TestUsageNamesEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(readme), "## Commands")
	commands := string(readme[i : i+strings.Index(string(readme[i:]), "Exit codes")])
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
			if !strings.Contains(commands, "[-"+f[1]) {
				t.Errorf("the README's Commands leave out pilots %s -%s", cmd, f[1])
			}
		}
	}
}
