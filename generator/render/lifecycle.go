package render

import (
	"html"
	"html/template"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/generator/site"
)

// lifecycleRow is one component of one item on the software lifecycle
// page.
type lifecycleRow struct {
	item *inventory.Item
	comp inventory.Component
	rel  *pulldata.EOLRelease
	// until is the end of security support, "" when not known; rank
	// orders the rows: 0 ended, 1 ending on a date, 2 no date, 3 no
	// lifecycle data.
	until string
	rank  int
}

// lifecycleRows lists every component of the items still in use, the
// soonest end of security support first (those already past it before
// all), then those without a date, then those without lifecycle data.
func (r *Renderer) lifecycleRows() []lifecycleRow {
	if r.site.Inventory == nil {
		return nil
	}
	today := r.site.BuildTime.Format(time.DateOnly)
	var rows []lifecycleRow
	for _, it := range r.site.Inventory.Items {
		if it.Status == "retired" {
			continue
		}
		for _, c := range it.Components {
			row := lifecycleRow{item: it, comp: c, rank: 3}
			if r.site.Snapshots != nil {
				if p := r.site.Snapshots.Product(c.Name); p != nil {
					row.rel = p.Release(c.Version)
				}
			}
			if rel := row.rel; rel != nil {
				row.until = rel.EOLFrom
				switch {
				case rel.Ended(today):
					row.rank = 0
				case rel.EOLFrom != "":
					row.rank = 1
				default:
					row.rank = 2
				}
			}
			rows = append(rows, row)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.until != b.until {
			return a.until < b.until
		}
		if a.item.Name != b.item.Name {
			return a.item.Name < b.item.Name
		}
		return a.comp.Name < b.comp.Name
	})
	return rows
}

// softwarePage renders audit/software/: the software lifecycle of every
// item, by end of security support.
func (r *Renderer) softwarePage(w Writer, rows []lifecycleRow) error {
	at := r.site.Paths.Audit + "software/"
	t := r.opts.Translator.T
	v := r.auditView(at, t("software_lifecycle"), "audit-software")
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString(`<div class="table-wrap"><table class="inventory-table" data-sortable><thead><tr>`)
	for _, h := range []string{t("supported_until"), t("item"), t("component"), t("version"), t("release_cycle"), t("latest_patch"), t("owners")} {
		b.WriteString(`<th scope="col">` + esc(h) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for _, row := range rows {
		until := esc(row.until)
		switch row.rank {
		case 0:
			if until == "" {
				until = esc(t("support_ended"))
			}
			until = `<span class="sev sev-error">` + until + "</span>"
		case 3:
			until = `<span class="missing">` + esc(t("no_lifecycle")) + "</span>"
		}
		cycle, latest := "", ""
		if row.rel != nil {
			cycle, latest = esc(row.rel.Name), esc(row.rel.Latest)
		}
		b.WriteString("<tr><td>" + until + "</td><td>" + r.itemLinkHTML(at, row.item) + "</td><td>" + esc(row.comp.Name) +
			"</td><td><code>" + esc(row.comp.Version) + "</code></td><td>" + cycle + "</td><td>" + latest + "</td><td>" +
			esc(strings.Join(row.item.Owners, ", ")) + "</td></tr>")
	}
	b.WriteString("</tbody></table></div>")
	v.LifecycleHTML = template.HTML(b.String())
	return r.execute(w, "audit-list.html", at+"index.html", v)
}

// softwareHref is the link to the software lifecycle page from the page
// at at, "" when no item lists components.
func (r *Renderer) softwareHref(at string) string {
	if r.site.Inventory == nil {
		return ""
	}
	for _, it := range r.site.Inventory.Items {
		if len(it.Components) > 0 {
			return site.Rel(at, r.site.Paths.Audit+"software/")
		}
	}
	return ""
}
