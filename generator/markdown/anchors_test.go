package markdown

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestHeadingAttributes checks {#custom-id} headings: the id is used in
// the HTML, the TOC and the anchors; classes are kept when plain; any
// other attribute, and an id that would need escaping, is not.
func TestHeadingAttributes(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		id      string // the heading's id in TOC and IDs
		want    []string
		notWant []string
	}{
		{"custom id", "## Install the agent {#install}\n", "install", []string{`<h2 id="install">Install the agent</h2>`}, []string{"{#"}},
		{"custom id with dots and colons", "## Step 1.2 {#step:1.2}\n", "step:1.2", []string{`<h2 id="step:1.2">`}, nil},
		{"unicode custom id", "## Wachtwoord {#wachtwoordbeleid-é}\n", "wachtwoordbeleid-é", []string{`id="wachtwoordbeleid-é"`}, nil},
		{"class kept", "## Old {#old .deprecated .muted}\n", "old", []string{`<h2 id="old" class="deprecated muted">Old</h2>`}, nil},
		{"setext custom id", "Overview {#ov}\n--------\n", "ov", []string{`<h2 id="ov">Overview</h2>`}, nil},
		// goldmark refuses an attribute list with a bare value: it stays text, escaped.
		{"unquoted event handler stays text", "## Title {#x onclick=alert(1)}\n", "", []string{`>Title {#x onclick=alert(1)}</h2>`}, nil},
		{"quoted event handler dropped", "## Title {#x onclick=\"alert(1)\"}\n", "x", []string{`<h2 id="x">Title</h2>`}, []string{"onclick", "alert"}},
		{"class breaking out of its quotes", "## Title {.x\" onmouseover}\n", "", nil, []string{"onmouseover=", `x"`, `class="x`}},
		{"class with quote in value", "## Title {class=\"x\\\" onmouseover=alert(1)\"}\n", "title", []string{`<h2 id="title">Title</h2>`}, []string{"onmouseover", "class="}},
		{"style and data dropped", "## Title {#t style=\"position:fixed\" data-x=\"1\" tabindex=1 contenteditable=\"true\"}\n", "t", []string{`<h2 id="t">Title</h2>`}, []string{"style", "data-x", "contenteditable", "tabindex"}},
		{"id with quote replaced", "## Title {id=\"a\\\"><script>\"}\n", "title", []string{`<h2 id="title">Title</h2>`}, []string{"<script", "&quot;&gt;"}},
		{"id with space replaced", "## Title {id=\"a b\"}\n", "title", []string{`<h2 id="title">Title</h2>`}, nil},
		{"reserved custom id replaced", "## Sidebar {#sidebar}\n", "sidebar-1", []string{`<h2 id="sidebar-1">Sidebar</h2>`}, nil},
		{"reserved custom id with other text", "## Menu {#hb-menu}\n", "menu", []string{`<h2 id="menu">Menu</h2>`}, nil},
		{"generated id equal to a reserved one kept", "## Main\n", "main", []string{`<h2 id="main">Main</h2>`}, nil},
		{"generated id beside braces in text kept", "## Use {braces} here\n", "use-braces-here", []string{`<h2 id="use-braces-here">Use {braces} here</h2>`}, nil},
		{"javascript id harmless", "## Title {#javascript:alert(1)}\n", "", nil, []string{"<script"}},
	}
	c := New()
	handler := regexp.MustCompile(`(?i)<[^>]*\son\w+\s*=`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.Convert(Document{Body: []byte(tt.body), BodyLine: 1})
			if err != nil {
				t.Fatal(err)
			}
			html := string(res.HTML)
			if handler.MatchString(html) {
				t.Errorf("event handler attribute in\n%s", html)
			}
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("missing %q in\n%s", w, html)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(html, w) {
					t.Errorf("unexpected %q in\n%s", w, html)
				}
			}
			if tt.id != "" {
				if len(res.TOC) != 1 || res.TOC[0].ID != tt.id || !res.HasID(tt.id) {
					t.Errorf("TOC %+v, IDs %v: want id %q", res.TOC, res.IDs, tt.id)
				}
			}
		})
	}
}

// TestRawHTMLAnchors checks that the ids and <a name>s of raw HTML are
// kept in the output and counted as link targets, and that the ones the
// sanitiser drops, or the templates use, are neither.
func TestRawHTMLAnchors(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		ids     []string // must be targets
		notIDs  []string // must not be
		want    []string
		notWant []string
	}{
		{"a name block", "<a name=\"section1\"></a>\n\n## Section one\n", []string{"section1", "section-one"}, nil, []string{`<a name="section1"></a>`}, nil},
		{"a name with a space inside", "<a name=\"section1\"> </a>\nText\n", []string{"section1"}, nil, []string{`<a name="section1"> </a>`}, nil},
		{"a id inline", "Intro <a id=\"x\"></a> text.\n", []string{"x"}, nil, []string{`<a id="x"></a>`}, nil},
		{"span and div ids", "<div id=\"box\">\n\n<span id=\"inner\">t</span>\n\n</div>\n", []string{"box", "inner"}, nil, nil, nil},
		{"upper case markup", "<A NAME=\"Legacy_Anchor\"></A>\n", []string{"Legacy_Anchor"}, nil, []string{`name="Legacy_Anchor"`}, nil},
		{"name on img dropped", "<img src=\"x.png\" name=\"cookie\">\n", nil, []string{"cookie"}, nil, []string{"name="}},
		{"name on form dropped", "<form name=\"getElementById\"></form>\n", nil, []string{"getElementById"}, nil, []string{"getElementById"}},
		{"unsafe id dropped", "<a id=\"a b\"></a><span id='x\"y'>t</span>\n", nil, []string{"a b", "a", `x"y`}, nil, []string{"id="}},
		{"id in script not counted", "<script>document.write('<a id=\"s\">')</script>\n", nil, []string{"s"}, nil, []string{"id="}},
		{"id in comment not counted", "<!-- <a name=\"old\"></a> -->\n", nil, []string{"old"}, nil, []string{"old"}},
		{"id in code not counted", "`<a name=\"code\">`\n\n```html\n<a id=\"fenced\"></a>\n```\n", nil, []string{"code", "fenced"}, nil, nil},
		{"template ids taken off", "<div id=\"sidebar\">x</div>\n\n<a name=\"main\"></a> <span id=\"hb-toc-title\">t</span> <a id=\"search-results\">r</a>\n", nil, []string{"sidebar", "main", "hb-toc-title", "search-results"}, []string{"<div>x</div>", "<span>t</span>"}, []string{"sidebar", `"main"`, "hb-toc-title", "search-results"}},
		{"template id beside a kept one", "<a id=\"sidebar\" name=\"keep\"></a>\n", []string{"keep"}, []string{"sidebar"}, []string{`<a name="keep"></a>`}, []string{"sidebar"}},
		{"heading and anchor same id once", "<a name=\"setup\"></a>\n\n## Setup\n", []string{"setup"}, nil, nil, nil},
		// Learn writes <a id> before the heading of the same id: the
		// heading keeps it, the raw copy loses it (one element an id).
		{"raw id a heading has is taken off", "<a id=\"file-links\"></a>\n\n## File links\n\n<a id=\"other\" name=\"file-links\"></a>\n", []string{"file-links", "other"}, nil,
			[]string{"<p></p>\n<h2 id=\"file-links\">", `<a id="other" name="file-links"></a>`}, []string{`<a id="file-links">`}},
	}
	c := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, skip := range []bool{false, true} {
				res, err := c.Convert(Document{Body: []byte(tt.body), BodyLine: 1, SkipRender: skip})
				if err != nil {
					t.Fatal(err)
				}
				for _, id := range tt.ids {
					if !res.HasID(id) {
						t.Errorf("skipRender=%v: %q not a target: %v", skip, id, res.IDs)
					}
				}
				for _, id := range tt.notIDs {
					if res.HasID(id) {
						t.Errorf("skipRender=%v: %q is a target: %v", skip, id, res.IDs)
					}
				}
				if len(slices.Compact(slices.Clone(res.IDs))) != len(res.IDs) {
					t.Errorf("duplicate ids %v", res.IDs)
				}
				if skip {
					continue
				}
				html := string(res.HTML)
				for _, w := range tt.want {
					if !strings.Contains(html, w) {
						t.Errorf("missing %q in\n%s", w, html)
					}
				}
				for _, w := range tt.notWant {
					if strings.Contains(html, w) {
						t.Errorf("unexpected %q in\n%s", w, html)
					}
				}
			}
		})
	}
}
