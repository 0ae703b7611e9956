package render

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// The fragments below are built in Go rather than in item.html: a large
// inventory renders tens of thousands of item pages, and each template
// action costs two reflective calls (the value and its escaper). They
// hold data only; item.html keeps the page's layout and headings.

// itemFields returns the item's fields as a definition list.
// A parent, and any other field whose value is an item's id (a site's
// connected_team), links to that item.
func (r *Renderer) itemFields(at string, it *inventory.Item, extra []KeyValue) template.HTML {
	var b strings.Builder
	b.Grow(1024)
	t := r.opts.Translator.T
	field := func(label, value string) {
		b.WriteString("<div><dt>")
		b.WriteString(html.EscapeString(label))
		b.WriteString("</dt><dd>")
		b.WriteString(value) // already escaped
		b.WriteString("</dd></div>\n")
	}
	esc := html.EscapeString
	field(t("id"), "<code>"+esc(it.ID)+"</code>")
	if it.URL != "" {
		if safeURL(it.URL) {
			field(t("url"), `<a href="`+esc(it.URL)+`">`+esc(it.URL)+"</a>")
		} else {
			field(t("url"), esc(it.URL))
		}
	}
	field(t("kind"), esc(r.opts.Translator.Kind(it.Kind)))
	if p := it.Parent; p != nil {
		field(t("parent"), r.itemLinkHTML(at, p))
	}
	if h := it.HostedBy; h != nil {
		field(t("hosting"), r.itemLinkHTML(at, h))
	} else if it.Hosting != "" {
		field(t("hosting"), esc(it.Hosting))
	}
	field(t("status"), esc(it.Status))
	if len(it.Owners) > 0 {
		field(t("owners"), esc(strings.Join(it.Owners, ", ")))
	} else {
		field(t("owners"), `<span class="missing">`+esc(t("no_owner"))+"</span>")
	}
	if it.Sensitivity != "" {
		field(t("sensitivity"), esc(it.Sensitivity))
	}
	if it.ExternalSharing != "" {
		field(t("sharing"), esc(it.ExternalSharing))
	}
	if it.HasMembers {
		field(t("members"), strconv.Itoa(it.Members))
	}
	if !it.Created.IsZero() {
		field(t("created"), it.Created.Format(time.DateOnly))
	}
	if !it.LastActivity.IsZero() {
		field(t("last_activity"), it.LastActivity.Format(time.DateOnly))
	}
	if len(it.Tags) > 0 {
		field(t("tags"), esc(strings.Join(it.Tags, ", ")))
	}
	if len(it.Escalation) > 0 {
		field(t("escalation"), esc(strings.Join(it.Escalation, ", ")))
	}
	r.attestationFields(&b, field, it)
	for _, kv := range extra {
		field(kv.Key, r.itemRefHTML(at, it.Extra[kv.Key]))
	}
	field(t("declared_in"), "<code>"+esc(it.Pos.Path)+":"+strconv.Itoa(it.Pos.Line)+"</code>")
	return template.HTML(b.String())
}

// safeURL accepts the schemes an item's address may link with.
func safeURL(u string) bool {
	l := strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

// itemMatrix returns the permissions matrix: groups by levels.
func (r *Renderer) itemMatrix(levels []string, rows []MatrixRow) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<div class="table-wrap"><table class="matrix"><thead><tr><th scope="col">`)
	b.WriteString(html.EscapeString(r.opts.Translator.T("group")))
	b.WriteString("</th>")
	for _, l := range levels {
		b.WriteString(`<th scope="col">` + html.EscapeString(l) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for _, row := range rows {
		b.WriteString(`<tr><th scope="row">` + html.EscapeString(row.Group) + "</th>")
		for _, g := range row.Grants {
			if g {
				b.WriteString(`<td><span aria-label="yes">✓</span></td>`)
			} else {
				b.WriteString("<td></td>")
			}
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table></div>")
	return template.HTML(b.String())
}

// itemComponents returns the table of the software the item runs, with
// each component's release cycle, end of security support and latest
// patch when an eol snapshot has its product (handbook pull eol).
func (r *Renderer) itemComponents(components []inventory.Component) template.HTML {
	if len(components) == 0 {
		return ""
	}
	t := r.opts.Translator.T
	esc := html.EscapeString
	lifecycle := r.site.Snapshots != nil && len(r.site.Snapshots.EOL) > 0
	var b strings.Builder
	b.WriteString(`<div class="table-wrap"><table class="components"><thead><tr>`)
	heads := []string{t("component"), t("version")}
	if lifecycle {
		heads = append(heads, t("release_cycle"), t("supported_until"), t("latest_patch"))
	}
	for _, h := range append(heads, t("patch_within")) {
		b.WriteString(`<th scope="col">` + esc(h) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for _, c := range components {
		name := esc(c.Name)
		var p *pulldata.EOLProduct
		if lifecycle {
			p = r.site.Snapshots.Product(c.Name)
		}
		if p != nil && p.Link != "" && safeURL(p.Link) {
			name = `<a href="` + esc(p.Link) + `">` + name + "</a>"
		}
		b.WriteString(`<tr><th scope="row">` + name + "</th><td><code>" + esc(c.Version) + "</code></td>")
		if lifecycle {
			b.WriteString(r.lifecycleCells(p, c.Version))
		}
		b.WriteString("<td>" + esc(c.PatchWithin.String()) + "</td></tr>")
	}
	b.WriteString("</tbody></table></div>")
	return template.HTML(b.String())
}

// lifecycleCells are a component's release cycle, end of security
// support and latest patch, from the eol snapshot's product p (nil: not
// pulled yet).
func (r *Renderer) lifecycleCells(p *pulldata.EOLProduct, version string) string {
	t := r.opts.Translator.T
	esc := html.EscapeString
	var rel *pulldata.EOLRelease
	if p != nil {
		rel = p.Release(version)
	}
	switch {
	case p == nil:
		return "<td></td><td></td><td></td>"
	case p.Unknown:
		return `<td colspan="3" class="missing">` + esc(t("unknown_product")) + "</td>"
	case rel == nil:
		return `<td colspan="3" class="missing">` + esc(t("unknown_cycle")) + "</td>"
	}
	until := esc(rel.EOLFrom)
	if rel.Ended(r.site.BuildTime.Format(time.DateOnly)) {
		if until == "" {
			until = esc(t("support_ended"))
		}
		until = `<span class="sev sev-error">` + until + "</span>"
	}
	latest := esc(rel.Latest)
	if rel.LatestDate != "" {
		latest += " <small>(" + esc(rel.LatestDate) + ")</small>"
	}
	return "<td>" + esc(rel.Name) + "</td><td>" + until + "</td><td>" + latest + "</td>"
}

// itemTree returns the item between its ancestors and its children.
func (r *Renderer) itemTree(it *inventory.Item, ancestors []Link, children []TreeNode) template.HTML {
	if len(ancestors) == 0 && len(children) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<ul class="tree">`)
	for _, a := range ancestors {
		b.WriteString(`<li><a href="` + html.EscapeString(a.Href) + `">` + html.EscapeString(a.Title) + `</a><ul class="tree">`)
	}
	b.WriteString("<li><strong>" + html.EscapeString(it.Name) + "</strong>")
	writeTree(&b, children)
	b.WriteString("</li>")
	for range ancestors {
		b.WriteString("</ul></li>")
	}
	b.WriteString("</ul>")
	return template.HTML(b.String())
}

// writeTree writes nodes as nested lists; a node with children is
// followed by a <details> element, open, holding them, so that readers
// can fold branches without JavaScript. The node's link stays outside the
// <summary> (a link inside the toggle would nest one control in another);
// the stylesheet draws the toggle, named after the node, before the link.
func writeTree(b *strings.Builder, nodes []TreeNode) {
	if len(nodes) == 0 {
		return
	}
	b.WriteString(`<ul class="tree">`)
	for _, n := range nodes {
		if len(n.Children) > 0 {
			b.WriteString(`<li class="tree-branch">`)
		} else {
			b.WriteString("<li>")
		}
		b.WriteString(`<a href="` + html.EscapeString(n.Href) + `">` + html.EscapeString(n.Title) + `</a> <span class="kind">` + html.EscapeString(n.Kind) + "</span>")
		if n.Status != "active" {
			b.WriteString(` <span class="status status-` + html.EscapeString(n.Status) + `">` + html.EscapeString(n.Status) + "</span>")
		}
		if len(n.Children) > 0 {
			b.WriteString(`<details open><summary><span class="visually-hidden">` + html.EscapeString(n.Title) + "</span></summary>")
			writeTree(b, n.Children)
			b.WriteString("</details>")
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
}

// findingsHTML lists findings with their severity, subject, location,
// message, fix and waiver. Every item page of a large inventory has
// findings, so the list is built here, once, for all pages that show one.
func (r *Renderer) findingsHTML(fs []FindingView) template.HTML {
	if len(fs) == 0 {
		return ""
	}
	t := r.opts.Translator.T
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString(`<ul class="findings">`)
	for _, f := range fs {
		b.WriteString("\n" + `<li class="finding sev-` + esc(f.Severity))
		if f.Accepted != nil {
			b.WriteString(" accepted")
		}
		b.WriteString(`"><span class="sev">`)
		if f.Accepted != nil {
			b.WriteString(esc(t("accepted")))
		} else {
			b.WriteString(esc(f.Severity))
		}
		b.WriteString("</span> ")
		if f.Href != "" {
			b.WriteString(`<a href="` + esc(f.Href) + `">` + esc(f.Title) + "</a>")
		} else {
			b.WriteString(esc(f.Title))
		}
		b.WriteString(` <code class="where">` + esc(f.Location) + "</code>\n<p>" + esc(f.Message) + ".")
		if f.More != "" {
			b.WriteString(` <a href="` + esc(f.More) + `">` + esc(t("see_changes")) + "</a>.")
		}
		b.WriteString(` <span class="fix">` + esc(f.Fix) + "</span></p>")
		if a := f.Accepted; a != nil {
			b.WriteString(`<p class="waiver">` + esc(t("accepted_by")) + " " + esc(a.AcceptedBy) + " " + esc(t("until")) + " " + esc(a.Expires) + ": " + esc(a.Reason) + "</p>")
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>")
	return template.HTML(b.String())
}

// treeHTML returns a hierarchy as nested lists.
func treeHTML(nodes []TreeNode) template.HTML {
	var b strings.Builder
	writeTree(&b, nodes)
	return template.HTML(b.String())
}

// inventoryRows returns the rows of the inventory table, one per item:
// the table that a 50,000-item inventory shows on one page.
func (r *Renderer) inventoryRows(items []ItemView) template.HTML {
	esc := html.EscapeString
	var b strings.Builder
	b.Grow(len(items) * 300)
	for _, v := range items {
		it := v.Item
		b.WriteString(`<tr><td><a href="` + esc(v.Href) + `">` + esc(it.Name) + "</a></td><td>" + esc(r.opts.Translator.Kind(it.Kind)) + "</td><td>")
		if len(it.Owners) > 0 {
			b.WriteString(esc(strings.Join(it.Owners, ", ")))
		} else {
			b.WriteString(`<span class="missing">—</span>`)
		}
		b.WriteString("</td><td>" + esc(it.ExternalSharing) + "</td><td>" + esc(it.Sensitivity) + `</td><td class="date">`)
		if !it.LastActivity.IsZero() {
			b.WriteString(it.LastActivity.Format(time.DateOnly))
		}
		b.WriteString("</td><td>" + esc(it.Status) + "</td><td>")
		if v.Open > 0 {
			b.WriteString(`<a href="` + esc(v.Href) + `#hb-findings" class="sev-warning">` + strconv.Itoa(v.Open) + "</a>")
		} else {
			b.WriteString("0")
		}
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

// attestationFields shows the item's last attestation (when, by whom,
// and what the owners confirmed) and, under an attestation policy, when
// the next is due, marked when it is overdue.
func (r *Renderer) attestationFields(b *strings.Builder, field func(label, value string), it *inventory.Item) {
	t := r.opts.Translator.T
	esc := html.EscapeString
	if a := it.Attested; a != nil {
		v := `<time datetime="` + a.On.Format(time.DateOnly) + `">` + a.On.Format(time.DateOnly) + "</time>"
		if a.By != "" {
			v += " " + esc(t("by")) + " " + esc(a.By)
		}
		confirmed := []string{t("attested_needed")}
		if !a.Needed {
			confirmed = []string{`<strong>` + esc(t("attested_not_needed")) + `</strong>`}
		}
		if len(a.Owners) > 0 {
			confirmed = append(confirmed, esc(t("owners")+": "+strings.Join(a.Owners, ", ")))
		}
		if a.HasMembers {
			confirmed = append(confirmed, esc(t("members")+": "+strconv.Itoa(a.Members)))
		}
		if a.Sharing != "" {
			confirmed = append(confirmed, esc(t("sharing")+": "+a.Sharing))
		}
		field(t("attested"), v+"<br>"+strings.Join(confirmed, " · "))
	}
	due, iv, ok := audit.AttestationDue(it, r.site.Config.Audit.Attestation)
	if !ok {
		return
	}
	label, v := t("attestation_due"), esc(t("attestation_now"))
	if !due.IsZero() {
		v = `<time datetime="` + due.Format(time.DateOnly) + `">` + due.Format(time.DateOnly) + "</time>"
	}
	if due.IsZero() || due.Before(r.now()) {
		label = t("attestation_overdue")
	}
	field(label, v+" ("+esc(fmt.Sprintf(t("attestation_every"), iv))+")")
}

// now is the day the audit measured against (the build's --now).
func (r *Renderer) now() time.Time {
	if r.opts.Audit == nil {
		return time.Time{}
	}
	return r.opts.Audit.BuiltAt
}
