package site

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/source"
	didyoumean "github.com/handbook-dev/handbook/internal/suggest"
)

// Record list URLs. When the content has a page at one of them (the
// example's incidents/ section), that page carries the list; otherwise
// the build generates the page.
const (
	IncidentsURL = "incidents/"
	ChangeLogURL = "changes-log/"
)

// RecordListGenerated reports whether handbook generates the record
// list at u (IncidentsURL or ChangeLogURL): there are records of its
// kind, and no page of the content sits there to carry the list.
func (s *Site) RecordListGenerated(u string) bool {
	list := s.Changes
	if u == IncidentsURL {
		list = s.Incidents
	}
	if len(list) == 0 {
		return false
	}
	for _, p := range s.Pages {
		if p.URL == u {
			return false
		}
	}
	return true
}

// records applies the folders' cascades to the pages' kinds, reads the
// record fields of incident, change and request pages, links them to
// their providers and requests to the records they serve, and indexes
// the records by inventory item. It runs after linkItems, whose items it
// indexes.
func (s *Site) records() diag.List {
	var diags diag.List
	s.recordsByItem = map[*inventory.Item][]*Page{}
	s.requestsFor, s.requestsOf = map[int][]*Page{}, map[*inventory.Item][]*Page{}
	for _, p := range s.Pages {
		if p.Section == nil && p.Kind == "" {
			s.cascadeKind(p)
		}
		if !source.IsRecordKind(p.Kind) {
			continue
		}
		line, from := p.Lines["kind"], "kind: "+p.Kind+" on this page"
		if p.KindFrom != "" {
			line, from = 1, p.KindFrom
		}
		rec, d := source.ParseRecord(p.Path(), p.Kind, p.RecordFields, line, 1, from)
		diags = append(diags, d...)
		if rec == nil {
			continue
		}
		p.Record = rec
		switch rec.Kind {
		case source.KindIncident:
			s.Incidents = append(s.Incidents, p)
		case source.KindChange:
			s.Changes = append(s.Changes, p)
		case source.KindRequest:
			s.Requests = append(s.Requests, p)
		}
		for _, it := range p.Items {
			s.recordsByItem[it] = append(s.recordsByItem[it], p)
		}
		diags = append(diags, s.linkProvider(p)...)
	}
	for _, p := range s.Requests {
		diags = append(diags, s.linkServed(p)...)
	}
	for _, list := range [][]*Page{s.Incidents, s.Changes, s.Requests} {
		sortRecords(list)
	}
	for _, m := range []map[*inventory.Item][]*Page{s.recordsByItem, s.requestsOf} {
		for _, list := range m {
			sortRecords(list)
		}
	}
	for _, list := range s.requestsFor {
		sortRecords(list)
	}
	return diags
}

// fieldAt returns the position of a record field of p.
func fieldAt(p *Page, key string) (line, col int) {
	for _, f := range p.RecordFields {
		if f.Entry.Key == key {
			return f.Line, f.Col
		}
	}
	return p.Lines["kind"], 1
}

// linkProvider links a record to the provider item its provider: names.
// A free text where an incident or change once held the ticket
// ("HostNed P1 HN-2026-118734") keeps working, with a warning that says
// how to migrate; a request must name a provider item.
func (s *Site) linkProvider(p *Page) diag.List {
	var diags diag.List
	ref := p.Record.Provider
	if ref == "" {
		return nil
	}
	line, col := fieldAt(p, "provider")
	prov, msg, legacy := s.Inventory.ProviderRef(ref)
	switch {
	case prov != nil:
		p.Provider = prov
		if p.Record.Kind == source.KindRequest {
			s.requestsOf[prov] = append(s.requestsOf[prov], p)
			diags = append(diags, checkPriority(p, prov)...)
		}
	case legacy && p.Record.Kind != source.KindRequest:
		diags.Warnf(p.Path(), line, col, "provider: %q is a ticket, not a provider item; provider: now names the provider item (kind: provider) and provider_ticket: holds its reference: %s", ref, s.migration(ref))
	case legacy:
		diags.Errorf(p.Path(), line, col, "provider: %q is not the id of a provider item; write the provider item's id (kind: provider in the inventory), and the ticket in provider_ticket:", ref)
	case msg != "":
		diags.Errorf(p.Path(), line, col, "provider: %s", msg)
	}
	return diags
}

// checkPriority checks that a request's priority is one its provider's
// SLA sets targets for, so that the request is measured against them.
func checkPriority(p *Page, prov *inventory.Item) diag.List {
	var diags diag.List
	prio := p.Record.Priority
	names := prov.Provider.Priorities()
	if len(names) == 0 || prov.Provider.Tier(prio) != nil {
		return nil
	}
	list := strings.Join(names, ", ")
	if prio == "" {
		line, col := fieldAt(p, "provider")
		diags.Warnf(p.Path(), line, col, "the request has no priority:, and %s's SLA sets its targets per priority (%s); add the priority the ticket was raised with, e.g. priority: %s", prov.ID, list, names[len(names)-1])
		return diags
	}
	line, col := fieldAt(p, "priority")
	if meant, ok := didyoumean.Closest(prio, names); ok {
		diags.Errorf(p.Path(), line, col, "priority: %s is none of %s's SLA priorities (%s); did you mean %s?", prio, prov.ID, list, meant)
	} else {
		diags.Errorf(p.Path(), line, col, "priority: %s is none of %s's SLA priorities (%s); use one of them, or add it to the provider's sla:", prio, prov.ID, list)
	}
	return diags
}

// migration says how to rewrite an old-style provider: value: the
// provider item its first words name (or one to declare), and the rest
// as the ticket.
func (s *Site) migration(ref string) string {
	for _, it := range s.Inventory.Items {
		if it.Kind != inventory.KindProvider {
			continue
		}
		for _, name := range []string{it.Name, it.ID} {
			if rest, ok := cutPrefixFold(ref, name+" "); ok {
				return fmt.Sprintf("write provider: %s and provider_ticket: %s", it.ID, strings.TrimSpace(rest))
			}
		}
	}
	return fmt.Sprintf("declare the provider as an inventory item (kind: provider), then write provider: <its id> and provider_ticket: %s", ref)
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// linkServed links a request to the incidents and changes it serves,
// each named by the path of its Markdown file: relative to the request,
// or from the content folder when it starts with '/'.
func (s *Site) linkServed(p *Page) diag.List {
	var diags diag.List
	dir := path.Dir(p.File.Rel)
	if dir == "." {
		dir = ""
	}
	for _, kind := range []string{source.KindIncident, source.KindChange} {
		refs := p.Record.Incidents
		if kind == source.KindChange {
			refs = p.Record.Changes
		}
		for _, ref := range refs {
			target, _, _ := strings.Cut(ref.Path, "#")
			rooted := strings.HasPrefix(target, "/")
			rel := path.Clean(path.Join(dir, target))
			if rooted {
				rel = path.Clean(strings.TrimPrefix(target, "/"))
			}
			q := s.PageBySource(rel)
			switch {
			case q == nil && s.excluded[rel]:
				// A record for another audience: this build does not
				// link it, as links to it become plain text.
			case q == nil:
				diags.Errorf(p.Path(), ref.Line, ref.Col, "%s: no page %s (content/%s)%s", kind, ref.Path, rel, s.missingHint(rel, dir, rooted))
			case q.Record == nil || q.Record.Kind != kind:
				what := "not a record"
				if q.Record != nil {
					what = "a" + source.Article(q.Record.Kind) + " " + q.Record.Kind + " record"
				}
				diags.Errorf(p.Path(), ref.Line, ref.Col, "%s: %s is %s; name the %s record the request serves", kind, ref.Path, what, kind)
			default:
				p.Serves = append(p.Serves, q)
				s.requestsFor[q.Index] = append(s.requestsFor[q.Index], p)
			}
		}
	}
	return diags
}

// RequestsFor returns the provider requests that serve the incident or
// change p, newest first.
func (s *Site) RequestsFor(p *Page) []*Page { return s.currentAll(s.requestsFor[p.Index]) }

// RequestsOf returns the requests raised with the provider item prov,
// newest first.
func (s *Site) RequestsOf(prov *inventory.Item) []*Page { return s.currentAll(s.requestsOf[prov]) }

// currentAll returns pages with each replaced by its current value (see
// Current), copying the list only when one was edited.
func (s *Site) currentAll(pages []*Page) []*Page {
	out := pages
	for i, q := range pages {
		if c := s.Current(q); c != q {
			if &out[0] == &pages[0] {
				out = append([]*Page(nil), pages...)
			}
			out[i] = c
		}
	}
	return out
}

// cascadeKind gives a page without a kind the kind of the nearest
// enclosing section whose own page declares a cascade.
func (s *Site) cascadeKind(p *Page) {
	for sec := p.Parent; sec != nil; sec = sec.Parent {
		if sp := sec.Page; sp != nil && sp.Cascade.Kind != "" {
			p.Kind = sp.Cascade.Kind
			p.KindFrom = fmt.Sprintf("kind %s from the cascade in %s:%d", sp.Cascade.Kind, sp.Path(), sp.Cascade.Line)
			return
		}
	}
}

// sortRecords orders records as the lists show them: newest first, as
// a timeline reads (open incidents are marked where they are listed,
// not moved), then by URL so the order never depends on the file system.
func sortRecords(pages []*Page) {
	sort.SliceStable(pages, func(i, j int) bool {
		a, b := pages[i].Record, pages[j].Record
		if wa, wb := a.When(), b.When(); !wa.Equal(wb) {
			return wa.After(wb)
		}
		return pages[i].URL < pages[j].URL
	})
}

// RecordsAbout returns the incident and change records whose items name
// it, newest first.
func (s *Site) RecordsAbout(it *inventory.Item) []*Page { return s.recordsByItem[it] }

// SectionHeading returns the id of the page's heading of level 2 or 3
// named name: the same words in any case, optionally followed by more
// after a non-letter ("Steps: handover", "Rollback (webshop)"); "" when
// the page has none. Runbook and change checks name sections this way.
func (s *Site) SectionHeading(p *Page, name string) string {
	c := s.Content(p)
	if c == nil {
		return ""
	}
	name = strings.ToLower(strings.TrimSpace(name))
	for _, h := range c.TOC {
		text := strings.ToLower(strings.TrimSpace(h.Text))
		if text == name {
			return h.ID
		}
		if rest, ok := strings.CutPrefix(text, name); ok {
			if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return h.ID
			}
		}
	}
	return ""
}
