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

// MaxRetryAfter is the longest wait a service may ask of a pull before it
// gives up on the request. Microsoft documents Retry-After values of
// minutes for SharePoint ("Avoid getting throttled or blocked in
// SharePoint Online") and Atlassian a reset timestamp that may lie minutes
// ahead ("Rate limiting", developer.atlassian.com); ten minutes honours
// both, while a server asking for hours fails the request with a message
// instead of stalling the pull silently.
const MaxRetryAfter = 10 * time.Minute

// Retry is the retry policy shared by all sources.
type Retry struct {
	// Attempts bounds the tries of one request (first try included) for
	// network errors and 5xx answers that give no wait.
	Attempts int
	// Base is the first backoff when the server gives no wait.
	Base time.Duration
	// Max clamps the backoff computed here (not a wait the server asks).
	Max time.Duration
	// Throttled bounds how many throttled answers (429, or a 5xx that
	// says how long to wait) one request may receive: a throttled tenant
	// slows a pull down but must not fail it.
	Throttled int
	// MaxWait is the longest server-asked wait honoured (0: MaxRetryAfter).
	MaxWait time.Duration
}

// DefaultRetry is used when a source does not configure one.
var DefaultRetry = Retry{Attempts: 5, Base: 500 * time.Millisecond, Max: 60 * time.Second, Throttled: 50}

// Retryable reports whether a response status is worth another try: 429
// and every 5xx. Other 4xx answers will not change by asking again.
func Retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// Wait returns how long to wait before try number attempt (1 for the
// first retry) and whether the server said so: the answer's wait headers
// (see ServerWait) when it has them, else exponential backoff with full
// jitter, clamped to Max.
func (r Retry) Wait(attempt int, header http.Header, now time.Time) (time.Duration, bool) {
	if d, ok := ServerWait(header, now); ok {
		return d, true
	}
	backoff := r.Base << (attempt - 1)
	if backoff <= 0 || backoff > r.Max {
		backoff = r.Max
	}
	// Full jitter: spread clients that failed together.
	return time.Duration(rand.Int64N(int64(backoff) + 1)), false
}

func (r Retry) throttledBudget() int {
	if r.Throttled > 0 {
		return r.Throttled
	}
	return DefaultRetry.Throttled
}

func (r Retry) maxWait() time.Duration {
	if r.MaxWait > 0 {
		return r.MaxWait
	}
	return MaxRetryAfter
}

// ServerWait reads how long the server asks a client to wait, from the
// first of these headers it finds:
//   - Retry-After (RFC 9110: seconds or an HTTP date), sent by Graph,
//     SharePoint and Confluence with 429 and some 503 answers;
//   - RateLimit-Reset (seconds until the quota resets), which SharePoint
//     sends beside RateLimit-Limit and RateLimit-Remaining;
//   - X-RateLimit-Reset, which Atlassian documents as an ISO 8601
//     timestamp ("2026-12-02T11:20Z"); a number is taken as seconds, or
//     as a Unix time when it is one.
func ServerWait(h http.Header, now time.Time) (time.Duration, bool) {
	if h == nil {
		return 0, false
	}
	if d, ok := RetryAfter(h.Get("Retry-After"), now); ok {
		return d, true
	}
	if d, ok := seconds(h.Get("RateLimit-Reset")); ok {
		return d, true
	}
	v := strings.TrimSpace(h.Get("X-RateLimit-Reset"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 1_000_000_000 {
		return nonNegative(time.Unix(n, 0).Sub(now)), true
	}
	if d, ok := seconds(v); ok {
		return d, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z0700"} {
		if t, err := time.Parse(layout, v); err == nil {
			return nonNegative(t.Sub(now)), true
		}
	}
	return 0, false
}

// RetryAfter parses a Retry-After value: whole or fractional seconds, or
// an HTTP date (a date in the past is no wait).
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	if d, ok := seconds(v); ok {
		return d, true
	}
	if t, err := http.ParseTime(strings.TrimSpace(v)); err == nil {
		return nonNegative(t.Sub(now)), true
	}
	return 0, false
}

func seconds(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseFloat(v, 64)
	if err != nil || secs < 0 || secs > 1e9 {
		return 0, false
	}
	return time.Duration(secs * float64(time.Second)), true
}

func nonNegative(d time.Duration) time.Duration {
	return max(d, 0)
}

// quotaExhausted reports how long to hold back after a successful answer
// that says the quota is used up (RateLimit-Remaining: 0 with a reset),
// so that the next requests are not throttled at all.
func quotaExhausted(h http.Header) (time.Duration, bool) {
	if strings.TrimSpace(h.Get("RateLimit-Remaining")) != "0" {
		return 0, false
	}
	return seconds(h.Get("RateLimit-Reset"))
}
