package pull

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	testsecret "github.com/handbook-dev/handbook/internal/sentinel"
)

// sentinel is a secret that must never appear in an error or log line.
var sentinel = testsecret.Value()

func testClient(t *testing.T, srv *httptest.Server, logs *[]string) *Client {
	u, _ := url.Parse(srv.URL)
	return &Client{
		Source:    "test-source",
		Host:      u.Host,
		HTTP:      srv.Client(),
		Retry:     Retry{Attempts: 4, Base: time.Millisecond, Max: 50 * time.Millisecond},
		Authorize: func(r *http.Request) error { r.Header.Set("Authorization", "Bearer "+sentinel); return nil },
		Secrets:   Secrets{sentinel},
		Logf:      func(f string, a ...any) { *logs = append(*logs, fmt.Sprintf(f, a...)) },
		Sleep: func(ctx context.Context, d time.Duration) error {
			*logs = append(*logs, "sleep "+d.String())
			return nil
		},
	}
}

func TestServerWait(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
		ok     bool
	}{
		{"seconds", http.Header{"Retry-After": {"3"}}, 3 * time.Second, true},
		{"fractional seconds", http.Header{"Retry-After": {"1.5"}}, 1500 * time.Millisecond, true},
		{"zero", http.Header{"Retry-After": {"0"}}, 0, true},
		{"an HTTP date", http.Header{"Retry-After": {now.Add(7 * time.Second).Format(http.TimeFormat)}}, 7 * time.Second, true},
		{"an HTTP date in the past", http.Header{"Retry-After": {now.Add(-time.Minute).Format(http.TimeFormat)}}, 0, true},
		{"SharePoint's 300 s is not cut", http.Header{"Retry-After": {"300"}}, 300 * time.Second, true},
		{"none", http.Header{}, 0, false},
		{"not a wait", http.Header{"Retry-After": {"soon"}}, 0, false},
		{"negative", http.Header{"Retry-After": {"-1"}}, 0, false},
		// Avoid getting throttled or blocked in SharePoint Online,
		// "RateLimit headers": RateLimit-Reset is seconds.
		{"RateLimit-Reset", http.Header{"Ratelimit-Limit": {"1200"}, "Ratelimit-Remaining": {"0"}, "Ratelimit-Reset": {"31"}}, 31 * time.Second, true},
		{"Retry-After wins over RateLimit-Reset", http.Header{"Retry-After": {"2"}, "Ratelimit-Reset": {"31"}}, 2 * time.Second, true},
		// developer.atlassian.com/cloud/confluence/rate-limiting/:
		// X-RateLimit-Reset is an ISO 8601 timestamp, yyyy-MM-ddTHH:mmZ.
		{"X-RateLimit-Reset ISO minutes", http.Header{"X-Ratelimit-Reset": {"2026-11-24T12:02Z"}}, 2 * time.Minute, true},
		{"X-RateLimit-Reset RFC 3339", http.Header{"X-Ratelimit-Reset": {"2026-11-24T12:00:45Z"}}, 45 * time.Second, true},
		{"X-RateLimit-Reset Unix time", http.Header{"X-Ratelimit-Reset": {"1795521620"}}, 20 * time.Second, true},
		{"X-RateLimit-Reset seconds", http.Header{"X-Ratelimit-Reset": {"17"}}, 17 * time.Second, true},
		{"X-RateLimit-Reset garbage", http.Header{"X-Ratelimit-Reset": {"later"}}, 0, false},
	}
	if now.Unix() != 1795521600 {
		t.Fatalf("the Unix time case assumes %d", now.Unix())
	}
	for _, tt := range tests {
		got, ok := ServerWait(tt.header, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: ServerWait = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
	r := Retry{Attempts: 3, Base: time.Second, Max: 10 * time.Second}
	for i := 1; i < 6; i++ {
		if d, fromServer := r.Wait(i, http.Header{}, now); d < 0 || d > 10*time.Second || fromServer {
			t.Errorf("backoff %d = %v, %v", i, d, fromServer)
		}
	}
}

func TestClientRetries(t *testing.T) {
	tests := []struct {
		name      string
		answers   []func(w http.ResponseWriter)
		wantErr   string
		wantSleep []time.Duration // approximately, in order
		wantLogs  []string
	}{
		{"429 with seconds, then ok", []func(http.ResponseWriter){
			func(w http.ResponseWriter) { w.Header().Set("Retry-After", "0.02"); w.WriteHeader(429) },
			okJSON,
		}, "", []time.Duration{20 * time.Millisecond}, nil},
		{"a Retry-After above the old 60 s cap is honoured", []func(http.ResponseWriter){
			func(w http.ResponseWriter) { w.Header().Set("Retry-After", "90"); w.WriteHeader(429) },
			okJSON,
		}, "", []time.Duration{90 * time.Second}, []string{"every request of this source waits 1m30s"}},
		{"a wait beyond the bound fails with advice", []func(http.ResponseWriter){
			func(w http.ResponseWriter) {
				w.Header().Set("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
				w.WriteHeader(429)
			},
			okJSON,
		}, "longer than the 10m0s a pull waits; run the pull again later", nil, nil},
		{"Atlassian's X-RateLimit-Reset without Retry-After", []func(http.ResponseWriter){
			func(w http.ResponseWriter) {
				w.Header().Set("X-RateLimit-Reset", time.Now().Add(2*time.Minute).UTC().Format("2006-01-02T15:04:05Z"))
				w.WriteHeader(429)
			},
			okJSON,
		}, "", []time.Duration{2 * time.Minute}, nil},
		{"SharePoint's 503 with Retry-After is throttling", []func(http.ResponseWriter){
			func(w http.ResponseWriter) { w.Header().Set("Retry-After", "5"); w.WriteHeader(503) },
			okJSON,
		}, "", []time.Duration{5 * time.Second}, []string{"throttled (503"}},
		{"throttled more often than the error retries, still no failure", []func(http.ResponseWriter){
			throttle, throttle, throttle, throttle, throttle, throttle, throttle, throttle, okJSON,
		}, "", nil, nil},
		{"503 three times, then ok", []func(http.ResponseWriter){
			status(503), status(503), status(502), okJSON,
		}, "", nil, []string{"retry 3 of 3"}},
		{"503 forever", []func(http.ResponseWriter){status(503), status(503), status(503), status(503)}, "503 Service Unavailable", nil, nil},
		{"404 is not retried", []func(http.ResponseWriter){status(404), okJSON}, "404 Not Found", nil, nil},
		{"an HTML login page with 200", []func(http.ResponseWriter){
			func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte("<html><body>Sign in to your account</body></html>"))
			},
		}, "answered text/html, not JSON", nil, nil},
		{"a truncated body", []func(http.ResponseWriter){
			func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"results": [{"key": "OPS"`))
			},
		}, "not the expected JSON", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				if i >= len(tt.answers) {
					i = len(tt.answers) - 1
				}
				tt.answers[i](w)
			}))
			defer srv.Close()
			var logs []string
			c := testClient(t, srv, &logs)
			var sleeps []time.Duration
			c.Sleep = func(ctx context.Context, d time.Duration) error {
				sleeps = append(sleeps, d)
				// Time passes as the client asked, without the test waiting.
				c.mu.Lock()
				c.pauseTill = time.Time{}
				c.mu.Unlock()
				return nil
			}
			var v map[string]any
			_, err := c.GetJSON(context.Background(), srv.URL+"/api?access_token="+sentinel, &v)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			all := strings.Join(logs, "\n")
			if err != nil {
				all += "\n" + err.Error()
			}
			if strings.Contains(all, sentinel) {
				t.Errorf("the secret leaked into messages:\n%s", all)
			}
			for _, w := range tt.wantLogs {
				if !strings.Contains(all, w) {
					t.Errorf("logs lack %q:\n%s", w, all)
				}
			}
			if tt.wantSleep != nil {
				if len(sleeps) != len(tt.wantSleep) {
					t.Fatalf("slept %v, want about %v", sleeps, tt.wantSleep)
				}
				for i, want := range tt.wantSleep {
					if d := sleeps[i] - want; d > 0 || d < -2*time.Second {
						t.Errorf("sleep %d = %v, want about %v", i, sleeps[i], want)
					}
				}
			}
		})
	}
}

func throttle(w http.ResponseWriter) { w.Header().Set("Retry-After", "1"); w.WriteHeader(429) }

// TestClientSharedBackoff: when one request is throttled, no other
// request of the source starts before the time the service gave, and no
// more than MaxConcurrent are ever in flight.
func TestClientSharedBackoff(t *testing.T) {
	var inFlight, peak, sent atomic.Int32
	var throttledAt atomic.Int64
	var early atomic.Int32
	const wait = 300 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if at := throttledAt.Load(); at != 0 && time.Since(time.Unix(0, at)) < wait-20*time.Millisecond {
			early.Add(1)
		}
		time.Sleep(5 * time.Millisecond)
		if sent.Add(1) == 5 {
			throttledAt.Store(time.Now().UnixNano())
			w.Header().Set("Retry-After", "0.3")
			w.WriteHeader(429)
			return
		}
		okJSON(w)
	}))
	defer srv.Close()
	var logs []string
	c := testClient(t, srv, &logs)
	c.Sleep = nil // real time
	c.Logf = nil
	c.MaxConcurrent = 3
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var v map[string]any
			_, err := c.GetJSON(context.Background(), srv.URL+"/x", &v)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if p := peak.Load(); p > 3 {
		t.Errorf("%d requests in flight, the bound is 3", p)
	}
	// Requests already sent when the 429 came may land early; at most the
	// other two slots' worth.
	if e := early.Load(); e > 2 {
		t.Errorf("%d requests started during the pause the service asked for", e)
	}
	st := c.Stats()
	if st.Requests != 41 || st.Throttled != 1 || st.Retries != 1 {
		t.Errorf("stats %+v, want 41 requests, 1 throttled, 1 retry", st)
	}
}

// TestClientHoldsBackWhenQuotaIsUsedUp: a successful answer with
// RateLimit-Remaining: 0 pauses the source before it is throttled.
func TestClientHoldsBackWhenQuotaIsUsedUp(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("RateLimit-Limit", "1200")
		w.Header().Set("RateLimit-Remaining", "0")
		w.Header().Set("RateLimit-Reset", "7")
		okJSON(w)
	}))
	defer srv.Close()
	var logs []string
	c := testClient(t, srv, &logs)
	var v map[string]any
	for range 2 {
		if _, err := c.GetJSON(context.Background(), srv.URL+"/x", &v); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.ContainsFunc(logs, func(l string) bool { return strings.HasPrefix(l, "sleep 6.") || l == "sleep 7s" }) {
		t.Errorf("the second request did not wait for the quota to reset: %v", logs)
	}
}

func TestPostJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Requests []map[string]string }
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&in) != nil || len(in.Requests) != 2 {
			w.WriteHeader(400)
			return
		}
		okJSON(w)
	}))
	defer srv.Close()
	var logs []string
	c := testClient(t, srv, &logs)
	var out map[string]bool
	in := map[string]any{"requests": []map[string]string{{"id": "1"}, {"id": "2"}}}
	if _, err := c.PostJSON(context.Background(), srv.URL+"/$batch", in, &out); err != nil || !out["ok"] {
		t.Fatalf("PostJSON: %v %v", out, err)
	}
}

func okJSON(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write([]byte(`{"ok": true}`))
}

func status(code int) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { w.WriteHeader(code) }
}

func TestClientRefreshesTokenOnce(t *testing.T) {
	token := "old"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer new" {
			w.WriteHeader(401)
			return
		}
		okJSON(w)
	}))
	defer srv.Close()
	var logs []string
	c := testClient(t, srv, &logs)
	refreshes := 0
	c.Authorize = func(r *http.Request) error { r.Header.Set("Authorization", "Bearer "+token); return nil }
	c.Refresh = func(context.Context) error { refreshes++; token = "new"; return nil }
	var v map[string]any
	if _, err := c.GetJSON(context.Background(), srv.URL+"/x", &v); err != nil || refreshes != 1 {
		t.Fatalf("err %v, refreshes %d", err, refreshes)
	}
	// A second 401 after the refresh is final.
	token = "expired"
	c.Refresh = func(context.Context) error { refreshes++; token = "still-wrong"; return nil }
	refreshes = 0
	if _, err := c.GetJSON(context.Background(), srv.URL+"/x", &v); err == nil || refreshes != 1 || !strings.Contains(err.Error(), "401") {
		t.Fatalf("err %v, refreshes %d", err, refreshes)
	}
}

func TestNoCredentialsToForeignHosts(t *testing.T) {
	var foreignAuth atomic.Value
	foreignAuth.Store("")
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignAuth.Store(r.Header.Get("Authorization") + r.Header.Get("Cookie"))
		okJSON(w)
	}))
	defer foreign.Close()
	own := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, foreign.URL+"/elsewhere", http.StatusFound)
	}))
	defer own.Close()
	var logs []string
	c := testClient(t, own, &logs)
	var v map[string]any
	// A next link pointing at another host...
	if _, err := c.GetJSON(context.Background(), foreign.URL+"/next", &v); err != nil {
		t.Fatal(err)
	}
	if got := foreignAuth.Load().(string); got != "" {
		t.Errorf("a next link to another host received credentials: %q", got)
	}
	// ...and a redirect to another host.
	if _, err := c.GetJSON(context.Background(), own.URL+"/start", &v); err != nil {
		t.Fatal(err)
	}
	if got := foreignAuth.Load().(string); got != "" {
		t.Errorf("a redirect to another host carried credentials: %q", got)
	}
}

func TestRedact(t *testing.T) {
	tests := map[string]string{
		"https://user:pw@api.example/x?limit=5&access_token=abc&sig=zz": "https://REDACTED@api.example/x?access_token=REDACTED&limit=5&sig=REDACTED",
		"https://api.example/x?cursor=abc":                              "https://api.example/x?cursor=abc",
		"https://api.example/x?client_secret=s&code=c":                  "https://api.example/x?client_secret=REDACTED&code=REDACTED",
	}
	for in, want := range tests {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConnectionErrorsAreRedacted(t *testing.T) {
	var logs []string
	srv := httptest.NewServer(http.NotFoundHandler())
	c := testClient(t, srv, &logs)
	srv.Close() // nothing listens any more
	_, _, err := c.Get(context.Background(), srv.URL+"/x?access_token="+sentinel, "")
	if err == nil || strings.Contains(err.Error(), sentinel) || !strings.Contains(err.Error(), "access_token=REDACTED") {
		t.Fatalf("error = %v", err)
	}
	if errors.Is(err, context.Canceled) {
		t.Fatal("unexpected cancel")
	}
}

// TestTokensEchoedInErrorsAreScrubbed: a service that echoes the request
// in its error body repeats the access token; no message carries it.
func TestTokensEchoedInErrorsAreScrubbed(t *testing.T) {
	const jwt = "eyJ0eXAiOiJKV1QiLCJub25jZSI6IkFRQUJBQUFBIiwiYWxnIjoiUlMyNTYifQ.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2lnbmF0dXJlLXBhcnQ"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"error":{"code":"BadRequest","message":"Invalid request; headers: Authorization: %s; token %s","innerError":{"access_token":"%s"}}}`, r.Header.Get("Authorization"), jwt, "opaque-refresh-value")
	}))
	defer srv.Close()
	var logs []string
	c := testClient(t, srv, &logs)
	c.Secrets = nil // the access token was never registered as a secret
	c.Authorize = func(r *http.Request) error { r.Header.Set("Authorization", "Bearer "+jwt); return nil }
	var v map[string]any
	_, err := c.GetJSON(context.Background(), srv.URL+"/x", &v)
	if err == nil {
		t.Fatal("no error")
	}
	for _, leak := range []string{jwt[:40], "opaque-refresh-value"} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("the error carries %q: %v", leak, err)
		}
	}
	if !strings.Contains(err.Error(), "400 Bad Request") || !strings.Contains(err.Error(), "Bearer REDACTED") {
		t.Errorf("error = %v", err)
	}
}

// TestAnswersAreBounded: an answer larger than MaxAnswer is an error, not
// a silent truncation that reads as broken JSON, and it is not retried.
func TestAnswersAreBounded(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"value": "` + strings.Repeat("x", 4096) + `"}`))
	}))
	defer srv.Close()
	var logs []string
	c := testClient(t, srv, &logs)
	c.MaxAnswer = 1024
	var v map[string]any
	_, err := c.GetJSON(context.Background(), srv.URL+"/x", &v)
	if err == nil || !strings.Contains(err.Error(), "larger than 1024 bytes") {
		t.Fatalf("error = %v", err)
	}
	if n.Load() != 1 {
		t.Errorf("sent %d times", n.Load())
	}
}
