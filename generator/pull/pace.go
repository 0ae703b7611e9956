package pull

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// pacer spaces a source's requests (every source: Graph and Confluence
// both throttle an app as a whole) once the service has throttled it,
// so that the pull runs just under the service's limit instead of
// running into it, pausing, and running into it again: the rate is cut
// to 70% of what was sent in the last two seconds at each throttling (at
// most once a second) and raised by 2 requests a second for each second
// without one (additive increase, multiplicative decrease). Until the
// first throttling nothing is paced. A JSON batch costs as many requests
// as it holds: the service counts them one by one.
type pacer struct {
	mu      sync.Mutex
	rate    float64 // requests per second; 0: not paced
	next    time.Time
	raised  time.Time // when the rate last changed
	sent    []sentAt  // the last two seconds' requests
	lastCut time.Time
}

type sentAt struct {
	at   time.Time
	cost int
}

// window is how far back the rate sent is measured.
const window = 2 * time.Second

// reserve books cost requests and returns how long to wait before
// sending them.
func (p *pacer) reserve(now time.Time, cost int) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.prune(now)
	if p.rate > 0 {
		if secs := now.Sub(p.raised).Seconds(); secs >= 1 {
			p.rate += 2 * secs
			p.raised = now
		}
	}
	start := now
	if p.rate > 0 && p.next.After(now) {
		start = p.next
	}
	p.sent = append(p.sent, sentAt{at: start, cost: cost})
	if p.rate > 0 {
		p.next = start.Add(time.Duration(float64(cost) / p.rate * float64(time.Second)))
	}
	return start.Sub(now)
}

// throttled lowers the rate after the service throttled a request.
func (p *pacer) throttled(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now.Sub(p.lastCut) < time.Second {
		return // the same burst
	}
	p.prune(now)
	n := 0
	for _, s := range p.sent {
		n += s.cost
	}
	rate := 0.7 * float64(n) / window.Seconds()
	if p.rate > 0 {
		rate = min(rate, 0.7*p.rate)
	}
	p.rate, p.raised, p.lastCut = max(rate, 1), now, now
}

func (p *pacer) prune(now time.Time) {
	i := 0
	for i < len(p.sent) && now.Sub(p.sent[i].at) > window {
		i++
	}
	p.sent = p.sent[i:]
}

// costKey carries, in a request's context, how many requests it stands
// for (a JSON batch).
type costKey struct{}

// WithCost marks the requests made under ctx as standing for n requests
// of the service (a JSON batch of n), for pacing.
func WithCost(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, costKey{}, n)
}

func costOf(ctx context.Context) int {
	if n, ok := ctx.Value(costKey{}).(int); ok && n > 0 {
		return n
	}
	return 1
}

// headersKey carries extra request headers in a request's context.
type headersKey struct{}

// WithHeader returns ctx with a request header that every request made
// under it carries (Graph's Prefer: hierarchicalsharing on a delta
// query); the client otherwise sets only Accept, Content-Type and the
// credentials.
func WithHeader(ctx context.Context, name, value string) context.Context {
	h := http.Header{}
	if old, ok := ctx.Value(headersKey{}).(http.Header); ok {
		h = old.Clone()
	}
	h.Set(name, value)
	return context.WithValue(ctx, headersKey{}, h)
}
