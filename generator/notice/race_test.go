//go:build race

package notice

// raceEnabled is set when the tests run with the race detector, under
// which sync.Pool drops what it is given at random, so allocations are
// no measure of a reader.
const raceEnabled = true
