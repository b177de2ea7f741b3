package generator

import (
	"flag"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

var kills = flag.Int("kills", 30, "how many builds TestKill kills (make kill-test runs 200)")

// TestKill runs the built command many times, alternating between two
// versions of the seeds, and kills it with SIGKILL at a random moment of
// each build; every third round another build runs at once and is killed
// too. After every kill, public/ must be exactly the old site or
// exactly the new one, never a mix; the next build cleans up what a killed
// one left behind.
func TestKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and kills it many times")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "pilots")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/pilots").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	seeds := []string{seedDir, seedsWith(t, map[string]string{"012_batch12.txt": batch12})}
	out := filepath.Join(tmp, "site", "public")
	build := func(s string) *exec.Cmd {
		cmd := exec.Command(bin, "build", "-q", "-seeds", s, "-out", out)
		cmd.Stderr = os.Stderr
		return cmd
	}
	// The two complete sites, and how long a rebuild takes: the first
	// builds into a new folder are slower, and a kill timed by them would
	// mostly come after the build.
	var want [2]map[string][32]byte
	var took time.Duration
	for round := range 2 {
		for i, s := range seeds {
			start := time.Now()
			if err := build(s).Run(); err != nil {
				t.Fatal(err)
			}
			if round == 1 {
				took = max(took, time.Since(start))
			}
			want[i] = digests(t, out)
		}
	}
	if maps.Equal(want[0], want[1]) {
		t.Fatal("the two sites are the same")
	}

	rng := rand.New(rand.NewPCG(1, 2))
	killed := 0
	for i := range *kills {
		// Every third round, a second build of the other seeds runs at
		// once, and is killed at a moment of its own, or finishes.
		cmds := []*exec.Cmd{build(seeds[i%2])}
		if i%3 == 2 {
			cmds = append(cmds, build(seeds[(i+1)%2]))
		}
		var wg sync.WaitGroup
		for _, cmd := range cmds {
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			wait := time.Duration(rng.Int64N(int64(took) * int64(len(cmds))))
			wg.Go(func() {
				time.Sleep(wait)
				cmd.Process.Signal(syscall.SIGKILL)
				cmd.Wait()
			})
		}
		wg.Wait()
		if ws, ok := cmds[0].ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed++ // killed before it finished
		}
		got := digests(t, out)
		if !maps.Equal(got, want[0]) && !maps.Equal(got, want[1]) {
			t.Fatalf("kill %d left public/ neither the old site nor the new one (%d files)", i, len(got))
		}
	}
	// A build after the kills completes and leaves only the empty scaffold.
	if err := build(seeds[0]).Run(); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(digests(t, out), want[0]) {
		t.Error("the build after the kills is not the site")
	}
	checkScaffold(t, out)
	t.Logf("%d builds, %d killed before they finished (a build takes up to %v)", *kills, killed, took)
	if killed < *kills/3 {
		t.Errorf("only %d of %d builds were killed while running; the test proves little", killed, *kills)
	}
}
