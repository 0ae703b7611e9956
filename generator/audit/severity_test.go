package audit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
)

func TestPolicySeverity(t *testing.T) {
	tests := []struct {
		name     string
		severity map[string]string
		disable  []string
		id       string
		want     string // "" when the rule is off
	}{
		{"the rule's own", nil, nil, "page-broken-link", "warning"},
		{"set by the policy", map[string]string{"page-broken-link": "error"}, nil, "page-broken-link", "error"},
		{"another rule set", map[string]string{"page-orphan": "error"}, nil, "page-broken-link", "warning"},
		{"disabled", nil, []string{"page-markup"}, "page-markup", ""},
		{"no such rule", nil, nil, "page-broken-lnk", ""},
		{"a waiver rule's own", nil, nil, "waiver-unused", "info"},
		{"a waiver rule set by the policy", map[string]string{"waiver-expired": "error"}, nil, "waiver-expired", "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := config.DefaultAudit()
			for k, v := range tt.severity {
				p.Severity[k] = v
			}
			p.Disable = tt.disable
			sev, on := audit.PolicySeverity(p, tt.id)
			got := ""
			if on {
				got = sev.String()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckPolicy(t *testing.T) {
	tests := []struct {
		name  string
		lines map[string]int
		want  []string
	}{
		{"known rules", map[string]int{"page-broken-link": 3, "item-unnamed": 5, "waiver-expired": 6}, nil},
		{"a misspelt rule", map[string]int{"page-broken-lnk": 3},
			[]string{`handbook.yaml:3: audit: no rule is called "page-broken-lnk"; did you mean "page-broken-link"?`}},
		{"no rule near", map[string]int{"links": 4},
			[]string{`handbook.yaml:4: audit: no rule is called "links"; the rules are: page-review-overdue, page-review-due,`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := config.DefaultAudit()
			p.RuleLines = tt.lines
			got := audit.CheckPolicy(p)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %q", got, tt.want)
			}
			for i, d := range got {
				if d.Severity != diag.Error || !strings.HasPrefix(d.String(), tt.want[i]) {
					t.Errorf("got %q, want %q", d.String(), tt.want[i])
				}
			}
		})
	}
}

// TestWaiverRulesByPolicy checks that the policy sets the severity of
// the waivers' rules, and turns them off, as any rule's.
func TestWaiverRulesByPolicy(t *testing.T) {
	files := map[string]string{
		named:              page("items: [a]\n"),
		"inventory/a.yaml": item(""),
		"handbook.yaml": `audit:
  severity: {waiver-expired: error}
  disable: [waiver-unused]
  waivers:
    - {rule: item-min-owners, subject: a, reason: "old", accepted_by: cio@x, expires: 2026-06-30}
    - {rule: item-naming, subject: a, reason: "legacy", accepted_by: cio@x, expires: 2027-01-01}
`,
	}
	report, diags, err := generator.Audit(context.Background(), generator.Options{Dir: project(t, files), Now: now})
	if err != nil {
		t.Fatal(err, diags)
	}
	expired := report.ForRule("waiver-expired")
	if len(expired) != 1 || expired[0].Severity != audit.Error {
		t.Errorf("waiver-expired findings %v, want one error", expired)
	}
	if unused := report.ForRule("waiver-unused"); len(unused) != 0 {
		t.Errorf("waiver-unused is disabled but reported %d findings", len(unused))
	}
}
