package generator

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

// breaksRule holds, for every rule the build also reports, a page that
// breaks it once at content/p.md:line, and the rule's documented
// severity: a warning, so that a build passes and --strict fails.
var breaksRule = map[string]struct {
	page     string
	line     int
	severity string
}{
	"page-broken-link": {"---\ntitle: P\n---\nSee [x](missing.md).\n", 4, "warning"},
	"page-markup":      {"---\ntitle: P\n---\nText.\n\n:::tip\nNever closed.\n", 6, "warning"},
}

// TestBuildAndAuditSeverity checks that every finding the build prints
// for an audit rule has the severity handbook audit gives it, by
// default and with each severity audit.severity in handbook.yaml can
// set, and that audit.disable silences both.
func TestBuildAndAuditSeverity(t *testing.T) {
	for _, id := range audit.BuildRules {
		if audit.RuleByID(id) == nil {
			t.Errorf("audit.BuildRules names %s, which is no rule", id)
		}
		fixture, ok := breaksRule[id]
		if !ok {
			t.Errorf("no page breaks %s: add one to breaksRule", id)
			continue
		}
		policies := []struct {
			yaml string
			want string // the severity both report; "" for no finding
		}{
			{"", fixture.severity},
			{"severity: {" + id + ": error}", "error"},
			{"severity: {" + id + ": warning}", "warning"},
			{"severity: {" + id + ": info}", "info"},
			{"disable: [" + id + "]", ""},
		}
		for _, policy := range policies {
			t.Run(id+" "+policy.yaml, func(t *testing.T) {
				files := map[string]string{"content/_index.md": "---\ntitle: Home\n---\n[p](p.md)\n", "content/p.md": fixture.page}
				if policy.yaml != "" {
					files["handbook.yaml"] = "audit:\n  " + policy.yaml + "\n"
				}
				dir := testsite.Write(t, files)
				report, diags, err := Audit(context.Background(), Options{Dir: dir, Now: fixedNow})
				if err != nil {
					t.Fatalf("audit: %v %v", err, diags)
				}
				var audited, built []string
				for _, f := range report.ForRule(id) {
					audited = append(audited, fmt.Sprintf("%s:%d %s", f.Path, f.Line, printed(f.Severity)))
				}
				res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow, NoCache: true})
				if res == nil {
					t.Fatalf("build: %v", err)
				}
				for _, d := range res.Diagnostics {
					if d.Path == "content/p.md" && d.Line == fixture.line {
						built = append(built, fmt.Sprintf("%s:%d %s", d.Path, d.Line, d.Severity))
					}
				}
				if !slices.Equal(built, audited) {
					t.Errorf("the build printed %q, the audit reported %q", built, audited)
				}
				var want []string
				if sev, ok := audit.ParseSeverity(policy.want); ok {
					want = []string{fmt.Sprintf("content/p.md:%d %s", fixture.line, printed(sev))}
				}
				if !slices.Equal(audited, want) {
					t.Errorf("the audit reported %q, want %q", audited, want)
				}
				if failed := err != nil; failed != (policy.want == "error") {
					t.Errorf("build error %v with the rule's severity %q", err, policy.want)
				}
			})
		}
	}
}

// printed is how the build prints a finding of severity s.
func printed(s audit.Severity) diag.Severity {
	switch s {
	case audit.Error:
		return diag.Error
	case audit.Warning:
		return diag.Warning
	}
	return diag.Note
}
