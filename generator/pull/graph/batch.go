package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/pull"
)

// maxBatch is the most requests Graph takes in one JSON batch
// (https://learn.microsoft.com/en-us/graph/json-batching).
const maxBatch = 20

// batchRounds bounds how often the requests of a batch that the service
// throttled are sent again in a batch; after that they go one by one,
// through the client's own throttling, which never gives up on a 429.
const batchRounds = 10

// answer is the outcome of one GET of getMany: its JSON body, or the
// final error answer (a *pull.StatusError) the caller records.
type answer struct {
	body json.RawMessage
	err  error
}

type batchRequest struct {
	ID     string `json:"id"`
	Method string `json:"method"`
	URL    string `json:"url"`
}

type batchResponse struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body"`
}

// getMany GETs every URL (each under p.api), combining them into JSON
// batches of up to 20 requests, several batches at once. An error answer
// of one request is its answer's err; the error returned is one that
// stops the pull. A service that refuses $batch (400, 404, 405, 501) is
// asked one request at a time from then on.
func (p *puller) getMany(ctx context.Context, urls []string) ([]answer, error) {
	out := make([]answer, len(urls))
	if len(urls) == 0 {
		return out, nil
	}
	if len(urls) == 1 || p.noBatch.Load() {
		return out, p.getEach(ctx, urls, allIndexes(len(urls)), out)
	}
	chunks := (len(urls) + maxBatch - 1) / maxBatch
	idx := allIndexes(len(urls))
	err := parallel(ctx, chunks, func(ctx context.Context, k int) error {
		return p.batch(ctx, urls, idx[k*maxBatch:min((k+1)*maxBatch, len(urls))], out)
	})
	return out, err
}

func allIndexes(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// getEach GETs the URLs of idx one by one.
func (p *puller) getEach(ctx context.Context, urls []string, idx []int, out []answer) error {
	for _, i := range idx {
		body, _, err := p.c.Get(ctx, urls[i], "application/json")
		switch {
		case itemError(err):
			out[i].err = err
		case err != nil:
			return err
		default:
			out[i].body = body
		}
	}
	return nil
}

// batch sends the requests of idx as one JSON batch. Requests the
// service throttled inside the batch (429, or 503/504, with their own
// Retry-After) are sent again after the longest wait they asked for.
func (p *puller) batch(ctx context.Context, urls []string, idx []int, out []answer) error {
	c := p.c
	pending := idx
	for round := 1; len(pending) > 0; round++ {
		if round > batchRounds || p.noBatch.Load() {
			return p.getEach(ctx, urls, pending, out)
		}
		var in struct {
			Requests []batchRequest `json:"requests"`
		}
		for _, i := range pending {
			in.Requests = append(in.Requests, batchRequest{ID: strconv.Itoa(i), Method: http.MethodGet, URL: strings.TrimPrefix(urls[i], p.api)})
		}
		var resp struct {
			Responses []batchResponse `json:"responses"`
		}
		if _, err := c.PostJSON(pull.WithCost(ctx, len(pending)), p.api+"/$batch", in, &resp); err != nil {
			switch statusOf(err) {
			case http.StatusBadRequest, http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
				if !p.noBatch.Swap(true) {
					c.Progress("%s: the service refused a JSON batch (%v); sending requests one by one", c.Source, err)
				}
				return p.getEach(ctx, urls, pending, out)
			}
			return err
		}
		// The service counts each request of a batch on its own.
		c.CountRequests(len(pending))
		inBatch := map[int]bool{}
		for _, i := range pending {
			inBatch[i] = true
		}
		answered := map[int]bool{}
		var again []int
		var wait time.Duration
		for _, r := range resp.Responses {
			i, err := strconv.Atoi(r.ID)
			if err != nil || !inBatch[i] || answered[i] {
				continue
			}
			answered[i] = true
			switch {
			case r.Status >= 200 && r.Status < 300:
				out[i] = answer{body: r.Body}
			case pull.Retryable(r.Status):
				again = append(again, i)
				d, ok := pull.RetryAfter(header(r.Headers, "Retry-After"), time.Now())
				if !ok {
					d = time.Second << (round - 1)
				}
				wait = max(wait, d)
			default:
				out[i] = answer{err: &pull.StatusError{Source: c.Source, Method: http.MethodGet, URL: pull.Redact(urls[i]), Status: r.Status,
					Body: c.Secrets.Scrub(snippet(r.Body))}}
			}
		}
		for _, i := range pending {
			if !answered[i] {
				again = append(again, i)
			}
		}
		if len(again) > 0 {
			// Graph throttles the app as a whole: every request of the
			// source waits, not only these.
			wait = min(max(wait, time.Second), pull.MaxRetryAfter)
			c.Throttle(len(again), wait)
		}
		pending = again
	}
	return nil
}

// header finds a header of a batch response, whatever its case.
func header(h map[string]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// snippet is the start of an error answer, on one line.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// collect decodes the first page of a collection answered in a batch and
// follows its next links.
func collect[T any](ctx context.Context, c *pull.Client, u string, a answer) ([]T, error) {
	if a.err != nil {
		return nil, a.err
	}
	var first page[T]
	if err := json.Unmarshal(a.body, &first); err != nil {
		return nil, fmt.Errorf("%s: GET %s: the answer is not the expected JSON: %v", c.Source, pull.Redact(u), err)
	}
	out := first.Value
	if first.NextLink == "" || len(first.Value) == 0 {
		return out, nil
	}
	_, _, err := eachPage(ctx, c, first.NextLink, func(v []T) error {
		out = append(out, v...)
		return nil
	})
	return out, err
}
