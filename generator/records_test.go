package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

// TestRecordErrors feeds each kind of bad record to the audit (which
// loads the project as a build does) and wants the error at the
// path:line:col a writer can jump to, with what to do about it.
func TestRecordErrors(t *testing.T) {
	inc := func(fm string) string { return "---\ntitle: I\nkind: incident\n" + fm + "---\nBody.\n" }
	chg := func(fm string) string { return "---\ntitle: C\nkind: change\n" + fm + "---\nBody.\n" }
	tests := []struct {
		name string
		page string
		want string
	}{
		{"misspelled kind", "---\ntitle: X\nkind: incidnet\n---\n", `content/x.md:3:7: kind "incidnet" is not a page kind; did you mean "incident"?`},
		{"unknown kind", "---\ntitle: X\nkind: report\n---\n", `content/x.md:3:7: kind "report" is not a page kind; use one of: page, runbook, incident, change`},
		{"kind as a list", "---\nkind: [incident]\n---\n", "content/x.md:2:7: kind must be text"},
		{"bad started", inc("started: yesterday\nseverity: SEV1\n"), `content/x.md:4:10: started must be a date, or a date and time, written as YYYY-MM-DD or YYYY-MM-DD HH:MM (for example 2026-11-03 07:42), found "yesterday"`},
		{"impossible date", inc("started: 2026-02-30 10:00\nseverity: SEV1\n"), "content/x.md:4:10: started must be a date"},
		{"resolved before started", inc("started: 2026-11-03 07:42\nresolved: 2026-11-03 07:00\nseverity: SEV1\n"), "content/x.md:5:11: resolved (2026-11-03 07:00) is before started (2026-11-03 07:42); check both times"},
		{"unknown severity", inc("started: 2026-11-03\nseverity: P1\n"), `content/x.md:5:11: severity "P1" is not a severity; use SEV1, SEV2, SEV3, SEV4 (or critical, high, medium, low)`},
		{"unknown status", inc("started: 2026-11-03\nseverity: SEV1\nstatus: fixed\n"), `content/x.md:6:9: "fixed" is not a status of an incident; use one of: open, investigating, mitigated, monitoring, resolved, closed`},
		{"resolved without resolved date", inc("started: 2026-11-03\nseverity: SEV1\nstatus: resolved\n"), "content/x.md:6:9: status is resolved but resolved: is missing"},
		{"open with resolved date", inc("started: 2026-11-03\nresolved: 2026-11-04\nseverity: SEV1\nstatus: investigating\n"), "content/x.md:7:9: status is investigating but resolved: is set"},
		{"incident without started", inc("severity: SEV1\n"), "content/x.md:3:1: an incident needs started: when it began, e.g. started: 2026-11-03 07:42 (kind: incident on this page)"},
		{"incident without severity", inc("started: 2026-11-03\n"), "content/x.md:3:1: an incident needs severity: one of SEV1, SEV2, SEV3, SEV4"},
		{"change field on an incident", inc("started: 2026-11-03\nseverity: SEV1\nrisk: low\n"), "content/x.md:6:7: risk is a field of change records, and this page is an incident (kind: incident on this page); remove it, or correct the kind"},
		{"unknown risk", chg("planned: 2026-12-01\nrisk: urgent\n"), `content/x.md:5:7: "urgent" is not a risk; use one of: low, medium, high`},
		{"bad planned", chg("planned: next Tuesday\n"), "content/x.md:4:10: planned must be a date"},
		{"change without dates", chg("risk: low\n"), "content/x.md:3:1: a change needs planned: (when it is to be made) or done: (when it was made)"},
		{"done without done date", chg("planned: 2026-12-01\nstatus: done\n"), "content/x.md:5:9: status is done but done: is missing"},
		{"planned with done date", chg("done: 2026-12-01\nstatus: planned\n"), "content/x.md:5:9: status is planned but done: is set"},
		{"unknown change status", chg("planned: 2026-12-01\nstatus: approved\n"), `content/x.md:5:9: "approved" is not a status of a change; use one of: planned, in-progress, done, rolled-back, cancelled`},
		{"incident field on a change", chg("planned: 2026-12-01\nseverity: SEV1\n"), "content/x.md:5:11: severity is a field of incident records, and this page is a change"},
		{"approved_by as a mapping", chg("done: 2026-12-01\napproved_by: {a: b}\n"), "content/x.md:5:14: approved_by must be a list"},
		{"cascade of another key", "---\ncascade: {owner: ops}\n---\n", `content/x.md:2:11: cascade: "owner" cannot be cascaded; a folder passes down only kind`},
		{"cascade of an unknown kind", "---\ncascade: {kind: log}\n---\n", `content/x.md:2:17: kind "log" is not a page kind`},
		{"cascade as text", "---\ncascade: incident\n---\n", "content/x.md:2:10: cascade must be a mapping such as {kind: incident}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testsite.Write(t, map[string]string{"content/_index.md": "Home.\n", "content/x.md": tt.page})
			_, diags, err := Audit(context.Background(), Options{Dir: dir, Now: fixedNow})
			if !errors.Is(err, ErrFailed) {
				t.Fatalf("err = %v, want ErrFailed (diagnostics %v)", err, diags)
			}
			var all []string
			for _, d := range diags {
				all = append(all, d.String())
			}
			if text := strings.Join(all, "\n"); !strings.Contains(text, tt.want) {
				t.Errorf("want %q in\n%s", tt.want, text)
			}
		})
	}
}

// providerInventory declares a provider with SLA tiers per priority, a
// site it hosts, and another provider without tiers.
const providerInventory = `- id: hostned
  kind: provider
  name: HostNed
  owners: [a@example.org]
  sla: {P1: 15m/4h, P3: 4h/3d}
- {id: registrar, kind: provider, name: Registrar, owners: [a@example.org]}
- {id: shop, kind: webshop, name: Shop, owners: [a@example.org], hosting: hostned}
`

// TestRequestErrors: each mistake in a provider request, or in the
// provider of an incident or a change, has its message at the line a
// writer fixes; the old free-text provider is a warning saying how to
// migrate, and the build still succeeds with it.
func TestRequestErrors(t *testing.T) {
	req := func(fm string) string { return "---\ntitle: R\nkind: request\n" + fm + "---\nBody.\n" }
	inc := "---\ntitle: Outage\nkind: incident\nstarted: 2026-11-03\nseverity: SEV2\n---\nBody.\n"
	tests := []struct {
		name, page string
		warning    bool
		want       string
	}{
		{"no provider", req("opened: 2026-11-20\n"), false, "content/x.md:3:1: a request needs provider: the id of the provider item it was raised with, e.g. provider: hostned (kind: request on this page)"},
		{"empty provider", req("provider:\nopened: 2026-11-20\n"), false, "content/x.md:3:1: a request needs provider: the id of the provider item it was raised with, e.g. provider: hostned (kind: request on this page)"},
		{"no opened", req("provider: hostned\npriority: P1\n"), false, "content/x.md:3:1: a request needs opened: when it was raised, e.g. opened: 2026-11-24 09:30"},
		{"misspelt provider", req("provider: hostnet\nopened: 2026-11-20\npriority: P1\n"), false, `content/x.md:4:11: provider: no provider item "hostnet"; did you mean hostned?`},
		{"provider not a provider", req("provider: shop\nopened: 2026-11-20\n"), false, "content/x.md:4:11: provider: shop is an item of kind webshop, not a provider; name an item of kind provider"},
		{"ticket as provider on a request", req("provider: HostNed P3 HN-1\nopened: 2026-11-20\n"), false, `content/x.md:4:11: provider: "HostNed P3 HN-1" is not the id of a provider item; write the provider item's id`},
		{"unknown priority", req("provider: hostned\nopened: 2026-11-20\npriority: P2\n"), false, "content/x.md:6:11: priority: P2 is none of hostned's SLA priorities (P1, P3); use one of them, or add it to the provider's sla:"},
		{"no priority", req("provider: hostned\nopened: 2026-11-20\n"), true, "content/x.md:4:11: warning: the request has no priority:, and hostned's SLA sets its targets per priority (P1, P3); add the priority the ticket was raised with, e.g. priority: P3"},
		{"closed before opened", req("provider: registrar\nopened: 2026-11-20 10:00\nclosed: 2026-11-19\n"), false, "content/x.md:6:9: closed (2026-11-19) is before opened (2026-11-20 10:00); check both times"},
		{"closed without date", req("provider: registrar\nopened: 2026-11-20\nstatus: closed\n"), false, "content/x.md:6:9: status is closed but closed: is missing"},
		{"answered without date", req("provider: registrar\nopened: 2026-11-20\nstatus: answered\n"), false, "content/x.md:6:9: status is answered but answered: is missing"},
		{"open with closed date", req("provider: registrar\nopened: 2026-11-20\nclosed: 2026-11-21\nstatus: open\n"), false, "content/x.md:7:9: status is open but closed: is set"},
		{"unknown status", req("provider: registrar\nopened: 2026-11-20\nstatus: waiting\n"), false, `content/x.md:6:9: "waiting" is not a status of a request; use one of: open, answered, closed, cancelled`},
		{"request field on an incident", "---\ntitle: I\nkind: incident\nstarted: 2026-11-03\nseverity: SEV1\nopened: 2026-11-03\n---\n", false, "content/x.md:6:9: opened is a field of request records, and this page is an incident"},
		{"served incident missing", req("provider: registrar\nopened: 2026-11-20\nincident: log/outgae.md\n"), false, "content/x.md:6:11: incident: no page log/outgae.md (content/log/outgae.md); did you mean log/outage.md?"},
		{"served incident is a page", req("provider: registrar\nopened: 2026-11-20\nincident: [log/outage.md, /_index.md]\n"), false, "content/x.md:6:27: incident: /_index.md is not a record; name the incident record the request serves"},
		{"served change is an incident", req("provider: registrar\nopened: 2026-11-20\nchange: log/outage.md\n"), false, "content/x.md:6:9: change: log/outage.md is an incident record; name the change record the request serves"},
		{"old free-text provider on an incident", "---\ntitle: I\nkind: incident\nstarted: 2026-11-03\nseverity: SEV1\nprovider: HostNed P1 HN-2026-118734\n---\n", true,
			`content/x.md:6:11: warning: provider: "HostNed P1 HN-2026-118734" is a ticket, not a provider item; provider: now names the provider item (kind: provider) and provider_ticket: holds its reference: write provider: hostned and provider_ticket: P1 HN-2026-118734`},
		{"old free-text provider, no such item", "---\ntitle: C\nkind: change\ndone: 2026-11-03\nprovider: Acme case 7\n---\n", true,
			"content/x.md:5:11: warning: provider: \"Acme case 7\" is a ticket, not a provider item; provider: now names the provider item (kind: provider) and provider_ticket: holds its reference: declare the provider as an inventory item (kind: provider), then write provider: <its id> and provider_ticket: Acme case 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testsite.Write(t, map[string]string{"content/_index.md": "Home.\n", "content/x.md": tt.page,
				"content/log/outage.md": inc, "inventory/items.yaml": providerInventory})
			_, diags, err := Audit(context.Background(), Options{Dir: dir, Now: fixedNow})
			if tt.warning != (err == nil) {
				t.Fatalf("err = %v, want an error: %v (diagnostics %v)", err, !tt.warning, diags)
			}
			var all []string
			for _, d := range diags {
				all = append(all, d.String())
			}
			if text := strings.Join(all, "\n"); !strings.Contains(text, tt.want) {
				t.Errorf("want %q in\n%s", tt.want, text)
			}
		})
	}
}

// TestRecordFromCascade checks where a cascaded kind's problems are
// reported: on the page's first line, naming the cascade.
func TestRecordFromCascade(t *testing.T) {
	dir := testsite.Write(t, map[string]string{
		"content/_index.md":          "Home.\n",
		"content/log/_index.md":      "---\ntitle: Log\ncascade: {kind: incident}\n---\n",
		"content/log/2026/outage.md": "---\ntitle: Outage\n---\n",
	})
	_, diags, err := Audit(context.Background(), Options{Dir: dir, Now: fixedNow})
	if !errors.Is(err, ErrFailed) || len(diags) == 0 {
		t.Fatalf("err = %v, diagnostics %v", err, diags)
	}
	want := []string{
		"content/log/2026/outage.md:1:1: an incident needs severity: one of SEV1, SEV2, SEV3, SEV4 (kind incident from the cascade in content/log/_index.md:3)",
		"content/log/2026/outage.md:1:1: an incident needs started: when it began, e.g. started: 2026-11-03 07:42 (kind incident from the cascade in content/log/_index.md:3)",
	}
	if len(diags) != len(want) {
		t.Fatalf("diagnostics %v, want %d", diags, len(want))
	}
	for i, w := range want {
		if got := diags[i].String(); got != w {
			t.Errorf("got  %s\nwant %s", got, w)
		}
	}
}

// TestCascade checks that the nearest folder's cascade wins, a page's own
// kind wins over any cascade (kind: page opts out), and section pages keep
// their own kind.
func TestCascade(t *testing.T) {
	rec := "started: 2026-11-01 08:00\nresolved: 2026-11-01 09:30\nseverity: high\n"
	dir := testsite.Write(t, map[string]string{
		"content/_index.md":              "Home.\n",
		"content/ops/_index.md":          "---\ncascade: {kind: runbook}\n---\n",
		"content/ops/restart.md":         "---\ntitle: Restart\n---\n",
		"content/ops/log/_index.md":      "---\ncascade: {kind: incident}\n---\n",
		"content/ops/log/a.md":           "---\ntitle: A\n" + rec + "---\n",
		"content/ops/log/deep/b.md":      "---\ntitle: B\n" + rec + "---\n",
		"content/ops/log/about.md":       "---\ntitle: About\nkind: page\n---\n",
		"content/ops/log/deep/_index.md": "---\ntitle: Deep\n---\n",
	})
	m, diags, err := load(context.Background(), Options{Dir: dir, Now: fixedNow})
	if err != nil || len(diags) > 0 {
		t.Fatalf("%v %v", err, diags)
	}
	want := map[string]string{"ops/": "", "ops/restart/": "runbook", "ops/log/": "", "ops/log/a/": "incident", "ops/log/deep/b/": "incident", "ops/log/about/": "page", "ops/log/deep/": ""}
	for _, p := range m.site.Pages {
		if k, ok := want[p.URL]; ok && p.Kind != k {
			t.Errorf("%s: kind %q, want %q", p.URL, p.Kind, k)
		}
	}
	if n := len(m.site.Incidents); n != 2 {
		t.Fatalf("%d incidents, want 2", n)
	}
	r := m.site.Incidents[0].Record
	if r.Severity != "SEV2" || r.Status != "resolved" || r.TimeToResolve().Minutes() != 90 {
		t.Errorf("record = %+v", r)
	}
}

// TestGoldenRecords pins the incident timeline, the change log, a record
// page and an item page with records, built from testdata/golden/records.txtar.
func TestGoldenRecords(t *testing.T) {
	dir := writeArchive(t, "testdata/golden/records.txtar")
	res, err := Build(context.Background(), Options{Dir: dir, Now: fixedNow, SourceCommit: "0123abc"})
	if err != nil {
		t.Fatalf("build failed: %v\n%v", err, res.Diagnostics)
	}
	for _, out := range []string{
		"incidents/index.html",
		"changes-log/index.html",
		"ops/log/shop-down/index.html",
		"ops/log/mail-delay/index.html", // in Dutch: the record block's labels too
		"changes-log/patch/index.html",
		"changes-log/print.html",
		"inventory/shop/index.html",
		"inventory/hostned/index.html",
		"ops/requests/cert-install/index.html",
	} {
		t.Run(out, func(t *testing.T) {
			checkGolden(t, dir, filepath.Join("testdata", "golden", "records"), out)
		})
	}
}

// TestRequestServingAnotherAudience: a request for staff that serves an
// incident for admins only builds for staff without the incident: no
// error, no link, no title of it; the admins' build links both ways.
func TestRequestServingAnotherAudience(t *testing.T) {
	dir := testsite.Write(t, map[string]string{
		"handbook.yaml":         "audiences: [staff, admin]\n",
		"content/_index.md":     "Home.\n",
		"inventory/items.yaml":  providerInventory,
		"content/log/outage.md": "---\ntitle: Secret outage\nkind: incident\naudience: [admin]\nstarted: 2026-11-03\nseverity: SEV2\n---\nBody.\n",
		"content/ticket.md":     "---\ntitle: Ticket\nkind: request\nprovider: registrar\nopened: 2026-11-03 10:00\nincident: log/outage.md\n---\nAsked.\n",
	})
	for _, tt := range []struct {
		audience string
		linked   bool
	}{{"staff", false}, {"admin", true}} {
		out := filepath.Join(t.TempDir(), "public")
		res, err := Build(context.Background(), Options{Dir: dir, Out: out, Now: fixedNow, Audience: tt.audience})
		if err != nil {
			t.Fatalf("%s: %v\n%v", tt.audience, err, res.Diagnostics)
		}
		page, err := os.ReadFile(filepath.Join(out, "ticket", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(page), "Secret outage"); got != tt.linked {
			t.Errorf("%s: the request names the incident: %v, want %v", tt.audience, got, tt.linked)
		}
	}
}
