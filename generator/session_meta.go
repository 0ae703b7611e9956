package generator

import (
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// sameShape reports whether an edit keeps the page and its URL. Such an
// edit (a title, a weight, a description, an owner, a review date, tags,
// items) changes what other pages show of the page, and which tag pages
// exist, but not which pages do. An edit of aliases: changes which
// redirect pages exist, which only a whole build writes and removes.
func sameShape(a, b *source.Document) bool {
	return a.Draft == b.Draft && a.Slug == b.Slug && a.URL == b.URL && slices.Equal(a.Audience, b.Audience) && slices.Equal(a.Aliases, b.Aliases)
}

// pageKey names a page across two models: its source, or its section's
// folder for a generated section page.
func pageKey(p *site.Page) string {
	if p.File.Rel != "" {
		return p.File.Rel
	}
	return "dir:" + p.Section.Dir
}

// addable reports whether a new Markdown file at rel can be added to the
// model without a whole build: a regular page in an existing section
// (a section's own page would change the section).
func (s *Session) addable(rel string) bool {
	dir := path.Dir(rel)
	if dir == "." {
		dir = ""
	}
	name := strings.ToLower(path.Base(rel))
	return s.m.site.SectionByDir(dir) != nil && name != "_index.md" && name != "index.md" && name != "readme.md"
}

// reshape rebuilds after edits that keep the other pages' URLs but change
// what navigation, listings, print views, tag and item pages or the
// audit show of the pages: front matter edits, and pages added to or
// removed from existing sections. The model is built anew from the parsed
// documents kept from the last build (only the edited files are read);
// the other pages keep their converted content, except those whose links
// may now resolve differently (links to a removed page, and broken links
// when a page was added), which are converted again. Rendered are the
// pages that can show an edited page: every page below its section (their
// sidebars list it; breadcrumbs and listings name it), its old and new
// neighbours, the print views of that part of the tree, its tag and item
// pages, the listing above its section (which counts the section's
// pages), the sitemap, the change log (which names pages by title), the
// inventory's lists when it names items, and the audit pages when
// findings changed; a removed page's output goes. An edit
// at the top level, which every page's sidebar shows, is left to a whole
// build. It returns a nil Update when the edit needs a whole build.
func (s *Session) reshape(edits []edit) (*Update, error) {
	up := &Update{Incremental: true}
	old := s.m.site
	docs := maps.Clone(s.m.docs)
	tree := *s.m.tree
	tree.Files = slices.Clone(tree.Files)
	added, removed := map[string]bool{}, map[*site.Page]bool{}
	for _, e := range edits {
		switch {
		case e.added:
			if e.rel == "" || path.Dir(e.rel) == "." {
				return nil, nil
			}
			added[e.rel] = true
			docs[e.rel] = e.doc
			tree.Files = append(tree.Files, e.file)
		case e.removed:
			if e.p.Parent == nil || e.p.Parent == old.Root {
				return nil, nil
			}
			removed[e.p] = true
			delete(docs, e.rel)
			tree.Files = slices.DeleteFunc(tree.Files, func(f source.File) bool { return f.Rel == e.rel })
		default:
			if e.p.Parent == nil || e.p.Parent == old.Root {
				return nil, nil
			}
			docs[e.rel] = e.doc
		}
	}
	if len(added) > 0 {
		sort.Slice(tree.Files, func(i, j int) bool { return tree.Files[i].Rel < tree.Files[j].Rel })
	}
	ns, d := s.m.newSite(&tree, docs)
	if n, _ := d.Count(); n > 0 {
		up.Diagnostics = d
		return up, ErrFailed
	}
	if ns.Paths != old.Paths {
		return nil, nil // a generated section moved: every page links it
	}
	if !slices.EqualFunc(old.Aliases, ns.Aliases, func(a, b *site.Alias) bool { return a.Path == b.Path && pageKey(a.Page) == pageKey(b.Page) }) {
		return nil, nil // redirect pages came or went: a whole build writes and removes them
	}
	// Static files are unchanged (an edit to one is a whole build):
	// their sanitised bytes carry over.
	for _, f := range ns.Files {
		if was := old.FileByRel(f.File.Rel); was != nil {
			f.Sanitised = was.Sanitised
		}
	}
	ns.SourceCommit = old.SourceCommit
	oldByKey := make(map[string]*site.Page, len(old.Pages))
	for _, p := range old.Pages {
		oldByKey[pageKey(p)] = p
	}
	toNew := make(map[*site.Page]*site.Page, len(ns.Pages))
	for _, np := range ns.Pages {
		op := oldByKey[pageKey(np)]
		switch {
		case op == nil && added[np.File.Rel]:
		case op == nil || op.URL != np.URL:
			return nil, nil
		default:
			toNew[op] = np
		}
	}
	for _, op := range old.Pages {
		if toNew[op] == nil && !removed[op] {
			return nil, nil
		}
	}

	// Carry the converted content over, or convert again.
	again := map[*site.Page]bool{}
	for _, e := range edits {
		if !e.removed {
			again[ns.PageBySource(e.rel)] = true
		}
	}
	for op, np := range toNew {
		if again[np] {
			continue
		}
		if mayResolveAnew(op.Content, removed, len(added) > 0) {
			again[np] = true
			continue
		}
		np.Content = remapContent(op.Content, toNew, ns)
	}
	for np := range again {
		if np == nil {
			continue
		}
		if err := ns.ConvertPage(s.pr.conv, np); err != nil {
			up.Diagnostics.Errorf(np.Path(), 0, 0, "%v", err)
			return up, ErrFailed
		}
	}
	links := linkFindings(ns, s.m.cfg.Audit, s.opts.Strict)
	up.Diagnostics = append(up.Diagnostics, d...)
	up.Diagnostics = append(up.Diagnostics, links...)
	if n, _ := links.Count(); n > 0 {
		return up, ErrFailed
	}
	report := audit.Run(ns, s.m.cfg.Audit)

	part := render.Partial{Audit: !sameFindings(s.pr.report.Findings, report.Findings), Sitemap: true}
	pages := map[*site.Page]bool{}
	prints := map[*site.Section]bool{}
	retag := false
	below := func(under *site.Section) {
		for _, p := range ns.Pages {
			for a := p.Parent; a != nil; a = a.Parent {
				if a == under {
					pages[p] = true
					break
				}
			}
		}
		pages[under.Page] = true
		if under.Parent != nil { // its listing counts the section's pages
			pages[under.Parent.Page] = true
		}
		for _, sec := range ns.Sections {
			for a := sec; a != nil; a = a.Parent {
				if a == under {
					prints[sec] = true
					break
				}
			}
		}
		for a := under; a != nil; a = a.Parent {
			prints[a] = true
		}
	}
	var gone []string
	for _, e := range edits {
		var neighbours []*site.Page
		var under *site.Section
		if e.removed {
			under = ns.SectionByDir(e.p.Parent.Dir)
			gone = append(gone, e.p.OutputPath())
			neighbours = []*site.Page{toNew[e.p.Prev], toNew[e.p.Next]}
			retag = retag || len(e.p.Tags) > 0
		} else {
			np := ns.PageBySource(e.rel)
			if np == nil { // an added draft, or a page not for the audience
				continue
			}
			under = np.Parent
			neighbours = []*site.Page{np.Prev, np.Next}
			if e.p != nil {
				neighbours = append(neighbours, toNew[e.p.Prev], toNew[e.p.Next])
			}
			for _, name := range np.Tags {
				if t := ns.TagBySlug(name); t != nil && !slices.Contains(part.Tags, t) {
					part.Tags = append(part.Tags, t)
				}
			}
			retag = retag || e.old == nil && len(e.doc.Tags) > 0 || e.old != nil && !slices.Equal(e.old.Tags, e.doc.Tags)
			for _, it := range np.Items {
				if !slices.Contains(part.Items, it) {
					part.Items = append(part.Items, it)
				}
				part.Inventory = true
			}
		}
		if under == nil {
			return nil, nil
		}
		below(under)
		for _, n := range neighbours {
			if n != nil {
				pages[n] = true
			}
		}
		if e.p != nil {
			for _, it := range e.p.Items {
				if !slices.Contains(part.Items, it) {
					part.Items = append(part.Items, it)
				}
				part.Inventory = true
			}
		}
	}
	// The change log names the pages its commits changed by their
	// titles, and links those that exist.
	part.SiteChanges = true
	if retag { // tags came or went: the tag index and every tag page
		part.Tags, part.TagIndex = ns.Tags, true
	}
	for np := range again {
		if np == nil {
			continue
		}
		pages[np] = true
		for a := np.Parent; a != nil; a = a.Parent {
			prints[a] = true
		}
		if np.Section != nil {
			prints[np.Section] = true
		}
	}
	for op, np := range toNew {
		if !sameFindings(s.pr.report.ForPage(op), report.ForPage(np)) {
			pages[np] = true
		}
	}
	part.Pages, part.Prints = slices.Collect(maps.Keys(pages)), slices.Collect(maps.Keys(prints))
	pr := *s.pr
	pr.report, pr.links = report, links
	r := pr.renderer(ns, nil, nil)
	w := newMemWriter(s.out, true)
	if part.Audit {
		w.removePrefix(ns.Paths.Audit)
	}
	if part.TagIndex {
		w.removePrefix(ns.Paths.Tags)
	}
	for _, p := range gone {
		w.remove(p)
	}
	if d := r.RenderPartial(w, part); len(d) > 0 {
		up.Diagnostics = append(up.Diagnostics, d...)
		return up, ErrFailed
	}
	s.indexStale = true
	up.Output, up.Changed = w.output(s.out)
	up.Rendered = len(w.rendered)
	m := *s.m
	m.site, m.docs, m.tree = ns, docs, &tree
	s.m, s.pr, s.r, s.out = &m, &pr, r, up.Output
	return up, nil
}

// mayResolveAnew reports whether a page's links could resolve otherwise
// in the new model: one points at a removed page, or, when pages were
// added, one was broken (it may name a new page).
func mayResolveAnew(c *site.Content, removed map[*site.Page]bool, added bool) bool {
	if c == nil {
		return false
	}
	for _, l := range c.Links {
		if l.Page != nil && removed[l.Page] || added && l.Problem != "" {
			return true
		}
	}
	return false
}

// remapContent copies a page's converted content for the new model: the
// HTML stays (URLs did not change), the links point at the new model's
// pages and files, so that anchor checks and orphan counts use them.
func remapContent(c *site.Content, toNew map[*site.Page]*site.Page, ns *site.Site) *site.Content {
	if c == nil {
		return nil
	}
	out := *c
	out.Links = slices.Clone(c.Links)
	for i := range out.Links {
		l := &out.Links[i]
		if l.Page != nil {
			l.Page = toNew[l.Page]
		}
		if l.File != nil {
			l.File = ns.FileByRel(l.File.File.Rel)
		}
	}
	return &out
}
