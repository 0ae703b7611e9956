package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/handbook-dev/handbook/generator/audit"
)

// TestGoldenExampleAudit pins the findings of the bundled example manual
// and its inventory: each item, page and record rule is broken once
// there on purpose.
func TestGoldenExampleAudit(t *testing.T) {
	report, diags, err := Audit(context.Background(), Options{Dir: "..", Now: fixedNow, SourceCommit: "0123abc"})
	if err != nil {
		t.Fatalf("%v: %v", err, diags)
	}
	var got bytes.Buffer
	if err := report.WriteJSON(&got, audit.Meta{Generator: "handbook"}); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden", "example-audit.json")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -update)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("the example's audit differs from %s; if intended, run go test ./generator -update\n%s", golden, got.String())
	}
	rules := map[string]int{}
	for _, f := range report.Findings {
		if f.Accepted == nil {
			rules[f.Rule]++
		}
	}
	for _, r := range []string{"item-no-owner", "item-min-owners", "item-naming", "item-inactive", "item-parent", "item-retired-active", "item-unnamed",
		"page-review-overdue", "page-review-due", "page-no-owner", "page-no-review-date", "page-broken-link", "page-orphan", "page-duplicate-title", "waiver-expired",
		"incident-open", "change-no-rollback", "change-no-approval", "runbook-sections"} {
		if rules[r] != 1 {
			t.Errorf("the example should break %s exactly once, found %d", r, rules[r])
		}
	}
}
