// Package clients finds the real programs the tests drive (Chromium,
// Debian's python3 with pandas and geopandas, R with readr and sf, GDAL,
// LibreOffice, Java, the npm packages in .ci/) and runs them.
//
// A test that needs a missing program skips with a one-line reason, so
// `make test` passes on a laptop without them; under CI=true (as .ci/run
// sets) a missing program fails the test instead, so CI cannot pass by
// skipping. .ci/install installs every one of them. With -short (the
// quick loop, `go test -short ./...`) every test that drives a real
// program skips, whether it is there or not: they run in make test.
package clients

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// CI reports whether the tests run in CI, where nothing may be skipped.
func CI() bool { return os.Getenv("CI") == "true" }

// Missing skips the test, or fails it under CI.
func Missing(t testing.TB, what string) {
	t.Helper()
	if CI() {
		t.Fatalf("%s is missing; CI must have it (run .ci/install)", what)
	}
	t.Skipf("skipped: %s is missing (run .ci/install to get it)", what)
}

// Find returns the first of the paths or commands that exists. With
// -short it skips the test: a real program is not for the quick loop.
func Find(t testing.TB, what string, candidates ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skipf("skipped in -short: drives %s", what)
	}
	for _, c := range candidates {
		if filepath.IsAbs(c) {
			if _, err := os.Stat(c); err == nil {
				return c
			}
		} else if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	Missing(t, what)
	return ""
}

// Root is the repository's root folder.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Python returns Debian's python3 once it has checked that the modules
// import (pandas and openpyxl when none are named); the python3 first on
// PATH may be another interpreter.
func Python(t testing.TB, modules ...string) string {
	t.Helper()
	if len(modules) == 0 {
		modules = []string{"pandas", "openpyxl"}
	}
	py := Find(t, "/usr/bin/python3", "/usr/bin/python3")
	withPackages(t, py, modules, "python3 modules", "-c", "import "+strings.Join(modules, ", "))
	return py
}

// R returns Rscript once it has checked that the R packages load (readr,
// readxl and jsonlite when none are named).
func R(t testing.TB, packages ...string) string {
	t.Helper()
	if len(packages) == 0 {
		packages = []string{"readr", "readxl", "jsonlite"}
	}
	r := Find(t, "Rscript", "Rscript")
	withPackages(t, r, packages, "R packages", "-e", "library("+strings.Join(packages, "); library(")+")")
	return r
}

// withPackages runs prog with args, code that loads the packages, and
// reports them missing if it fails.
func withPackages(t testing.TB, prog string, packages []string, kind string, args ...string) {
	t.Helper()
	if out, err := exec.Command(prog, args...).CombinedOutput(); err != nil {
		Missing(t, kind+" "+strings.Join(packages, ", ")+" for "+prog+" ("+string(bytes.TrimSpace(out))+")")
	}
}

// NodeModules returns node and the folder of the npm packages in .ci/,
// checking that pkg is installed there.
func NodeModules(t testing.TB, pkg string) (node, modules string) {
	t.Helper()
	node = Find(t, "node", "node")
	modules = filepath.Join(Root(), ".ci", "node_modules")
	if _, err := os.Stat(filepath.Join(modules, pkg, "package.json")); err != nil {
		Missing(t, "npm package "+pkg+" in .ci/node_modules")
	}
	return node, modules
}

// Run runs a command in dir and returns its output, stdout and stderr
// together; it fails the test with the output if the command fails.
func Run(t testing.TB, dir, name string, args ...string) string {
	t.Helper()
	return run(t, dir, true, name, args)
}

// Stdout is Run for a command whose stdout is data: it returns stdout
// alone, and shows stderr only if the command fails.
func Stdout(t testing.TB, dir, name string, args ...string) string {
	t.Helper()
	return run(t, dir, false, name, args)
}

func run(t testing.TB, dir string, combined bool, name string, args []string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(Root(), ".ci", "node_modules"))
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if combined {
		cmd.Stderr = &stdout
	}
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s%s", name, args, err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.String()
}
