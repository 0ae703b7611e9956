package render

import (
	"fmt"
	"html"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/inventory"
)

// The helpers below serve the dense operational pages (inventory, audit,
// records, status): readers scan them for one item among hundreds, so an
// item is named so that it cannot be mistaken for another, and a value
// that names an item links to it.

// sharedNames returns the item names that more than one item carries: a
// SharePoint site and the Team behind it are often both "OPS - Planning".
func sharedNames(inv *inventory.Inventory) map[string]bool {
	if inv == nil {
		return nil
	}
	seen := make(map[string]int, len(inv.Items))
	for _, it := range inv.Items {
		seen[strings.ToLower(it.Name)]++
	}
	out := map[string]bool{}
	for name, n := range seen {
		if n > 1 {
			out[name] = true
		}
	}
	return out
}

// itemTitle is an item's name as lists show it: with its kind's label,
// "OPS - Planning (Team)", when another item has the same name.
func (r *Renderer) itemTitle(it *inventory.Item) string {
	if r.sharedNames[strings.ToLower(it.Name)] {
		return it.Name + " (" + r.opts.Translator.Kind(it.Kind) + ")"
	}
	return it.Name
}

// itemRefHTML returns an extra field's value as HTML: an item id, alone
// or in a list, links to that item; anything else is text.
func (r *Renderer) itemRefHTML(at string, value any) string {
	if list, ok := value.([]any); ok {
		parts := make([]string, len(list))
		for i, v := range list {
			parts[i] = r.itemRefHTML(at, v)
		}
		return strings.Join(parts, ", ")
	}
	s := fmt.Sprint(value)
	if r.site.Inventory != nil {
		if it := r.site.Inventory.ByID(s); it != nil {
			return r.itemLinkHTML(at, it)
		}
	}
	return html.EscapeString(s)
}

// itemLinkHTML links an item by its title (itemTitle), its id in the
// link's title attribute.
func (r *Renderer) itemLinkHTML(at string, it *inventory.Item) string {
	return `<a href="` + html.EscapeString(r.itemLink(at, it)) + `" title="` + html.EscapeString(it.ID) + `">` + html.EscapeString(r.itemTitle(it)) + "</a>"
}

// certExpiry says how a certificate's expiry stands at now, in words:
// "12 days left", "expires today", "expired 3 days ago" (never "-3 days
// left"); days counts whole days left, negative once expired.
func certExpiry(t func(string) string, expires, now time.Time) (text string, days int, expired bool) {
	if expires.Before(now) {
		ago := int(now.Sub(expires).Hours() / 24)
		switch ago {
		case 0:
			return t("expired_today"), 0, true
		case 1:
			return t("expired_day_ago"), -1, true
		}
		return fmt.Sprintf(t("expired_days_ago"), ago), -ago, true
	}
	left := int(expires.Sub(now).Hours() / 24)
	switch left {
	case 0:
		return t("expires_today"), 0, false
	case 1:
		return t("day_left"), 1, false
	}
	return fmt.Sprintf(t("days_left_n"), left), left, false
}

// topIssue is a line of the audit dashboard's summary: a rule or a
// subject with open errors and warnings.
type topIssue struct {
	Title, Href      string
	Errors, Warnings int
}

// topIssues returns at most n entries with the most open errors, then
// warnings; entries with neither are left out (info notes are not issues).
func topIssues(all []topIssue, n int) []topIssue {
	var out []topIssue
	for _, e := range all {
		if e.Errors+e.Warnings > 0 {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Errors != out[j].Errors {
			return out[i].Errors > out[j].Errors
		}
		return out[i].Warnings > out[j].Warnings
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// writeTopIssues writes one summary list of topIssues.
func writeTopIssues(b *strings.Builder, t func(string) string, heading string, list []topIssue) {
	if len(list) == 0 {
		return
	}
	b.WriteString("<div><h3>" + html.EscapeString(heading) + "</h3><ol>")
	for _, e := range list {
		b.WriteString(`<li><a href="` + html.EscapeString(e.Href) + `">` + html.EscapeString(e.Title) + "</a> ")
		// "errors: 2" reads right for any count, in any language.
		if e.Errors > 0 {
			b.WriteString(`<span class="top-count sev-error">` + html.EscapeString(t("errors")) + ": " + strconv.Itoa(e.Errors) + "</span> ")
		}
		if e.Warnings > 0 {
			b.WriteString(`<span class="top-count sev-warning">` + html.EscapeString(t("warnings")) + ": " + strconv.Itoa(e.Warnings) + "</span>")
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ol></div>")
}

// allClear is the line an audit page shows when nothing is open; the
// accepted findings, if any, are still listed below it.
func (r *Renderer) allClear(accepted int) string {
	if accepted > 0 {
		return r.opts.Translator.T("all_clear_accepted")
	}
	return r.opts.Translator.T("all_clear")
}

// topIssuesHTML summarises the audit dashboard: the few rules, and the
// few items and pages, with the most open errors, then warnings, each
// linked to its page.
func (r *Renderer) topIssuesHTML(rules []RuleRow) template.HTML {
	const n = 5
	t := r.opts.Translator.T
	var byRule []topIssue
	for _, row := range rules {
		byRule = append(byRule, topIssue{Title: row.Title, Href: row.Href, Errors: row.Errors, Warnings: row.Warnings})
	}
	at := r.site.Paths.Audit
	subjects := map[string]*topIssue{}
	var order []string
	for _, f := range r.opts.Audit.Findings {
		if f.Accepted != nil || f.Severity == audit.Info || (f.SubjectKind != "item" && f.SubjectKind != "page") {
			continue
		}
		key := f.SubjectKind + "\x00" + f.Subject
		s := subjects[key]
		if s == nil {
			v := r.findingViews(at, []*audit.Finding{f})[0]
			if v.Href == "" {
				continue
			}
			s = &topIssue{Title: v.Title, Href: v.Href}
			subjects[key] = s
			order = append(order, key)
		}
		if f.Severity == audit.Error {
			s.Errors++
		} else {
			s.Warnings++
		}
	}
	bySubject := make([]topIssue, 0, len(order))
	for _, k := range order {
		bySubject = append(bySubject, *subjects[k])
	}
	var b strings.Builder
	writeTopIssues(&b, t, t("top_rules"), topIssues(byRule, n))
	writeTopIssues(&b, t, t("top_subjects"), topIssues(bySubject, n))
	if b.Len() == 0 {
		return ""
	}
	return template.HTML(`<div class="top-issues-lists">` + b.String() + "</div>")
}
