package render

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nestedControls returns each control (a link, button, field or
// <summary>) inside another control or inside an element assistive
// technology reads as one image (role="img"), by tag and ancestor: axe-core's
// nested-interactive, which no screen reader can operate.
func nestedControls(t *testing.T, fragment string) []string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	control := func(n *html.Node) bool {
		switch n.Data {
		case "a", "button", "input", "select", "textarea", "summary":
			return true
		}
		return false
	}
	var found []string
	var walk func(n *html.Node, outer string)
	walk = func(n *html.Node, outer string) {
		if n.Type == html.ElementNode {
			if control(n) && outer != "" {
				found = append(found, n.Data+" in "+outer)
			}
			if control(n) {
				outer = n.Data
			}
			for _, a := range n.Attr {
				if a.Key == "role" && a.Val == "img" {
					outer = n.Data + ` role="img"`
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, outer)
		}
	}
	for _, n := range nodes {
		walk(n, "")
	}
	return found
}

// TestNoNestedControls renders the pages' generated widgets that hold
// links (the audit chart, the inventory hierarchy) and checks that no
// control sits inside another.
func TestNoNestedControls(t *testing.T) {
	tree := []TreeNode{
		{Title: "Corporate", Href: "corp/", Kind: "sharepoint-site", Status: "active", Children: []TreeNode{
			{Title: "HR", Href: "hr/", Kind: "sharepoint-site", Status: "archived", Children: []TreeNode{
				{Title: "Files", Href: "files/", Kind: "drive", Status: "active"},
			}},
		}},
		{Title: "Leaf", Href: "leaf/", Kind: "team", Status: "active"},
	}
	var b strings.Builder
	writeTree(&b, tree)
	for _, c := range []struct {
		name, html string
		links      int
	}{
		{"audit chart", string(barChart([]RuleRow{
			{ID: "item-min-owners", Href: "item-min-owners/", Severity: "error", Open: 12},
			{ID: "page-review-overdue", Href: "page-review-overdue/", Severity: "warning", Open: 3},
		}, "Open findings per rule")), 2},
		{"hierarchy", b.String(), 4},
	} {
		if n := strings.Count(c.html, "<a "); n != c.links {
			t.Errorf("%s: %d links, want %d:\n%s", c.name, n, c.links, c.html)
		}
		if nested := nestedControls(t, c.html); len(nested) > 0 {
			t.Errorf("%s: nested controls %v:\n%s", c.name, nested, c.html)
		}
	}
}
