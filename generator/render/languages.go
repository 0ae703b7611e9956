package render

import (
	"strings"

	"github.com/handbook-dev/handbook/generator/site"
)

// LanguageLink is one language of the manual in the language switcher:
// its own name (Nederlands), and the page in it, or its home page when
// the page has no translation (Translated false).
type LanguageLink struct {
	Code, Name, Href    string
	Current, Translated bool
}

// languageViews fills the language switcher of the page at URL at, in a
// manual of several languages: a content page links its translations; a
// page handbook generates at the same place in every language (the
// inventory, the audit, the status page, search, the tag index) links
// the same page there; anything else links the language's home page.
func (r *Renderer) languageViews(v *View, at string) {
	langs := r.site.Config.Languages
	if len(langs) == 0 {
		return
	}
	var translations map[string]string
	if p := v.Page; p != nil && p.File.Rel != "" {
		translations = map[string]string{}
		for _, tr := range r.site.Translations(p) {
			translations[tr.Language] = tr.Href
		}
	}
	page := &site.Page{URL: at}
	shared := r.everyLanguageHas(at)
	for _, l := range langs {
		link := LanguageLink{Code: l, Name: r.opts.Translator.For(l).T("language_name"), Current: l == r.site.Language}
		switch href, ok := translations[l]; {
		case link.Current:
			link.Href, link.Translated = "./", true
		case ok:
			link.Href, link.Translated = href, true
		case translations == nil && shared:
			link.Href, link.Translated = r.site.LanguageHome(page, l)+at, true
		default:
			link.Href = r.site.LanguageHome(page, l)
		}
		v.Languages = append(v.Languages, link)
	}
}

// everyLanguageHas reports whether the page at URL at is one handbook
// generates in every language's site: the inventory's, the audit's, the
// status page, the search page and the tag index.
func (r *Renderer) everyLanguageHas(at string) bool {
	p := r.site.Paths
	for _, prefix := range []string{p.Inventory, p.Audit, p.Status, p.Search} {
		if prefix != "" && strings.HasPrefix(at, prefix) {
			return true
		}
	}
	return at == p.Tags
}
