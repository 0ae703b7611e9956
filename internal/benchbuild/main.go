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
	"sort"
	"strings"
	"syscall"
	"time"
)

type sample struct {
	wall time.Duration
	rss  int64 // KiB
}

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
	var as, bs []sample
	for i := 0; i < *warmup+*runs; i++ {
		sa, err := run(*a)
		check(err, *a)
		sb, err := run(*b)
		check(err, *b)
		if i >= *warmup {
			as, bs = append(as, sa), append(bs, sb)
		}
	}
	ma, mb := median(as), median(bs)
	la, lb, _ := strings.Cut(*labels, ",")
	fmt.Printf("runs:     %d each, alternating, after %d warm-up\n", *runs, *warmup)
	fmt.Printf("%s: median %.3f s  (min %.3f, max %.3f), peak RSS %.0f MiB\n", la, ma.Seconds(), minOf(as).Seconds(), maxOf(as).Seconds(), float64(maxRSS(as))/1024)
	fmt.Printf("%s: median %.3f s  (min %.3f, max %.3f), peak RSS %.0f MiB\n", lb, mb.Seconds(), minOf(bs).Seconds(), maxOf(bs).Seconds(), float64(maxRSS(bs))/1024)
	fmt.Printf("ratio:    %.2f (%s / %s, medians)\n", ma.Seconds()/mb.Seconds(), la, lb)
}

func run(cmd string) (sample, error) {
	c := exec.Command("sh", "-c", cmd)
	c.Stdout, c.Stderr = nil, nil
	start := time.Now()
	err := c.Run()
	s := sample{wall: time.Since(start)}
	if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss
	}
	return s, err
}

func check(err error, cmd string) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchbuild: %s: %v\n", strings.Fields(cmd)[0], err)
		os.Exit(1)
	}
}

func sorted(s []sample) []time.Duration {
	d := make([]time.Duration, len(s))
	for i, x := range s {
		d[i] = x.wall
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d
}

func median(s []sample) time.Duration {
	d := sorted(s)
	if len(d)%2 == 1 {
		return d[len(d)/2]
	}
	return (d[len(d)/2-1] + d[len(d)/2]) / 2
}

func minOf(s []sample) time.Duration { return sorted(s)[0] }
func maxOf(s []sample) time.Duration { d := sorted(s); return d[len(d)-1] }

func maxRSS(s []sample) int64 {
	var m int64
	for _, x := range s {
		if x.rss > m {
			m = x.rss
		}
	}
	return m
}
