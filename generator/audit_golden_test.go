package generator

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/audit"
)

// TestGoldenExampleAudit pins the findings of the bundled example manual
// and its inventory: each item, page and record rule is broken once
// there on purpose.
func TestGoldenExampleAudit(t *testing.T) {
	// The English site's report: what the Dutch site adds comes from the
	// example's Git history (TestExampleTranslations).
	report, diags, err := Audit(context.Background(), Options{Dir: "..", Now: fixedNow, SourceCommit: "0123abc", Language: "en"})
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
		"incident-open", "change-no-rollback", "change-no-approval", "runbook-sections",
		"item-attestation-overdue", "item-attestation-due", "item-attested-unneeded", "item-attested-drift"} {
		if rules[r] != 1 {
			t.Errorf("the example should break %s exactly once, found %d", r, rules[r])
		}
	}
}

// TestExampleTranslations audits the example's Dutch site: its password
// policy is two commits behind the English source (the two commits after
// the one that made the translation), with the link to the word diff,
// and the guide on lost devices lacks the Dutch translation its section
// requires. Both come from the example's own Git history, which a
// shallow clone does not have.
func TestExampleTranslations(t *testing.T) {
	out, err := exec.Command("git", "-C", "..", "rev-parse", "--is-shallow-repository").Output()
	if err != nil || strings.TrimSpace(string(out)) != "false" {
		t.Skip("the example's history is not all here (outside Git or a shallow clone), so no translation can be behind")
	}
	// handbook audit without --language: the English site's findings and
	// what the Dutch site adds.
	report, diags, err := Audit(context.Background(), Options{Dir: "..", Now: fixedNow})
	if err != nil {
		t.Fatalf("%v: %v", err, diags)
	}
	english, _, err := Audit(context.Background(), Options{Dir: "..", Now: fixedNow, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(report.Findings), len(english.Findings)+2; got != want {
		t.Errorf("the whole manual's audit has %d findings, want the English site's %d and the two of the Dutch translations", got, want-2)
	}
	var stale, missing []*audit.Finding
	for _, f := range report.Findings {
		switch f.Rule {
		case "translation-stale":
			stale = append(stale, f)
		case "translation-missing":
			missing = append(missing, f)
		}
	}
	if len(stale) != 1 || stale[0].Path != "content/staff/password-policy.nl.md" ||
		!strings.Contains(stale[0].Message, "is 2 commits behind its source content/staff/password-policy.md") ||
		stale[0].URL != "audit/translations/staff/password-policy/" {
		for _, f := range stale {
			t.Logf("%s: %s (%s)", f.Path, f.Message, f.URL)
		}
		t.Errorf("the Dutch site's stale translations: %d, want the password policy two commits behind, linking its diff", len(stale))
	}
	if len(missing) != 1 || missing[0].Path != "content/staff/lost-or-stolen-device.md" {
		for _, f := range missing {
			t.Logf("%s: %s", f.Path, f.Message)
		}
		t.Errorf("the Dutch site's missing translations: %d, want the guide on lost devices", len(missing))
	}
}
