package site

import (
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/inventory"
)

// ItemURL returns the URL of an item's page.
func (s *Site) ItemURL(it *inventory.Item) string { return s.Paths.Inventory + slug(it.ID) + "/" }

// linkItems connects pages to the items their front matter names, both
// ways. An id that is not in the inventory is an error at the items line.
func (s *Site) linkItems() diag.List {
	var diags diag.List
	s.itemPages = map[*inventory.Item][]*Page{}
	for _, it := range s.Inventory.Items {
		u := s.ItemURL(it)
		if u == s.Paths.Hierarchy() || u == s.Paths.InventoryChanges() {
			diags.Errorf(it.Pos.Path, it.Pos.Line, it.Pos.Col, "item id %q would take the address of the inventory's %s page; choose another id", it.ID, strings.TrimSuffix(strings.TrimPrefix(u, s.Paths.Inventory), "/"))
		}
		// An item's folder where an export is a file: the publish would
		// fail, or the export would be lost.
		for _, export := range []string{s.Paths.InventoryCSV(), s.Paths.InventoryJSON()} {
			if strings.EqualFold(u, export+"/") {
				diags.Errorf(it.Pos.Path, it.Pos.Line, it.Pos.Col, "item id %q would put its page at %s, where handbook writes the inventory's export %s; choose another id", it.ID, u, export)
			}
		}
	}
	for _, p := range s.Pages {
		for _, id := range p.FrontMatter.Items {
			it := s.Inventory.ByID(id)
			if it == nil && s.Inventory.Rejected(id) {
				continue // the item's own error is the one message
			}
			if it == nil {
				diags.Errorf(p.Path(), p.ItemsLine, 0, "items: no inventory item %q; check the id against the inventory files%s", id, suggest(s.Inventory, id))
				continue
			}
			p.Items = append(p.Items, it)
			s.itemPages[it] = append(s.itemPages[it], p)
		}
	}
	return diags
}

// PagesAbout returns the pages whose front matter names the item, in
// navigation order.
func (s *Site) PagesAbout(it *inventory.Item) []*Page { return s.itemPages[it] }

// suggest names the closest id, for a typo in an items list.
func suggest(inv *inventory.Inventory, id string) string {
	if inv == nil {
		return ""
	}
	best, bestScore := "", 0
	for _, it := range inv.Items {
		if score := commonPrefix(strings.ToLower(it.ID), strings.ToLower(id)); score > bestScore {
			best, bestScore = it.ID, score
		}
	}
	if bestScore >= 3 {
		return " (did you mean " + best + "?)"
	}
	return ""
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// ItemsByOwner groups items by owner, owners sorted, for per-owner views.
func ItemsByOwner(inv *inventory.Inventory) (owners []string, items map[string][]*inventory.Item) {
	items = map[string][]*inventory.Item{}
	for _, it := range inv.Items {
		for _, o := range it.Owners {
			items[o] = append(items[o], it)
		}
	}
	for o := range items {
		owners = append(owners, o)
	}
	sort.Strings(owners)
	return owners, items
}
