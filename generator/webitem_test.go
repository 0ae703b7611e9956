package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// An item's page shows whether its http address redirects to https, and
// says "unknown" (with why) when the check got no answer, rather than
// "no"; a certificate of the host the site redirects to is named.
func TestWebItemPageHTTPSRedirect(t *testing.T) {
	yes, no := true, false
	cert := &pulldata.Certificate{Host: "www.apex.example", Expires: fixedNow.AddDate(0, 2, 0), Issuer: "Sectigo", Valid: true}
	results := []pulldata.WebResult{
		{ID: "web-yes", URL: "https://yes.example/", Up: true, Status: 200, HTTPSRedirect: &yes},
		{ID: "web-no", URL: "https://no.example/", Up: true, Status: 200, HTTPSRedirect: &no},
		{ID: "web-unknown", URL: "https://apex.example/", FinalURL: "https://www.apex.example/", Up: true, Status: 200, TLS: cert,
			HTTPSRedirectError: "no answer within 15s"},
	}
	dir := testsite.Write(t, map[string]string{
		"content/_index.md": "Home.\n",
		"inventory/web.yaml": "- {id: web-yes, kind: website, name: Yes, owners: [a, b]}\n- {id: web-no, kind: website, name: No, owners: [a, b]}\n" +
			"- {id: web-unknown, kind: website, name: Unknown, owners: [a, b]}\n",
	})
	env := pulldata.Envelope{Source: "web", Type: "web", TakenAt: fixedNow, Handbook: "test"}
	if err := pull.WriteSnapshot(filepath.Join(dir, "data", "snapshots", "web.json"), env, results); err != nil {
		t.Fatal(err)
	}
	if res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow}); err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	tests := []struct{ id, want string }{
		{"web-yes", "<dt>http → https</dt><dd>yes</dd>"},
		{"web-no", `<dt>http → https</dt><dd><span class="sev-warning">no</span></dd>`},
		{"web-unknown", "<dt>http → https</dt><dd>unknown: no answer within 15s</dd>"},
		{"web-unknown", "Sectigo · www.apex.example</dd>"},
	}
	for _, tt := range tests {
		page, err := os.ReadFile(filepath.Join(dir, "public", "inventory", tt.id, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), tt.want) {
			t.Errorf("%s page lacks %q", tt.id, tt.want)
		}
	}
}
