// Command handbook builds a web-operations manual from Markdown into a
// static site. It only parses flags; the work is done in generator/.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	stopProfile := startProfile(os.Getenv("HANDBOOK_CPUPROFILE"), os.Stderr)
	stopHeapProfile := startHeapProfile(os.Getenv("HANDBOOK_MEMPROFILE"), os.Stderr)
	// A build is a short batch job: collect garbage less often while the
	// live heap is small, trading memory for time (esbuild's CLI makes the
	// same trade), and as often as Go's default once it is large, so that
	// peak memory stays near the live heap (see tuneGC). GOGC, when set,
	// wins.
	stopGC := func() {}
	if os.Getenv("GOGC") == "" {
		stopGC = tuneGC()
	}
	// That trade must not cost a small machine its memory: past half of
	// it the collector works harder instead (a cold five-version build of
	// 10,000 pages peaks at 2.1 GB under a 2 GiB limit in the same time
	// as at 3.6 GB without). GOMEMLIMIT, when set, wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		if total := physicalMemory(); total > 0 {
			debug.SetMemoryLimit(total / 2)
		}
	}
	rc := run(os.Args[1:], os.Stdout, os.Stderr)
	stopGC()
	stopHeapProfile()
	stopProfile()
	os.Exit(rc)
}
