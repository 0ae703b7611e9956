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

// TestAttestationRules audits attestations against a policy of a year for
// every item, six months for teams and 90 days for confidential items,
// on 2026-11-24, beside a Microsoft 365 pull of that day.
func TestAttestationRules(t *testing.T) {
	staff := func(upn string) pulldata.Person { return pulldata.Person{Name: upn, UPN: upn} }
	snap := pulldata.M365{
		Teams: []pulldata.Team{
			{ID: "g1", Name: "OPS - Planning", Visibility: "Private", Owners: []pulldata.Person{staff("a@x"), staff("c@x")},
				Members: []pulldata.Person{staff("a@x"), staff("c@x"), staff("d@x")}, Guests: 1},
			{ID: "g2", Name: "OPS - Fresh", Visibility: "Private", Owners: []pulldata.Person{staff("a@x")}, Guests: 3},
		},
		Sites: []pulldata.Site{
			{ID: "s1", Name: "FIN - Tender", URL: "https://x.sharepoint.com/sites/tender", ExternalSharing: "anyone", SharedItems: []pulldata.SharedItem{
				{Drive: "Documents", Path: "/Offer.docx", Links: []pulldata.SharingLink{{Scope: "anonymous", Type: "view"}}},
			}},
		},
	}
	dir := testsite.Write(t, map[string]string{
		"content/p.md": "---\ntitle: P\nowner: o\nreviewed: 2026-11-01\nreview_interval: 1y\n---\n",
		"inventory/items.yaml": `- id: sp-a
  kind: sharepoint-site
  name: OPS - Archive
  owners: [a@x, b@x]
  attested: {on: 2025-10-01, by: a@x}
- id: sp-tender
  kind: sharepoint-site
  name: FIN - Tender
  url: https://x.sharepoint.com/sites/tender
  owners: [a@x, b@x]
  sensitivity: confidential
  external_sharing: existing-guests
  attested:
    on: 2026-09-01
    by: b@x
    sharing: existing-guests
- id: t-ops
  kind: team
  name: OPS - Planning
  owners: [a@x, b@x]
  attested: {on: 2026-10-01, by: a@x, owners: [a@x, b@x], members: 2, sharing: disabled}
- id: t-fresh
  kind: team
  name: OPS - Fresh
  owners: [a@x, b@x]
  attested: {on: 2026-11-24, sharing: disabled}
- {id: t-new, kind: team, name: OPS - New, owners: [a@x, b@x], created: 2026-10-01}
- {id: t-never, kind: team, name: OPS - Never, owners: [a@x, b@x]}
- {id: sp-old, kind: sharepoint-site, name: OPS - Old, owners: [a@x, b@x], created: 2020-01-01}
- {id: sp-done, kind: sharepoint-site, name: OPS - Done, owners: [a@x, b@x], attested: {on: 2026-11-01, by: b@x, needed: false}}
- {id: sp-gone, kind: sharepoint-site, name: OPS - Gone, owners: [a@x, b@x], status: archived, attested: 2020-01-01}
- id: conf-fin
  kind: confluence-space
  name: Finance
  key: FIN
  owners: [a@x, b@x]
  attested: {on: 2026-10-01, by: a@x, owners: [a@x, b@x], sharing: disabled}
`,
		"inventory/sites.csv": "id,kind,name,owners,attested,attested_by\nsp-csv,sharepoint-site,OPS - Csv,a@x;b@x,2025-11-01,b@x\n",
		"handbook.yaml": "audit:\n  attestation:\n    interval: 1y\n    by_kind: {team: 6m}\n    by_sensitivity: {confidential: 90d}\n" +
			"  waivers:\n    - {rule: item-attestation-overdue, subject: sp-old, reason: migrated to the new tenant in January, accepted_by: m@x, expires: 2027-02-01}\n",
	})
	env := pulldata.Envelope{Source: "m365", Type: "m365", TakenAt: now, Handbook: "test"}
	if err := pull.WriteSnapshot(filepath.Join(dir, "data", "snapshots", "m365.json"), env, snap); err != nil {
		t.Fatal(err)
	}
	spaces := []pulldata.Space{
		{Key: "FIN", Name: "Finance", Type: "global", Status: "current", Anonymous: true, Admins: []string{"a-id", "e-id", "fin-admins"}, Administrators: []pulldata.Principal{
			{Type: "user", ID: "a-id", Name: "A", Username: "a"},
			{Type: "user", ID: "e-id", Name: "E", Email: "e@x"},
			{Type: "group", ID: "fin-admins", Name: "fin-admins"},
			{Type: "user", ID: "g-id", Name: "G", Email: "g@x", Via: "fin-admins"},
		}},
	}
	cenv := pulldata.Envelope{Source: "confluence", Type: "confluence-cloud", TakenAt: now, Handbook: "test"}
	if err := pull.WriteSnapshot(filepath.Join(dir, "data", "snapshots", "confluence.json"), cenv, spaces); err != nil {
		t.Fatal(err)
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: dir, Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	want := map[string][]string{
		"item-attestation-overdue": {
			"sp-a: OPS - Archive was due for attestation on 2026-10-01 (last attested 2025-10-01 by a@x, every 1y)",
			"sp-old: OPS - Old has never been attested; it was due on 2021-01-01 (created 2020-01-01, every 1y)",
			"t-never: OPS - Never has never been attested (every 6m for a team)",
			"sp-csv: OPS - Csv was due for attestation on 2026-11-01 (last attested 2025-11-01 by b@x, every 1y)",
		},
		"item-attestation-due": {
			"sp-tender: FIN - Tender is due for attestation on 2026-11-30 (last attested 2026-09-01 by b@x, every 90d for confidential items)",
		},
		"item-attested-unneeded": {
			"sp-done: OPS - Done is still active, but its owners attested on 2026-11-01 by b@x that it is no longer needed",
		},
		"item-attested-drift": {
			"sp-tender: sharing widened since attested on 2026-09-01 by b@x: the owners confirmed existing-guests, its files are now shared with anyone (anonymous links): /Offer.docx (pulled 2026-11-24)",
			"t-ops: sharing widened since attested on 2026-10-01 by a@x: the owners confirmed no external sharing, the team now has 1 guest (pulled 2026-11-24)",
			"t-ops: owners changed since attested on 2026-10-01 by a@x: c@x added; b@x removed (pulled 2026-11-24)",
			"t-ops: members grew since attested on 2026-10-01 by a@x: the owners confirmed 2, the team now has 3 (pulled 2026-11-24)",
			"conf-fin: sharing widened since attested on 2026-10-01 by a@x: the owners confirmed disabled, space FIN now lets anyone in without signing in (pulled 2026-11-24)",
			// a is the login name of a@x; g administers through a group.
			"conf-fin: owners changed since attested on 2026-10-01 by a@x: e@x added; b@x removed (pulled 2026-11-24)",
		},
	}
	wantFindings(t, report, want, true)
	for _, f := range report.ForRule("item-attestation-overdue") {
		if (f.Accepted != nil) != (f.Subject == "sp-old") {
			t.Errorf("%s: accepted %v; only sp-old's finding is waived", f.Subject, f.Accepted)
		}
		if f.Subject == "sp-csv" && f.Location() != "inventory/sites.csv:2" {
			t.Errorf("the CSV item's finding is at %s, want its row", f.Location())
		}
		if f.Subject == "sp-a" && f.Location() != "inventory/items.yaml:5" {
			t.Errorf("sp-a's finding is at %s, want its attested key", f.Location())
		}
	}
}

// TestAttestationOptional: without audit.attestation no item is due, and
// an item's attested: is read and shown but judged by no rule.
func TestAttestationOptional(t *testing.T) {
	got, text := ruleFindings(t, "item-attestation-overdue", map[string]string{
		"content/p.md":     "---\ntitle: P\nowner: o\nreviewed: 2026-11-01\nreview_interval: 1y\n---\n",
		"inventory/a.yaml": "- {id: sp-old, kind: sharepoint-site, name: OPS - Old, owners: [a@x, b@x], created: 2020-01-01, attested: 2021-01-01}\n",
	})
	if len(got) != 0 {
		t.Errorf("attestations judged without a policy:\n%s", text)
	}
}
