// Package render turns the finished model into output files: one HTML
// file per page through html/template, section print views, tag pages,
// 404.html and sitemap.xml. It reads the model and never changes it.
package render

import (
	"bytes"
	"encoding/xml"
	"html"
	"html/template"
	"io"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/bundle"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/workers"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/markdown"
	"github.com/handbook-dev/handbook/generator/privacy"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/versiondiff"
)

// Writer receives the output files. Only the publish stage implements it.
type Writer interface {
	Write(rel string, data []byte) error
	Copy(rel, src string) error
}

// Streamer is a Writer that also writes an output in pieces (the
// publish stage): Stream gives write a writer for the output rel and
// publishes what it wrote when it returns without error.
type Streamer interface {
	Stream(rel string, write func(io.Writer) error) error
}

// Stream writes the output rel in pieces through w when w is a
// Streamer, else whole through a buffer: the whole-site exports of a
// large inventory are tens of megabytes, which a build need not hold.
func Stream(w Writer, rel string, write func(io.Writer) error) error {
	if s, ok := w.(Streamer); ok {
		return s.Stream(rel, write)
	}
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	return w.Write(rel, b.Bytes())
}

// Options configure a render.
type Options struct {
	Templates  *Templates
	Translator *Translator
	Assets     *bundle.Result
	// Audit holds the findings shown on pages, items and the audit pages.
	Audit *audit.Report
	// NavWindow bounds the entries a sidebar list shows (default 25).
	NavWindow int
	// Versions is set when the site is one of several versions.
	Versions *Versions
	// Diff is what changed since the previous version, if any.
	Diff *versiondiff.Diff
	// SearchIndex is the path of the search index's metadata below the
	// site root; empty leaves the search box and page out.
	SearchIndex string
	// Privacy reduces people in the inventory and audit outputs (see
	// privacy.Scope); nil publishes them as given.
	Privacy *privacy.Reducer
	// Shared, with Versions, keeps the rendered pages for the other
	// versions of the build (shared.go); nil renders every page.
	Shared Shared
	// Brand is the site's logo and icons.
	Brand Brand
}

// Brand is the site's logo and browser icons (handbook.yaml's logo and
// favicon, or the built-in icon).
type Brand struct {
	// Logo is the logo's path below the site root; empty shows none.
	Logo string
	// Icons are the <link rel="icon"> of every page, by paths below the
	// site root.
	Icons []Icon
	// RootFiles are written at the site root (the built-in favicon.ico,
	// which browsers ask for without a link).
	RootFiles []bundle.Asset
}

// Icon is one <link rel="icon">.
type Icon struct {
	Href, Type, Sizes string
}

// privacyWriter passes the outputs privacy covers through the reducer.
type privacyWriter struct {
	Writer
	p     *privacy.Reducer
	paths site.Paths
}

func (w privacyWriter) Write(rel string, data []byte) error {
	if privacy.Scope(rel, w.paths.Inventory, w.paths.Audit) {
		data = w.p.Text(data)
	}
	return w.Writer.Write(rel, data)
}

// Stream passes the pieces of the outputs privacy covers through the
// reducer, a line at a time: no address or name it reduces spans lines.
func (w privacyWriter) Stream(rel string, write func(io.Writer) error) error {
	if !privacy.Scope(rel, w.paths.Inventory, w.paths.Audit) {
		return Stream(w.Writer, rel, write)
	}
	return Stream(w.Writer, rel, func(out io.Writer) error {
		lw := w.p.Lines(out)
		if err := write(lw); err != nil {
			return err
		}
		return lw.Flush()
	})
}

// writer wraps w with the privacy reducer when one is set.
func (r *Renderer) writer(w Writer) Writer {
	if r.opts.Privacy == nil {
		return w
	}
	return privacyWriter{Writer: w, p: r.opts.Privacy, paths: r.site.Paths}
}

// Renderer renders one site.
type Renderer struct {
	site      *site.Site
	opts      Options
	nav       *navigation
	bufs      *sync.Pool // grown to the largest outputs; shared with the renderers Edited derives
	pulledIdx pulledIndex
	// reused counts the shared renderings used (shared.go).
	reused atomic.Int64
	// chromes are the renderings of the version chrome (shared.go).
	chromes sync.Map
	// searchIndex is what views name the search metadata by: the path,
	// or its slot when pages are shared between versions.
	searchIndex string
	// sharedNames are the item names more than one item carries (dense.go).
	sharedNames map[string]bool
	// dues are the site's due dates as calendar events, made once for
	// the feeds, the audit's index and every owner's page (calendar.go).
	dues struct {
		once   sync.Once
		events []calendarEvent
	}
}

// sharing reports whether pages are rendered once for all versions.
func (r *Renderer) sharing() bool { return r.opts.Shared != nil && r.opts.Versions != nil }

// New returns a Renderer for s.
func New(s *site.Site, opts Options) *Renderer {
	if opts.NavWindow <= 0 {
		opts.NavWindow = 25
	}
	r := &Renderer{site: s, opts: opts, nav: newNavigation(s, opts.NavWindow, opts.Translator.T("all_pages"))}
	r.bufs = &sync.Pool{New: func() any { return new(bytes.Buffer) }}
	r.searchIndex = opts.SearchIndex
	r.sharedNames = sharedNames(s.Inventory)
	if r.sharing() {
		r.nav.share(opts.Shared)
		if r.searchIndex != "" {
			r.searchIndex = slotSearch
		}
	}
	return r
}

// Funcs returns the template functions; t is the UI translation lookup.
func Funcs(t *Translator) template.FuncMap {
	return template.FuncMap{
		"t":  t.T,
		"tl": t.In,
		"date": func(tm time.Time) string {
			if tm.IsZero() {
				return ""
			}
			return tm.Format("2006-01-02")
		},
		"join": strings.Join,
	}
}

// Render writes every output file to w, on all cores, and returns every
// problem it met.
func (r *Renderer) Render(w Writer) diag.List {
	w = r.writer(w)
	// The few large single outputs (the inventory table, the exports, the
	// audit dashboard, print views) go first, so that they do not run as
	// a tail on one core after the many small pages are done.
	jobs := append(r.inventoryWholeJobs(w), r.auditWholeJobs(w)...)
	jobs = append(jobs, r.statusJobs(w)...)
	jobs = append(jobs, r.changesJobs(w)...)
	jobs = append(jobs, r.siteChangesJobs(w)...)
	jobs = append(jobs, r.versionDiffJobs(w)...)
	jobs = append(jobs, r.translationDiffJobs(w)...)
	jobs = append(jobs, r.recordsJobs(w)...)
	for _, sec := range r.site.Sections {
		jobs = append(jobs, func() error { return r.print(w, sec) })
	}
	for _, p := range r.site.Pages {
		jobs = append(jobs, func() error { return r.page(w, p) })
	}
	for _, t := range r.site.Tags {
		jobs = append(jobs, func() error { return r.tag(w, t) })
	}
	jobs = append(jobs, func() error { return r.tags(w) }, func() error { return r.notFound(w) }, func() error { return r.sitemap(w) })
	if r.opts.SearchIndex != "" {
		jobs = append(jobs, func() error { return r.searchPage(w) })
	}
	for _, f := range r.site.Files {
		if data := r.site.Sanitised(f); data != nil {
			jobs = append(jobs, func() error { return w.Write(f.URL, data) })
			continue
		}
		jobs = append(jobs, func() error { return w.Copy(f.URL, f.File.Abs) })
	}
	for _, a := range r.opts.Assets.Files {
		jobs = append(jobs, func() error { return w.Write(r.site.Paths.Assets+a.Path, a.Data) })
	}
	for _, a := range r.opts.Brand.RootFiles {
		jobs = append(jobs, func() error { return w.Write(a.Path, a.Data) })
	}
	jobs = append(jobs, r.inventoryJobs(w)...)
	jobs = append(jobs, r.auditJobs(w)...)
	jobs = append(jobs, r.aliasJobs(w)...)
	return r.run(jobs)
}

// Partial names the outputs an incremental render redoes.
type Partial struct {
	// Pages are rendered to their own files; Prints are sections whose
	// print view is rendered.
	Pages  []*site.Page
	Prints []*site.Section
	// Audit renders the audit pages and exports.
	Audit bool
	// Tags and Items are rendered to their pages; Inventory renders the
	// inventory's whole outputs (table, hierarchy, exports), which list
	// the procedures naming each item; Sitemap the sitemap.
	Tags      []*site.Tag
	Items     []*inventory.Item
	Inventory bool
	Sitemap   bool
	// TagIndex renders the index of all tags.
	TagIndex bool
	// SiteChanges renders the manual's change log and its feed (when the
	// site has one), which name the pages its commits changed by title.
	SiteChanges bool
	// Records renders the record lists handbook generates (a content
	// page carrying a list is one of Pages).
	Records bool
	// Removed are the output files of pages that are gone, for the
	// caller to remove.
	Removed []string
}

// RenderPartial writes only the outputs part names (see Affected), for
// handbook serve after an edit.
func (r *Renderer) RenderPartial(w Writer, part Partial) diag.List {
	w = r.writer(w)
	var jobs []func() error
	if part.Audit {
		jobs = append(r.auditWholeJobs(w), r.auditJobs(w)...)
	}
	for _, sec := range part.Prints {
		jobs = append(jobs, func() error { return r.print(w, sec) })
	}
	for _, p := range part.Pages {
		jobs = append(jobs, func() error { return r.page(w, p) })
	}
	for _, t := range part.Tags {
		jobs = append(jobs, func() error { return r.tag(w, t) })
	}
	for _, it := range part.Items {
		jobs = append(jobs, func() error { return r.item(w, it) })
	}
	if part.Inventory {
		jobs = append(jobs, r.inventoryWholeJobs(w)...)
	}
	if part.Sitemap {
		jobs = append(jobs, func() error { return r.sitemap(w) })
	}
	if part.TagIndex {
		jobs = append(jobs, func() error { return r.tags(w) })
	}
	if part.SiteChanges {
		jobs = append(jobs, r.siteChangesJobs(w)...)
	}
	if part.Records {
		jobs = append(jobs, r.recordsJobs(w)...)
	}
	return r.run(jobs)
}

// Edited returns a renderer for s, a site derived from r's by edits of
// page bodies (site.WithEdits), audited as rep. Such edits keep every
// title and place, so the two renderers share the navigation, and they
// share the render buffers; r is left as it was.
func (r *Renderer) Edited(s *site.Site, rep *audit.Report) *Renderer {
	opts := r.opts
	opts.Audit = rep
	return &Renderer{site: s, opts: opts, nav: r.nav, bufs: r.bufs, searchIndex: r.searchIndex, sharedNames: r.sharedNames}
}

func (r *Renderer) run(jobs []func() error) diag.List {
	var (
		mu    sync.Mutex
		diags diag.List
	)
	// Four workers per core: rendering alternates between CPU work and
	// blocking writes, and the spare workers keep the cores busy.
	workers.Each(4*workers.Cores(), jobs, func(job func() error) {
		if err := job(); err != nil {
			mu.Lock()
			diags = append(diags, diag.From(err, "public"))
			mu.Unlock()
		}
	})
	return diags.Dedupe()
}

// View is the data every template receives.
type View struct {
	Site SiteView
	// Kind is page, section, home, tags, tag, print or 404.
	Kind    string
	Page    *site.Page
	Title   string
	Lang    string
	Content template.HTML
	TOC     []markdown.Heading
	Crumbs  []Link
	Sidebar template.HTML
	Prev    *Link
	Next    *Link
	Meta    *Meta
	// History is the foot of a page with a source: edit link, commits.
	History *PageHistory
	// Versions is the version switcher; OldVersion the banner on pages
	// of a version that is not the latest.
	Versions   *VersionSwitch
	OldVersion *OldVersion
	// CalendarHref links an owner's calendar of due dates from their
	// audit page; CalendarOwners lists every owner's from the audit's
	// index, beside the team's (calendar.go).
	CalendarHref   string
	CalendarOwners []OwnerRow
	// Languages is the language switcher in a manual of several languages.
	Languages []LanguageLink
	// SearchLanguages are the manual's other languages on the search
	// page: their sites' roots and search index pointers, for a reader
	// who widens the search to every language.
	SearchLanguages []SearchLanguage
	// Diff fills the pages of what changed since the previous version.
	Diff *DiffView
	// Children lists a section's pages; Tags the tag index.
	Children []Item
	Tags     []Item
	// PrintHref links a section's print view; PrintPages fill it.
	PrintHref  string
	PrintPages []PrintPage
	PrintParts []Link
	// Inventory views. RowsHTML holds the prebuilt rows of Items.
	Item       *ItemView
	Items      []ItemView
	RowsHTML   template.HTML
	KindCounts []KindCount
	// Audit views; Findings are also shown on pages (banner), and
	// FindingsHTML lists them on audit pages.
	Findings     []FindingView
	FindingsHTML template.HTML
	TreeHTML     template.HTML
	Rules        []RuleRow
	Owners       []OwnerRow
	AuditCounts  *AuditCounts
	Chart        template.HTML
	RuleID       string
	RuleFix      string
	// Status holds the web snapshots on the status page.
	Status []StatusSource
	// ChangeDays is the inventory change log, by day.
	ChangeDays []ChangeDay
	// CommitDays is the manual's change log, by day.
	CommitDays []CommitDay
	// Truncated is the number of findings when only Listed are listed.
	Truncated, Listed int
	// Records is the incident timeline or the change log (records.go).
	Records *RecordsView
	// TopIssuesHTML summarises the audit's worst rules and subjects;
	// AllClear, when set, says an audit page has no open findings.
	TopIssuesHTML template.HTML
	AllClear      string
	// LifecycleHTML is the table of the software lifecycle page;
	// SoftwareHref links to that page (audit and status pages), "" when
	// no item lists components.
	LifecycleHTML template.HTML
	SoftwareHref  string

	// versionSlot makes {{versions .}} write the slot marker (shared.go).
	versionSlot bool
}

// SiteView is the site-wide part of a View; Root is the relative path to
// the site root from the page being rendered.
type SiteView struct {
	Title, Lang, Footer, BaseURL string
	Root                         string
	Style, Script                string
	// Logo is the logo's URL (empty: none); Icons the favicon links,
	// their Hrefs below the site root (a pointer keeps SiteView
	// comparable: cachedPartial keys its cache by it).
	Logo  string
	Icons *[]Icon
	// ThemeScript applies the stored theme before the first paint.
	ThemeScript string
	// HasInventory, HasAudit, HasStatus and HasChanges say whether to
	// link those pages.
	HasInventory bool
	HasAudit     bool
	HasStatus    bool
	HasChanges   bool
	// HasIncidents and HasChangeLog say whether to link the record lists.
	HasIncidents, HasChangeLog bool
	// SearchIndex names the search metadata file (below the root).
	SearchIndex string
	// Paths are the generated sections' folders (site.Paths), which
	// move when content takes their default place.
	Paths site.Paths
}

// Link is a titled href.
type Link struct {
	Title string
	Href  string
}

// Item is an entry of a listing.
type Item struct {
	Title, Href, Description string
	IsSection                bool
	Count                    int
	Owner                    string
}

// Meta is the page metadata shown under the title.
type Meta struct {
	Owner     string
	Reviewed  time.Time
	ReviewDue time.Time
	Overdue   bool
	Audience  []string
	Platform  string
	Tags      []Link
	// Items are the inventory items the page is about.
	Items []Link
	// Modified is when the page last changed, ModifiedBy by whom (from
	// Git) and ModifiedFrom, when not from Git, where the date comes from.
	Modified     time.Time
	ModifiedBy   string
	ModifiedFrom string
	// Record is the record block of an incident or change page.
	Record *RecordMeta
}

// PageHistory is the foot of a page: its edit and history links and the
// commits that changed it.
type PageHistory struct {
	EditHref, HistoryHref string
	Commits               []HistoryEntry
}

// HistoryEntry is one commit in a page's history.
type HistoryEntry struct {
	When                   time.Time
	Author, Subject, Short string
}

// PrintPage is one page inside a print view.
type PrintPage struct {
	Title string
	// URL is the page's own URL below the site root.
	URL   string
	ID    string
	Level int
	Meta  *Meta
	// HTML is the page's HTML as rendered at its own URL depth, from
	// (the depth of URL); to is the print view's (of the view's output).
	// It is set when the view may be shared between versions, which
	// hashes it; else content holds it, read as the template writes it.
	HTML     template.HTML
	content  *site.Content
	from, to int
}

// Content returns the page's HTML with its links rebased to the print
// view's depth. It is read and rebased as the template writes it: a
// print view of hundreds of pages holds one page's HTML at a time, not
// all of them beside the view it is writing.
func (pp PrintPage) Content() (template.HTML, error) {
	html := pp.HTML
	if pp.content != nil {
		var err error
		if html, err = pp.content.Markup(); err != nil {
			return "", err
		}
	}
	return template.HTML(rebase(string(html), pp.from, pp.to)), nil // #nosec: the page's sanitised HTML, links rebased
}

func (r *Renderer) siteView(root string) SiteView {
	if root == "" {
		root = "./"
	}
	c := r.site.Config
	var logo string
	if r.opts.Brand.Logo != "" {
		logo = root + r.opts.Brand.Logo
	}
	return SiteView{
		Logo: logo, Icons: &r.opts.Brand.Icons,
		Title: c.Title, Lang: c.Language, Footer: c.Footer, BaseURL: c.BaseURL, Root: root,
		Style:        root + r.site.Paths.Assets + r.opts.Assets.Style,
		Script:       root + r.site.Paths.Assets + r.opts.Assets.Script,
		ThemeScript:  root + r.site.Paths.Assets + r.opts.Assets.ThemeScript,
		HasInventory: r.site.Inventory != nil && len(r.site.Inventory.Items) > 0,
		HasAudit:     r.opts.Audit != nil,
		HasStatus:    r.site.Snapshots != nil && len(r.site.Snapshots.Web) > 0,
		HasChanges:   (r.site.History != nil && len(r.site.History.Commits) > 0) || (r.site.Snapshots != nil && len(r.site.Snapshots.Changes) > 0),
		HasIncidents: len(r.site.Incidents) > 0, HasChangeLog: len(r.site.Changes) > 0,
		SearchIndex: r.searchIndex,
		Paths:       r.site.Paths,
	}
}

func (r *Renderer) meta(p *site.Page, root string) *Meta {
	m := &Meta{Owner: p.Owner, Reviewed: p.Reviewed, ReviewDue: p.ReviewDue(), Audience: p.Audience, Platform: p.Platform,
		Modified: p.Modified, ModifiedBy: p.ModifiedBy}
	switch p.ModifiedFrom {
	case site.DateFromFrontMatter:
		m.ModifiedFrom = r.opts.Translator.In(p.Lang, "date_from_front_matter")
	case site.DateFromFile:
		m.ModifiedFrom = r.opts.Translator.In(p.Lang, "date_from_file")
	}
	m.Overdue = !m.ReviewDue.IsZero() && m.ReviewDue.Before(r.site.BuildTime)
	for _, name := range p.Tags {
		if t := r.site.TagBySlug(name); t != nil {
			m.Tags = append(m.Tags, Link{Title: name, Href: root + r.site.TagURL(t)})
		}
	}
	for _, it := range p.Items {
		m.Items = append(m.Items, Link{Title: r.itemTitle(it), Href: root + r.site.ItemURL(it)})
	}
	m.Record = r.recordMeta(p, root)
	return m
}

func (r *Renderer) page(w Writer, p *site.Page) error {
	if p.StaticIndex != nil {
		return nil // the folder's own index.html is copied there
	}
	root := site.RootPrefix(p.URL)
	v := &View{Site: r.siteView(root), Kind: "page", Page: p, Title: p.Title, Lang: p.Lang, Sidebar: r.nav.sidebar(p, p.URL)}
	if v.Lang == "" {
		v.Lang = r.site.Config.Language
	}
	if c := r.site.Content(p); c != nil {
		html, err := c.Markup()
		if err != nil {
			return err
		}
		v.Content, v.TOC = html, c.TOC
	}
	for _, s := range p.Ancestors() {
		v.Crumbs = append(v.Crumbs, Link{Title: s.Page.Title, Href: site.Rel(p.URL, s.Page.URL)})
	}
	if p.Prev != nil {
		v.Prev = &Link{Title: p.Prev.Title, Href: site.Rel(p.URL, p.Prev.URL)}
	}
	if p.Next != nil {
		v.Next = &Link{Title: p.Next.Title, Href: site.Rel(p.URL, p.Next.URL)}
	}
	v.Meta = r.meta(p, root)
	v.History = r.pageHistory(p)
	if r.opts.Audit != nil {
		v.Findings = r.findingViews(p.URL, r.opts.Audit.ForPage(p))
	}
	layout := "page.html"
	if p.Section != nil {
		layout, v.Kind = "section.html", "section"
		if p.IsHome() {
			layout, v.Kind = "home.html", "home"
		}
		v.PrintHref = site.PrintFile
		for _, c := range p.Section.Children {
			it := Item{Title: c.Title, Href: site.Rel(p.URL, c.URL), Description: c.Description, Owner: c.Owner}
			if c.Section != nil {
				it.IsSection, it.Count = true, len(c.Section.Children)
			}
			v.Children = append(v.Children, it)
		}
	}
	layout = r.recordsLayout(p, v, layout)
	return r.execute(w, layout, p.OutputPath(), v)
}

func (r *Renderer) execute(w Writer, layout, out string, v *View) error {
	if at, ok := pageURL(out); ok {
		r.languageViews(v, at)
	}
	if r.sharing() && sharedKinds[v.Kind] {
		return r.executeShared(w, layout, out, v)
	}
	if at, ok := pageURL(out); ok {
		r.versionViews(v, at)
	}
	return r.executeOnce(w, layout, out, v)
}

// executeOnce renders a view for this version alone.
func (r *Renderer) executeOnce(w Writer, layout, out string, v *View) error {
	set := r.opts.Templates.Set(layout)
	buf := r.bufs.Get().(*bytes.Buffer)
	defer r.bufs.Put(buf)
	buf.Reset()
	if err := set.ExecuteTemplate(buf, "base.html", v); err != nil {
		return r.opts.Templates.Diagnostic(err)
	}
	data := buf.Bytes()
	if r.searchIndex != r.opts.SearchIndex {
		data = bytes.ReplaceAll(data, []byte(r.searchIndex), []byte(r.opts.SearchIndex))
	}
	return w.Write(out, data)
}

func (r *Renderer) tags(w Writer) error {
	root := site.RootPrefix(r.site.Paths.Tags)
	v := &View{Site: r.siteView(root), Kind: "tags", Title: r.opts.Translator.T("all_tags"), Lang: r.site.Config.Language}
	v.Crumbs = []Link{{Title: r.site.Root.Page.Title, Href: root}}
	for _, t := range r.site.Tags {
		v.Tags = append(v.Tags, Item{Title: t.Name, Href: t.Slug + "/", Count: len(t.Pages)})
	}
	v.Sidebar = r.nav.sidebar(r.site.Root.Page, r.site.Paths.Tags)
	return r.execute(w, "tags.html", r.site.Paths.Tags+"index.html", v)
}

func (r *Renderer) tag(w Writer, t *site.Tag) error {
	u := r.site.TagURL(t)
	root := site.RootPrefix(u)
	v := &View{Site: r.siteView(root), Kind: "tag", Title: t.Name, Lang: r.site.Config.Language}
	v.Crumbs = []Link{{Title: r.site.Root.Page.Title, Href: root}, {Title: r.opts.Translator.T("all_tags"), Href: "../"}}
	for _, p := range t.Pages {
		v.Children = append(v.Children, Item{Title: p.Title, Href: root + p.URL, Description: p.Description, Owner: p.Owner})
	}
	v.Sidebar = r.nav.sidebar(r.site.Root.Page, u)
	return r.execute(w, "tag.html", u+"index.html", v)
}

// print renders a section's print view: its pages in navigation order on
// one page. Past Config.PrintMaxPages it holds the section's own pages and
// links to the print views of its subsections instead.
func (r *Renderer) print(w Writer, sec *site.Section) error {
	root := site.RootPrefix(sec.Page.URL)
	depth := strings.Count(sec.Page.URL, "/")
	v := &View{Site: r.siteView(root), Kind: "print", Page: sec.Page, Title: sec.Page.Title, Lang: r.site.Config.Language}
	var pages []*site.Page
	var walk func(s *site.Section, deep bool)
	walk = func(s *site.Section, deep bool) {
		pages = append(pages, s.Page)
		for _, c := range s.Children {
			switch {
			case c.Section == nil:
				pages = append(pages, c)
			case deep:
				walk(c.Section, deep)
			default:
				v.PrintParts = append(v.PrintParts, Link{Title: c.Title, Href: site.RelURL(sec.Page, c.URL) + site.PrintFile})
			}
		}
	}
	walk(sec, subtreeSize(sec) <= r.site.Config.PrintMaxPages)
	// The pages' HTML is rebased to the print view's depth as the view
	// is rendered (PrintPage.Content): a view kept from another version
	// needs none.
	for _, p := range pages {
		// The page's value in this site: the structure may name a page an
		// edit since replaced (see site.Page.Index).
		p = r.site.Current(p)
		pp := PrintPage{Title: p.Title, URL: p.URL, ID: "p-" + strings.Trim(strings.ReplaceAll(p.URL, "/", "-"), "-"), Level: 1 + strings.Count(p.URL, "/") - depth, Meta: r.meta(p, root),
			from: strings.Count(p.URL, "/"), to: depth}
		if pp.ID == "p-" {
			pp.ID = "p-home"
		}
		switch c := r.site.Content(p); {
		case c == nil:
		case r.sharing():
			html, err := c.Markup()
			if err != nil {
				return err
			}
			pp.HTML = html
		default:
			pp.content = c
		}
		v.PrintPages = append(v.PrintPages, pp)
	}
	return r.execute(w, "print.html", sec.Page.URL+site.PrintFile, v)
}

func subtreeSize(s *site.Section) int {
	n := 1
	for _, c := range s.Children {
		if c.Section != nil {
			n += subtreeSize(c.Section)
		} else {
			n++
		}
	}
	return n
}

// rebase rewrites the internal links of HTML rendered for a page at URL
// depth from so they work in a document at depth to. Internal links always
// climb to the site root first (site.RelURL), so only that prefix changes.
func rebase(s string, from, to int) string {
	if from == to {
		return s
	}
	s = rebasers.get(from, to).Replace(s)
	if strings.Contains(s, `srcset="`) {
		s = rebaseSrcsets(s, strings.Repeat("../", from), strings.Repeat("../", to))
	}
	return s
}

// rebaseSrcsets rebases every candidate of every srcset attribute, which
// the replacer does not see (`srcset="` does not end in `src="`); the
// Markdown stage writes candidates separated by ", ". A '"' in text is
// escaped, so `srcset="` only ever starts an attribute.
func rebaseSrcsets(s, old, repl string) string {
	const attr = `srcset="`
	var b strings.Builder
	for {
		i := strings.Index(s, attr)
		if i < 0 {
			break
		}
		i += len(attr)
		j := strings.IndexByte(s[i:], '"')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		for k, c := range strings.Split(s[i:i+j], ", ") {
			if k > 0 {
				b.WriteString(", ")
			}
			if rest, ok := strings.CutPrefix(c, old); ok {
				c = repl + rest
			}
			b.WriteString(c)
		}
		s = s[i+j:]
	}
	b.WriteString(s)
	return b.String()
}

// rebasers caches one replacer per pair of depths: building a
// strings.Replacer costs more than running it on a page.
var rebasers = &replacerCache{m: map[[2]int]*strings.Replacer{}}

type replacerCache struct {
	mu sync.Mutex
	m  map[[2]int]*strings.Replacer
}

func (c *replacerCache) get(from, to int) *strings.Replacer {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := [2]int{from, to}
	r := c.m[k]
	if r == nil {
		old, repl := strings.Repeat("../", from), strings.Repeat("../", to)
		r = strings.NewReplacer(`href="`+old, `href="`+repl, `src="`+old, `src="`+repl)
		c.m[k] = r
	}
	return r
}

// notFound renders 404.html. Servers return it for any missing path, at any
// depth, so its links are absolute from the base URL's path.
func (r *Renderer) notFound(w Writer) error {
	root := "/"
	if u, err := url.Parse(r.site.Config.BaseURL); err == nil && u.Path != "" {
		root = u.Path
	}
	v := &View{Site: r.siteView(root), Kind: "404", Title: r.opts.Translator.T("not_found_title"), Lang: r.site.Config.Language}
	v.Sidebar = r.nav.sidebar(r.site.Root.Page, "")
	// The sidebar's links are relative to the root; make them absolute.
	v.Sidebar = template.HTML(strings.ReplaceAll(string(v.Sidebar), `href="`, `href="`+html.EscapeString(root)))
	return r.execute(w, "404.html", site.NotFoundPath, v)
}

func (r *Renderer) sitemap(w Writer) error {
	type loc struct {
		Loc string `xml:"loc"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []loc    `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range r.site.Pages {
		set.URLs = append(set.URLs, loc{Loc: r.site.Config.BaseURL + p.URL})
	}
	data, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		return err
	}
	return w.Write(site.SitemapPath, append([]byte(xml.Header), append(data, '\n')...))
}

// pageHistory gives a page with a source file its edit and history links
// (when the project names its repository) and its commits.
func (r *Renderer) pageHistory(p *site.Page) *PageHistory {
	if p.File.Path == "" {
		return nil
	}
	prefix := ""
	if r.site.History != nil {
		prefix = r.site.History.Prefix
	}
	h := &PageHistory{}
	h.EditHref, h.HistoryHref = r.site.Config.Repository.Links(prefix + p.File.Path)
	for _, c := range p.History {
		h.Commits = append(h.Commits, HistoryEntry{When: c.When, Author: c.Author, Subject: c.Subject, Short: shortCommit(c.Hash)})
	}
	if h.EditHref == "" && h.HistoryHref == "" && len(h.Commits) == 0 {
		return nil
	}
	return h
}
