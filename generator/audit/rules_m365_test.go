package audit_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

func TestM365Rules(t *testing.T) {
	staff := func(upn string) pulldata.Person { return pulldata.Person{Name: upn, UPN: upn} }
	snap := pulldata.M365{
		Teams: []pulldata.Team{
			{ID: "g1", Name: "OPS - Planning", Visibility: "Private", Owners: []pulldata.Person{staff("a@x"), staff("b@x")}},
			{ID: "g2", Name: "HR - Salaries", Visibility: "Public", Owners: []pulldata.Person{staff("a@x")}, Guests: 2},
			{ID: "g3", Name: "PRJ - Old", Visibility: "Private", Owners: []pulldata.Person{{UPN: "gone@x", Disabled: true}, {UPN: "ext#EXT#@x", Guest: true}}, Archived: true},
			{ID: "g4", Name: "Nobody's", Visibility: "Private"},
		},
		Sites: []pulldata.Site{
			{ID: "s1", Name: "HR - Hub", URL: "https://x.sharepoint.com/sites/hr-hub", ExternalSharing: "anyone", SharedItems: []pulldata.SharedItem{
				{Drive: "Documents", Path: "/Contracts/Carrier.docx", Links: []pulldata.SharingLink{{Scope: "anonymous", Type: "view"}}},
				{Drive: "Documents", Path: "/Payroll", External: []string{"auditor@kpmg.example"}},
			}},
			{ID: "s4", Name: "OPS - Planning", URL: "https://x.sharepoint.com/sites/ops", ExternalSharing: "existing-guests", SharedItems: []pulldata.SharedItem{
				{Drive: "Documents", Path: "/Week 48.xlsx", External: []string{"carrier@partner.example"}},
			}},
			{ID: "s2", Name: "Shadow site", URL: "https://x.sharepoint.com/sites/shadow"},
			{ID: "s3", Name: "Jan's OneDrive", URL: "https://x-my.sharepoint.com/personal/jan_x"},
		},
		Sharing: &pulldata.TenantSharing{Capability: "externalUserAndGuestSharing"},
	}
	dir := testsite.Write(t, map[string]string{
		"content/p.md": "---\ntitle: P\nowner: o\nreviewed: 2026-11-01\nreview_interval: 1y\nitems: [t-ops, t-hr, t-old, t-gone, sp-hr, sp-lost]\n---\n",
		"inventory/teams.yaml": "- {id: t-ops, kind: team, name: OPS - Planning, owners: [a@x, c@x], sensitivity: internal}\n" +
			"- {id: t-hr, kind: team, name: HR - Salaries, owners: [a@x, d@x], sensitivity: confidential, external_sharing: disabled}\n" +
			"- {id: t-old, kind: team, name: PRJ - Old, owners: [gone@x, e@x], sensitivity: internal, group_id: g3}\n" +
			"- {id: t-gone, kind: team, name: Gone, owners: [a@x, b@x]}\n" +
			"- {id: sp-hr, kind: sharepoint-site, name: HR - Hub, url: 'https://x.sharepoint.com/sites/HR-Hub/', owners: [a@x, b@x], external_sharing: existing-guests}\n" +
			"- {id: sp-ops, kind: sharepoint-site, name: OPS - Planning, url: 'https://x.sharepoint.com/sites/ops', owners: [a@x, b@x], external_sharing: existing-guests}\n" +
			"- {id: sp-lost, kind: sharepoint-site, name: Lost, url: 'https://x.sharepoint.com/sites/lost', owners: [a@x, b@x]}\n",
		"handbook.yaml": "audit:\n  sharing_by_sensitivity: {public: new-and-existing-guests, internal: existing-guests, confidential: disabled, secret: disabled}\n",
	})
	env := pulldata.Envelope{Source: "m365", Type: "m365", TakenAt: now, Handbook: "test"}
	if err := pull.WriteSnapshot(filepath.Join(dir, "data", "snapshots", "m365.json"), env, snap); err != nil {
		t.Fatal(err)
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: dir, Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	want := map[string][]string{
		"team-owners":              {"t-hr: team HR - Salaries has 1 owner on the platform", "g4: team Nobody's has no owner"},
		"team-owner-unfit":         {"t-old: owner gone@x of team PRJ - Old has a disabled account", "t-old: owner ext#EXT#@x of team PRJ - Old is a guest"},
		"team-guests":              {"t-hr: team HR - Salaries has 2 guests but is confidential"},
		"team-public-confidential": {"t-hr: team HR - Salaries is public on the platform but declared confidential"},
		"drift-owners": {"t-ops: declared owner c@x is not an owner", "t-ops: b@x owns the team on the platform but is not a declared owner",
			"t-hr: declared owner d@x is not an owner", "t-old: declared owner e@x is not an owner", "t-old: ext#ext#@x owns the team"},
		"drift-sharing": {"t-hr: team HR - Salaries is declared without external sharing but has 2 guests on the platform",
			"sp-hr: site HR - Hub declares external_sharing: existing-guests but its files are shared with anyone (anonymous links): /Contracts/Carrier.docx (pulled"},
		"drift-status":        {"t-old: declared active but the team is archived on the platform"},
		"tenant-sharing":      {"m365: the tenant allows externalUserAndGuestSharing (anyone); the policy allows at most new-and-existing-guests"},
		"undeclared":          {"g4: team Nobody's is not in the inventory", "https://x.sharepoint.com/sites/shadow: site Shadow site (https://x.sharepoint.com/sites/shadow) is not in the inventory"},
		"missing-on-platform": {"t-gone: team Gone is not among the teams", "sp-lost: site Lost (https://x.sharepoint.com/sites/lost) is not among the sites"},
	}
	wantFindings(t, report, want, false)
	if n := len(report.ForRule("drift-status")); n != 1 {
		t.Errorf("drift-status: %d findings, want 1", n)
	}
	if n := len(report.ForRule("drift-sharing")); n != 2 {
		t.Errorf("drift-sharing: %d findings, want 2 (guests on a site declared existing-guests are no drift)", n)
	}
	for _, rule := range []string{"undeclared", "missing-on-platform"} {
		for _, f := range report.ForRule(rule) {
			if strings.Contains(f.Message, "x-my.sharepoint.com") || f.Subject == "sp-hr" {
				t.Errorf("%s reports a personal site or a declared one: %s", rule, f.Message)
			}
		}
	}
}

// TestM365RulesSkipUnreadTeams: a team whose details the pull could not
// read (its Error: deleted, access denied) has unknown owners, not none;
// no rule judges them, and the team still counts as found.
func TestM365RulesSkipUnreadTeams(t *testing.T) {
	snap := pulldata.M365{Teams: []pulldata.Team{
		{ID: "g5", Name: "SALES - Benelux", Visibility: "Private", Owners: []pulldata.Person{}, Members: []pulldata.Person{},
			Error: "m365: GET https://graph.microsoft.com/v1.0/teams/g5: 404 Not Found"},
	}}
	dir := testsite.Write(t, map[string]string{
		"content/p.md":         "---\ntitle: P\nowner: o\nreviewed: 2026-11-01\nreview_interval: 1y\nitems: [t-sales]\n---\n",
		"inventory/teams.yaml": "- {id: t-sales, kind: team, name: SALES - Benelux, owners: [a@x, b@x], sensitivity: internal, status: archived, group_id: g5}\n",
	})
	env := pulldata.Envelope{Source: "m365", Type: "m365", TakenAt: now, Handbook: "test"}
	if err := pull.WriteSnapshot(filepath.Join(dir, "data", "snapshots", "m365.json"), env, snap); err != nil {
		t.Fatal(err)
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: dir, Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	for _, rule := range []string{"team-owners", "team-owner-unfit", "drift-owners", "drift-status", "missing-on-platform", "undeclared"} {
		for _, f := range report.ForRule(rule) {
			t.Errorf("%s judged a team it could not read: %s", rule, f.Message)
		}
	}
}
