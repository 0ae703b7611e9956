package server

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/incremental"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

func TestHandler(t *testing.T) {
	dir := testsite.Write(t, map[string]string{
		"index.html":       "home",
		"a/b/index.html":   "page b",
		"404.html":         "not found page",
		"empty/.keep":      "",
		"assets/style.css": "body{}",
	})
	secret := filepath.Join(filepath.Dir(dir), "secret.txt")
	_ = os.WriteFile(secret, []byte("secret"), 0o644)
	defer os.Remove(secret)

	h := Handler(dir)
	tests := []struct {
		path     string
		code     int
		contains string
	}{
		{"/", 200, "home"},
		{"/a/b/", 200, "page b"},
		{"/a/b", 301, ""},
		{"/assets/style.css", 200, "body{}"},
		{"/nope/", 404, "not found page"},
		{"/empty/", 404, "not found page"}, // a folder without index.html is not listed
		{"/../secret.txt", 400, ""},
		{"/%2e%2e/secret.txt", 400, ""},
		{"/a/%2e%2e/%2e%2e/secret.txt", 400, ""},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = tt.path
		if strings.Contains(tt.path, "%") {
			req = httptest.NewRequest(http.MethodGet, tt.path, nil)
		}
		h.ServeHTTP(rec, req)
		if rec.Code != tt.code {
			t.Errorf("%s: status %d, want %d", tt.path, rec.Code, tt.code)
		}
		if !strings.Contains(rec.Body.String(), tt.contains) || strings.Contains(rec.Body.String(), "secret") {
			t.Errorf("%s: body %q", tt.path, rec.Body.String())
		}
	}
}

// TestFailedMessage: a failed build speaks of the last good build only
// when there is one.
func TestFailedMessage(t *testing.T) {
	two := diag.List{{Path: "a.md", Message: "x"}, {Path: "b.md", Message: "y"}, {Path: "c.md", Severity: diag.Warning, Message: "z"}}
	for _, tc := range []struct {
		name string
		up   incremental.Update
		want string
	}{
		{"nothing built yet", incremental.Update{Diagnostics: two[:1]},
			"no build yet: the build failed with 1 error; the server keeps running, its page lists the errors, and the site appears once they are fixed"},
		{"a good build before", incremental.Update{Diagnostics: two, Output: &incremental.Output{}},
			"rebuild failed with 2 errors; still serving the last good build"},
	} {
		if got := failedMessage(&tc.up, diag.Style{}); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
