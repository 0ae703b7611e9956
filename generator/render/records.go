package render

import (
	"html"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// RecordsView is the incident timeline (incidents/) or the change log
// (changes-log/): figures over all records, then the records: incidents
// in one timeline, changes in two groups, planned changes first.
type RecordsView struct {
	Stats []KeyValue
	// Timeline holds every incident, newest first, open ones marked.
	Timeline []RecordRow
	// Open holds changes not yet carried out; Closed the changes made.
	// Both newest first.
	Open, Closed []RecordRow
}

// RecordRow is one incident or change in a list.
type RecordRow struct {
	Title, Href string
	// Status, Severity and Risk are normalised values; Class colours the row.
	Status, Severity, Risk, Class string
	// Start and End are started/resolved or planned/done as written.
	Start, End string
	// Duration is the time to resolve, or how long an incident is open.
	Duration string
	// ProviderHTML names the provider, its ticket and the provider
	// requests the record depends on, with links.
	ProviderHTML template.HTML
	ApprovedBy   string
	// Rollback says whether a change has a rollback plan.
	Rollback bool
	// Open marks an incident not yet resolved.
	Open  bool
	Items []Link
}

// RecordMeta is the record block of an incident or change page, shown
// with the page's metadata: the same fields, in the same order, on every
// record of a kind.
type RecordMeta struct {
	Kind string
	// Name is the block's accessible name, in the page's language.
	Name   string
	Fields []RecordField
}

// RecordField is one field of the record block; Class marks a missing
// value or an open incident.
type RecordField struct {
	Label, Value, Href, Class string
	// Links, when set, are the value: several pages.
	Links []Link
}

// recordsJobs render the incident timeline and the change log when no
// content page sits at their URL (such a page carries the list itself,
// see recordsLayout).
func (r *Renderer) recordsJobs(w Writer) []func() error {
	var jobs []func() error
	for _, u := range []string{site.IncidentsURL, site.ChangeLogURL} {
		if !r.site.RecordListGenerated(u) {
			continue
		}
		jobs = append(jobs, func() error {
			title := r.opts.Translator.T("incidents")
			if u == site.ChangeLogURL {
				title = r.opts.Translator.T("change_log")
			}
			v := &View{Site: r.siteView(site.RootPrefix(u)), Kind: "records", Title: title, Lang: r.site.Config.Language}
			v.Sidebar = r.nav.sidebar(r.site.Root.Page, u)
			v.Crumbs = []Link{{Title: r.site.Root.Page.Title, Href: site.Rel(u, "")}}
			layout := r.fillRecords(v, u)
			return r.execute(w, layout, u+"index.html", v)
		})
	}
	return jobs
}

func (r *Renderer) recordList(u string) []*site.Page {
	if u == site.IncidentsURL {
		return r.site.Incidents
	}
	return r.site.Changes
}

// recordsLayout returns the layout of the content page p: the record
// list's when p sits at incidents/ or changes-log/ and there are records
// to list (its own section listing then leaves them out), else layout.
func (r *Renderer) recordsLayout(p *site.Page, v *View, layout string) string {
	if (p.URL != site.IncidentsURL && p.URL != site.ChangeLogURL) || len(r.recordList(p.URL)) == 0 {
		return layout
	}
	if p.Section != nil {
		v.Children = v.Children[:0]
		for _, c := range p.Section.Children {
			if c.Record != nil {
				continue
			}
			it := Item{Title: c.Title, Href: site.Rel(p.URL, c.URL), Description: c.Description, Owner: c.Owner}
			if c.Section != nil {
				it.IsSection, it.Count = true, len(c.Section.Children)
			}
			v.Children = append(v.Children, it)
		}
	}
	return r.fillRecords(v, p.URL)
}

// fillRecords sets v.Records for the list at u and returns its layout.
func (r *Renderer) fillRecords(v *View, u string) string {
	rv := &RecordsView{}
	v.Records = rv
	t := r.opts.Translator.T
	if u == site.IncidentsURL {
		var ttr []time.Duration
		var total time.Duration
		sev := map[string]int{}
		open := 0
		for _, p := range r.site.Incidents {
			rv.Timeline = append(rv.Timeline, r.recordRow(u, p))
			sev[p.Record.Severity]++
			if p.Record.Open() {
				open++
				continue
			}
			if d := p.Record.TimeToResolve(); d > 0 {
				ttr = append(ttr, d)
				total += d
			}
		}
		rv.Stats = append(rv.Stats, KeyValue{t("incidents"), strconv.Itoa(len(r.site.Incidents))}, KeyValue{t("open_incidents"), strconv.Itoa(open)})
		for _, s := range source.Severities {
			if sev[s] > 0 {
				rv.Stats = append(rv.Stats, KeyValue{s, strconv.Itoa(sev[s])})
			}
		}
		if len(ttr) > 0 {
			sort.Slice(ttr, func(i, j int) bool { return ttr[i] < ttr[j] })
			rv.Stats = append(rv.Stats, KeyValue{t("median_time_to_resolve"), duration(median(ttr))},
				KeyValue{t("longest"), duration(ttr[len(ttr)-1])}, KeyValue{t("total_time_to_resolve"), duration(total)})
		}
		return "incidents.html"
	}
	var unapproved, noRollback int
	for _, p := range r.site.Changes {
		row := r.recordRow(u, p)
		if p.Record.Carried() {
			rv.Closed = append(rv.Closed, row)
		} else {
			rv.Open = append(rv.Open, row)
		}
		if p.Record.Carried() && row.ApprovedBy == "" {
			unapproved++
		}
		if !row.Rollback && p.Record.Status != "cancelled" {
			noRollback++
		}
	}
	rv.Stats = []KeyValue{{t("changes"), strconv.Itoa(len(r.site.Changes))}, {t("planned_changes"), strconv.Itoa(len(rv.Open))},
		{t("carried_changes"), strconv.Itoa(len(rv.Closed))}, {t("made_without_approval"), strconv.Itoa(unapproved)}, {t("without_rollback"), strconv.Itoa(noRollback)}}
	return "changes-log.html"
}

func median(sorted []time.Duration) time.Duration {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func (r *Renderer) recordRow(at string, p *site.Page) RecordRow {
	rec := p.Record
	row := RecordRow{Title: p.Title, Href: site.Rel(at, p.URL), Status: rec.Status, Severity: rec.Severity, Risk: rec.Risk,
		ProviderHTML: r.providerCell(at, p), ApprovedBy: strings.Join(rec.ApprovedBy, ", ")}
	switch rec.Kind {
	case source.KindIncident:
		row.Start, row.End = rec.Started.String(), rec.Resolved.String()
		if rec.Open() {
			row.Class, row.Open = "record-open", true
			row.Duration = duration(r.site.BuildTime.Sub(rec.Started.Time))
		} else if d := rec.TimeToResolve(); d > 0 {
			row.Duration = duration(d)
		}
	case source.KindRequest:
		row.Start, row.End = rec.Opened.String(), rec.Closed.String()
		if st := r.site.RequestSLA(p); st.Overdue {
			row.Class, row.Open = "record-open", true
		}
	case source.KindChange:
		row.Start, row.End = rec.Planned.String(), rec.Done.String()
		row.Rollback = rec.Rollback != "" || r.site.SectionHeading(p, "Rollback") != ""
		if rec.Status == "rolled-back" {
			row.Class = "record-rolled-back"
		}
	}
	for _, it := range p.Items {
		row.Items = append(row.Items, Link{Title: r.itemTitle(it), Href: r.itemLink(at, it)})
	}
	return row
}

// duration writes a time span the way people say it (site.Span).
func duration(d time.Duration) string { return site.Span(d) }

// recordMeta returns the record block of an incident or change page.
func (r *Renderer) recordMeta(p *site.Page, root string) *RecordMeta {
	rec := p.Record
	if rec == nil {
		return nil
	}
	// The record block is the page's own part: in the page's language.
	t := r.opts.Translator.For(p.Lang).T
	m := &RecordMeta{Kind: rec.Kind, Name: t("record")}
	add := func(label, value, href, class string, links ...Link) {
		m.Fields = append(m.Fields, RecordField{Label: label, Value: value, Href: href, Class: class, Links: links})
	}
	if rec.Kind == source.KindIncident {
		add(t("record"), t("incident"), root+site.IncidentsURL, "")
		class := ""
		if rec.Open() {
			class = "record-open"
		}
		add(t("status"), rec.Status, "", class)
		add(t("severity"), rec.Severity, "", "")
		add(t("started"), rec.Started.String(), "", "")
		if rec.Open() {
			add(t("open_for"), duration(r.site.BuildTime.Sub(rec.Started.Time)), "", "record-open")
		} else {
			add(t("resolved"), rec.Resolved.String(), "", "")
			add(t("time_to_resolve"), duration(rec.TimeToResolve()), "", "")
		}
		r.providerFields(p, root, t, add)
		return m
	}
	if rec.Kind == source.KindRequest {
		r.requestFields(p, root, t, add)
		return m
	}
	add(t("record"), t("change"), root+site.ChangeLogURL, "")
	add(t("status"), rec.Status, "", "")
	if !rec.Planned.IsZero() {
		add(t("planned"), rec.Planned.String(), "", "")
	}
	if !rec.Done.IsZero() {
		add(t("done"), rec.Done.String(), "", "")
	}
	if rec.Risk != "" {
		add(t("risk"), rec.Risk, "", "")
	}
	if len(rec.ApprovedBy) > 0 {
		add(t("approved_by"), strings.Join(rec.ApprovedBy, ", "), "", "")
	} else {
		add(t("approved_by"), t("not_approved"), "", "missing")
	}
	switch id := r.site.SectionHeading(p, "Rollback"); {
	case rec.Rollback != "":
		add(t("rollback"), rec.Rollback, "", "")
	case id != "":
		add(t("rollback"), t("rollback_section"), "#"+id, "")
	default:
		add(t("rollback"), t("no_rollback"), "", "missing")
	}
	r.providerFields(p, root, t, add)
	return m
}

// itemRecords lists the incidents and changes that name an item, for the
// item's page; built here like the item's other fragments (itemhtml.go).
func (r *Renderer) itemRecords(at string, it *inventory.Item) template.HTML {
	recs := r.site.RecordsAbout(it)
	if len(recs) == 0 {
		return ""
	}
	t := r.opts.Translator.T
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString(`<ul class="listing records">`)
	for _, p := range recs {
		row := r.recordRow(at, p)
		b.WriteString("<li")
		if row.Class != "" {
			b.WriteString(` class="` + esc(row.Class) + `"`)
		}
		b.WriteString(`><a href="` + esc(row.Href) + `">` + esc(p.Title) + `</a> <span class="kind">` + esc(t(p.Record.Kind)) + `</span>`)
		if row.Open {
			b.WriteString(` <span class="open-marker">` + esc(t("open_marker")) + `</span>`)
		}
		b.WriteString("<p>")
		if p.Record.Kind == source.KindIncident {
			b.WriteString(esc(row.Severity) + " · " + esc(row.Status) + " · " + esc(row.Start))
			if row.Duration != "" {
				label := t("time_to_resolve")
				if p.Record.Open() {
					label = t("open_for")
				}
				b.WriteString(" · " + esc(label) + " " + esc(row.Duration))
			}
		} else {
			when := row.End
			if when == "" {
				when = row.Start
			}
			b.WriteString(esc(row.Status) + " · " + esc(when))
			if row.Risk != "" {
				b.WriteString(" · " + esc(t("risk")) + " " + esc(row.Risk))
			}
		}
		b.WriteString("</p></li>")
	}
	b.WriteString("</ul>")
	return template.HTML(b.String())
}
