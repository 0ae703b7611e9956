// Package costcheck measures what one call costs, in time and in bytes
// allocated, for tests and fuzz targets that hold loaders to a budget:
// a hostile input must be refused cheaply, not after gigabytes.
package costcheck

import (
	"runtime"
	"testing"
	"time"
)

// Cost is what one call took.
type Cost struct {
	Took time.Duration
	// Alloc is the bytes allocated during the call (the heap's total
	// allocation count, so garbage collected meanwhile counts too: an
	// upper bound of the peak it added).
	Alloc uint64
}

// Measure runs f once and returns its cost. Calls running in other
// goroutines meanwhile count too, so tests that use it do not run in
// parallel.
func Measure(f func()) Cost {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	return Cost{Took: took, Alloc: after.TotalAlloc - before.TotalAlloc}
}

// Fuzz budgets: a fuzzed input of n bytes may take FuzzTime and allocate
// FuzzAllocBase plus FuzzAllocPerByte × n. Real files cost far less (a
// 200 kB inventory of 50,000 items allocates about 60 MiB, 300 bytes a
// byte); the YAML library's cost for deep nesting grows with the square
// of the depth (10,000 levels in 20 kB: about 170 MiB), so an input that
// gets past the depth check shows at once.
const (
	FuzzTime         = 10 * time.Second
	FuzzAllocBase    = 16 << 20
	FuzzAllocPerByte = 1 << 10
)

// Fuzz runs f, the loader called with an input of n bytes, and fails t if
// it takes or allocates more than the fuzz budgets allow.
func Fuzz(t testing.TB, n int, f func()) {
	t.Helper()
	c := Measure(f)
	if c.Took > FuzzTime {
		t.Fatalf("an input of %d bytes took %s to load", n, c.Took)
	}
	if limit := uint64(FuzzAllocBase + FuzzAllocPerByte*n); c.Alloc > limit {
		t.Fatalf("an input of %d bytes allocated %d MiB to load (budget %d MiB)", n, c.Alloc>>20, limit>>20)
	}
}
