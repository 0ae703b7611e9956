package audit

import (
	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/site"
)

// Markup reports what the Markdown converter noticed in each page (an
// admonition that is never closed, say) at the page's line, with the
// severity the policy gives page-markup (a warning unless handbook.yaml
// says otherwise; nothing when the rule is disabled): the findings of
// the rule, as the build prints them.
func Markup(s *site.Site, policy config.Audit) diag.List {
	sev, on := DiagSeverity(policy, "page-markup")
	var diags diag.List
	if !on {
		return diags
	}
	for _, p := range s.Pages {
		c := s.Content(p)
		if c == nil || c.Result == nil {
			continue
		}
		for _, n := range c.Result.Notes {
			diags = append(diags, diag.Diagnostic{Path: p.SourcePath(n.Source), Line: n.Line, Col: n.Col, Severity: sev, Message: n.Message})
		}
	}
	return diags
}

// markupNotes is the page-markup rule: Markup's findings in the audit.
func markupNotes(c *checker) {
	for _, p := range c.site.Pages {
		content := c.site.Content(p)
		if content == nil || content.Result == nil {
			continue
		}
		for _, n := range content.Result.Notes {
			c.pageAt(p, n.Line, "%s", n.Message)
			c.out[len(c.out)-1].Path = p.SourcePath(n.Source)
		}
	}
}
