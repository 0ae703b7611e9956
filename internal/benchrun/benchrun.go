// Package benchrun times whole commands for the benchmark programs
// (benchbuild, benchscale): wall time and peak resident memory, as the
// kernel accounts them, and their medians.
package benchrun

import (
	"os/exec"
	"slices"
	"syscall"
	"time"
)

// Sample is one run of a command.
type Sample struct {
	Wall time.Duration
	RSS  int64 // peak resident memory, KiB
}

// Run runs c and returns its wall time and peak memory.
func Run(c *exec.Cmd) (Sample, error) {
	start := time.Now()
	err := c.Run()
	s := Sample{Wall: time.Since(start)}
	if c.ProcessState != nil {
		if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
			s.RSS = ru.Maxrss
		}
	}
	return s, err
}

// walls returns the samples' wall times, sorted.
func walls(s []Sample) []time.Duration {
	d := make([]time.Duration, len(s))
	for i, x := range s {
		d[i] = x.Wall
	}
	slices.Sort(d)
	return d
}

// Median is the median wall time of s.
func Median(s []Sample) time.Duration {
	d := walls(s)
	if len(d)%2 == 1 {
		return d[len(d)/2]
	}
	return (d[len(d)/2-1] + d[len(d)/2]) / 2
}

// Min and Max are the shortest and longest wall times of s.
func Min(s []Sample) time.Duration { return walls(s)[0] }
func Max(s []Sample) time.Duration { d := walls(s); return d[len(d)-1] }

// MaxRSS is the largest peak memory of s, in KiB.
func MaxRSS(s []Sample) int64 {
	var m int64
	for _, x := range s {
		m = max(m, x.RSS)
	}
	return m
}
