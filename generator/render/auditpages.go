package render

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/site"
)

// FindingView is a finding as templates show it, with a link to its
// subject. Views are flat structs: text/template looks up fields of
// embedded structs by a slow search on every access.
type FindingView struct {
	Severity, Title, Location, Message, Fix string
	Href                                    string
	// More links a page showing what the finding is about.
	More     string
	Accepted *audit.Acceptance
}

// RuleRow is a line of the audit dashboard; Subject is the label of
// what the rule applies to ("Confluence space"). Severity is the rule's own;
// its findings are counted by their severity (a rule may find errors
// and warnings), as the dashboard's totals and chart count them.
type RuleRow struct {
	ID, Title, Subject, Severity string
	Href                         string
	Open, Accepted               int
	Errors, Warnings, Infos      int
}

// OwnerRow links an owner's page.
type OwnerRow struct {
	Name, Href string
	Open       int
}

// AuditCounts are the dashboard totals.
type AuditCounts struct {
	Errors, Warnings, Infos, Accepted int
}

func (r *Renderer) findingViews(at string, fs []*audit.Finding) []FindingView {
	out := make([]FindingView, 0, len(fs))
	for _, f := range fs {
		v := FindingView{Severity: f.Severity.String(), Title: f.Title, Location: f.Location(), Message: f.Message, Fix: f.Fix, Accepted: f.Accepted}
		if f.URL != "" {
			v.More = site.Rel(at, f.URL)
		}
		switch f.SubjectKind {
		case "page":
			if p := r.pageByPath(f.Subject); p != nil {
				v.Href = site.Rel(at, p.URL)
			}
		case "item":
			if it := r.site.Inventory.ByID(f.Subject); it != nil {
				v.Href = site.Rel(at, r.site.ItemURL(it))
				v.Title = r.itemTitle(it)
			}
		}
		out = append(out, v)
	}
	return out
}

func (r *Renderer) pageByPath(path string) *site.Page {
	return r.site.PageBySource(strings.TrimPrefix(path, r.site.Config.ContentDir+"/"))
}

// ownerSlug names an owner's page: after the privacy setting, so that
// the URL does not spell the address the page no longer shows.
func (r *Renderer) ownerSlug(o string) string {
	o = r.opts.Privacy.Person(o)
	if o == "" {
		return "no-owner"
	}
	return site.Slug(strings.NewReplacer("@", "-at-", ".", "-").Replace(o))
}

// auditWholeJobs render the dashboard and the exports.
func (r *Renderer) auditWholeJobs(w Writer) []func() error {
	if r.opts.Audit == nil {
		return nil
	}
	return append(r.calendarJobs(w),
		func() error { return r.auditExport(w, "audit.json", "json") },
		func() error { return r.auditExport(w, "audit.csv", "csv") },
		func() error { return r.auditIndex(w) },
		func() error {
			if rows := r.lifecycleRows(); len(rows) > 0 {
				return r.softwarePage(w, rows)
			}
			return nil
		},
	)
}

// auditJobs render a page per rule and per owner.
func (r *Renderer) auditJobs(w Writer) []func() error {
	rep := r.opts.Audit
	if rep == nil {
		return nil
	}
	var jobs []func() error
	for _, rule := range rep.Rules {
		jobs = append(jobs, func() error { return r.auditRule(w, rule.ID, rule.Title, rule.Fix) })
	}
	for _, id := range []string{"waiver-expired", "waiver-unused"} {
		if len(rep.ForRule(id)) > 0 {
			title := map[string]string{"waiver-expired": r.opts.Translator.T("waiver_expired"), "waiver-unused": r.opts.Translator.T("waiver_unused")}[id]
			jobs = append(jobs, func() error { return r.auditRule(w, id, title, "") })
		}
	}
	owners, byOwner := r.toFix()
	for _, o := range owners {
		jobs = append(jobs, func() error { return r.auditOwner(w, o, byOwner[o]) })
	}
	return jobs
}

// toFix groups the findings each owner has to act on: errors and
// warnings, accepted ones included so that owners see what they agreed
// to. Info notes are listed on the rule pages.
func (r *Renderer) toFix() ([]string, map[string][]*audit.Finding) {
	owners, byOwner := r.opts.Audit.ByOwner()
	out := map[string][]*audit.Finding{}
	var kept []string
	for _, o := range owners {
		for _, f := range byOwner[o] {
			if f.Severity != audit.Info {
				out[o] = append(out[o], f)
			}
		}
		if len(out[o]) > 0 {
			kept = append(kept, o)
		}
	}
	return kept, out
}

func (r *Renderer) auditView(at, title, kind string) *View {
	v := &View{Site: r.siteView(site.RootPrefix(at)), Kind: kind, Title: title, Lang: r.site.Config.Language}
	v.Sidebar = r.nav.sidebar(r.site.Root.Page, at)
	v.Crumbs = []Link{{Title: r.site.Root.Page.Title, Href: site.Rel(at, "")}}
	if at != r.site.Paths.Audit {
		v.Crumbs = append(v.Crumbs, Link{Title: r.opts.Translator.T("audit"), Href: site.Rel(at, r.site.Paths.Audit)})
	}
	return v
}

func (r *Renderer) auditIndex(w Writer) error {
	rep := r.opts.Audit
	v := r.auditView(r.site.Paths.Audit, r.opts.Translator.T("audit"), "audit")
	e, wn, i, a := rep.Counts()
	v.AuditCounts = &AuditCounts{Errors: e, Warnings: wn, Infos: i, Accepted: a}
	// Findings are counted as Report.Counts counts the totals: an
	// accepted finding as accepted whatever its severity, any other by
	// its own severity.
	counts := map[string]*RuleRow{}
	row := func(rule string) *RuleRow {
		if counts[rule] == nil {
			counts[rule] = &RuleRow{}
		}
		return counts[rule]
	}
	byKind := map[string]int{}
	for _, f := range rep.Findings {
		c := row(f.Rule)
		switch {
		case f.Accepted != nil:
			c.Accepted++
			continue
		case f.Severity == audit.Error:
			c.Errors++
		case f.Severity == audit.Warning:
			c.Warnings++
		default:
			c.Infos++
		}
		c.Open++
		byKind[f.Kind]++
	}
	add := func(id, title, subject string, sev audit.Severity, href string) {
		c := row(id)
		v.Rules = append(v.Rules, RuleRow{ID: id, Title: title, Subject: r.opts.Translator.Kind(subject), Severity: sev.String(), Href: href,
			Open: c.Open, Accepted: c.Accepted, Errors: c.Errors, Warnings: c.Warnings, Infos: c.Infos})
	}
	for _, rule := range rep.Rules {
		add(rule.ID, rule.Title, rule.Subject, rule.Severity, site.Rel(r.site.Paths.Audit, r.site.Paths.Audit+rule.ID+"/"))
	}
	for _, id := range []string{"waiver-expired", "waiver-unused"} {
		if len(rep.ForRule(id)) > 0 {
			sev := audit.Warning
			if id == "waiver-unused" {
				sev = audit.Info
			}
			add(id, r.opts.Translator.T(strings.ReplaceAll(id, "-", "_")), "policy", sev, id+"/")
		}
	}
	if e+wn+i == 0 {
		v.AllClear = r.allClear(a)
	}
	v.TopIssuesHTML = r.topIssuesHTML(v.Rules)
	v.SoftwareHref = r.softwareHref(r.site.Paths.Audit)
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		v.KindCounts = append(v.KindCounts, KindCount{Kind: k, Label: r.opts.Translator.Kind(k), Count: byKind[k]})
	}
	v.Chart = barChart(v.Rules, r.opts.Translator.T("findings_per_rule"))
	owners, byOwner := r.toFix()
	for _, o := range owners {
		n := 0
		for _, f := range byOwner[o] {
			if f.Accepted == nil {
				n++
			}
		}
		name := o
		if o == "" {
			name = r.opts.Translator.T("no_owner")
		}
		v.Owners = append(v.Owners, OwnerRow{Name: name, Href: "owners/" + r.ownerSlug(o) + "/", Open: n})
	}
	v.CalendarOwners = r.calendarOwners()
	return r.execute(w, "audit.html", r.site.Paths.Audit+"index.html", v)
}

// barChart draws the open findings per rule as an inline SVG, built here
// so that the browser needs no chart library. Each bar is split by the
// findings' severity, errors first, so that it agrees with the totals and
// the rule table. Each bar links its rule's page, so the chart is not
// role="img" (an image's links are nested controls that assistive
// technology cannot reach).
func barChart(rows []RuleRow, title string) template.HTML {
	most := 0
	var shown []RuleRow
	for _, row := range rows {
		if row.Open > 0 {
			shown = append(shown, row)
			if row.Open > most {
				most = row.Open
			}
		}
	}
	if len(shown) == 0 {
		return ""
	}
	const label, barW, rowH = 220, 360, 26
	height := len(shown)*rowH + 10
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg class="chart" aria-label="%s" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`, html.EscapeString(title), label+barW+60, height)
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(title))
	for i, row := range shown {
		y := 5 + i*rowH
		fmt.Fprintf(&b, `<a href="%s"><text x="%d" y="%d" text-anchor="end" class="chart-label">%s</text>`, html.EscapeString(row.Href), label-8, y+17, html.EscapeString(row.ID))
		x := label
		for _, seg := range []struct {
			n   int
			sev string
		}{{row.Errors, "error"}, {row.Warnings, "warning"}, {row.Infos, "info"}} {
			if seg.n == 0 {
				continue
			}
			w := max(seg.n*barW/most, 2)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" class="bar bar-%s"><title>%d %s</title></rect>`, x, y+3, w, rowH-8, seg.sev, seg.n, seg.sev)
			x += w
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="chart-value">%d</text></a>`, x+6, y+17, row.Open)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// MaxListed bounds the findings a rule's page lists; the CSV and JSON
// exports hold all of them. A page of tens of thousands of entries helps
// no reader and costs every build.
const MaxListed = 1000

func (r *Renderer) auditRule(w Writer, id, title, fix string) error {
	at := r.site.Paths.Audit + id + "/"
	v := r.auditView(at, title, "audit-rule")
	v.RuleID, v.RuleFix = id, fix
	fs := r.opts.Audit.ForRule(id)
	v.AllClear = r.allClearOf(fs)
	if len(fs) > MaxListed {
		v.Truncated = len(fs)
		fs = fs[:MaxListed]
	}
	v.Listed = len(fs)
	v.FindingsHTML = r.findingsHTML(r.findingViews(at, fs))
	return r.execute(w, "audit-list.html", at+"index.html", v)
}

// allClearOf is the all-clear line of a page listing fs, or "" when one
// of them is open.
func (r *Renderer) allClearOf(fs []*audit.Finding) string {
	accepted := 0
	for _, f := range fs {
		if f.Accepted == nil {
			return ""
		}
		accepted++
	}
	return r.allClear(accepted)
}

func (r *Renderer) auditOwner(w Writer, owner string, fs []*audit.Finding) error {
	at := r.site.Paths.AuditOwners() + r.ownerSlug(owner) + "/"
	title := owner
	if owner == "" {
		title = r.opts.Translator.T("no_owner")
	}
	v := r.auditView(at, title, "audit-owner")
	v.Listed = len(fs)
	v.FindingsHTML = r.findingsHTML(r.findingViews(at, fs))
	v.AllClear = r.allClearOf(fs)
	for _, e := range r.calendarEvents() {
		if slices.Contains(e.owners, owner) {
			v.CalendarHref = CalendarFile
			break
		}
	}
	return r.execute(w, "audit-list.html", at+"index.html", v)
}

func (r *Renderer) auditExport(w Writer, name, format string) error {
	return Stream(w, r.site.Paths.Audit+name, func(out io.Writer) error {
		return r.opts.Audit.WriteFormat(out, format, audit.Meta{Generator: "handbook"})
	})
}
