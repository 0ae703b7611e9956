package render

import (
	"testing"
	"time"
)

func TestDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{-time.Hour, "0 min"},
		{29 * time.Second, "0 min"},
		{47 * time.Minute, "47 min"},
		{time.Hour, "1 h"},
		{time.Hour + 33*time.Minute, "1 h 33 min"},
		{23*time.Hour + 59*time.Minute + 40*time.Second, "1 d"},
		{24 * time.Hour, "1 d"},
		{3*24*time.Hour + 4*time.Hour + 10*time.Minute, "3 d 4 h"},
	}
	for _, tt := range tests {
		if got := duration(tt.d); got != tt.want {
			t.Errorf("duration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestMedian(t *testing.T) {
	if got := median([]time.Duration{1, 2, 9}); got != 2 {
		t.Errorf("odd: %v", got)
	}
	if got := median([]time.Duration{1, 3, 5, 9}); got != 4 {
		t.Errorf("even: %v", got)
	}
}
