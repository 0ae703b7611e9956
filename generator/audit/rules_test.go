package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

var now = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// project writes a site project: a home page plus the given files.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	all := map[string]string{"content/_index.md": "---\ntitle: Home\n---\nHome.\n"}
	for k, v := range files {
		all[k] = v
	}
	return testsite.Write(t, all)
}

// page returns a clean procedure page with extra front matter lines.
func page(extra string) string {
	return "---\ntitle: P\nowner: ops@x\nreviewed: 2026-11-01\nreview_interval: 1y\n" + extra + "---\nBody.\n"
}

// item returns a clean inventory file with one item, its fields overridden.
func item(fields string) string {
	base := map[string]string{"id": "a", "kind": "team", "name": "OPS-A", "owners": "[x@x, y@x]", "status": "active", "last_activity": "2026-11-01", "sensitivity": "internal", "external_sharing": "disabled"}
	for _, f := range strings.Split(fields, ";") {
		if k, v, ok := strings.Cut(f, "="); ok {
			base[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	var b strings.Builder
	b.WriteString("items:\n  -")
	for _, k := range []string{"id", "kind", "name", "owners", "status", "last_activity", "sensitivity", "external_sharing", "members", "parent"} {
		if v, ok := base[k]; ok && v != "" {
			b.WriteString(" " + k + ": " + v + "\n   ")
		}
	}
	return b.String()
}

const named = "content/p.md"

func TestRules(t *testing.T) {
	clean := map[string]string{named: page("items: [a]\n"), "inventory/a.yaml": item("")}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range clean {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		rule  string
		files map[string]string
		want  string // "" means the rule must find nothing
	}{
		{"page-review-overdue", clean, ""},
		{"page-review-overdue", with(named, "---\ntitle: P\nowner: o\nreviewed: 2025-01-01\nreview_interval: 6m\nitems: [a]\n---\n"), "content/p.md:4: P was due for review on 2025-07-01"},
		{"page-review-due", clean, ""},
		{"page-review-due", with(named, "---\ntitle: P\nowner: o\nreviewed: 2026-06-01\nreview_interval: 6m\nitems: [a]\n---\n"), "P is due for review on 2026-12-01"},
		{"page-no-owner", clean, ""},
		{"page-no-owner", with(named, "---\ntitle: P\nreviewed: 2026-11-01\nitems: [a]\n---\n"), "content/p.md:1: P has no owner"},
		{"page-no-review-date", clean, ""},
		{"page-no-review-date", with(named, "---\ntitle: P\nowner: o\nitems: [a]\n---\n"), "P has no reviewed date"},
		{"page-broken-link", with("content/q.md", page("")+"[p](p.md#body)\n"), "heading #body"},
		{"page-broken-link", with("content/q.md", page("")+"\n[x](missing.md)\n"), "content/q.md:9: P: link to missing.md: no such page"},
		{"page-orphan", with("content/_index.md", "[p](p.md)\n"), ""},
		{"page-orphan", clean, "P is linked from no other page"},
		{"page-duplicate-title", clean, ""},
		{"page-duplicate-title", with("content/q.md", page("")), "content/q.md:2: P has the same title as content/p.md"},
		{"item-no-owner", clean, ""},
		{"item-no-owner", with("inventory/a.yaml", item("owners=[]")), "inventory/a.yaml:5: OPS-A has no owner"},
		{"item-min-owners", clean, ""},
		{"item-min-owners", with("inventory/a.yaml", item("owners=[x@x]")), "OPS-A has 1 owner; the policy asks for at least 2"},
		{"item-external-sharing", with("inventory/a.yaml", item("sensitivity=public;external_sharing=anyone")), ""},
		{"item-external-sharing", with("inventory/a.yaml", item("sensitivity=confidential;external_sharing=existing-guests")), "OPS-A is confidential but shared with existing-guests; confidential content allows at most disabled"},
		{"item-naming", with("handbook.yaml", "audit:\n  naming:\n    team: '^OPS-'\n"), ""},
		{"item-naming", with("handbook.yaml", "audit:\n  naming:\n    team: '^HR-'\n"), `name "OPS-A" does not follow the team naming convention ^HR-`},
		{"item-inactive", clean, ""},
		{"item-inactive", with("inventory/a.yaml", item("last_activity=2026-01-01")), "OPS-A is active but has had no activity for 327 days"},
		{"item-inactive", with("inventory/a.yaml", item("last_activity=2026-01-01;status=archived")), ""},
		{"item-parent", with("inventory/a.yaml", item("")+"\n  - {id: c, kind: channel, name: C, parent: a, owners: [x, y]}\n"), ""},
		{"item-parent", with("inventory/a.yaml", item("")+"\n  - {id: s, kind: sharepoint-site, name: S, owners: [x, y]}\n  - {id: c, kind: channel, name: C, parent: s, owners: [x, y]}\n"), "C (channel) has parent s, a sharepoint-site; a channel's parent must be a team"},
		{"item-parent", with("inventory/a.yaml", item("")+"\n  - {id: c, kind: channel, name: C, owners: [x, y]}\n"), "C is a channel without a parent"},
		{"item-retired-active", with("inventory/a.yaml", item("status=retired;members=0")), ""},
		{"item-retired-active", with("inventory/a.yaml", item("status=retired;members=12")), "OPS-A is retired but still has 12 members"},
		{"item-retired-active", with("inventory/a.yaml", item("status=retired;sensitivity=public;external_sharing=anyone")), "OPS-A is retired but still shared externally (anyone)"},
		{"item-unnamed", clean, ""},
		{"item-unnamed", with(named, page("")), "no procedure names OPS-A"},
	}
	for _, tt := range tests {
		name := tt.rule + "/pass"
		if tt.want != "" {
			name = tt.rule + "/fail"
		}
		t.Run(name, func(t *testing.T) {
			got, text := ruleFindings(t, tt.rule, tt.files)
			if tt.want == "" && len(got) > 0 {
				t.Errorf("unexpected findings:\n%s", text)
			}
			if tt.want != "" && !strings.Contains(text, tt.want) {
				t.Errorf("want %q, got:\n%s", tt.want, text)
			}
		})
	}
}

func TestWaivers(t *testing.T) {
	files := map[string]string{
		named:              page("items: [a, b]\n"),
		"inventory/a.yaml": item("owners=[x@x]") + "\n  - {id: b, kind: team, name: OPS-B, owners: [x@x], sensitivity: internal, external_sharing: anyone}\n",
		"handbook.yaml": `audit:
  waivers:
    - {rule: item-min-owners, subject: a, reason: "one-person team until Q1", accepted_by: cio@x, expires: 2027-03-31}
    - {rule: item-external-sharing, subject: b, reason: "supplier portal", accepted_by: ciso@x, expires: 2026-06-30}
    - {rule: item-naming, subject: a, reason: "legacy", accepted_by: cio@x, expires: 2027-01-01}
`,
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: project(t, files), Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	var accepted, expired, unused, openSharing int
	for _, f := range report.Findings {
		switch {
		case f.Rule == "item-min-owners" && f.Subject == "a":
			if f.Accepted == nil || f.Accepted.AcceptedBy != "cio@x" {
				t.Errorf("min-owners on a not accepted: %+v", f)
			}
			accepted++
		case f.Rule == "item-external-sharing" && f.Subject == "b":
			if f.Accepted != nil {
				t.Errorf("an expired waiver accepted a finding")
			}
			openSharing++
		case f.Rule == "waiver-expired":
			if f.Location() != "handbook.yaml:4" || !strings.Contains(f.Message, "expired on 2026-06-30") {
				t.Errorf("expired waiver finding = %s: %s", f.Location(), f.Message)
			}
			expired++
		case f.Rule == "waiver-unused":
			unused++
		}
	}
	if accepted != 1 || expired != 1 || unused != 1 || openSharing != 1 {
		t.Errorf("accepted %d, expired %d, unused %d, open sharing %d; want 1 each", accepted, expired, unused, openSharing)
	}
	_, _, _, acc := report.Counts()
	if acc != 1 {
		t.Errorf("Counts accepted = %d", acc)
	}
}

func TestPolicyErrors(t *testing.T) {
	tests := []struct{ yaml, want string }{
		{"audit:\n  naming:\n    team: '(['\n", "handbook.yaml:3:11: naming.team: not a valid regular expression"},
		{"audit:\n  min_owner: 2\n", `handbook.yaml:2:3: unknown key "audit.min_owner"`},
		{"audit:\n  severity:\n    item-naming: fatal\n", "handbook.yaml:3:18: severity.item-naming must be one of: error, warning, info"},
		{"audit:\n  waivers:\n    - {rule: x, subject: y}\n", "handbook.yaml:3:1: a waiver needs rule, subject, reason, accepted_by and expires"},
		{"audit:\n  sharing_by_sensitivity:\n    secret: nobody\n", `handbook.yaml:3:13: sharing_by_sensitivity.secret: "nobody" is not one of`},
	}
	for _, tt := range tests {
		_, diags, err := generator.Audit(context.Background(), generator.Options{Dir: project(t, map[string]string{"handbook.yaml": tt.yaml}), Now: now})
		if err == nil || len(diags) == 0 || !strings.Contains(diags[0].String(), tt.want) {
			t.Errorf("%q: err %v, diagnostics %v; want %q", tt.yaml, err, diags, tt.want)
		}
	}
}

func TestSeverityOverrideAndDisable(t *testing.T) {
	files := map[string]string{named: page(""), "inventory/a.yaml": item(""), "handbook.yaml": "audit:\n  severity:\n    item-unnamed: error\n  disable: [page-orphan]\n"}
	report, _, err := generator.Audit(context.Background(), generator.Options{Dir: project(t, files), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if f := report.ForRule("item-unnamed"); len(f) != 1 || f[0].Severity != audit.Error {
		t.Errorf("item-unnamed = %+v", f)
	}
	if len(report.ForRule("page-orphan")) != 0 {
		t.Error("a disabled rule ran")
	}
}

// wantFindings checks that each rule found the messages given, written
// as "subject: message" or "severity: message" substrings: exactly that
// many findings when exact, or at least them.
func wantFindings(t *testing.T, report *audit.Report, want map[string][]string, exact bool) {
	t.Helper()
	for rule, msgs := range want {
		var got, lines []string
		for _, f := range report.ForRule(rule) {
			got = append(got, f.Message)
			lines = append(lines, f.Subject+": "+f.Message, f.Severity.String()+": "+f.Message)
		}
		text := strings.Join(lines, "\n")
		if exact && len(got) != len(msgs) {
			t.Errorf("%s: %d findings, want %d:\n%s", rule, len(got), len(msgs), text)
		}
		for _, m := range msgs {
			if !strings.Contains(text, m) {
				t.Errorf("%s: missing %q in\n%s", rule, m, text)
			}
		}
	}
}

// ruleFindings audits a project made of files and returns the findings
// of rule as "path:line: message", and joined by newlines.
func ruleFindings(t *testing.T, rule string, files map[string]string) ([]string, string) {
	t.Helper()
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: project(t, files), Now: now})
	if err != nil {
		t.Fatalf("%v: %v", err, diags)
	}
	var got []string
	for _, f := range report.ForRule(rule) {
		got = append(got, f.Location()+": "+f.Message)
	}
	return got, strings.Join(got, "\n")
}
