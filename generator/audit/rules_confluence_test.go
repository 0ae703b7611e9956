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

func TestConfluenceRules(t *testing.T) {
	spaces := []pulldata.Space{
		{Key: "WOPS", Name: "Web Operations", Type: "global", Status: "current", Admins: []string{"c-id", "wops-admins"},
			Administrators: []pulldata.Principal{
				{Type: "group", ID: "wops-admins", Name: "wops-admins"},
				{Type: "user", ID: "c-id", Name: "C", Email: "c@x"},
				{Type: "user", ID: "a-id", Name: "A", Email: "A@x", Via: "wops-admins"},
				{Type: "user", ID: "d-id", Name: "D", Email: "d@x", Via: "wops-admins"},
			}},
		{Key: "HR", Name: "HR Policies", Type: "global", Status: "current", Admins: []string{}},
		{Key: "PUBLIC", Name: "Carrier Guide", Type: "global", Status: "current", Admins: []string{"x"}, Anonymous: true},
		{Key: "LEAK", Name: "Leaky", Type: "global", Status: "current", Admins: []string{"leak-admins"}, Anonymous: true},
		{Key: "OLD", Name: "Old project", Type: "global", Status: "current", Admins: []string{"old-admins", "y"}},
		{Key: "SHADOW", Name: "Shadow IT", Type: "global", Status: "current", Admins: []string{"wops-admins"}},
		{Key: "~jdoe", Name: "Jan Doe", Type: "personal", Status: "current", Admins: []string{}},
		// A Data Center before 9.1 without JSON-RPC: nothing is known of
		// its administrators, which is not "no administrator".
		{Key: "LEGACY", Name: "Legacy", Type: "global", Status: "current", Admins: []string{}, PermissionsUnavailable: "Confluence 8.5.4 has no space permissions REST API and JSON-RPC is off"},
	}
	dir := testsite.Write(t, map[string]string{
		"content/p.md": "---\ntitle: P\nowner: o\nreviewed: 2026-11-01\nreview_interval: 1y\nitems: [conf-wops, conf-hr, conf-public, conf-leak, conf-old, conf-gone, conf-legacy]\n---\n",
		"inventory/confluence.yaml": "- {id: conf-wops, kind: confluence-space, name: Web Operations, key: WOPS, owners: [a@x, b@x]}\n" +
			"- {id: conf-hr, kind: confluence-space, name: HR Policies, url: 'https://x.atlassian.net/wiki/spaces/HR', owners: [a, b]}\n" +
			"- {id: conf-public, kind: confluence-space, name: Carrier Guide, key: PUBLIC, sensitivity: public, owners: [a, b]}\n" +
			"- {id: conf-leak, kind: confluence-space, name: Leaky, key: LEAK, sensitivity: internal, owners: [a, b]}\n" +
			"- {id: conf-old, kind: confluence-space, name: Old project, key: OLD, status: archived, owners: [a, b]}\n" +
			"- {id: conf-gone, kind: confluence-space, name: Gone, key: GONE, owners: [a, b]}\n" +
			"- {id: conf-legacy, kind: confluence-space, name: Legacy, key: LEGACY, owners: [a@x, b@x]}\n",
	})
	env := pulldata.Envelope{Source: "confluence", Type: "confluence-cloud", TakenAt: now, Handbook: "test"}
	if err := pull.WriteSnapshot(filepath.Join(dir, "data", "snapshots", "confluence.json"), env, spaces); err != nil {
		t.Fatal(err)
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: dir, Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	want := map[string][]string{
		"space-no-admin": {"conf-hr: space HR has no administrator", "conf-public: space PUBLIC has a single administrator, x",
			"conf-legacy: the administrators of space LEGACY are unknown: Confluence 8.5.4 has no space permissions REST API and JSON-RPC is off"},
		"space-anonymous":     {"conf-leak: anonymous users can read space LEAK"},
		"drift-status":        {"conf-old: declared archived but the space is current on the platform"},
		"undeclared":          {"SHADOW: space SHADOW (Shadow IT) is not in the inventory"},
		"missing-on-platform": {`conf-gone: Gone (key "GONE") is not among the spaces`},
		"drift-owners": {"conf-wops: declared owner b@x does not administer space WOPS on the platform",
			"conf-wops: c@x administers space WOPS on the platform but is not a declared owner"},
	}
	wantFindings(t, report, want, true)
}
