package render

import (
	"html"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"github.com/handbook-dev/handbook/generator/internal/keyhash"
	"github.com/handbook-dev/handbook/generator/site"
)

// navigation builds the sidebar of each page in Go rather than in a
// template: it is the one part of every page that grows with the site, so
// it is kept to string appends over titles escaped once.
type navigation struct {
	site *site.Site
	// rootByDepth caches the sidebar of pages outside the content tree
	// (tags, inventory, audit), which shows the root's entries and
	// depends only on the depth of the page it is on.
	rootByDepth sync.Map
	titles      []string // HTML-escaped, by Page.Index
	// window is the most entries a section list shows; longer lists show
	// the entries around the current page and a link to the whole section.
	window int
	allN   string // translated "All %d pages"
	// shared, when set, keeps the sidebars for the other versions of a
	// build under tree, a hash of everything a sidebar shows of the site.
	shared Shared
	tree   [32]byte
}

// share keeps sidebars in shared: a version whose sections list the same
// pages under the same titles as another's has the same sidebars.
func (n *navigation) share(shared Shared) {
	k := keyhash.New("sidebar tree")
	k.String(n.allN)
	k.Int(int64(n.window))
	for _, sec := range n.site.Sections {
		k.String(sec.Page.URL)
		k.Int(int64(len(sec.Children)))
		for _, c := range sec.Children {
			k.String(c.URL)
			k.String(n.titles[c.Index])
			k.Int(int64(boolInt(c.Section != nil)))
		}
	}
	n.tree = k.Sum()
	n.shared = shared
}

func newNavigation(s *site.Site, window int, all string) *navigation {
	n := &navigation{site: s, titles: make([]string, len(s.Pages)), window: window, allN: all}
	for i, p := range s.Pages {
		n.titles[i] = html.EscapeString(p.Title)
	}
	return n
}

// sidebar returns the navigation tree for page p, as linked from the
// document at URL at: the top-level entries, with every section on the
// way to p opened.
func (n *navigation) sidebar(p *site.Page, at string) template.HTML {
	if p == n.site.Root.Page && at != "" {
		depth := strings.Count(at, "/")
		if s, ok := n.rootByDepth.Load(depth); ok {
			return s.(template.HTML)
		}
		s := n.build(p, strings.Repeat("\x00/", depth)) // a segment no folder has
		n.rootByDepth.Store(depth, s)
		return s
	}
	if n.shared == nil {
		return n.build(p, at)
	}
	k := keyhash.New("sidebar")
	k.Bytes(n.tree[:])
	k.String(p.URL)
	k.String(at)
	key := k.Sum()
	if v, ok := n.shared.Value(key); ok {
		return v.(template.HTML)
	}
	s := n.build(p, at)
	n.shared.SetValue(key, s)
	return s
}

func (n *navigation) build(p *site.Page, at string) template.HTML {
	open := map[*site.Section]bool{}
	for _, s := range p.Ancestors() {
		open[s] = true
	}
	if p.Section != nil {
		open[p.Section] = true
	}
	var b strings.Builder
	b.Grow(4096)
	n.list(&b, n.site.Root, p, at, open)
	return template.HTML(b.String())
}

func (n *navigation) list(b *strings.Builder, sec *site.Section, cur *site.Page, at string, open map[*site.Section]bool) {
	items := sec.Children
	start, end := 0, len(items)
	if len(items) > n.window {
		at := 0
		for i, c := range items {
			if c.Index == cur.Index || (c.Section != nil && open[c.Section]) {
				at = i
				break
			}
		}
		start = at - n.window/2
		if start < 0 {
			start = 0
		}
		end = start + n.window
		if end > len(items) {
			end, start = len(items), len(items)-n.window
		}
	}
	b.WriteString("<ul>")
	for _, c := range items[start:end] {
		b.WriteString(`<li`)
		cls := ""
		if c.Section != nil {
			cls = "nav-section"
			if open[c.Section] {
				cls += " open"
			}
		}
		if c.Index == cur.Index { // the page, or the value an edit put in its place
			cls += " active"
		}
		if cls != "" {
			b.WriteString(` class="` + strings.TrimSpace(cls) + `"`)
		}
		b.WriteString(`><a href="`)
		b.WriteString(html.EscapeString(site.Rel(at, c.URL)))
		b.WriteString(`"`)
		if c.Index == cur.Index {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteString(">")
		b.WriteString(n.titles[c.Index])
		b.WriteString("</a>")
		if c.Section != nil && open[c.Section] && len(c.Section.Children) > 0 {
			n.list(b, c.Section, cur, at, open)
		}
		b.WriteString("</li>")
	}
	if start > 0 || end < len(items) {
		b.WriteString(`<li class="nav-more"><a href="` + html.EscapeString(site.Rel(at, sec.Page.URL)) + `">`)
		b.WriteString(html.EscapeString(strings.Replace(n.allN, "%d", strconv.Itoa(len(items)), 1)))
		b.WriteString("</a></li>")
	}
	b.WriteString("</ul>")
}
