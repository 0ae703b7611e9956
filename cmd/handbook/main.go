// Command handbook builds a web-operations manual from Markdown into a
// static site. It only parses flags; the work is done in generator/.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	// A build is a short batch job whose live heap is mostly the site it
	// is rendering: collect garbage less often, trading memory for time
	// (esbuild's CLI makes the same trade). GOGC, when set, wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	rc := run(os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	os.Exit(rc)
}
