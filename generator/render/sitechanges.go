package render

import (
	"encoding/xml"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/history"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/snapshots"
	"github.com/handbook-dev/handbook/generator/source"
)

// maxLogCommits bounds the change log page and feedEntries its feed; the
// repository holds the rest.
const (
	maxLogCommits = 500
	feedEntries   = 50
)

// CommitDay groups a day's commits and inventory changes on the
// manual's change log.
type CommitDay struct {
	Day       string
	Commits   []CommitView
	Inventory []snapshots.Change
}

// CommitView is a commit on the change log with the pages it changed.
type CommitView struct {
	Hash, Short, Author, Subject string
	When                         time.Time
	Pages                        []ChangedPage
}

// ChangedPage is a page a commit changed; Href is empty for a page that
// no longer exists.
type ChangedPage struct {
	Title, Href, Op string
}

func (r *Renderer) siteChangesJobs(w Writer) []func() error {
	h := r.site.History
	if (h == nil || len(h.Commits) == 0) && (r.site.Snapshots == nil || len(r.site.Snapshots.Changes) == 0) {
		return nil
	}
	return []func() error{func() error { return r.siteChanges(w) }, func() error { return r.siteChangesFeed(w) }}
}

// commits returns the newest commits of the content, at most n, leaving
// out those that changed only pages and files left out for the audience:
// their subject, author and paths are not for these readers.
func (r *Renderer) commits(n int) []*history.Commit {
	if r.site.History == nil {
		return nil
	}
	var out []*history.Commit
	for _, c := range r.site.History.Commits {
		if len(out) == n {
			break
		}
		if r.site.Audience == "" || slices.ContainsFunc(c.Changes, func(ch history.Change) bool { return !r.site.Excluded(ch.Path) }) {
			out = append(out, c)
		}
	}
	return out
}

// commitView lists what a commit changed, linking the pages that exist.
func (r *Renderer) commitView(at string, c *history.Commit) CommitView {
	v := CommitView{Hash: c.Hash, Short: shortCommit(c.Hash), Author: c.Author, Subject: c.Subject, When: c.When}
	for _, ch := range c.Changes {
		if r.site.Excluded(ch.Path) {
			continue // left out for the audience
		}
		cp := ChangedPage{Title: ch.Path, Op: map[byte]string{'A': "added", 'D': "removed", 'R': "renamed"}[ch.Op]}
		if p := r.site.PageBySource(ch.Path); p != nil {
			cp.Title, cp.Href = p.Title, site.Rel(at, p.URL)
		} else if !source.IsMarkdownPath(ch.Path) {
			continue // images and other files beside the pages
		}
		v.Pages = append(v.Pages, cp)
	}
	return v
}

func (r *Renderer) siteChanges(w Writer) error {
	at := r.site.Paths.Changes
	v := &View{Site: r.siteView(site.RootPrefix(at)), Kind: "changes", Title: r.opts.Translator.T("site_changes"), Lang: r.site.Config.Language}
	v.Sidebar = r.nav.sidebar(r.site.Root.Page, at)
	v.Crumbs = []Link{{Title: r.site.Root.Page.Title, Href: site.Rel(at, "")}}
	day := func(t time.Time) *CommitDay {
		d := t.UTC().Format(time.DateOnly)
		for i := range v.CommitDays {
			if v.CommitDays[i].Day == d {
				return &v.CommitDays[i]
			}
		}
		v.CommitDays = append(v.CommitDays, CommitDay{Day: d})
		return &v.CommitDays[len(v.CommitDays)-1]
	}
	for _, c := range r.commits(maxLogCommits) {
		d := day(c.When)
		d.Commits = append(d.Commits, r.commitView(at, c))
	}
	if r.site.Snapshots != nil {
		for _, c := range r.site.Snapshots.Changes {
			d := day(c.When)
			d.Inventory = append(d.Inventory, c)
		}
	}
	// Both lists are newest first; merged days may be out of order.
	sort.SliceStable(v.CommitDays, func(i, j int) bool { return v.CommitDays[i].Day > v.CommitDays[j].Day })
	return r.execute(w, "site-changes.html", at+"index.html", v)
}

// atomFeed is an Atom 1.0 feed (RFC 4287). Links are relative to the
// feed's own address unless the site has a base_url, so every entry has
// the alternate link an entry without content needs.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name  string `xml:"name"`
	Email string `xml:"email,omitempty"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  *atomPerson `xml:"author,omitempty"`
	Link    atomLink    `xml:"link"`
	Summary string      `xml:"summary"`
}

// newFeed starts the Atom feed of the page at url (its feed file beside
// it): id, title, author and links, absolute with a base_url, else
// relative to the feed's own address. It returns the page's href.
func (r *Renderer) newFeed(titleKey, idName, url, file string) (atomFeed, string) {
	base := r.site.Config.BaseURL
	f := atomFeed{Title: r.site.Config.Title + " · " + r.opts.Translator.T(titleKey), Updated: r.site.BuildTime.UTC().Format(time.RFC3339)}
	f.Author.Name = r.site.Config.Title
	f.ID = "urn:handbook:" + site.Slug(r.site.Config.Title) + ":" + idName
	self, page := "atom.xml", "./"
	if strings.HasPrefix(base, "http") {
		f.ID = base + url
		self, page = base+file, base+url
	}
	f.Links = []atomLink{{Href: self, Rel: "self"}, {Href: page, Rel: "alternate"}}
	return f, page
}

// siteChangesFeed writes the newest commits as an Atom feed.
func (r *Renderer) siteChangesFeed(w Writer) error {
	f, page := r.newFeed("site_changes", "changes", r.site.Paths.Changes, r.site.Paths.ChangesFeed())
	commits := r.commits(feedEntries)
	if len(commits) > 0 {
		f.Updated = commits[0].When.UTC().Format(time.RFC3339)
	}
	for _, c := range commits {
		cv := r.commitView(r.site.Paths.Changes, c)
		var titles []string
		for _, p := range cv.Pages {
			titles = append(titles, p.Title)
		}
		f.Entries = append(f.Entries, atomEntry{Title: c.Subject, ID: "urn:handbook:commit:" + c.Hash, Updated: c.When.UTC().Format(time.RFC3339),
			Author: &atomPerson{Name: c.Author}, Link: atomLink{Href: page + "#c-" + shortCommit(c.Hash), Rel: "alternate"},
			Summary: fmt.Sprintf("%s: %s", r.opts.Translator.T("pages_changed"), strings.Join(titles, ", "))})
	}
	data, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return w.Write(r.site.Paths.ChangesFeed(), append([]byte(xml.Header), append(data, '\n')...))
}
