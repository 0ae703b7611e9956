package audit_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// eolProducts are release cycles as handbook pull eol records them
// (from endoflife.date's answers: generator/pull/eol/testdata), on the
// test's day, 2026-11-24.
var eolProducts = []pulldata.EOLProduct{
	{Name: "magento", Releases: []pulldata.EOLRelease{
		{Name: "2.4.7", EOLFrom: "2027-04-09", IsMaintained: true, Latest: "2.4.7-p8", LatestDate: "2026-10-14"},
		{Name: "2.4.6", EOLFrom: "2026-08-11", IsEOL: true, Latest: "2.4.6-p13", LatestDate: "2026-08-11"},
		{Name: "2.4.5", IsEOL: true},
	}},
	{Name: "php", Releases: []pulldata.EOLRelease{
		{Name: "8.3", EOLFrom: "2027-12-31", IsMaintained: true, Latest: "8.3.28", LatestDate: "2026-11-20"},
		{Name: "8.2", EOLFrom: "2026-12-31", IsMaintained: true, Latest: "8.2.30", LatestDate: "2026-11-20"},
		{Name: "8.1", EOLFrom: "2025-12-31", IsEOL: true, Latest: "8.1.34", LatestDate: "2025-12-18"},
	}},
	{Name: "wordpres", Unknown: true},
}

// auditWithEOL audits a project made of files beside an eol snapshot of
// eolProducts taken on the test's day.
func auditWithEOL(t *testing.T, files map[string]string) *audit.Report {
	t.Helper()
	dir := testsite.Write(t, files)
	env := pulldata.Envelope{Source: "eol", Type: "eol", TakenAt: now, Handbook: "test"}
	if err := pull.WriteSnapshot(filepath.Join(dir, "data", "snapshots", "eol.json"), env, eolProducts); err != nil {
		t.Fatal(err)
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: dir, Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	return report
}

func TestEOLRules(t *testing.T) {
	report := auditWithEOL(t, map[string]string{
		"content/p.md": "---\ntitle: P\nowner: o\nreviewed: 2026-11-01\nreview_interval: 1y\n---\n",
		"inventory/web.yaml": "- id: web-shop\n  kind: webshop\n  name: Shop\n  owners: [a, b]\n  components:\n    - magento@2.4.7-p2\n    - php@8.1\n" +
			"- id: web-blog\n  kind: website\n  name: Blog\n  owners: [a, b]\n  components: [php@8.2, wordpres@6.4, magento@2.3.7]\n" +
			"- id: web-corp\n  kind: website\n  name: Corporate\n  owners: [a, b]\n  components:\n    - php@8.3.28\n    - {name: magento, version: 2.4.7-p3, patch_within: 60d}\n" +
			"- id: web-eu\n  kind: website\n  name: EU\n  owners: [a, b]\n  components: [magento@2.4.5-p9, nginx@1.26]\n" +
			"- id: web-old\n  kind: website\n  name: Old\n  owners: [a, b]\n  status: retired\n  components: [php@8.1]\n",
		"handbook.yaml": "audit:\n  waivers:\n    - {rule: component-eol, subject: web-eu, reason: upgrade with the 2027 relaunch, accepted_by: t.devries, expires: 2027-03-01}\n",
	})
	want := map[string][]string{
		"component-eol": {
			"web-shop: php 8.1 is past its end of security support (2025-12-31); the newest supported release is 8.3.28",
			// Ended without a known date; accepted by its waiver.
			"web-eu: magento 2.4.5-p9 is past its end of security support; the newest supported release is 2.4.7-p8",
		},
		"component-eol-soon": {"warning: php 8.2 leaves security support on 2026-12-31, in 37 days"},
		// web-corp's magento is 41 days behind, within its own 60 days;
		// php 8.3.28 is the latest.
		"component-behind-patch": {"web-shop: magento 2.4.7-p2 is behind 2.4.7-p8, released 2026-10-14 (41 days ago; allowed: 30 days)"},
		"component-unknown": {
			`web-blog: endoflife.date knows no product "wordpres"; its support dates are unknown`,
			"web-blog: magento 2.3.7 is in no release cycle endoflife.date lists for magento (2.4.7, 2.4.6, 2.4.5)",
			// Listed since the last pull.
			"web-eu: nginx is in no eol snapshot (the last pull was on 2026-11-24): run handbook pull eol to read its support dates",
		},
	}
	wantFindings(t, report, want, true)
	for _, f := range report.ForRule("component-eol") {
		switch f.Subject {
		case "web-shop":
			if f.Location() != "inventory/web.yaml:7" || f.Accepted != nil || len(f.Owners) != 2 {
				t.Errorf("web-shop's finding = %+v", f)
			}
		case "web-eu":
			if f.Accepted == nil || f.Accepted.AcceptedBy != "t.devries" {
				t.Errorf("web-eu's finding is not accepted by its waiver: %+v", f)
			}
		}
	}
}

// TestEOLRulesPolicy: patch_days_by_kind and patch_days set how long a
// component may stay behind, and eol_warn_days how early an ending
// cycle is reported.
func TestEOLRulesPolicy(t *testing.T) {
	report := auditWithEOL(t, map[string]string{
		"content/_index.md": "# Manual\n",
		"inventory/web.yaml": "- {id: web-shop, kind: webshop, name: Shop, owners: [a, b], components: [magento@2.4.7-p2, php@8.2]}\n" +
			"- {id: web-blog, kind: website, name: Blog, owners: [a, b], components: [magento@2.4.7-p2]}\n",
		"handbook.yaml": "audit:\n  patch_days: 60\n  patch_days_by_kind: {webshop: 14}\n  eol_warn_days: 30\n",
	})
	wantFindings(t, report, map[string][]string{
		"component-behind-patch": {"web-shop: magento 2.4.7-p2 is behind 2.4.7-p8, released 2026-10-14 (41 days ago; allowed: 14 days for a webshop)"},
		"component-eol-soon":     {},
	}, true)
}

// TestEOLRulesWithoutSnapshot: components without an eol snapshot are
// no finding: the lifecycle data is optional.
func TestEOLRulesWithoutSnapshot(t *testing.T) {
	dir := testsite.Write(t, map[string]string{
		"content/_index.md":  "# Manual\n",
		"inventory/web.yaml": "- {id: web-shop, kind: webshop, name: Shop, owners: [a, b], components: [php@8.1]}\n",
	})
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: dir, Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	for _, rule := range []string{"component-eol", "component-eol-soon", "component-behind-patch", "component-unknown"} {
		if got := report.ForRule(rule); len(got) != 0 {
			t.Errorf("%s without a snapshot: %v", rule, got[0].Message)
		}
	}
}

// TestEOLSnapshotStale: an eol snapshot older than stale_days is stale,
// as the other pulls' are: patches released since are not known.
func TestEOLSnapshotStale(t *testing.T) {
	dir := testsite.Write(t, map[string]string{
		"content/_index.md":  "# Manual\n",
		"inventory/web.yaml": "- {id: web-shop, kind: webshop, name: Shop, owners: [a, b], components: [php@8.3]}\n",
	})
	env := pulldata.Envelope{Source: "eol", Type: "eol", TakenAt: now.AddDate(0, 0, -10), Handbook: "test"}
	if err := pull.WriteSnapshot(filepath.Join(dir, "data", "snapshots", "eol.json"), env, eolProducts); err != nil {
		t.Fatal(err)
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: dir, Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	wantFindings(t, report, map[string][]string{"snapshot-stale": {"warning: the eol snapshot was taken on 2026-11-14, 10 days ago (the policy allows 7)"}}, true)
}
