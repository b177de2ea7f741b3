package main

import (
	"os"
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
