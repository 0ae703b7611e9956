package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
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

// startHeapProfile writes, to the path HANDBOOK_MEMPROFILE names, a heap
// profile taken near the command's peak: a goroutine reads the live heap
// every few milliseconds and, each time it has grown a tenth past the
// largest seen, forces collections and writes the profile again, so the
// file left at the end shows what was live when memory peaked (a profile
// at exit would show a heap already let go). The forced collections slow
// the command down; the variable is for finding what holds memory, not
// for timing.
func startHeapProfile(path string, stderr io.Writer) (stop func()) {
	if path == "" {
		return func() {}
	}
	if f, err := os.Create(path); err != nil {
		fmt.Fprintf(stderr, "handbook: HANDBOOK_MEMPROFILE: %v\n", err)
		return func() {}
	} else {
		f.Close()
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		write := func() {
			// A heap profile is as of the last collection but one:
			// two make it the heap's now.
			runtime.GC()
			runtime.GC()
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); live > peak {
				peak = live
				if err := writeHeapProfile(path); err != nil {
					fmt.Fprintf(stderr, "handbook: HANDBOOK_MEMPROFILE: %v\n", err)
				}
			}
		}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				if peak == 0 {
					write()
				}
				return
			case <-tick.C:
				metrics.Read(sample)
				if sample[0].Value.Uint64() > peak+peak/10 {
					write()
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

// writeHeapProfile replaces path's profile with the heap's now.
func writeHeapProfile(path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
