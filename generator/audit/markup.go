package audit

import (
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/site"
)

// Markup reports what the Markdown converter noticed in each page (an
// admonition that is never closed, say) as warnings at the page's line;
// strict builds fail on them, like on broken links.
func Markup(s *site.Site) diag.List {
	var diags diag.List
	for _, p := range s.Pages {
		if p.Content == nil || p.Content.Result == nil {
			continue
		}
		for _, n := range p.Content.Result.Notes {
			diags.Warnf(p.SourcePath(n.Source), n.Line, n.Col, "%s", n.Message)
		}
	}
	return diags
}
