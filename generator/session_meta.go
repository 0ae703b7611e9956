package generator

import (
	"maps"
	"slices"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// sameShape reports whether an edit keeps the set of pages and their
// URLs. Such an edit (a title, a weight, a description, an owner, a
// review date, tags, items) changes what other pages show of the page,
// and which tag pages exist, but not which pages do.
func sameShape(a, b *source.Document) bool {
	return a.Draft == b.Draft && a.Slug == b.Slug && a.URL == b.URL && slices.Equal(a.Audience, b.Audience)
}

// pageKey names a page across two models: its source, or its section's
// folder for a generated section page.
func pageKey(p *site.Page) string {
	if p.File.Rel != "" {
		return p.File.Rel
	}
	return "dir:" + p.Section.Dir
}

// metadata rebuilds after edits that keep the site's pages and URLs but
// change what navigation, listings, print views, tag and item pages or
// the audit show of the pages. The model is built anew from the parsed
// documents kept from the last build (nothing else is read or parsed),
// the other pages keep their converted content, and only the pages that
// can show an edited page are rendered: every page below its section
// (their sidebars list it; breadcrumbs and listings name it), its old and
// new neighbours, the print views of that part of the tree, its tag and
// item pages, the sitemap, the inventory's lists when it names items, and
// the audit pages when findings changed. An edit to a page at the top
// level, which the sidebar of every page shows, is left to a whole build.
// It returns a nil Update when the edit needs a whole build after all.
func (s *Session) metadata(edits []edit) (*Update, error) {
	up := &Update{Incremental: true}
	old := s.m.site
	docs := maps.Clone(s.m.docs)
	for _, e := range edits {
		if e.p.Parent == nil || e.p.Parent == old.Root {
			return nil, nil
		}
		docs[e.rel] = e.doc
	}
	ns, d := site.New(s.m.cfg, s.m.tree, docs, site.Options{Drafts: s.opts.Drafts, BuildTime: old.BuildTime, Inventory: old.Inventory, Snapshots: old.Snapshots, Audience: s.opts.Audience})
	if n, _ := d.Count(); n > 0 {
		up.Diagnostics = d
		return up, ErrFailed
	}
	ns.SourceCommit = old.SourceCommit
	oldByKey := make(map[string]*site.Page, len(old.Pages))
	for _, p := range old.Pages {
		oldByKey[pageKey(p)] = p
	}
	if len(ns.Pages) != len(old.Pages) {
		return nil, nil
	}
	toNew := make(map[*site.Page]*site.Page, len(ns.Pages))
	for _, np := range ns.Pages {
		op := oldByKey[pageKey(np)]
		if op == nil || op.URL != np.URL {
			return nil, nil
		}
		toNew[op] = np
	}
	edited := map[string]bool{}
	for _, e := range edits {
		edited[e.rel] = true
	}
	for op, np := range toNew {
		if !edited[np.File.Rel] || np.File.Rel == "" {
			np.Content = remapContent(op.Content, toNew, ns)
		}
	}
	for _, e := range edits {
		if err := ns.ConvertPage(s.pr.conv, ns.PageBySource(e.rel)); err != nil {
			up.Diagnostics.Errorf(e.p.Path(), 0, 0, "%v", err)
			return up, ErrFailed
		}
	}
	links := linkFindings(ns, s.opts.Strict)
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
	for _, e := range edits {
		np := ns.PageBySource(e.rel)
		under := np.Parent
		for _, p := range ns.Pages {
			for a := p.Parent; a != nil; a = a.Parent {
				if a == under {
					pages[p] = true
					break
				}
			}
		}
		pages[under.Page] = true
		for _, n := range []*site.Page{np.Prev, np.Next, toNew[e.p.Prev], toNew[e.p.Next]} {
			if n != nil {
				pages[n] = true
			}
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
		for _, name := range np.Tags {
			if t := ns.TagBySlug(name); t != nil && !slices.Contains(part.Tags, t) {
				part.Tags = append(part.Tags, t)
			}
		}
		if !slices.Equal(e.old.Tags, e.doc.Tags) {
			retag = true
		}
		for _, it := range append(slices.Clone(e.p.Items), np.Items...) {
			if !slices.Contains(part.Items, it) {
				part.Items = append(part.Items, it)
			}
			part.Inventory = true
		}
	}
	if retag { // tags came or went: the tag index and every tag page
		part.Tags, part.TagIndex = ns.Tags, true
	}
	for op, np := range toNew {
		if !sameFindings(s.pr.report.ForPage(op), report.ForPage(np)) {
			pages[np] = true
		}
	}
	for p := range pages {
		part.Pages = append(part.Pages, p)
	}
	for sec := range prints {
		part.Prints = append(part.Prints, sec)
	}
	pr := *s.pr
	pr.report, pr.links = report, links
	r := pr.renderer(ns)
	w := newMemWriter(s.out, true)
	if part.Audit {
		w.removePrefix(render.AuditURL)
	}
	if part.TagIndex {
		w.removePrefix(site.TagsURL)
	}
	if d := r.RenderPartial(w, part); len(d) > 0 {
		up.Diagnostics = append(up.Diagnostics, d...)
		return up, ErrFailed
	}
	up.Output, up.Changed = w.output(s.out)
	up.Rendered = len(w.rendered)
	m := *s.m
	m.site, m.docs = ns, docs
	s.m, s.pr, s.r, s.out = &m, &pr, r, up.Output
	return up, nil
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
