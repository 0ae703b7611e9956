package incremental

import (
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator"
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

// addable reports whether a new Markdown file at rel can be added to the
// model without a whole build: a regular page in an existing section
// (a section's own page would change the section).
func (s *Session) addable(rel string) bool {
	dir := path.Dir(rel)
	if dir == "." {
		dir = ""
	}
	name := strings.ToLower(path.Base(rel))
	return s.t.Site().SectionByDir(dir) != nil && name != "_index.md" && name != "index.md" && name != "readme.md"
}

// reshape rebuilds after edits that keep the other pages' URLs but change
// what navigation, listings, print views, tag and item pages or the
// audit show of the pages: front matter edits, and pages added to or
// removed from existing sections. A new model is built from the parsed
// documents kept from the last build (only the edited files are read)
// and tree, the last build's with the edited files' times; the other
// pages keep their converted content, except those whose links may now
// resolve differently (links to a removed page, and broken links when a
// page was added), which are converted again. render.Affected says which
// outputs to render. An edit at the top level, which every page's
// sidebar shows, is left to a whole build. It returns a nil Update when
// the edit needs a whole build.
func (s *Session) reshape(edits []edit, tree *source.Tree) (*Update, error) {
	up := &Update{Incremental: true}
	old := s.t.Site()
	docs := maps.Clone(s.t.Docs())
	added, removed := map[string]bool{}, make([]bool, len(old.Pages))
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
			removed[e.p.Index] = true
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
	built, d := s.t.NewSite(tree, docs)
	if n, _ := d.Count(); n > 0 {
		up.Diagnostics = d
		return up, generator.ErrFailed
	}
	ns := built // converted below
	if ns.Paths != old.Paths {
		return nil, nil // a generated section moved: every page links it
	}
	if !slices.EqualFunc(old.Aliases, ns.Aliases, func(a, b *site.Alias) bool {
		return a.Path == b.Path && ns.Counterpart(a.Page) == b.Page
	}) {
		return nil, nil // redirect pages came or went: a whole build writes and removes them
	}
	// toNew maps the old pages, by Index, to the new.
	toNew := make([]*site.Page, len(old.Pages))
	for _, np := range ns.Pages {
		op := old.Counterpart(np)
		switch {
		case op == nil && added[np.File.Rel]:
		case op == nil || op.URL != np.URL:
			return nil, nil
		default:
			toNew[op.Index] = np
		}
	}
	for i := range old.Pages {
		if toNew[i] == nil && !removed[i] {
			return nil, nil
		}
	}

	// Carry the converted content over, or convert again.
	again := map[*site.Page]bool{}
	for _, e := range edits {
		if np := ns.PageBySource(e.rel); np != nil && !e.removed {
			again[np] = true
		}
	}
	contents := make(site.Contents, len(ns.Pages))
	for i, np := range toNew {
		if np == nil || again[np] {
			continue
		}
		c := old.Content(old.Pages[i])
		if mayResolveAnew(c, removed, len(added) > 0) {
			again[np] = true
			continue
		}
		contents[np.Index] = remapContent(c, toNew, ns)
	}
	for np := range again {
		c, err := ns.ConvertPage(s.t.Converter(), np)
		if err != nil {
			up.Diagnostics.Errorf(np.Path(), 0, 0, "%v", err)
			return up, generator.ErrFailed
		}
		contents[np.Index] = c
	}
	// Static files are unchanged (an edit to one is a whole build):
	// their sanitised bytes carry over.
	ns = ns.WithContents(contents).WithSanitised(old.SanitisedFiles())
	links := s.t.Links(ns)
	up.Diagnostics = append(up.Diagnostics, d...)
	up.Diagnostics = append(up.Diagnostics, links...)
	if n, _ := links.Count(); n > 0 {
		return up, generator.ErrFailed
	}
	report := audit.Run(ns, s.t.Config().Audit)
	changes := make([]render.Edit, len(edits))
	for i, e := range edits {
		changes[i] = render.Edit{Old: e.p}
		if !e.removed {
			changes[i].New = ns.PageBySource(e.rel)
		}
	}
	part, ok := render.Affected(old, ns, s.t.Report(), report, changes, slices.Collect(maps.Keys(again)))
	if !ok {
		return nil, nil
	}
	t := s.t.Derive(built, docs, tree, ns, report, links)
	return s.renderPartial(up, t, t.Renderer(), part)
}

// mayResolveAnew reports whether a page's links could resolve otherwise
// in the new model: one points at a removed page, or, when pages were
// added, one was broken (it may name a new page).
func mayResolveAnew(c *site.Content, removed []bool, added bool) bool {
	if c == nil {
		return false
	}
	for _, l := range c.Links {
		if l.Page != nil && removed[l.Page.Index] || added && l.Problem != "" {
			return true
		}
	}
	return false
}

// remapContent copies a page's converted content for the new model (toNew
// maps the old pages by Index to the new): the
// HTML stays (URLs did not change), the links point at the new model's
// pages and files, so that anchor checks and orphan counts use them.
func remapContent(c *site.Content, toNew []*site.Page, ns *site.Site) *site.Content {
	if c == nil {
		return nil
	}
	out := *c
	out.Links = slices.Clone(c.Links)
	for i := range out.Links {
		l := &out.Links[i]
		if l.Page != nil {
			l.Page = toNew[l.Page.Index]
		}
		if l.File != nil {
			l.File = ns.FileByRel(l.File.File.Rel)
		}
	}
	return &out
}
