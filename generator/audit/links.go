// Package audit runs read-only checks over the finished model and reports
// findings as diagnostics. It never changes the model.
package audit

import (
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/site"
)

// Links checks every internal link and anchor of every page: a link to a
// page or file that does not exist, an #anchor that names no heading of
// its target, and a destination that could run script (which the model
// has already neutralised). Each is a warning; strict builds fail on them.
func Links(s *site.Site) diag.List {
	var diags diag.List
	for _, p := range s.Pages {
		if p.Content == nil {
			continue
		}
		for _, l := range p.Content.Links {
			switch {
			case l.Excluded:
				diags.Notef(l.Path(p), l.Line, 0, "link to %s: the page is not for the %s audience; its text is shown without the link", l.Dest, s.Audience)
			case l.Unsafe:
				diags.Warnf(l.Path(p), l.Line, 0, "link to %s: %s; the link was removed", l.Dest, l.Problem)
			case l.Problem != "":
				diags.Warnf(l.Path(p), l.Line, 0, "link to %s: %s", l.Dest, l.Problem)
			case l.Page != nil && l.Fragment != "":
				if t := l.Page.Content; t != nil && !t.Result.HasID(l.Fragment) {
					where := "on that page"
					if l.Page == p {
						where = "on this page"
					}
					diags.Warnf(l.Path(p), l.Line, 0, "link to %s: no such heading #%s %s", l.Dest, l.Fragment, where)
				}
			}
		}
	}
	return diags
}
