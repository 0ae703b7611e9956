package server

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/diag"
)

type mapFiles map[string]string

func (m mapFiles) Get(name string) ([]byte, bool) {
	s, ok := m[name]
	return []byte(s), ok
}

func TestLiveServes(t *testing.T) {
	l := NewLive("127.0.0.1:1313")
	l.Publish(mapFiles{
		"index.html":       "<html><body>home</body></html>",
		"a/b/index.html":   "<html><body>page b</body></html>",
		"404.html":         "<html><body>not found page</body></html>",
		"assets/style.css": "body{}",
		"manifest.json":    `{"x": "</body>"}`,
	}, "", false)
	tests := []struct {
		name, host, target string
		code               int
		contains           string
		script             bool
	}{
		{"home", "127.0.0.1:1313", "/", 200, "home", true},
		{"page", "localhost:1313", "/a/b/", 200, "page b", true},
		{"folder without slash", "127.0.0.1:1313", "/a/b", 301, "", false},
		{"stylesheet", "127.0.0.1:1313", "/assets/style.css", 200, "body{}", false},
		{"JSON holding </body> gets no script", "127.0.0.1:1313", "/manifest.json", 200, "</body>", false},
		{"missing page", "127.0.0.1:1313", "/nope/", 404, "not found page", true},
		{"the live script", "127.0.0.1:1313", ScriptPath, 200, "EventSource", false},
		{"IPv6 loopback", "[::1]:1313", "/", 200, "home", true},
		{"foreign Host (DNS rebinding)", "evil.example:1313", "/", 403, "Host header", false},
		{"foreign Host without port", "evil.example", "/", 403, "", false},
		{"dot-dot", "127.0.0.1:1313", "/../etc/passwd", 400, "bad path", false},
		{"encoded dot-dot", "127.0.0.1:1313", "/%2e%2e/etc/passwd", 400, "bad path", false},
		{"encoded dot-dot inside", "127.0.0.1:1313", "/a/%2E%2E/%2e%2e/etc/passwd", 400, "bad path", false},
		{"encoded backslash", "127.0.0.1:1313", "/a/%5c..%5cx", 400, "bad path", false},
		{"encoded NUL", "127.0.0.1:1313", "/a%00/", 400, "bad path", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "http://x"+tt.target, nil)
			if strings.HasPrefix(tt.target, "/..") {
				req.URL.Path = tt.target // httptest would clean it
			}
			req.Host = tt.host
			rec := httptest.NewRecorder()
			l.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != tt.code {
				t.Errorf("status %d, want %d (%s)", rec.Code, tt.code, body)
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("body %q lacks %q", body, tt.contains)
			}
			if got := strings.Contains(body, ScriptPath); got != tt.script && tt.name != "the live script" {
				t.Errorf("live script injected = %v, want %v", got, tt.script)
			}
		})
	}
}

func TestLiveHostsWhenBoundToAll(t *testing.T) {
	l := NewLive("0.0.0.0:1313")
	l.AllowHost("handbook-box")
	for host, want := range map[string]bool{"localhost:1313": true, "127.0.0.1:1313": true, "handbook-box:1313": true, "attacker.example:1313": false} {
		if got := l.allowed(host); got != want {
			t.Errorf("allowed(%q) = %v, want %v", host, got, want)
		}
	}
}

// readEvent reads the next Server-Sent Event: its name and data.
func readEvent(t *testing.T, r *bufio.Reader) (string, string) {
	t.Helper()
	var name, data string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading the event stream: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "" && name != "":
			return name, data
		}
	}
}

func TestLiveEvents(t *testing.T) {
	l := NewLive("127.0.0.1:0")
	l.Publish(mapFiles{"index.html": "<body>v1</body>"}, "", false)
	srv := httptest.NewServer(l)
	defer srv.Close()
	l.hosts[strings.TrimPrefix(srv.URL, "http://")] = true
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	connect := func() (*bufio.Reader, func()) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+EventsPath, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
			t.Fatalf("Content-Type %q", ct)
		}
		return bufio.NewReader(resp.Body), func() { resp.Body.Close() }
	}
	r, done := connect()
	defer done()
	if name, _ := readEvent(t, r); name != "ok" {
		t.Fatalf("first event %q, want ok", name)
	}
	var diags diag.List
	diags.Errorf("content/a.md", 3, 8, "draft must be true or false")
	diags.Warnf("content/b.md", 1, 0, "a warning is not shown")
	l.Fail(diags)
	name, data := readEvent(t, r)
	if name != "failure" || !strings.Contains(data, `"location":"content/a.md:3:8"`) || !strings.Contains(data, "draft must be") || strings.Contains(data, "warning") {
		t.Fatalf("event %s %s, want the failure at content/a.md:3:8", name, data)
	}
	// A page opened while the build is broken shows the overlay at once.
	r2, done2 := connect()
	defer done2()
	if name, _ := readEvent(t, r2); name != "failure" {
		t.Fatalf("first event of a new page while broken: %q, want failure", name)
	}
	// The fix reloads both pages, even if nothing changed since the last good build.
	l.Publish(mapFiles{"index.html": "<body>v1</body>"}, "/a/", false)
	for _, r := range []*bufio.Reader{r, r2} {
		if name, data := readEvent(t, r); name != "reload" || data != `{"navigate":"/a/"}` {
			t.Fatalf("event %s %s, want reload navigating to /a/", name, data)
		}
	}
}
