package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestExposedVersions(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		body    string
		want    string // source: product version, joined by "; "
	}{
		{"nginx and PHP", map[string]string{"Server": "nginx/1.22.1", "X-Powered-By": "PHP/8.1.27"}, "", "Server: nginx 1.22.1; X-Powered-By: php 8.1.27"},
		{"Apache with modules", map[string]string{"Server": "Apache/2.4.57 (Debian) OpenSSL/3.0.11"}, "", "Server: apache 2.4.57; Server: openssl 3.0.11"},
		{"IIS and ASP.NET", map[string]string{"Server": "Microsoft-IIS/10.0", "X-Powered-By": "ASP.NET", "X-AspNet-Version": "4.0.30319"}, "",
			"Server: microsoft-iis 10.0; X-AspNet-Version: asp.net 4.0.30319"},
		{"names without versions", map[string]string{"Server": "nginx", "X-Powered-By": "Express"}, "", ""},
		{"WordPress generator", nil, `<!doctype html><html><head><meta charset="utf-8"><META NAME="Generator" CONTENT="WordPress 6.4.3"></head><body></body></html>`,
			"meta generator: wordpress 6.4.3"},
		{"Hugo and Drupal", map[string]string{"X-Generator": "Drupal 10 (https://www.drupal.org)"}, `<head><meta name="generator" content="Hugo 0.128.0"/></head>`,
			"X-Generator: drupal 10; meta generator: hugo 0.128.0"},
		{"Magento's major version", nil, `<head><meta name="generator" content="Magento 2"></head>`, "meta generator: magento 2"},
		{"a two-word product", map[string]string{"Server": "Phusion Passenger 6.0.17"}, "", "Server: phusion-passenger 6.0.17"},
		{"a generator in the body is not the page's", nil, `<head></head><body><meta name="generator" content="WordPress 6.4.3"></body>`, ""},
		{"not HTML", nil, "\x00\xff{ not html", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.headers {
				h.Set(k, v)
			}
			var got []string
			for _, e := range exposedVersions(h, []byte(tt.body)) {
				got = append(got, e.Source+": "+e.Product+" "+e.Version)
			}
			if g := strings.Join(got, "; "); g != tt.want {
				t.Errorf("got  %q\nwant %q", g, tt.want)
			}
		})
	}
}

func FuzzExposedVersions(f *testing.F) {
	f.Add("nginx/1.22.1", `<head><meta name="generator" content="WordPress 6.4.3"></head>`)
	f.Add("Apache/2.4.57 (Debian) OpenSSL/3.0.11", "<meta")
	f.Fuzz(func(t *testing.T, server, body string) {
		h := http.Header{}
		h.Set("Server", server)
		for _, e := range exposedVersions(h, []byte(body)) {
			if e.Product == "" || e.Version == "" || !strings.Contains(e.Text, e.Version) {
				t.Fatalf("an exposed version without its product or version: %+v", e)
			}
		}
	})
}

// TestCheckRecordsExposedVersions: a check records the versions the
// site's answer names.
func TestCheckRecordsExposedVersions(t *testing.T) {
	ca := newCA(t)
	srv := ca.server(t, now.AddDate(0, 2, 0), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "nginx/1.22.1")
		w.Header().Set("X-Powered-By", "PHP/8.1.27")
		w.Write([]byte(`<!doctype html><html><head><meta name="generator" content="WordPress 6.4.3"></head><body>Shop</body></html>`))
	}))
	res := Run(context.Background(), []Check{{ID: "shop", URL: srv.URL + "/"}}, Options{Roots: ca.pool, Now: func() time.Time { return now }, Timeout: 5 * time.Second})
	var got []string
	for _, e := range res[0].Exposed {
		got = append(got, e.Source+": "+e.Text)
	}
	if g := strings.Join(got, "; "); g != "Server: nginx/1.22.1; X-Powered-By: PHP/8.1.27; meta generator: WordPress 6.4.3" {
		t.Errorf("exposed = %s", g)
	}
}
