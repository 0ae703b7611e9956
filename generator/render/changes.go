package render

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/snapshots"
)

// ChangeDay groups the changes of one day on the change log.
type ChangeDay struct {
	Day     string
	Changes []snapshots.Change
}

func (r *Renderer) changesJobs(w Writer) []func() error {
	if r.site.Snapshots == nil || r.site.Inventory == nil || len(r.site.Inventory.Items) == 0 {
		return nil
	}
	return []func() error{func() error { return r.changes(w) }, func() error { return r.changesFeed(w) }}
}

func (r *Renderer) changes(w Writer) error {
	v := r.inventoryView(site.ChangesURL, r.opts.Translator.T("inventory_changes"), "changes")
	for _, c := range r.site.Snapshots.Changes {
		day := c.When.UTC().Format(time.DateOnly)
		if n := len(v.ChangeDays); n == 0 || v.ChangeDays[n-1].Day != day {
			v.ChangeDays = append(v.ChangeDays, ChangeDay{Day: day})
		}
		d := &v.ChangeDays[len(v.ChangeDays)-1]
		d.Changes = append(d.Changes, c)
	}
	return r.execute(w, "changes.html", site.ChangesURL+"index.html", v)
}

// changesFeed writes the change log as an Atom feed (RFC 4287), one entry
// per change, so that auditors and owners can follow it in a reader.
func (r *Renderer) changesFeed(w Writer) error {
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    *link  `xml:"link,omitempty"`
		Summary string `xml:"summary"`
	}
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links   []link  `xml:"link"`
		Entries []entry `xml:"entry"`
	}
	base := r.site.Config.BaseURL
	f := feed{Title: r.site.Config.Title + " · " + r.opts.Translator.T("inventory_changes"), Updated: r.site.BuildTime.UTC().Format(time.RFC3339)}
	f.Author.Name = r.site.Config.Title
	f.ID = "urn:handbook:" + site.Slug(r.site.Config.Title) + ":inventory-changes"
	if base != "" && strings.HasPrefix(base, "http") {
		f.ID = base + site.ChangesURL
		f.Links = []link{{Href: base + site.ChangesFeed, Rel: "self"}, {Href: base + site.ChangesURL}}
	}
	if len(r.site.Snapshots.Changes) > 0 {
		f.Updated = r.site.Snapshots.Changes[0].When.UTC().Format(time.RFC3339)
	}
	for i, c := range r.site.Snapshots.Changes {
		e := entry{Title: c.Detail, ID: fmt.Sprintf("%s:%s:%d", f.ID, c.Commit, i), Updated: c.When.UTC().Format(time.RFC3339),
			Summary: fmt.Sprintf("%s (%s, %s, commit %s)", c.Detail, c.Source, c.Kind, shortCommit(c.Commit))}
		if strings.HasPrefix(f.ID, "urn:") {
			e.ID = fmt.Sprintf("urn:handbook:change:%s:%d", c.Commit, i)
		} else {
			e.Link = &link{Href: base + site.ChangesURL}
		}
		f.Entries = append(f.Entries, e)
	}
	data, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return w.Write(site.ChangesFeed, append([]byte(xml.Header), append(data, '\n')...))
}

func shortCommit(c string) string {
	if len(c) > 10 {
		return c[:10]
	}
	return c
}
