package render

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// TestCertExpiry checks the status page's words for a certificate's
// expiry: never "-1 days left", and expired versus expiring today.
func TestCertExpiry(t *testing.T) {
	tr := func(k string) string {
		return map[string]string{"expired_days_ago": "expired %d days ago", "expired_day_ago": "expired 1 day ago", "expired_today": "expired today",
			"expires_today": "expires today", "day_left": "1 day left", "days_left_n": "%d days left"}[k]
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		expires     time.Time
		want        string
		days        int
		wantExpired bool
	}{
		{now.Add(-3*24*time.Hour - time.Hour), "expired 3 days ago", -3, true},
		{now.Add(-25 * time.Hour), "expired 1 day ago", -1, true},
		{now.Add(-time.Hour), "expired today", 0, true},
		{now.Add(time.Hour), "expires today", 0, false},
		{now.Add(30 * time.Hour), "1 day left", 1, false},
		{now.Add(72*24*time.Hour + time.Hour), "72 days left", 72, false},
	}
	for _, tt := range tests {
		text, days, expired := certExpiry(tr, tt.expires, now)
		if text != tt.want || days != tt.days || expired != tt.wantExpired {
			t.Errorf("certExpiry(%s) = %q, %d, %v; want %q, %d, %v", tt.expires, text, days, expired, tt.want, tt.days, tt.wantExpired)
		}
	}
}

func TestSiteState(t *testing.T) {
	tests := []struct {
		res  pulldata.WebResult
		want string
	}{
		{pulldata.WebResult{Up: true, Status: 200}, "up"},
		{pulldata.WebResult{Up: true, Slow: true, Status: 200}, "degraded"},
		{pulldata.WebResult{Status: 503}, "down"},
		{pulldata.WebResult{Error: "dial tcp: connection refused"}, "down"},
		{pulldata.WebResult{}, "unknown"},
	}
	for _, tt := range tests {
		if got := siteState(tt.res); got != tt.want {
			t.Errorf("siteState(%+v) = %s, want %s", tt.res, got, tt.want)
		}
	}
}

// TestTopIssues checks the audit summary's order (errors, then
// warnings), its bound, and that info-only entries are left out.
func TestTopIssues(t *testing.T) {
	all := []topIssue{{Title: "a", Warnings: 5}, {Title: "b", Errors: 1}, {Title: "c"}, {Title: "d", Errors: 1, Warnings: 2}, {Title: "e", Warnings: 1}}
	var got []string
	for _, e := range topIssues(all, 3) {
		got = append(got, e.Title)
	}
	if strings.Join(got, ",") != "d,b,a" {
		t.Errorf("topIssues = %v, want d,b,a", got)
	}
}

// TestExampleDense checks, on the example manual, the dense pages'
// references: an item id in a field links to that item, items with one
// name are told apart by their kind, and the audit dashboard's rule
// table adds up to its totals.
func TestExampleDense(t *testing.T) {
	r, s := exampleRenderer(t)
	site := s.Inventory.ByID("sp-ops-planning-rotterdam")
	if site == nil {
		t.Fatal("the example has no sp-ops-planning-rotterdam")
	}
	team := s.Inventory.ByID(fmt.Sprint(site.Extra["connected_team"]))
	if team == nil {
		t.Fatal("its connected_team is no item")
	}
	at := s.ItemURL(site)
	fields := string(r.itemFields(at, site, []KeyValue{{Key: "connected_team"}}))
	if !strings.Contains(fields, `<dd><a href="../`+team.ID+`/" title="`+team.ID+`">`) {
		t.Errorf("connected_team does not link its team:\n%s", fields)
	}
	if site.Parent != nil && !strings.Contains(fields, `href="../`+site.Parent.ID+`/"`) {
		t.Errorf("the parent is not linked:\n%s", fields)
	}
	if site.Name != team.Name {
		t.Fatalf("the example's site and team are no longer both named %q", site.Name)
	}
	if a, b := r.itemTitle(site), r.itemTitle(team); a != site.Name+" (SharePoint site)" || b != team.Name+" (Team)" {
		t.Errorf("same-named items read %q and %q", a, b)
	}
	if single := s.Inventory.ByID("conf-wops"); r.itemTitle(single) != single.Name {
		t.Errorf("an item with a name of its own reads %q", r.itemTitle(single))
	}
	// A page about both names each by its kind in its "About" line.
	var about []Link
	for _, p := range s.Pages {
		if slices.Contains(p.Items, site) && slices.Contains(p.Items, team) {
			about = r.meta(p, "").Items
			break
		}
	}
	if len(about) < 2 || about[0].Title == about[1].Title {
		t.Errorf("a page about the site and its team lists them as %+v", about)
	}
}

// capture keeps what a render writes, by path.
type capture map[string]string

func (c capture) Write(rel string, data []byte) error { c[rel] = string(data); return nil }
func (c capture) Copy(rel, src string) error          { return nil }

// TestAuditAllClear renders the audit dashboard, a rule page and an
// owner page with no open finding: each says all is clear, and says the
// listed findings are accepted when some are; with an open finding none
// does.
func TestAuditAllClear(t *testing.T) {
	r, s := exampleRenderer(t)
	item := s.Inventory.ByID("sp-it-wops-sandbox")
	rule := &audit.Rule{ID: "item-min-owners", Subject: "item", Severity: audit.Warning, Title: "Too few owners"}
	accepted := &audit.Finding{Rule: rule.ID, Severity: audit.Warning, SubjectKind: "item", Subject: item.ID, Title: item.Name, Owners: []string{"a@example.org"},
		Kind: item.Kind, Accepted: &audit.Acceptance{AcceptedBy: "b@example.org", Expires: "2027-01-01", Reason: "sandbox"}}
	open := *accepted
	open.Accepted = nil
	tests := []struct {
		name     string
		findings []*audit.Finding
		want     string // "" for no all-clear line
	}{
		{"no findings", nil, `<p class="all-clear">All clear: no open findings.</p>`},
		{"accepted only", []*audit.Finding{accepted}, `<p class="all-clear">All clear: no open findings; the findings below are accepted.</p>`},
		{"one open", []*audit.Finding{accepted, &open}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r.opts.Audit = &audit.Report{Rules: []*audit.Rule{rule}, Findings: tt.findings}
			out := capture{}
			if err := r.auditIndex(out); err != nil {
				t.Fatal(err)
			}
			if err := r.auditRule(out, rule.ID, rule.Title, ""); err != nil {
				t.Fatal(err)
			}
			if err := r.auditOwner(out, "a@example.org", tt.findings); err != nil {
				t.Fatal(err)
			}
			pages := []string{s.Paths.Audit + "index.html", s.Paths.Audit + rule.ID + "/index.html", s.Paths.AuditOwners() + r.ownerSlug("a@example.org") + "/index.html"}
			for _, p := range pages {
				html := out[p]
				if html == "" {
					t.Fatalf("%s not written", p)
				}
				if (tt.want == "" && strings.Contains(html, "all-clear")) || (tt.want != "" && !strings.Contains(html, tt.want)) {
					t.Errorf("%s: want %q, all-clear lines: %q", p, tt.want, allClearLines(html))
				}
			}
		})
	}
}

func allClearLines(html string) []string {
	var out []string
	for _, l := range strings.Split(html, "\n") {
		if strings.Contains(l, "all-clear") {
			out = append(out, l)
		}
	}
	return out
}
