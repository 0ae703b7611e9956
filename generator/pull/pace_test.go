package pull

import (
	"testing"
	"time"
)

// TestPacer: nothing is paced until the service throttles; then the rate
// is 70% of what was sent in the last two seconds, a batch costs its
// requests, the rate rises by 2 a second, and one burst of 429s cuts it
// once.
func TestPacer(t *testing.T) {
	var p pacer
	t0 := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	for i := range 100 {
		if d := p.reserve(t0.Add(time.Duration(i)*10*time.Millisecond), 1); d != 0 {
			t.Fatalf("paced before any throttling: %s", d)
		}
	}
	now := t0.Add(time.Second)
	p.throttled(now)
	p.throttled(now.Add(100 * time.Millisecond)) // the same burst
	if p.rate != 35 {                            // 100 requests in the last 2 s → 50/s, 70%
		t.Fatalf("rate %v, want 35", p.rate)
	}
	if d := p.reserve(now, 20); d != 0 {
		t.Errorf("first batch waited %s", d)
	}
	if d := p.reserve(now, 1); d != 20*time.Second/35 {
		t.Errorf("request after a batch of 20 waits %s, want %s", d, 20*time.Second/35)
	}
	p.reserve(now.Add(5*time.Second), 1)
	if p.rate != 45 { // +2 a second for 5 s
		t.Errorf("rate %v after 5 s, want 45", p.rate)
	}
	p.throttled(now.Add(6 * time.Second))
	if p.rate > 0.7*45 {
		t.Errorf("rate %v after a second throttling", p.rate)
	}
}
