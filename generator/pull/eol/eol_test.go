package eol

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// server answers GET /api/v1/products/{name} with testdata/{name}.json
// (recorded from the shapes the API documents: testdata/README.md), 404
// for any other product, and what answer says first for the products it
// names.
func server(t *testing.T, answer func(name string, n int64) (status int, body string, ok bool)) (string, *atomic.Int64) {
	t.Helper()
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := requests.Add(1)
		if r.URL.Path == "/api/v1/products" {
			data, _ := os.ReadFile("testdata/products.json")
			w.Header().Set("Content-Type", "application/json")
			w.Write(data)
			return
		}
		name, ok := strings.CutPrefix(r.URL.Path, "/api/v1/products/")
		if !ok || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		if answer != nil {
			if status, body, ok := answer(name, n); ok {
				w.Header().Set("Retry-After", "0")
				if strings.HasPrefix(body, "{") {
					w.Header().Set("Content-Type", "application/json")
				}
				w.WriteHeader(status)
				w.Write([]byte(body))
				return
			}
		}
		data, err := os.ReadFile("testdata/" + name + ".json")
		if err != nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"message": "Product not found"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/api/v1", &requests
}

func client() *pull.Client {
	return &pull.Client{Source: "eol", Host: "127.0.0.1", Sleep: func(context.Context, time.Duration) error { return nil }}
}

func TestPull(t *testing.T) {
	base, requests := server(t, nil)
	got, err := Pull(context.Background(), client(), base, []string{"php", "magento", "nosuchproduct", "php"})
	if err != nil {
		t.Fatal(err)
	}
	if requests.Load() != 3 {
		t.Errorf("%d requests, want one per product (3)", requests.Load())
	}
	if len(got) != 3 || got[0].Name != "magento" || got[1].Name != "nosuchproduct" || got[2].Name != "php" {
		t.Fatalf("products = %+v", got)
	}
	magento, unknown, php := got[0], got[1], got[2]
	if !unknown.Unknown || len(unknown.Releases) != 0 {
		t.Errorf("an unknown product = %+v, want Unknown", unknown)
	}
	if php.Label != "PHP" || php.Link != "https://endoflife.date/php" || len(php.Releases) != 4 {
		t.Errorf("php = %+v", php)
	}
	want81 := pulldata.EOLRelease{Name: "8.1", ReleaseDate: "2021-11-25", EOASFrom: "2023-11-25", EOLFrom: "2025-12-31", IsEOL: true, Latest: "8.1.34", LatestDate: "2025-12-18"}
	if r := php.Release("8.1.27"); r == nil || *r != want81 {
		t.Errorf("php 8.1 = %+v\nwant       %+v", r, want81)
	}
	// A cycle without a known end (eolFrom null) or latest version
	// (latest null), and a product without active support (no eoasFrom).
	if r := magento.Release("2.4.5"); r == nil || r.EOLFrom != "" || r.Latest != "" || !r.IsEOL {
		t.Errorf("magento 2.4.5 = %+v", r)
	}
	if r := magento.Release("2.4.6-p3"); r == nil || r.Name != "2.4.6" || r.Latest != "2.4.6-p13" || r.EOASFrom != "" {
		t.Errorf("magento 2.4.6-p3 = %+v", r)
	}
}

func TestPullWaitsWhenThrottled(t *testing.T) {
	base, requests := server(t, func(name string, n int64) (int, string, bool) {
		return http.StatusTooManyRequests, "slow down", n <= 2
	})
	got, err := Pull(context.Background(), client(), base, []string{"php"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Releases) != 4 || requests.Load() != 3 {
		t.Errorf("after two 429s: %d requests, %+v", requests.Load(), got)
	}
}

func TestPullFailures(t *testing.T) {
	tests := []struct {
		name   string
		answer func(name string, n int64) (int, string, bool)
		want   string
	}{
		{"a server error that persists", func(name string, _ int64) (int, string, bool) {
			return http.StatusInternalServerError, "oops", name == "magento"
		}, "/api/v1/products/magento: 500 Internal Server Error"},
		{"a login page", func(name string, _ int64) (int, string, bool) {
			return http.StatusOK, "<html>sign in</html>", name == "php"
		}, "answered text/html, not JSON"},
		{"another API's JSON", func(name string, _ int64) (int, string, bool) {
			return http.StatusOK, `{"cycles": []}`, name == "php"
		}, "the answer about php holds no product"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, _ := server(t, tt.answer)
			_, err := Pull(context.Background(), client(), base, []string{"magento", "php"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestProducts(t *testing.T) {
	base, _ := server(t, nil)
	got, err := Products(context.Background(), client(), base)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "debian magento adobe-commerce nginx php wordpress" {
		t.Errorf("products = %v", got)
	}
}
