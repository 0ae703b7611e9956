// Command benchbuild times whole builds for `make bench`: it runs a
// handbook build and the floor program from ../shared/bench alternately on
// the same corpus, several times, and prints each one's median wall time,
// the ratio of the medians, and handbook's peak resident memory.
//
// Runs alternate (A B A B ...) so that drift in the machine's speed hits
// both commands alike. Peak memory is the kernel's own account (rusage).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/handbook-dev/handbook/internal/benchrun"
)

func main() {
	runs := flag.Int("n", 5, "counted runs of each command")
	warmup := flag.Int("warmup", 1, "uncounted runs of each command first")
	a := flag.String("a", "", "the handbook command (run through sh -c)")
	b := flag.String("b", "", "the floor command (run through sh -c)")
	labels := flag.String("labels", "handbook build,floor", "names of the two commands, comma-separated")
	flag.Parse()
	if *a == "" || *b == "" {
		fmt.Fprintln(os.Stderr, "usage: benchbuild -a 'handbook build ...' -b 'floor ...' [-n 5]")
		os.Exit(2)
	}
	var as, bs []benchrun.Sample
	for i := 0; i < *warmup+*runs; i++ {
		sa, err := run(*a)
		check(err, *a)
		sb, err := run(*b)
		check(err, *b)
		if i >= *warmup {
			as, bs = append(as, sa), append(bs, sb)
		}
	}
	ma, mb := benchrun.Median(as), benchrun.Median(bs)
	la, lb, _ := strings.Cut(*labels, ",")
	fmt.Printf("runs:     %d each, alternating, after %d warm-up\n", *runs, *warmup)
	fmt.Printf("%s: median %.3f s  (min %.3f, max %.3f), peak RSS %.0f MiB\n", la, ma.Seconds(), benchrun.Min(as).Seconds(), benchrun.Max(as).Seconds(), float64(benchrun.MaxRSS(as))/1024)
	fmt.Printf("%s: median %.3f s  (min %.3f, max %.3f), peak RSS %.0f MiB\n", lb, mb.Seconds(), benchrun.Min(bs).Seconds(), benchrun.Max(bs).Seconds(), float64(benchrun.MaxRSS(bs))/1024)
	fmt.Printf("ratio:    %.2f (%s / %s, medians)\n", ma.Seconds()/mb.Seconds(), la, lb)
}

func run(cmd string) (benchrun.Sample, error) {
	return benchrun.Run(exec.Command("sh", "-c", cmd))
}

func check(err error, cmd string) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchbuild: %s: %v\n", strings.Fields(cmd)[0], err)
		os.Exit(1)
	}
}
