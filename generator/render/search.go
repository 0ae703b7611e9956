package render

import (
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
	return r.execute(w, "search.html", r.site.Paths.Search+"index.html", v)
}
