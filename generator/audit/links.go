// Package audit runs read-only checks over the finished model and reports
// findings as diagnostics. It never changes the model.
package audit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/site"
)

// GroupThreshold is the number of broken links with one cause (the same
// missing target, or the same missing root-relative folder) from which
// Links reports them as one line with counts instead of a line each: a
// manual written for a publisher of several sites links to the others
// thousands of times, and a log of thousands of lines hides the few
// broken links that matter. The audit (handbook audit, the audit pages
// and exports) still lists every one.
const GroupThreshold = 10

// Links checks every internal link and anchor of every page: a link to a
// page or file that does not exist, an image whose file does not exist,
// an #anchor that names no heading of its target, and a destination that
// could run script (which the model has already neutralised). Each has
// the severity the policy gives page-broken-link (a warning unless
// handbook.yaml says otherwise: strict builds fail on it), and none is
// reported when the rule is disabled. Broken links sharing a cause are
// grouped from GroupThreshold on (see groupKey). Links to pages outside
// the audience built are notes, whatever the policy: no mistake.
func Links(s *site.Site, policy config.Audit) diag.List {
	var diags diag.List
	sev, on := DiagSeverity(policy, "page-broken-link")
	report := func(path string, line, col int, format string, args ...any) {
		if on {
			diags = append(diags, diag.Diagnostic{Path: path, Line: line, Col: col, Severity: sev, Message: fmt.Sprintf(format, args...)})
		}
	}
	groups := map[linkGroupKey]*linkGroup{}
	for _, p := range s.Pages {
		c := s.Content(p)
		if c == nil {
			continue
		}
		for _, l := range c.Links {
			switch {
			case l.Excluded:
				diags.Notef(l.Path(p), l.Line, l.Col, "link to %s: the page is not for the %s audience; its text is shown without the link", l.Dest, s.Audience)
			case l.Unsafe:
				report(l.Path(p), l.Line, l.Col, "%s: %s; the link was removed", linkSubject(l), l.Problem)
			case l.Problem != "":
				k := groupKey(s, l)
				g := groups[k]
				if g == nil {
					g = &linkGroup{pages: map[*site.Page]bool{}}
					groups[k] = g
				}
				g.links = append(g.links, brokenLink{p, l})
				g.pages[p] = true
			case l.Page != nil && l.Fragment != "":
				if t := s.Content(l.Page); t != nil && !t.Result.HasID(l.Fragment) {
					where := "on that page"
					if l.Page.Index == p.Index {
						where = "on this page"
					}
					report(l.Path(p), l.Line, l.Col, "link to %s: no such heading #%s %s", l.Dest, l.Fragment, where)
				}
			}
		}
	}
	for k, g := range groups {
		if k.of == "" || len(g.links) < GroupThreshold {
			for _, b := range g.links {
				report(b.link.Path(b.page), b.link.Line, b.link.Col, "%s: %s", linkSubject(b.link), b.link.Problem)
			}
			continue
		}
		first := slices.MinFunc(g.links, func(a, b brokenLink) int {
			return cmp.Or(cmp.Compare(a.link.Path(a.page), b.link.Path(b.page)), cmp.Compare(a.link.Line, b.link.Line), cmp.Compare(a.link.Col, b.link.Col))
		})
		what, to := "links", "to"
		if k.image {
			what, to = "images", "of"
		}
		const listed = "handbook audit lists each one"
		if k.prefix {
			to, have := "to", "page"
			if k.image {
				to, have = "under", "file"
			}
			report(first.link.Path(first.page), first.link.Line, first.link.Col,
				"%d %s %s %s… (%s) have no %s here; if these belong to another site, declare the prefix under links.external in handbook.yaml (%s)",
				len(g.links), what, to, k.of, pages(len(g.pages)), have, listed)
			continue
		}
		report(first.link.Path(first.page), first.link.Line, first.link.Col, "%d %s %s %s (%s): %s (%s)",
			len(g.links), what, to, k.of, pages(len(g.pages)), first.link.Problem, listed)
	}
	return diags
}

// linkSubject names a link in a message: "image x.png" for an image (it
// is only ever a file), "link to x.md" otherwise.
func linkSubject(l site.PageLink) string {
	if l.Image {
		return "image " + l.Dest
	}
	return "link to " + l.Dest
}

type brokenLink struct {
	page *site.Page
	link site.PageLink
}

type linkGroup struct {
	links []brokenLink
	pages map[*site.Page]bool
}

// linkGroupKey is what broken links have in common: of is a root-relative
// folder ("/powershell/", prefix set) or the content-relative path they
// all miss; empty when the link is reported on its own.
type linkGroupKey struct {
	of     string
	prefix bool
	image  bool
}

// groupKey returns the cause a broken link shares with others. A
// root-relative link whose first folder is no section here most likely
// points at another site of the same publisher, so its first folder is
// the cause (the prefix links.external would declare); any other link
// misses its own target, which other pages may miss too.
func groupKey(s *site.Site, l site.PageLink) linkGroupKey {
	k := linkGroupKey{image: l.Image}
	if l.Target == "" {
		return k // the path leaves the content folder: always on its own
	}
	if strings.HasPrefix(l.Dest, "/") {
		if folder, _, ok := strings.Cut(l.Target, "/"); ok && s.SectionByDir(folder) == nil {
			k.of, k.prefix = "/"+folder+"/", true
			return k
		}
	}
	k.of = l.Target
	return k
}

func pages(n int) string {
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
}
