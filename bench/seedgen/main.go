// Command seedgen writes synthetic notices for benchmarks and scale tests:
//
//	go run ./bench/seedgen -n 1000000 -out bench/out/seeds-1m
//
// The n rows are real division names, spread over as many notices as it
// takes (at most -per rows each, since a notice may not list an area
// twice). See package synth.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"

	"github.com/bianmin-data/pilots/bench/synth"
)

func main() {
	n := flag.Int("n", 70, "rows in all")
	per := flag.Int("per", 2000, "rows per notice at most")
	out := flag.String("out", "bench/out/seeds", "folder to write the notices to (emptied of *.txt first)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("seedgen: ")
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(*out, "*.txt"))
	for _, f := range old {
		os.Remove(f)
	}
	files := synth.Notices(*n, *per)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	var bytes int
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(*out, name), files[name], 0o644); err != nil {
			log.Fatal(err)
		}
		bytes += len(files[name])
	}
	notices := "notices"
	if len(files) == 1 {
		notices = "notice"
	}
	fmt.Printf("%d rows in %d %s, %d bytes, in %s\n", *n, len(files), notices, bytes, *out)
}
