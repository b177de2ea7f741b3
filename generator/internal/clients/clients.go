// Package clients finds the real programs the tests drive (Chromium,
// Debian's python3 with pandas, LibreOffice, Java, the npm packages in
// .ci/) and runs them.
//
// A test that needs a missing program skips with a one-line reason, so
// `make test` passes on a laptop without them; under CI=true (as .ci/run
// sets) a missing program fails the test instead, so CI cannot pass by
// skipping. .ci/install installs every one of them.
package clients

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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

// Find returns the first of the paths or commands that exists.
func Find(t testing.TB, what string, candidates ...string) string {
	t.Helper()
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

// Python returns Debian's python3 once it has checked that pandas and
// openpyxl import; the python3 first on PATH may be another interpreter.
func Python(t testing.TB) string {
	t.Helper()
	py := Find(t, "/usr/bin/python3", "/usr/bin/python3")
	if out, err := exec.Command(py, "-c", "import pandas, openpyxl").CombinedOutput(); err != nil {
		Missing(t, "pandas and openpyxl for /usr/bin/python3 ("+string(bytes.TrimSpace(out))+")")
	}
	return py
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

// Run runs a command and fails the test with its output if it fails.
func Run(t testing.TB, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(Root(), ".ci", "node_modules"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}
