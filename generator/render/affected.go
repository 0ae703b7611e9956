package render

import (
	"slices"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// Edit is one page an edit of the sources touched: Old is the page in
// the site before it (nil for a page added), New the page after it (nil
// for a page removed, or one added that the site leaves out: a draft, a
// page for another audience).
type Edit struct {
	Old, New *site.Page
}

// Affected returns the outputs to render again after the edits took
// site old, audited as oldReport, to site new, audited as newReport;
// converted are the pages of new whose links were resolved anew (beyond
// the edited ones). It reports false when it cannot tell, and the whole
// site is to be rendered.
//
// It knows what each template shows of other pages than its own:
//
//   - page.html, section.html and home.html show the page's body and
//     findings (audit banner), its title and place in the sidebar of every
//     page of its section and below (base.html's navigation), as the
//     previous or next link of its neighbours, in its section's listing
//     (section.html's Children, with the count of a subsection's pages on
//     the section above), and in breadcrumbs below it;
//   - print.html holds the bodies and metadata (dates, owner) of every
//     page of its section and below;
//   - tag.html and tags.html list the pages by tag, item.html and the
//     inventory's whole outputs (inventory.html, hierarchy.html, the
//     exports) the procedures naming each item;
//   - changes-log.html's rows (and a content page at site.ChangeLogURL
//     carrying the list) show each change's title, dates, status and
//     items, and whether it has a rollback section, which is in its
//     body; the incident timeline (site.IncidentsURL) each incident's;
//     both name the provider requests serving each record, which the
//     provider's item.html lists and whose record blocks name the records
//     they serve;
//   - site-changes.html names the pages its commits changed by title;
//   - sitemap.xml lists every page;
//   - audit.html and audit-list.html list every finding.
//
// new is derived from old by edits of page bodies (site.WithEdits: the
// two share their sections) or built anew from the sources after edits
// of front matter and pages added or removed, whose titles, places and
// tags then may have changed.
func Affected(old, new *site.Site, oldReport, newReport *audit.Report, edits []Edit, converted []*site.Page) (Partial, bool) {
	a := affected{new: new, pages: map[*site.Page]bool{}, prints: map[*site.Section]bool{}}
	a.part.Audit = !sameFindings(oldReport.Findings, newReport.Findings)
	reshaped := old.Root != new.Root
	if !reshaped {
		a.bodies(edits)
	} else if !a.reshaped(old, edits) {
		return Partial{}, false
	}
	for _, np := range converted {
		a.withPrints(np)
	}
	if a.part.Audit || reshaped {
		for _, np := range new.Pages {
			if op := old.Counterpart(np); op != nil && !sameFindings(oldReport.ForPage(op), newReport.ForPage(np)) {
				a.pages[np] = true
			}
		}
	}
	for p := range a.pages {
		a.part.Pages = append(a.part.Pages, p)
	}
	for sec := range a.prints {
		a.part.Prints = append(a.part.Prints, sec)
	}
	return a.part, true
}

// affected collects the outputs of Affected.
type affected struct {
	new    *site.Site
	part   Partial
	pages  map[*site.Page]bool
	prints map[*site.Section]bool
}

// withPrints renders p and the print views that hold it.
func (a *affected) withPrints(p *site.Page) {
	if p == nil {
		return
	}
	a.pages[p] = true
	sec := p.Parent
	if p.Section != nil {
		sec = p.Section
	}
	for ; sec != nil; sec = sec.Parent {
		a.prints[sec] = true
	}
}

// bodies adds what edits of page bodies change: the pages and their
// print views, and for a change record the change log.
func (a *affected) bodies(edits []Edit) {
	for _, e := range edits {
		a.withPrints(e.New)
		if r := e.New.Record; r != nil && r.Kind == source.KindChange {
			a.recordList(site.ChangeLogURL)
		}
	}
}

// records adds the outputs that show p, a record before or after an
// edit (nil, or no record: none): an incident's or a change's row in its
// list, and the requests serving it (their record blocks name it); a
// provider request's provider page, and the records it serves with
// their lists (their record blocks and provider cells name it).
func (a *affected) records(p *site.Page) {
	if p == nil || p.Record == nil {
		return
	}
	switch p.Record.Kind {
	case source.KindChange:
		a.recordList(site.ChangeLogURL)
	case source.KindIncident:
		a.recordList(site.IncidentsURL)
	case source.KindRequest:
		if p.Provider != nil {
			a.items([]*inventory.Item{p.Provider})
		}
		for _, q := range p.Serves {
			if n := a.new.Counterpart(q); n != nil && n.Record != nil && n.Record.Kind != source.KindRequest {
				a.withPrints(n)
				a.records(n)
			}
		}
		return
	}
	if np := a.new.Counterpart(p); np != nil {
		for _, q := range a.new.RequestsFor(np) {
			a.withPrints(q)
		}
	}
}

// recordList renders the record list at u: the generated one, or the
// content page that carries it.
func (a *affected) recordList(u string) {
	a.part.Records = true
	for _, p := range a.new.Pages {
		if p.URL == u {
			a.pages[p] = true
		}
	}
}

// reshaped adds what edits that may change titles, places and tags
// change; it reports false when an edit's section is gone.
func (a *affected) reshaped(old *site.Site, edits []Edit) bool {
	a.part.Sitemap, a.part.SiteChanges = true, true
	retag := false
	for _, e := range edits {
		a.records(e.Old)
		a.records(e.New)
		var neighbours []*site.Page
		var under *site.Section
		switch {
		case e.New == nil && e.Old == nil:
			continue
		case e.New == nil: // removed
			under = a.new.SectionByDir(e.Old.Parent.Dir)
			a.part.Removed = append(a.part.Removed, e.Old.OutputPath())
			neighbours = []*site.Page{a.new.Counterpart(e.Old.Prev), a.new.Counterpart(e.Old.Next)}
			retag = retag || len(e.Old.Tags) > 0
		default:
			np := e.New
			under = np.Parent
			neighbours = []*site.Page{np.Prev, np.Next}
			if e.Old != nil {
				neighbours = append(neighbours, a.new.Counterpart(e.Old.Prev), a.new.Counterpart(e.Old.Next))
			}
			for _, name := range np.Tags {
				if t := a.new.TagBySlug(name); t != nil && !slices.Contains(a.part.Tags, t) {
					a.part.Tags = append(a.part.Tags, t)
				}
			}
			retag = retag || e.Old == nil && len(np.Tags) > 0 || e.Old != nil && !slices.Equal(e.Old.Tags, np.Tags)
			a.items(np.Items)
		}
		if under == nil {
			return false
		}
		a.below(under)
		for _, n := range neighbours {
			if n != nil {
				a.pages[n] = true
			}
		}
		if e.Old != nil {
			a.items(e.Old.Items)
		}
	}
	if retag { // tags came or went: the tag index and every tag page
		a.part.Tags, a.part.TagIndex = a.new.Tags, true
	}
	return true
}

// items renders the item pages and the inventory's whole outputs.
func (a *affected) items(items []*inventory.Item) {
	for _, it := range items {
		if !slices.Contains(a.part.Items, it) {
			a.part.Items = append(a.part.Items, it)
		}
		a.part.Inventory = true
	}
}

// below renders every page below the section under (their sidebars list
// its pages), its page and the listing above it (which counts its
// pages), and the print views of it, below it and above it.
func (a *affected) below(under *site.Section) {
	for _, p := range a.new.Pages {
		for s := p.Parent; s != nil; s = s.Parent {
			if s == under {
				a.pages[p] = true
				break
			}
		}
	}
	a.pages[under.Page] = true
	if under.Parent != nil {
		a.pages[under.Parent.Page] = true
	}
	for _, sec := range a.new.Sections {
		for s := sec; s != nil; s = s.Parent {
			if s == under {
				a.prints[sec] = true
				break
			}
		}
	}
	for s := under; s != nil; s = s.Parent {
		a.prints[s] = true
	}
}

// sameFindings compares two lists of findings as the pages show them.
func sameFindings(a, b []*audit.Finding) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Rule != y.Rule || x.Severity != y.Severity || x.Path != y.Path || x.Line != y.Line || x.Message != y.Message || x.Subject != y.Subject || x.Title != y.Title || !slices.Equal(x.Owners, y.Owners) || (x.Accepted == nil) != (y.Accepted == nil) {
			return false
		}
	}
	return true
}
