package audit_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

func TestWebRules(t *testing.T) {
	no := false
	cert := func(days int) *pulldata.Certificate {
		return &pulldata.Certificate{Expires: now.AddDate(0, 0, days), Issuer: "Sectigo", Valid: days > 0}
	}
	all5 := pulldata.SecurityHeaders{Score: 5}
	results := []pulldata.WebResult{
		{ID: "web-ok", Name: "Fine", URL: "https://ok.example/", Up: true, Status: 200, TLS: cert(90), Headers: all5},
		{ID: "web-shop", Name: "Shop", URL: "https://shop.example/", Up: true, Status: 200, TLS: cert(5), Headers: all5},
		{ID: "web-corp", Name: "Corporate", URL: "https://www.example/", Up: true, Status: 200, TLS: cert(15), HTTPSRedirect: &no,
			Headers: pulldata.SecurityHeaders{Score: 3, Missing: []string{"Content-Security-Policy", "Referrer-Policy"}}},
		{ID: "web-old", Name: "Old", URL: "https://old.example/", Status: 0, Error: "certificate expired on 2026-11-20", TLS: cert(-4)},
		// apex.example redirects to www.apex.example, whose certificate
		// is the one recorded; its http address gave no answer.
		{ID: "web-apex", Name: "Apex", URL: "https://apex.example/", FinalURL: "https://www.apex.example/", Up: true, Status: 200,
			TLS: &pulldata.Certificate{Host: "www.apex.example", Expires: now.AddDate(0, 0, 3), Issuer: "Sectigo", Valid: true}, Headers: all5,
			HTTPSRedirectError: "no answer within 15s"},
		{ID: "status-page", Name: "status-page", URL: "https://status.example/", Up: true, Status: 200, Slow: true, ResponseMS: 3100, Headers: all5},
	}
	dir := testsite.Write(t, map[string]string{
		"content/p.md":       "---\ntitle: P\nowner: o\nreviewed: 2026-11-01\nreview_interval: 1y\nitems: [web-shop, web-corp, web-old, web-ok]\n---\n",
		"inventory/web.yaml": "- {id: web-shop, kind: webshop, name: Shop, owners: [a, b]}\n- {id: web-corp, kind: website, name: Corporate, owners: [a, b]}\n- {id: web-old, kind: website, name: Old, owners: [a, b]}\n- {id: web-ok, kind: website, name: Fine, owners: [a, b]}\n",
	})
	env := pulldata.Envelope{Source: "web", Type: "web", TakenAt: now.AddDate(0, 0, -10), Handbook: "test"}
	if err := pull.WriteSnapshot(filepath.Join(dir, "data", "snapshots", "web.json"), env, results); err != nil {
		t.Fatal(err)
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: dir, Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	want := map[string][]string{
		"web-cert-expiring": {
			"error: the certificate of https://shop.example/ expires on 2026-11-29, in 5 days (issuer Sectigo)",
			"warning: the certificate of https://www.example/ expires on 2026-12-09, in 15 days",
			"error: the certificate of https://old.example/ expired on 2026-11-20",
			"error: the certificate of www.apex.example (where https://apex.example/ redirects) expires on 2026-11-27, in 3 days",
		},
		"web-down":           {"error: https://old.example/ was down: certificate expired on 2026-11-20 (pulled 2026-11-14)"},
		"web-slow":           {"warning: https://status.example/ answered in 3100 ms"},
		"web-headers":        {"warning: https://www.example/ does not send Content-Security-Policy, Referrer-Policy"},
		"web-https-redirect": {"warning: http:// of https://www.example/ does not redirect to https://"},
		"snapshot-stale":     {"warning: the web snapshot was taken on 2026-11-14, 10 days ago (the policy allows 7)"},
	}
	wantFindings(t, report, want, true)
	// A finding about an inventory site belongs to the item (its page
	// shows it, its owners see it).
	for _, f := range report.ForRule("web-down") {
		if f.SubjectKind != "item" || f.Subject != "web-old" || len(f.Owners) != 2 || f.Location() != "inventory/web.yaml:3" {
			t.Errorf("web-down finding = %+v", f)
		}
	}
}

// TestVersionRules: a site that names its software's versions is a
// finding of its own, and a version that differs from the one its
// item's components declare is drift, at the component's line.
func TestVersionRules(t *testing.T) {
	exposed := func(source, product, version string) pulldata.ExposedVersion {
		return pulldata.ExposedVersion{Source: source, Text: product + "/" + version, Product: product, Version: version}
	}
	results := []pulldata.WebResult{
		{ID: "web-shop", Name: "Shop", URL: "https://shop.example/", Up: true, Status: 200, Exposed: []pulldata.ExposedVersion{
			exposed("Server", "nginx", "1.22.1"), exposed("X-Powered-By", "php", "8.1.27"), exposed("meta generator", "magento", "2")}},
		{ID: "web-corp", Name: "Corporate", URL: "https://www.example/", Up: true, Status: 200, Exposed: []pulldata.ExposedVersion{
			exposed("Server", "apache", "2.4.57")}},
		{ID: "web-quiet", Name: "Quiet", URL: "https://quiet.example/", Up: true, Status: 200},
	}
	dir := testsite.Write(t, map[string]string{
		"content/p.md": "---\ntitle: P\nowner: o\nreviewed: 2026-11-01\nreview_interval: 1y\n---\n",
		"inventory/web.yaml": "- id: web-shop\n  kind: webshop\n  name: Shop\n  owners: [a, b]\n  components: [nginx@1.22, php@8.2, magento@2.4.6-p3]\n" +
			"- id: web-corp\n  kind: website\n  name: Corporate\n  owners: [a, b]\n  components: [apache-http-server@2.4.62]\n" +
			"- {id: web-quiet, kind: website, name: Quiet, owners: [a, b], components: [php@8.3]}\n",
	})
	env := pulldata.Envelope{Source: "web", Type: "web", TakenAt: now, Handbook: "test"}
	if err := pull.WriteSnapshot(filepath.Join(dir, "data", "snapshots", "web.json"), env, results); err != nil {
		t.Fatal(err)
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: dir, Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	wantFindings(t, report, map[string][]string{
		"web-version-disclosure": {
			"web-shop: https://shop.example/ names its software and versions: Server: nginx/1.22.1, X-Powered-By: php/8.1.27, meta generator: magento/2",
			"web-corp: https://www.example/ names its software and versions: Server: apache/2.4.57",
		},
		// nginx 1.22.1 is a release of 1.22, Magento 2 the major version
		// of 2.4.6-p3: they agree.
		"component-drift": {
			"web-shop: the inventory declares php 8.2, the site says 8.1.27 (X-Powered-By, pulled 2026-11-24)",
			"web-corp: the inventory declares apache-http-server 2.4.62, the site says 2.4.57 (Server, pulled 2026-11-24)",
		},
	}, true)
	for _, f := range report.ForRule("component-drift") {
		if f.Subject == "web-shop" && f.Location() != "inventory/web.yaml:5" {
			t.Errorf("the drift is at %s, want the components' line", f.Location())
		}
	}
}
