// Package pull fetches platform metadata over HTTP (Confluence, Microsoft
// Graph, live websites) into snapshot files. This file holds the one retry
// policy every source uses.
package pull

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry is the retry policy shared by all sources.
type Retry struct {
	// Attempts bounds the tries of one request (first try included).
	Attempts int
	// Base is the first backoff when the server gives no Retry-After.
	Base time.Duration
	// Max clamps every wait, Retry-After included, so a server cannot
	// stall a pull for hours.
	Max time.Duration
}

// DefaultRetry is used when a source does not configure one.
var DefaultRetry = Retry{Attempts: 5, Base: 500 * time.Millisecond, Max: 60 * time.Second}

// Retryable reports whether a response status is worth another try: 429
// and every 5xx. Other 4xx answers will not change by asking again.
func Retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// Wait returns how long to wait before try number attempt (1 for the
// first retry), from the response's Retry-After header when it has one,
// else exponential backoff with full jitter; clamped to Max.
func (r Retry) Wait(attempt int, header http.Header, now time.Time) time.Duration {
	if d, ok := RetryAfter(header.Get("Retry-After"), now); ok {
		return r.clamp(d)
	}
	backoff := r.Base << (attempt - 1)
	if backoff <= 0 || backoff > r.Max {
		backoff = r.Max
	}
	// Full jitter: spread clients that failed together.
	return r.clamp(time.Duration(rand.Int64N(int64(backoff) + 1)))
}

func (r Retry) clamp(d time.Duration) time.Duration {
	if d < 0 {
		return 0
	}
	if r.Max > 0 && d > r.Max {
		return r.Max
	}
	return d
}

// RetryAfter parses a Retry-After value: whole or fractional seconds, or
// an HTTP date.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now), true
	}
	return 0, false
}
