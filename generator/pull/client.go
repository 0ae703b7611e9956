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
	"time"
)

// Client fetches one source's API. It sends credentials only to the
// source's own host, retries by the shared policy, fetches a new token
// once on 401 when it can, and never puts a secret in an error.
type Client struct {
	// Source names the source in messages ("confluence-cloud").
	Source string
	// Host is the only host that receives credentials.
	Host string
	// HTTP does the requests; nil means a client with a 60 s timeout.
	HTTP *http.Client
	// Retry is the retry policy; zero means DefaultRetry.
	Retry Retry
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
	// Retries counts the retries made, for the summary.
	Retries int
}

// StatusError is a final non-success answer.
type StatusError struct {
	Source, URL string
	Status      int
	Body        string
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("%s: GET %s: %d %s", e.Source, e.URL, e.Status, http.StatusText(e.Status))
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

func (c *Client) httpClient() *http.Client {
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
	return &cl
}

// Get fetches rawURL and returns the body of a 2xx answer.
func (c *Client) Get(ctx context.Context, rawURL string, accept string) ([]byte, http.Header, error) {
	retry := c.Retry
	if retry.Attempts == 0 {
		retry = DefaultRetry
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: bad URL %s", c.Source, Redact(rawURL))
	}
	hc := c.httpClient()
	refreshed := false
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, nil, c.scrub(fmt.Errorf("%s: %v", c.Source, err))
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		req.Header.Set("User-Agent", "handbook-pull")
		if c.Authorize != nil && strings.EqualFold(u.Host, c.Host) {
			if err := c.Authorize(req); err != nil {
				return nil, nil, c.scrub(fmt.Errorf("%s: credentials: %v", c.Source, err))
			}
		}
		resp, err := hc.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			final := fmt.Errorf("%s: GET %s: %v", c.Source, Redact(rawURL), unwrapURLError(err))
			if attempt >= retry.Attempts {
				return nil, nil, c.scrub(final)
			}
			if err := c.wait(ctx, retry, attempt, nil, final.Error()); err != nil {
				return nil, nil, err
			}
			continue
		}
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
		resp.Body.Close()
		switch {
		case resp.StatusCode >= 200 && resp.StatusCode < 300 && rerr == nil:
			return body, resp.Header, nil
		case resp.StatusCode == http.StatusUnauthorized && c.Refresh != nil && !refreshed:
			refreshed = true
			c.Progress("%s: 401 from %s; fetching a new token", c.Source, Redact(rawURL))
			if err := c.Refresh(ctx); err != nil {
				return nil, nil, c.scrub(fmt.Errorf("%s: token refresh: %v", c.Source, err))
			}
			attempt-- // the refresh is not a failed attempt
			continue
		case Retryable(resp.StatusCode) && attempt < retry.Attempts:
			if err := c.wait(ctx, retry, attempt, resp.Header, fmt.Sprintf("%d", resp.StatusCode)); err != nil {
				return nil, nil, err
			}
			continue
		case rerr != nil:
			return nil, nil, c.scrub(fmt.Errorf("%s: GET %s: reading the answer: %v", c.Source, Redact(rawURL), rerr))
		}
		return nil, nil, c.scrub(&StatusError{Source: c.Source, URL: Redact(rawURL), Status: resp.StatusCode, Body: snippet(body)})
	}
}

func (c *Client) wait(ctx context.Context, retry Retry, attempt int, h http.Header, why string) error {
	d := retry.Wait(attempt, h, time.Now())
	c.Retries++
	c.Progress("%s: %s; retry %d of %d in %s", c.Source, c.Secrets.Scrub(why), attempt, retry.Attempts-1, d.Round(time.Millisecond))
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
	if ct := h.Get("Content-Type"); ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if !strings.Contains(mt, "json") {
			return nil, fmt.Errorf("%s: GET %s answered %s, not JSON (a login page or a proxy?): %s", c.Source, Redact(rawURL), mt, c.Secrets.Scrub(snippet(body)))
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return nil, fmt.Errorf("%s: GET %s: the answer is not the expected JSON: %v", c.Source, Redact(rawURL), err)
	}
	return h, nil
}
