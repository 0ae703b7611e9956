package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile starts the CPU profile HANDBOOK_CPUPROFILE asks for (path,
// empty for none): a file that go tool pprof reads, for finding where a
// build of a large manual spends its time. It returns the function that
// ends the profile; a profile that cannot start is reported on stderr
// and the command runs without it. main calls it, not an init: a test
// binary linking this package must not start a profile of its own.
func startProfile(path string, stderr io.Writer) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		if err = pprof.StartCPUProfile(f); err != nil {
			f.Close()
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "handbook: HANDBOOK_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}
