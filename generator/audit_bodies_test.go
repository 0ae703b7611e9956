package generator

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/markdown"
)

// TestRulesReadBodiesAsTheySay checks each rule's ReadsBodies, from which
// serve picks the rules to run again after an edit to page bodies only
// (audit.BodyRules): a rule that says it does not read bodies finds the
// same with every page's body emptied, and one that says it does finds
// otherwise in one of the projects, the example (which breaks nearly
// every rule once) and a page with markup the converter cannot read.
func TestRulesReadBodiesAsTheySay(t *testing.T) {
	projects := []string{"..", testsite.Write(t, map[string]string{
		"content/_index.md": "Home, see [the tip](tip.md).\n",
		"content/tip.md":    "---\ntitle: Tip\n---\nText.\n\n:::tip\nNever closed.\n",
		"inventory/hr.yaml": "- {id: hr, kind: team, name: HR, owners: [a@example.org, b@example.org]}\n",
	})}
	changed := map[string]bool{}
	for _, dir := range projects {
		full, emptied := auditFindings(t, dir, false), auditFindings(t, dir, true)
		for _, r := range audit.Rules {
			same := slices.Equal(full[r.ID], emptied[r.ID])
			if !r.ReadsBodies && !same {
				t.Errorf("%s: %s does not say it reads page bodies, but with the bodies emptied it finds\n%q\ninstead of\n%q", dir, r.ID, emptied[r.ID], full[r.ID])
			}
			changed[r.ID] = changed[r.ID] || !same
		}
	}
	for _, r := range audit.Rules {
		if r.ReadsBodies && !changed[r.ID] {
			t.Errorf("%s says it reads page bodies, but finds the same with them emptied in every project", r.ID)
		}
	}
}

// auditFindings audits the project in dir, with every page's body
// emptied before conversion when empty is set, and returns each rule's
// findings as sorted lines.
func auditFindings(t *testing.T, dir string, empty bool) map[string][]string {
	t.Helper()
	m, diags, err := load(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "0123abc", Force: true})
	if err != nil || m == nil {
		t.Fatalf("%s: %v %v", dir, err, diags)
	}
	if empty {
		for _, p := range m.site.Pages {
			p.Body, p.Spans = nil, nil
		}
	}
	analyzed, _ := m.site.Analyze(markdown.New())
	out := map[string][]string{}
	for _, f := range audit.Run(analyzed, m.cfg.Audit).Findings {
		out[f.Rule] = append(out[f.Rule], fmt.Sprintf("%s:%d: %s", f.Path, f.Line, f.Message))
	}
	for _, lines := range out {
		slices.Sort(lines)
	}
	return out
}
