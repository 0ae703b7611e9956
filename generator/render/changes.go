package render

import (
	"encoding/xml"
	"fmt"
	"time"

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
	v := r.inventoryView(r.site.Paths.InventoryChanges(), r.opts.Translator.T("inventory_changes"), "changes")
	for _, c := range r.site.Snapshots.Changes {
		day := c.When.UTC().Format(time.DateOnly)
		if n := len(v.ChangeDays); n == 0 || v.ChangeDays[n-1].Day != day {
			v.ChangeDays = append(v.ChangeDays, ChangeDay{Day: day})
		}
		d := &v.ChangeDays[len(v.ChangeDays)-1]
		d.Changes = append(d.Changes, c)
	}
	return r.execute(w, "changes.html", r.site.Paths.InventoryChanges()+"index.html", v)
}

// changesFeed writes the change log as an Atom feed (RFC 4287), one entry
// per change, so that auditors and owners can follow it in a reader.
func (r *Renderer) changesFeed(w Writer) error {
	f, page := r.newFeed("inventory_changes", "inventory-changes", r.site.Paths.InventoryChanges(), r.site.Paths.InventoryChangesFeed())
	if len(r.site.Snapshots.Changes) > 0 {
		f.Updated = r.site.Snapshots.Changes[0].When.UTC().Format(time.RFC3339)
	}
	for i, c := range r.site.Snapshots.Changes {
		f.Entries = append(f.Entries, atomEntry{Title: c.Detail, ID: fmt.Sprintf("urn:handbook:change:%s:%d", c.Commit, i), Updated: c.When.UTC().Format(time.RFC3339),
			Link:    atomLink{Href: page, Rel: "alternate"},
			Summary: fmt.Sprintf("%s (%s, %s, commit %s)", c.Detail, c.Source, c.Kind, shortCommit(c.Commit))})
	}
	data, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return w.Write(r.site.Paths.InventoryChangesFeed(), append([]byte(xml.Header), append(data, '\n')...))
}

func shortCommit(c string) string {
	if len(c) > 10 {
		return c[:10]
	}
	return c
}
