package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// stopProfile ends the CPU profile HANDBOOK_CPUPROFILE asks for: a file
// that go tool pprof reads, for finding where a build of a large manual
// spends its time.
var stopProfile = func() {}

func init() {
	p := os.Getenv("HANDBOOK_CPUPROFILE")
	if p == "" {
		return
	}
	f, err := os.Create(p)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "handbook: HANDBOOK_CPUPROFILE: %v\n", err)
		return
	}
	stopProfile = func() { pprof.StopCPUProfile(); f.Close() }
}
