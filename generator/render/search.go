package render

import (
	"github.com/handbook-dev/handbook/generator/search"
	"github.com/handbook-dev/handbook/generator/site"
)

// SearchLabels returns the UI strings the search script shows, for the
// index's metadata: the script carries no language of its own, and the
// pages need not repeat them.
func SearchLabels(tr *Translator) map[string]string {
	m := map[string]string{}
	for _, k := range []string{"search", "search_no_results", "search_results", "search_more", "search_filters", "search_typo", "search_partial",
		"search_kind", "search_kind_procedure", "search_kind_item", "search_kind_audit", "platform", "audience", "tags", "owner"} {
		m[k] = tr.T(k)
	}
	return m
}

// searchPage renders search/index.html: the full results of ?q=, with
// filters, filled in by the script; without JavaScript it explains why
// nothing happens.
func (r *Renderer) searchPage(w Writer) error {
	root := site.RootPrefix(r.site.Paths.Search)
	v := &View{Site: r.siteView(root), Kind: "search", Title: r.opts.Translator.T("search"), Lang: r.site.Config.Language}
	v.Crumbs = []Link{{Title: r.site.Root.Page.Title, Href: root}}
	v.Sidebar = r.nav.sidebar(r.site.Root.Page, r.site.Paths.Search)
	v.SearchLanguages = r.searchLanguages()
	return r.execute(w, "search.html", r.site.Paths.Search+"index.html", v)
}

// SearchLanguage is another language's site of the manual as the search
// page widens to it: its name in itself (for the heading of its hits),
// its code (their lang), its root from the search page and its index
// pointer (search.PointerFile).
type SearchLanguage struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Root  string `json:"root"`
	Index string `json:"index"`
}

// searchLanguages lists the manual's languages other than this site's,
// in their configured order; none for a manual of one language.
func (r *Renderer) searchLanguages() []SearchLanguage {
	var out []SearchLanguage
	at := &site.Page{URL: r.site.Paths.Search}
	for _, l := range r.site.Config.Languages {
		if l == r.site.Language {
			continue
		}
		root := r.site.LanguageHome(at, l)
		out = append(out, SearchLanguage{Code: l, Name: r.opts.Translator.For(l).T("language_name"), Root: root,
			Index: root + r.site.Paths.Search + search.PointerFile})
	}
	return out
}
