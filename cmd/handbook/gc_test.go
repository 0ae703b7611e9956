package main

import "testing"

// TestGCPercent: a small live heap collects at GOGC=400, a larger one
// grows at most gcHeadroom past its live part, and none goes below 100.
func TestGCPercent(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 400},
		{10 << 20, 400},
		{64 << 20, 400},
		{100 << 20, 256},
		{128 << 20, 200},
		{256 << 20, 100},
		{1 << 30, 100},
		{20 << 30, 100},
	} {
		if got := gcPercent(tc.live); got != tc.want {
			t.Errorf("gcPercent(%d MiB) = %d, want %d", tc.live>>20, got, tc.want)
		}
	}
}
