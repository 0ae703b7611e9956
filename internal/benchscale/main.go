// Command benchscale times cold builds of generated corpora of growing
// size for `make bench-scale`: for each size it generates the corpus
// with ../shared/bench's gencorpus (once, kept between runs), runs a
// cold handbook build (--no-cache) and the floor program alternately,
// and prints the median wall times, their ratio and the peak resident
// memory of each; then how much handbook's peak memory grows per page
// between consecutive sizes, the figure that says whether memory is
// bounded by the page count.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/handbook-dev/handbook/internal/benchrun"
)

func main() {
	sizes := flag.String("sizes", "1000,10000,30000,100000", "corpus sizes in pages, comma-separated")
	dir := flag.String("dir", "/tmp/handbook-bench/scale", "where the corpora are generated and kept")
	out := flag.String("out", "", "where builds write (default: beside each corpus; a tmpfs folder such as /dev/shm/hb keeps the disk out of the figures)")
	bin := flag.String("handbook", "bin/handbook", "the handbook binary")
	floor := flag.String("floor", "", "the floor program of ../shared/bench, built")
	shared := flag.String("shared", "../shared/bench", "../shared/bench, whose gencorpus makes the corpora")
	runs := flag.Int("n", 3, "counted runs of each command per size")
	flag.Parse()
	if *floor == "" {
		fail("usage: benchscale -floor FLOOR [-sizes 1000,10000] [-n 3]")
	}
	var rows []row
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			fail("-sizes: %q is not a page count", f)
		}
		project := filepath.Join(*dir, strconv.Itoa(n))
		if _, err := os.Stat(filepath.Join(project, "content", "_index.md")); err != nil {
			fmt.Printf("generating a %d-page corpus in %s\n", n, project)
			gen := exec.Command("go", "run", "./gencorpus", "-n", strconv.Itoa(n), "-out", filepath.Join(project, "content"))
			gen.Dir, gen.Stdout, gen.Stderr = *shared, os.Stdout, os.Stderr
			if err := gen.Run(); err != nil {
				fail("gencorpus: %v", err)
			}
		}
		where := project
		if *out != "" {
			where = filepath.Join(*out, strconv.Itoa(n))
		}
		build := []string{*bin, "build", "-C", project, "--quiet", "--no-cache", "--force", "--out", filepath.Join(where, "public")}
		floorCmd := []string{*floor, "-in", filepath.Join(project, "content"), "-out", filepath.Join(where, "floor-out")}
		r := row{pages: n}
		for i := 0; i <= *runs; i++ { // the first of each is a warm-up
			a, b := run(build), run(floorCmd)
			if i > 0 {
				r.handbook, r.floor = append(r.handbook, a), append(r.floor, b)
			}
		}
		rows = append(rows, r)
		fmt.Println(r)
	}
	fmt.Println("growth of handbook's peak memory per page:")
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1], rows[i]
		kb := float64(b.peak()-a.peak()) / float64(b.pages-a.pages)
		fmt.Printf("  %d -> %d pages: %.1f KB per page\n", a.pages, b.pages, kb)
	}
}

type row struct {
	pages           int
	handbook, floor []benchrun.Sample
}

func (r row) peak() int64 { return benchrun.MaxRSS(r.handbook) }

func (r row) String() string {
	h, f := benchrun.Median(r.handbook), benchrun.Median(r.floor)
	return fmt.Sprintf("%7d pages: handbook %.3f s, peak %.0f MiB; floor %.3f s, peak %.0f MiB; ratio %.2f (medians of %d)",
		r.pages, h.Seconds(), float64(benchrun.MaxRSS(r.handbook))/1024, f.Seconds(), float64(benchrun.MaxRSS(r.floor))/1024, h.Seconds()/f.Seconds(), len(r.handbook))
}

// run runs argv, failing the benchmark when it fails.
func run(argv []string) benchrun.Sample {
	s, err := benchrun.Run(exec.Command(argv[0], argv[1:]...))
	if err != nil {
		fail("%s: %v", strings.Join(argv, " "), err)
	}
	return s
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchscale: "+format+"\n", args...)
	os.Exit(1)
}
