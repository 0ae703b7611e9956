package audit

import (
	"path"
	"strings"
)

// translationRules check a language's site of a manual of several
// languages against the default language's: translations whose source
// changed since, and translations a folder requires that are missing.
var translationRules = []Rule{
	{ID: "translation-stale", Subject: "page", Severity: Warning, Title: "Translation behind its source",
		Fix: "Bring the translation up to date with the changes to its source, then commit it (or set translated_from: to the source's commit you translated).", check: translationStale},
	{ID: "translation-missing", Subject: "page", Severity: Warning, Title: "Translation its section requires is missing",
		Fix: "Translate the page (name.<lang>.md beside it, or a page with its translation_key), or end the requirement with translations: optional in a folder's cascade.", check: translationMissing},
}

func translationStale(c *checker) {
	for _, p := range c.site.Pages {
		st := c.site.TranslationState(p)
		if st == nil {
			continue
		}
		key := "title"
		if p.TranslatedFrom != "" {
			key = "translated_from"
		}
		switch {
		case st.Err != nil:
			c.page(p, key, "names translated_from %s: %v; write a commit of the source's history", p.TranslatedFrom, st.Err)
		case len(st.Behind) > 0:
			var subjects []string
			for i, cm := range st.Behind {
				if i == 3 {
					subjects = append(subjects, "…")
					break
				}
				subjects = append(subjects, cm.Hash[:7]+" "+cm.Subject)
			}
			src := path.Join(c.site.Config.ContentDir, st.Source)
			c.page(p, key, "is %d commit%s behind its source %s (since %s of %s): %s", len(st.Behind), plural(len(st.Behind)), src, st.Base.Hash[:7], day(st.Base.When), strings.Join(subjects, "; "))
			if st.Old != nil {
				c.out[len(c.out)-1].URL = c.site.TranslationDiffURL(p)
			}
		}
	}
}

func translationMissing(c *checker) {
	for _, e := range c.site.Untranslated() {
		c.out = append(c.out, &Finding{Rule: c.rule.ID, Severity: c.rule.Severity, SubjectKind: "page", Subject: e.Path, Title: e.Title,
			Path: e.Path, Line: 1, Message: e.Title + " has no " + c.site.Language + " translation, which " + e.Required + " requires (translations: required)",
			Fix: c.rule.Fix, Owners: owners(e.Owner), Kind: "page"})
	}
}
