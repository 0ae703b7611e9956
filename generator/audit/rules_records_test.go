package audit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator"
)

// incident and change return record pages with the given front matter
// lines and body.
func incident(fm, body string) string {
	return "---\ntitle: I\nowner: ops@x\nkind: incident\nseverity: SEV2\n" + fm + "---\n" + body
}

func change(fm, body string) string {
	return "---\ntitle: C\nowner: ops@x\nkind: change\n" + fm + "---\n" + body
}

// request returns a provider request to HostNed with the given front
// matter lines, and providers the inventory that declares HostNed.
func request(fm string) string {
	return "---\ntitle: Q\nowner: ops@x\nkind: request\nprovider: hostned\n" + fm + "---\n"
}

const providers = `- id: hostned
  kind: provider
  name: HostNed
  owners: [a, b]
  sla:
    P1: 15m/4h
    P3: {response: 4h, resolution: 3d, hours: "Mon-Fri 08:00-18:00"}
    P4: 1d/ @ Mon-Fri 08:00-18:00
  escalation: [call the duty manager]
`

const runbookBody = "## Prerequisites\n\nA.\n\n## Steps\n\n1. B.\n\n## Verification\n\nC.\n\n## Rollback\n\nD.\n"

func TestRecordRules(t *testing.T) {
	inv := "- {id: hr, kind: sharepoint-site, name: HR, owners: [a, b], sensitivity: secret}\n" +
		"- {id: web, kind: website, name: Web, owners: [a, b], sensitivity: public}\n"
	tests := []struct {
		name  string
		rule  string
		files map[string]string
		want  string // "" means the rule must find nothing
	}{
		{"resolved incident", "incident-open", map[string]string{"content/i.md": incident("started: 2026-10-01 08:00\nresolved: 2026-10-01 09:00\n", "")}, ""},
		{"open for less than the policy allows", "incident-open", map[string]string{"content/i.md": incident("started: 2026-11-20 08:00\nstatus: investigating\n", "")}, ""},
		{"open for longer", "incident-open", map[string]string{"content/i.md": incident("started: 2026-11-10 08:00\nstatus: investigating\n", "")},
			"content/i.md:7: I has been open for 13 days (since 2026-11-10, status investigating); the policy allows 7"},
		{"open without status points at started", "incident-open", map[string]string{"content/i.md": incident("started: 2026-11-01\n", "")}, "content/i.md:6: I has been open for 23 days"},
		{"policy allows longer", "incident-open", map[string]string{"content/i.md": incident("started: 2026-11-10 08:00\n", ""), "handbook.yaml": "audit:\n  incident_open_days: 30\n"}, ""},

		{"rollback section", "change-no-rollback", map[string]string{"content/c.md": change("planned: 2026-12-01\n", "## Rollback (webshop)\n\nSwitch back.\n")}, ""},
		{"rollback field", "change-no-rollback", map[string]string{"content/c.md": change("planned: 2026-12-01\nrollback: Switch the symlink back.\n", "")}, ""},
		{"cancelled change needs none", "change-no-rollback", map[string]string{"content/c.md": change("planned: 2026-12-01\nstatus: cancelled\n", "")}, ""},
		{"no rollback", "change-no-rollback", map[string]string{"content/c.md": change("planned: 2026-12-01\n", "## Rollbacks are hard\n\nA word that only starts with Rollback.\n")},
			"content/c.md:4: C has no rollback section and no rollback: field"},

		{"approved change of a secret item", "change-no-approval", map[string]string{"content/c.md": change("done: 2026-11-01\napproved_by: ciso@x\nitems: [hr]\n", ""), "inventory/i.yaml": inv}, ""},
		{"planned change needs no approval yet", "change-no-approval", map[string]string{"content/c.md": change("planned: 2026-12-01\nitems: [hr]\n", ""), "inventory/i.yaml": inv}, ""},
		{"public item needs none", "change-no-approval", map[string]string{"content/c.md": change("done: 2026-11-01\nitems: [web]\n", ""), "inventory/i.yaml": inv}, ""},
		{"done without approval", "change-no-approval", map[string]string{"content/c.md": change("done: 2026-11-01 16:20\nitems: [web, hr]\n", ""), "inventory/i.yaml": inv},
			"content/c.md:5: C was made on 2026-11-01 without approval, though it changes hr (secret); the policy requires approved_by: for changes to confidential or secret items"},
		{"rolled back without approval", "change-no-approval", map[string]string{"content/c.md": change("done: 2026-11-01\nstatus: rolled-back\nitems: [hr]\n", ""), "inventory/i.yaml": inv}, "C was made on 2026-11-01 without approval"},
		{"policy without secret", "change-no-approval", map[string]string{"content/c.md": change("done: 2026-11-01\nitems: [hr]\n", ""), "inventory/i.yaml": inv, "handbook.yaml": "audit:\n  change_approval_sensitivities: [confidential]\n"}, ""},

		// Now is Tuesday 2026-11-24 00:00. HostNed's P1 counts around the
		// clock, its P3 in working hours, Mon-Fri 08:00-18:00.
		{"unanswered past the response time", "request-past-sla", map[string]string{"content/q.md": request("priority: P1\nopened: 2026-11-23 23:30\n"), "inventory/i.yaml": providers},
			"content/q.md:7: Q (HostNed P1, opened 2026-11-23 23:30) has had no answer for 30 min; the SLA's response time is 15m; escalate: call the duty manager"},
		{"answered, within the resolution time", "request-past-sla", map[string]string{"content/q.md": request("priority: P1\nopened: 2026-11-23 22:00\nanswered: 2026-11-23 22:10\n"), "inventory/i.yaml": providers}, ""},
		{"answered, past the resolution time", "request-past-sla", map[string]string{"content/q.md": request("priority: P1\nprovider_ticket: HN-9\nopened: 2026-11-23 19:00\nanswered: 2026-11-23 19:05\n"), "inventory/i.yaml": providers},
			"content/q.md:8: Q (HostNed P1 HN-9, opened 2026-11-23 19:00) has been open for 5 h; the SLA's resolution time is 4h"},
		{"the weekend does not count", "request-past-sla", map[string]string{"content/q.md": request("priority: P3\nopened: 2026-11-20 16:00\nanswered: 2026-11-20 17:00\n"), "inventory/i.yaml": providers}, ""},
		{"working days count", "request-past-sla", map[string]string{"content/q.md": request("priority: P3\nopened: 2026-11-18 08:00\nanswered: 2026-11-18 09:00\n"), "inventory/i.yaml": providers},
			"has been open for 4 d in its working hours (Mon-Fri 08:00-18:00, a day of 10 h); the SLA's resolution time is 3d"},
		{"closed late is history, not open", "request-past-sla", map[string]string{"content/q.md": request("priority: P1\nopened: 2026-11-01 07:00\nanswered: 2026-11-01 09:00\nclosed: 2026-11-03\n"), "inventory/i.yaml": providers}, ""},
		{"cancelled", "request-past-sla", map[string]string{"content/q.md": request("priority: P1\nopened: 2026-11-01 07:00\nclosed: 2026-11-01 08:00\nstatus: cancelled\n"), "inventory/i.yaml": providers}, ""},
		{"no target for the priority", "request-past-sla", map[string]string{"content/q.md": request("priority: P4\nopened: 2026-10-01 07:00\nanswered: 2026-10-01 08:00\n"), "inventory/i.yaml": providers}, ""},

		{"complete runbook", "runbook-sections", map[string]string{"content/r.md": "---\ntitle: R\nkind: runbook\n---\n" + runbookBody}, ""},
		{"sections with more words", "runbook-sections", map[string]string{"content/r.md": "---\ntitle: R\nkind: runbook\n---\n" + strings.ReplaceAll(runbookBody, "## Steps", "## Steps: handover")}, ""},
		{"a plain page needs none", "runbook-sections", map[string]string{"content/r.md": "---\ntitle: R\n---\nNo sections.\n"}, ""},
		{"missing sections", "runbook-sections", map[string]string{"content/r.md": "---\ntitle: R\nkind: runbook\n---\n## Steps\n\n1. A.\n\n### Verification\n\nB.\n"},
			"content/r.md:3: R lacks the runbook sections Prerequisites, Rollback"},
		{"from a cascade, at the title", "runbook-sections", map[string]string{"content/rb/_index.md": "---\ncascade: {kind: runbook}\n---\n", "content/rb/r.md": "---\nowner: o\ntitle: R\n---\n## Steps\n"},
			"content/rb/r.md:3: R lacks the runbook sections Prerequisites, Verification, Rollback"},
		{"policy names other sections", "runbook-sections", map[string]string{"content/r.md": "---\ntitle: R\nkind: runbook\n---\n## Symptoms\n\n## Steps\n", "handbook.yaml": "audit:\n  runbook_sections: [Symptoms, Steps]\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.rule+"/"+tt.name, func(t *testing.T) {
			got, text := ruleFindings(t, tt.rule, tt.files)
			if tt.want == "" && len(got) > 0 {
				t.Errorf("unexpected findings:\n%s", text)
			}
			if tt.want != "" && (len(got) != 1 || !strings.Contains(text, tt.want)) {
				t.Errorf("want one finding %q, got:\n%s", tt.want, text)
			}
		})
	}
}

// TestRecordsAreNotProcedures checks that records need no review date and
// no incoming link, and do not count as procedures naming an item.
func TestRecordsAreNotProcedures(t *testing.T) {
	files := map[string]string{
		"content/i.md":     incident("started: 2026-11-20 08:00\nresolved: 2026-11-20 09:00\nitems: [a]\n", ""),
		"inventory/a.yaml": item(""),
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: project(t, files), Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	for _, rule := range []string{"page-no-review-date", "page-orphan"} {
		if f := report.ForRule(rule); len(f) != 0 {
			t.Errorf("%s reported a record: %s", rule, f[0].Message)
		}
	}
	if f := report.ForRule("item-unnamed"); len(f) != 1 {
		t.Errorf("item-unnamed = %d findings, want 1: an incident is not a procedure", len(f))
	}
}

func TestRecordPolicyErrors(t *testing.T) {
	tests := []struct{ yaml, want string }{
		{"audit:\n  incident_open_days: -1\n", "handbook.yaml:2:23: incident_open_days may not be negative"},
		{"audit:\n  runbook_sections: {a: b}\n", "handbook.yaml:2:21: runbook_sections must be a list"},
		{"audit:\n  change_approval_sensitivities: {a: b}\n", "handbook.yaml:2:34: change_approval_sensitivities must be a list"},
	}
	for _, tt := range tests {
		_, diags, err := generator.Audit(context.Background(), generator.Options{Dir: project(t, map[string]string{"handbook.yaml": tt.yaml}), Now: now})
		if err == nil || len(diags) == 0 || !strings.Contains(diags[0].String(), tt.want) {
			t.Errorf("%q: err %v, diagnostics %v; want %q", tt.yaml, err, diags, tt.want)
		}
	}
}
