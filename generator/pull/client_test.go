package pull

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
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

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"3", 3 * time.Second, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"0", 0, true},
		{now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{"", 0, false},
		{"soon", 0, false},
		{"-1", 0, false},
	}
	for _, tt := range tests {
		got, ok := RetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	r := Retry{Attempts: 3, Base: time.Second, Max: 10 * time.Second}
	if d := r.Wait(1, http.Header{"Retry-After": {"3600"}}, now); d != 10*time.Second {
		t.Errorf("a long Retry-After is not clamped: %v", d)
	}
	for i := 1; i < 6; i++ {
		if d := r.Wait(i, http.Header{}, now); d < 0 || d > 10*time.Second {
			t.Errorf("backoff %d = %v", i, d)
		}
	}
}

func TestClientRetries(t *testing.T) {
	tests := []struct {
		name     string
		answers  []func(w http.ResponseWriter)
		wantErr  string
		wantLogs []string
	}{
		{"429 with seconds, then ok", []func(http.ResponseWriter){
			func(w http.ResponseWriter) { w.Header().Set("Retry-After", "0.02"); w.WriteHeader(429) },
			okJSON,
		}, "", []string{"sleep 20ms"}},
		{"429 with an HTTP date, then ok", []func(http.ResponseWriter){
			func(w http.ResponseWriter) {
				w.Header().Set("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
				w.WriteHeader(429)
			},
			okJSON,
		}, "", []string{"sleep 50ms"}},
		{"503 three times, then ok", []func(http.ResponseWriter){
			status(503), status(503), status(502), okJSON,
		}, "", []string{"retry 3 of 3"}},
		{"503 forever", []func(http.ResponseWriter){status(503), status(503), status(503), status(503)}, "503 Service Unavailable", nil},
		{"404 is not retried", []func(http.ResponseWriter){status(404), okJSON}, "404 Not Found", nil},
		{"an HTML login page with 200", []func(http.ResponseWriter){
			func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte("<html><body>Sign in to your account</body></html>"))
			},
		}, "answered text/html, not JSON", nil},
		{"a truncated body", []func(http.ResponseWriter){
			func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"results": [{"key": "OPS"`))
			},
		}, "not the expected JSON", nil},
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
		})
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
