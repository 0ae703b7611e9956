package audit

import (
	"slices"
	"sort"
	"time"

	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// Due is a date on which something falls due for its owners: a page's
// next review or an item's next attestation. The calendar feeds list
// them, and handbook notify reminds the owners of them.
type Due struct {
	// Kind is "review" or "attestation"; Key the page's source path or
	// the item's id, which names the due date for good.
	Kind, Key string
	Title     string
	Date      time.Time
	Owners    []string
	// Escalation is whom the due date goes to once it is overdue past
	// the policy's grace: the item's escalation contacts, else its other
	// owners (none for a page).
	Escalation []string
	// Path and Line are where to act (the front matter, the item);
	// URL is the page's or item's address in the site.
	Path     string
	Line     int
	URL      string
	Interval source.Interval
	// Last is the last review or attestation, and LastBy who attested.
	Last   time.Time
	LastBy string
}

// Dues lists the due dates of the site, soonest first: the reviews of its
// pages (an audience's site has only that audience's pages) and the
// attestations the policy asks of the inventory's items. An item never
// attested and without a creation date is due on day now.
func Dues(s *site.Site, now time.Time) []Due {
	var out []Due
	for _, p := range s.Pages {
		due := p.ReviewDue()
		if due.IsZero() {
			continue
		}
		out = append(out, Due{Kind: "review", Key: p.Path(), Title: p.Title, Date: due, Owners: owners(p.Owner), Path: p.Path(), Line: p.Lines["reviewed"],
			URL: p.URL, Interval: p.ReviewInterval, Last: p.Reviewed})
	}
	if s.Inventory != nil {
		policy := s.Config.Audit.Attestation
		for _, it := range s.Inventory.Items {
			due, iv, ok := AttestationDue(it, policy)
			if !ok {
				continue
			}
			if due.IsZero() {
				due = now
			}
			d := Due{Kind: "attestation", Key: it.ID, Title: it.Name, Date: due, Owners: it.Owners, Escalation: it.Escalation,
				Path: it.Pos.Path, Line: it.Pos.Line, URL: s.ItemURL(it), Interval: iv}
			if len(d.Escalation) == 0 && len(it.Owners) > 1 {
				d.Escalation = slices.Clone(it.Owners[1:])
			}
			if a := it.Attested; a != nil {
				d.Last, d.LastBy = a.On, a.By
				at := it.At("attested")
				d.Line = at.Line
			}
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.Before(out[j].Date)
		}
		return out[i].Kind+out[i].Key < out[j].Kind+out[j].Key
	})
	return out
}
