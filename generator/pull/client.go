package pull

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Client fetches one source's API. It sends credentials only to the
// source's own host, retries by the shared policy, fetches a new token
// once on 401 when it can, and never puts a secret in an error.
//
// A Client is safe for use by many goroutines: at most MaxConcurrent
// requests are in flight, and when the service throttles one of them
// (429, or a 5xx that says how long to wait) every request of the source
// waits until the time the service gave, since Graph and Confluence
// throttle an app as a whole, not one connection.
type Client struct {
	// Source names the source in messages ("confluence-cloud").
	Source string
	// Host is the only host that receives credentials.
	Host string
	// HTTP does the requests; nil means a client with a 60 s timeout.
	HTTP *http.Client
	// Retry is the retry policy; zero means DefaultRetry.
	Retry Retry
	// MaxConcurrent bounds the requests in flight (0: DefaultConcurrency).
	MaxConcurrent int
	// MaxAnswer bounds the bytes of one answer (0: DefaultMaxAnswer).
	MaxAnswer int64
	// Authorize sets the request's credentials (called for Host only).
	Authorize func(req *http.Request) error
	// Refresh fetches new credentials after a 401 (nil: none to fetch).
	Refresh func(ctx context.Context) error
	// Logf reports progress (retries); nil is silent.
	Logf func(format string, args ...any)
	// Secrets are scrubbed from every error message.
	Secrets Secrets
	// Sleep waits between tries; nil uses a timer that honours ctx.
	Sleep func(ctx context.Context, d time.Duration) error

	once      sync.Once
	slots     chan struct{}
	hc        *http.Client
	mu        sync.Mutex
	pauseTill time.Time // no request starts before this
	pace      pacer
	requests  atomic.Int64
	throttled atomic.Int64
	retries   atomic.Int64
}

// DefaultMaxAnswer bounds the body of one answer. Graph pages hold at most 999
// objects and a tenant's usage report of 10,000 sites is a few MB; an
// answer past 64 MiB is not one the pull asked for, and reading it would
// only cost memory.
const DefaultMaxAnswer = 64 << 20

type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("the answer is larger than %d bytes, more than any list page or report should be", e.limit)
}

// DefaultConcurrency is how many requests a source has in flight when its
// configuration does not say (the source's concurrency: key): enough to
// hide latency, few enough that a tenant's app is not throttled at once.
const DefaultConcurrency = 4

// Stats counts what a client did, for the pull's summary.
type Stats struct {
	// Requests is every HTTP request sent, retries included.
	Requests int64
	// Throttled is the answers that asked the pull to slow down.
	Throttled int64
	// Retries is the requests sent again after a failure or throttling.
	Retries int64
}

// Stats returns the counts so far.
func (c *Client) Stats() Stats {
	return Stats{Requests: c.requests.Load(), Throttled: c.throttled.Load(), Retries: c.retries.Load()}
}

// CountRequests adds n requests the client did not send itself: the
// requests inside a JSON batch, which the service counts one by one.
func (c *Client) CountRequests(n int) {
	c.requests.Add(int64(n))
}

// StatusError is a final non-success answer.
type StatusError struct {
	Source, Method, URL string
	Status              int
	Body                string
}

func (e *StatusError) Error() string {
	method := e.Method
	if method == "" {
		method = http.MethodGet
	}
	msg := fmt.Sprintf("%s: %s %s: %d %s", e.Source, method, e.URL, e.Status, http.StatusText(e.Status))
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

func (c *Client) init() {
	c.once.Do(func() {
		n := c.MaxConcurrent
		if n <= 0 {
			n = DefaultConcurrency
		}
		c.slots = make(chan struct{}, n)
		base := c.HTTP
		if base == nil {
			base = &http.Client{Timeout: 60 * time.Second}
		}
		cl := *base
		// A redirect to another host never carries the credentials.
		cl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			if !strings.EqualFold(req.URL.Host, c.Host) {
				req.Header.Del("Authorization")
				req.Header.Del("Cookie")
			}
			return nil
		}
		c.hc = &cl
	})
}

// Get fetches rawURL and returns the body of a 2xx answer.
func (c *Client) Get(ctx context.Context, rawURL string, accept string) ([]byte, http.Header, error) {
	return c.Do(ctx, http.MethodGet, rawURL, nil, "", accept)
}

// Do sends one request (body may be nil) with retries, throttling and
// the concurrency bound, and returns the body of a 2xx answer.
func (c *Client) Do(ctx context.Context, method, rawURL string, body []byte, contentType, accept string) ([]byte, http.Header, error) {
	c.init()
	retry := c.Retry
	if retry.Attempts == 0 {
		retry = DefaultRetry
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: bad URL %s", c.Source, Redact(rawURL))
	}
	what := method + " " + Redact(rawURL)
	refreshed := false
	throttled := 0
	for attempt := 1; ; attempt++ {
		resp, respBody, err := c.send(ctx, method, u, body, contentType, accept)
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			final := fmt.Errorf("%s: %s: %v", c.Source, what, unwrapURLError(err))
			var tooLarge *tooLargeError
			if attempt >= retry.Attempts || errors.As(err, &tooLarge) {
				return nil, nil, c.scrub(final)
			}
			if err := c.backoff(ctx, retry, attempt, nil, final.Error()); err != nil {
				return nil, nil, err
			}
			continue
		}
		status, h := resp.StatusCode, resp.Header
		switch {
		case status >= 200 && status < 300:
			if d, ok := quotaExhausted(h); ok {
				c.pause(d)
			}
			return respBody, h, nil
		case status == http.StatusUnauthorized && c.Refresh != nil && !refreshed:
			refreshed = true
			c.Progress("%s: 401 from %s; fetching a new token", c.Source, Redact(rawURL))
			if err := c.Refresh(ctx); err != nil {
				return nil, nil, c.scrub(fmt.Errorf("%s: token refresh: %v", c.Source, err))
			}
			attempt-- // the refresh is not a failed attempt
			continue
		case isThrottled(status, h):
			c.throttled.Add(1)
			throttled++
			d, _ := retry.Wait(throttled, h, time.Now())
			if d > retry.maxWait() {
				return nil, nil, c.scrub(fmt.Errorf("%s: %s: %d: the service asks to wait %s, longer than the %s a pull waits; run the pull again later", c.Source, what, status, d.Round(time.Second), retry.maxWait()))
			}
			if throttled > retry.throttledBudget() {
				return nil, nil, c.scrub(fmt.Errorf("%s: %s: still throttled after %d waits; lower the source's concurrency: or run the pull again later", c.Source, what, throttled-1))
			}
			c.retries.Add(1)
			c.pace.throttled(time.Now())
			if c.pause(d) {
				c.Progress("%s: throttled (%d on %s); every request of this source waits %s", c.Source, status, Redact(rawURL), d.Round(time.Millisecond))
			}
			attempt-- // throttling has its own budget
			continue
		case Retryable(status) && attempt < retry.Attempts:
			if err := c.backoff(ctx, retry, attempt, h, fmt.Sprintf("%d", status)); err != nil {
				return nil, nil, err
			}
			continue
		}
		return nil, nil, c.scrub(&StatusError{Source: c.Source, Method: method, URL: Redact(rawURL), Status: status, Body: snippet(respBody)})
	}
}

// isThrottled reports an answer that asks the client to slow down: 429,
// or a 503 (SharePoint's "server busy") that says how long to wait.
func isThrottled(status int, h http.Header) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	if status == http.StatusServiceUnavailable {
		_, ok := ServerWait(h, time.Now())
		return ok
	}
	return false
}

// send does one try under the concurrency bound and reads the whole
// answer; a body that cannot be read fully is an error (retried).
func (c *Client) send(ctx context.Context, method string, u *url.URL, body []byte, contentType, accept string) (*http.Response, []byte, error) {
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	defer func() { <-c.slots }()
	// The pause is checked with a slot held: a request that waited for
	// its slot during a pause must not start before the pause ends.
	if err := c.waitPause(ctx); err != nil {
		return nil, nil, err
	}
	if d := c.pace.reserve(time.Now(), costOf(ctx)); d > 0 {
		if err := c.sleep(ctx, d); err != nil {
			return nil, nil, err
		}
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, nil, err
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("User-Agent", "handbook-pull")
	if h, ok := ctx.Value(headersKey{}).(http.Header); ok {
		for k, v := range h {
			req.Header[k] = v
		}
	}
	if c.Authorize != nil && strings.EqualFold(u.Host, c.Host) {
		if err := c.Authorize(req); err != nil {
			return nil, nil, fmt.Errorf("credentials: %v", err)
		}
	}
	c.requests.Add(1)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	limit := c.MaxAnswer
	if limit <= 0 {
		limit = DefaultMaxAnswer
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, nil, fmt.Errorf("reading the answer: %v", err)
	}
	if int64(len(data)) > limit {
		return nil, nil, &tooLargeError{limit}
	}
	return resp, data, nil
}

// pause holds every request of the client back for d from now; it
// reports whether that moved the pause further out (to log it once).
func (c *Client) pause(d time.Duration) bool {
	now := time.Now()
	till := now.Add(d)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !till.After(c.pauseTill) {
		return false
	}
	// Only a pause that starts anew or moves out by a second is news.
	news := c.pauseTill.Before(now) || till.Sub(c.pauseTill) > time.Second
	c.pauseTill = till
	return news
}

// Throttle records that the service throttled n requests inside an
// answer that itself succeeded (Graph's JSON batch answers 200 and puts
// a 429 on each throttled request): every request of the source waits d,
// and the pace slows, as for a throttled answer.
func (c *Client) Throttle(n int, d time.Duration) {
	c.throttled.Add(int64(n))
	c.pace.throttled(time.Now())
	if c.pause(d) {
		c.Progress("%s: %d requests of a batch throttled; every request of this source waits %s", c.Source, n, d.Round(time.Millisecond))
	}
}

// waitPause waits out a pause another request set.
func (c *Client) waitPause(ctx context.Context) error {
	c.mu.Lock()
	d := time.Until(c.pauseTill)
	c.mu.Unlock()
	if d <= 0 {
		return nil
	}
	return c.sleep(ctx, d)
}

// backoff waits before retrying a failed (not throttled) request.
func (c *Client) backoff(ctx context.Context, retry Retry, attempt int, h http.Header, why string) error {
	d, _ := retry.Wait(attempt, h, time.Now())
	d = min(d, retry.maxWait())
	c.retries.Add(1)
	c.Progress("%s: %s; retry %d of %d in %s", c.Source, c.Secrets.Scrub(why), attempt, retry.Attempts-1, d.Round(time.Millisecond))
	return c.sleep(ctx, d)
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Progress reports a line of progress through Logf, with secrets scrubbed.
func (c *Client) Progress(format string, args ...any) {
	if c.Logf != nil {
		c.Logf("%s", c.Secrets.Scrub(fmt.Sprintf(format, args...)))
	}
}

func (c *Client) scrub(err error) error {
	if err == nil {
		return nil
	}
	var se *StatusError
	if errors.As(err, &se) {
		se.Body = c.Secrets.Scrub(se.Body)
		return se
	}
	return errors.New(c.Secrets.Scrub(err.Error()))
}

// unwrapURLError drops the URL that url.Error would print in full.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// GetJSON fetches rawURL and decodes its JSON answer into v. A 200 answer
// that is not JSON (an HTML login page) or is cut short is an error naming
// the source and URL, never an empty result.
func (c *Client) GetJSON(ctx context.Context, rawURL string, v any) (http.Header, error) {
	body, h, err := c.Get(ctx, rawURL, "application/json")
	if err != nil {
		return nil, err
	}
	return h, c.decode(http.MethodGet, rawURL, body, h, v)
}

// PostJSON sends in as JSON to rawURL and decodes the JSON answer into
// out (Graph's $batch reads lists this way).
func (c *Client) PostJSON(ctx context.Context, rawURL string, in, out any) (http.Header, error) {
	payload, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("%s: POST %s: %v", c.Source, Redact(rawURL), err)
	}
	body, h, err := c.Do(ctx, http.MethodPost, rawURL, payload, "application/json", "application/json")
	if err != nil {
		return nil, err
	}
	return h, c.decode(http.MethodPost, rawURL, body, h, out)
}

func (c *Client) decode(method, rawURL string, body []byte, h http.Header, v any) error {
	if ct := h.Get("Content-Type"); ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if !strings.Contains(mt, "json") {
			return fmt.Errorf("%s: %s %s answered %s, not JSON (a login page or a proxy?): %s", c.Source, method, Redact(rawURL), mt, c.Secrets.Scrub(snippet(body)))
		}
	}
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(v); err != nil {
		return fmt.Errorf("%s: %s %s: the answer is not the expected JSON: %v", c.Source, method, Redact(rawURL), err)
	}
	return nil
}
