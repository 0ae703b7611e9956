package render

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// An edit of a page's body renders the page's new value and the print
// views that hold it; a change's, the change log too, whose rows say
// whether it has a rollback section. The site edited is left alone,
// and the new value is the current page of its sidebar.
func TestAffectedByBodyEdits(t *testing.T) {
	r, s := exampleRenderer(t)
	report := audit.Run(s, s.Config.Audit)
	tests := []struct {
		name    string
		rel     string
		records bool
	}{
		{"a page", "sharepoint/admin/external-sharing-per-site.md", false},
		{"a change", "changes-log/dns-ttl-300.md", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := s.PageBySource(tt.rel)
			if p == nil {
				t.Fatalf("no page %s in the example", tt.rel)
			}
			body := p.Body
			doc := &source.Document{FrontMatter: p.FrontMatter, Body: append(slices.Clip(p.Body), "\nEdited.\n"...), BodyLine: p.BodyLine}
			np := s.Edited(p, doc, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
			ns := s.WithEdits([]*site.Page{np}, s.Contents())
			if s.PageBySource(tt.rel) != p || ns.PageBySource(tt.rel) != np || string(p.Body) != string(body) {
				t.Fatalf("WithEdits changed the site edited, or left the new value out")
			}
			part, ok := Affected(s, ns, report, report, []Edit{{Old: p, New: np}}, nil)
			if !ok {
				t.Fatal("Affected could not tell")
			}
			if !slices.Contains(part.Pages, np) || slices.Contains(part.Pages, p) {
				t.Errorf("Pages do not hold the page's new value")
			}
			for sec := p.Parent; sec != nil; sec = sec.Parent {
				if !slices.Contains(part.Prints, sec) {
					t.Errorf("the print view of %q is not rendered", sec.Dir)
				}
			}
			if part.Records != tt.records || slices.ContainsFunc(part.Pages, func(q *site.Page) bool { return q.URL == site.ChangeLogURL }) != tt.records {
				t.Errorf("Records = %v, want %v (and the change log page with them)", part.Records, tt.records)
			}
			if part.Sitemap || part.TagIndex || part.Inventory || part.Audit || len(part.Tags) > 0 {
				t.Errorf("a body edit renders more than its pages: %+v", part)
			}
			if html := string(r.Edited(ns, report).nav.sidebar(np, np.URL)); !strings.Contains(html, `aria-current="page"`) {
				t.Errorf("the sidebar of the page's new value does not mark it current")
			}
		})
	}
}
