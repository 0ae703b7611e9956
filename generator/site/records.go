package site

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/source"
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
// record fields of incident and change pages, and indexes the records by
// inventory item. It runs after linkItems, whose items it indexes.
func (s *Site) records() diag.List {
	var diags diag.List
	s.recordsByItem = map[*inventory.Item][]*Page{}
	for _, p := range s.Pages {
		if p.Section == nil && p.Kind == "" {
			s.cascadeKind(p)
		}
		if p.Kind != source.KindIncident && p.Kind != source.KindChange {
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
		if rec.Kind == source.KindIncident {
			s.Incidents = append(s.Incidents, p)
		} else {
			s.Changes = append(s.Changes, p)
		}
		for _, it := range p.Items {
			s.recordsByItem[it] = append(s.recordsByItem[it], p)
		}
	}
	sortRecords(s.Incidents)
	sortRecords(s.Changes)
	for _, list := range s.recordsByItem {
		sortRecords(list)
	}
	return diags
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
