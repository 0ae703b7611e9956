package render

import (
	"html/template"

	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/versiondiff"
)

// DiffView is the page of what changed since the previous version, or
// (with Page set) the word-level diff of one changed page.
type DiffView struct {
	Since   string
	Added   []Link
	Removed []Link
	Changed []ChangedView
	// Page is the changed page a diff page shows.
	Page *ChangedView
}

// ChangedView is a changed page: its diff page, the page itself, counts.
type ChangedView struct {
	Title, OldTitle, Href, DiffHref string
	Added, Deleted                  int
	HTML                            template.HTML
}

// diffURL is the folder of the changes since version name.
func (r *Renderer) diffURL(name string) string { return r.site.Paths.Changes + name + "/" }

// pageDiffURL is the folder of the word diff of the page at url: below
// pages/, so that the home page's (url "") does not take the list's place.
func (r *Renderer) pageDiffURL(name, url string) string { return r.diffURL(name) + "pages/" + url }

func (r *Renderer) versionDiffJobs(w Writer) []func() error {
	d := r.opts.Diff
	if d == nil {
		return nil
	}
	jobs := []func() error{func() error { return r.versionDiff(w, d) }}
	for i := range d.Changed {
		c := d.Changed[i]
		jobs = append(jobs, func() error { return r.pageDiff(w, d, c) })
	}
	return jobs
}

// otherPrefix is the folder of the version named name ("" when unknown or
// the latest).
func (r *Renderer) otherPrefix(name string) string {
	if r.opts.Versions != nil {
		for _, v := range r.opts.Versions.All {
			if v.Name == name {
				return v.Prefix
			}
		}
	}
	return ""
}

func (r *Renderer) diffView(at string, title string) *View {
	v := &View{Site: r.siteView(site.RootPrefix(at)), Kind: "version-diff", Title: title, Lang: r.site.Config.Language}
	v.Sidebar = r.nav.sidebar(r.site.Root.Page, at)
	v.Crumbs = []Link{{Title: r.site.Root.Page.Title, Href: site.Rel(at, "")}}
	return v
}

func (r *Renderer) versionDiff(w Writer, d *versiondiff.Diff) error {
	at := r.diffURL(d.Since)
	v := r.diffView(at, r.opts.Translator.T("changes_since")+" "+d.Since)
	dv := &DiffView{Since: d.Since}
	for _, p := range d.Added {
		dv.Added = append(dv.Added, Link{Title: p.Title, Href: site.Rel(at, p.URL)})
	}
	cur := ""
	if r.opts.Versions != nil {
		cur = r.opts.Versions.All[r.opts.Versions.Current].Prefix
	}
	for _, p := range d.Removed {
		dv.Removed = append(dv.Removed, Link{Title: p.Title, Href: site.Rel(cur+at, r.otherPrefix(d.Since)+p.URL)})
	}
	for _, c := range d.Changed {
		dv.Changed = append(dv.Changed, ChangedView{Title: c.Page.Title, OldTitle: c.OldTitle, Href: site.Rel(at, c.Page.URL),
			DiffHref: site.Rel(at, r.pageDiffURL(d.Since, c.Page.URL)), Added: c.Added, Deleted: c.Deleted})
	}
	v.Diff = dv
	return r.execute(w, "version-diff.html", at+"index.html", v)
}

func (r *Renderer) pageDiff(w Writer, d *versiondiff.Diff, c versiondiff.Changed) error {
	at := r.pageDiffURL(d.Since, c.Page.URL)
	v := r.diffView(at, c.Page.Title+" · "+r.opts.Translator.T("changes_since")+" "+d.Since)
	v.Crumbs = append(v.Crumbs, Link{Title: r.opts.Translator.T("changes_since") + " " + d.Since, Href: site.Rel(at, r.diffURL(d.Since))})
	v.Diff = &DiffView{Since: d.Since, Page: &ChangedView{Title: c.Page.Title, OldTitle: c.OldTitle, Href: site.Rel(at, c.Page.URL),
		Added: c.Added, Deleted: c.Deleted, HTML: c.HTML}}
	return r.execute(w, "version-diff.html", at+"index.html", v)
}

// translationDiffJobs render, for each translation behind its source, the
// word diff of the source's changes since the translation, which the
// translation-stale finding links.
func (r *Renderer) translationDiffJobs(w Writer) []func() error {
	var jobs []func() error
	for _, p := range r.site.Pages {
		if st := r.site.TranslationState(p); st != nil && st.Old != nil && len(st.Behind) > 0 {
			jobs = append(jobs, func() error { return r.translationDiff(w, p, st) })
		}
	}
	return jobs
}

func (r *Renderer) translationDiff(w Writer, p *site.Page, st *site.TranslationState) error {
	at := r.site.TranslationDiffURL(p)
	t := r.opts.Translator.T
	since := st.Base.Hash[:7] + " (" + st.Base.When.Format("2006-01-02") + ")"
	v := r.diffView(at, p.Title+" · "+t("source_changes")+" "+since)
	v.Crumbs = append(v.Crumbs, Link{Title: p.Title, Href: site.Rel(at, p.URL)})
	html, added, deleted := versiondiff.Words(string(st.Old), string(st.Current))
	v.Diff = &DiffView{Since: since, Page: &ChangedView{Title: p.Title, OldTitle: p.Title, Href: site.Rel(at, p.URL), Added: added, Deleted: deleted, HTML: html}}
	return r.execute(w, "version-diff.html", at+"index.html", v)
}
