package site

import (
	"path"
	"slices"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/source"
)

// Alias is an old address of a page (front matter aliases:), published
// as a redirect page to it. Aliases are no pages: the sitemap, the
// search index and the navigation never list them.
type Alias struct {
	source.Alias
	Page *Page
}

// AliasByPath returns the alias at the site path p (old/restore/ or
// old/restore, old.html), or nil.
func (s *Site) AliasByPath(p string) *Alias {
	return s.aliasByPath[strings.ToLower(strings.TrimSuffix(p, "/"))]
}

// collectAliases gathers the pages' aliases into Site.Aliases, refusing,
// each at its line, an alias at the address of a page or file of the
// content (owners, lower-cased output paths to their sources), at a
// file or inside a section handbook generates, below a file, or at the
// address another alias already took. Addresses compare without case,
// as checkCollisions compares them; of two pages with one alias, the
// one whose source path sorts later is reported.
func (s *Site) collectAliases(owners map[string]string) diag.List {
	var diags diag.List
	generated := s.generatedFiles()
	s.aliasByPath = map[string]*Alias{}
	// By source path, so that which of two pages an error is reported at
	// does not change with their titles or weights.
	pages := slices.SortedFunc(slices.Values(s.Pages), func(a, b *Page) int { return strings.Compare(a.Path(), b.Path()) })
	for _, p := range pages {
		for _, a := range p.FrontMatter.Aliases {
			shown := "/" + a.Path
			out := strings.ToLower(a.Output())
			key := strings.ToLower(strings.TrimSuffix(a.Path, "/"))
			if prev := s.aliasByPath[key]; prev != nil {
				if prev.Page == p {
					diags.Errorf(p.Path(), a.Line, a.Col, "aliases: %s is listed twice (also at line %d); remove one", shown, prev.Line)
				} else {
					diags.Errorf(p.Path(), a.Line, a.Col, "aliases: %s is also an alias of %s (line %d); an old address can redirect to one page only; remove one of them", shown, prev.Page.Path(), prev.Line)
				}
				continue
			}
			if problem := s.aliasTaken(out, owners, generated); problem != "" {
				diags.Errorf(p.Path(), a.Line, a.Col, "aliases: %s %s; remove the alias", shown, problem)
				continue
			}
			alias := &Alias{Alias: a, Page: p}
			s.aliasByPath[key] = alias
			s.Aliases = append(s.Aliases, alias)
		}
	}
	return diags
}

// aliasTaken says what already uses the output file out (lower case)
// of an alias, or "" when nothing does.
func (s *Site) aliasTaken(out string, owners, generated map[string]string) string {
	if src, ok := owners[out]; ok {
		return "is the address of " + src + ", which is published there"
	}
	if what, ok := generated[out]; ok {
		return "is where handbook writes " + what
	}
	if what := s.recordList(out); what != "" {
		return "is where handbook writes " + what
	}
	for _, name := range Movable {
		if dir := strings.ToLower(s.Paths.Get(name)); strings.HasPrefix(out, dir) {
			return "is inside " + dir + ", handbook's generated " + name + " section"
		}
	}
	for dir := path.Dir(out); dir != "."; dir = path.Dir(dir) {
		if src, ok := owners[dir]; ok {
			return "is inside " + dir + ", the file of " + src
		}
		if what, ok := generated[dir]; ok {
			return "is inside " + dir + ", " + what
		}
	}
	return ""
}
