//go:build !race

package notice

// raceEnabled is set when the tests run with the race detector.
const raceEnabled = false
