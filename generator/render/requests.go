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

// providerCell is the provider column of the incident timeline and the
// change log: the provider (linked to its page), the ticket, and the
// provider requests the record depends on with their status.
func (r *Renderer) providerCell(at string, p *site.Page) template.HTML {
	rec := p.Record
	esc := html.EscapeString
	var parts []string
	switch {
	case p.Provider != nil:
		s := r.itemLinkHTML(at, p.Provider)
		if rec.ProviderTicket != "" {
			s += " " + esc(rec.ProviderTicket)
		}
		parts = append(parts, s)
	case rec.Provider != "" || rec.ProviderTicket != "":
		// An old free-text provider: the ticket as written.
		parts = append(parts, esc(strings.TrimSpace(rec.Provider+" "+rec.ProviderTicket)))
	}
	if rec.Kind != source.KindRequest {
		for _, q := range r.site.RequestsFor(p) {
			s := `<a href="` + esc(site.Rel(at, q.URL)) + `">` + esc(q.Title) + "</a> (" + esc(q.Record.Status)
			if r.site.RequestSLA(q).Overdue {
				s += `, <span class="sev-error">` + esc(r.opts.Translator.T("past_sla")) + "</span>"
			}
			parts = append(parts, s+")")
		}
	}
	return template.HTML(strings.Join(parts, "<br>"))
}

type addField func(label, value, href, class string, links ...Link)

// providerFields add an incident's or a change's provider, ticket and
// provider requests to its record block.
func (r *Renderer) providerFields(p *site.Page, root string, t func(string) string, add addField) {
	rec := p.Record
	switch {
	case p.Provider != nil:
		add(t("provider"), p.Provider.Name, root+r.site.ItemURL(p.Provider), "")
	case rec.Provider != "" && rec.ProviderTicket == "":
		add(t("provider_ticket"), rec.Provider, "", "") // an old free-text provider
	case rec.Provider != "":
		add(t("provider"), rec.Provider, "", "")
	}
	if rec.ProviderTicket != "" {
		add(t("provider_ticket"), rec.ProviderTicket, "", "")
	}
	var links []Link
	for _, q := range r.site.RequestsFor(p) {
		links = append(links, Link{Title: q.Title + " (" + q.Record.Status + ")", Href: root + q.URL})
	}
	if len(links) > 0 {
		add(t("requests"), "", "", "", links...)
	}
}

// requestFields fill the record block of a provider request: whom it was
// raised with, its times against the SLA, and what it serves.
func (r *Renderer) requestFields(p *site.Page, root string, t func(string) string, add addField) {
	rec := p.Record
	href := ""
	if p.Provider != nil {
		href = root + r.site.ItemURL(p.Provider)
	}
	add(t("record"), t("request"), href, "")
	if p.Provider != nil {
		add(t("provider"), p.Provider.Name, href, "")
	} else {
		add(t("provider"), rec.Provider, "", "")
	}
	if rec.ProviderTicket != "" {
		add(t("provider_ticket"), rec.ProviderTicket, "", "")
	}
	st := r.site.RequestSLA(p)
	if rec.Priority != "" {
		add(t("priority"), rec.Priority, "", "")
	}
	class := ""
	if rec.Open() {
		class = "record-open"
	}
	add(t("status"), rec.Status, "", class)
	add(t("opened"), rec.Opened.String(), "", "")
	if !rec.Answered.IsZero() {
		add(t("answered"), rec.Answered.String(), "", "")
	} else if rec.Open() {
		add(t("answered"), t("not_answered"), "", "missing")
	}
	var target func(inventory.SLATime) string
	if st.Tier != nil {
		target = func(v inventory.SLATime) string {
			if v.IsZero() {
				return ""
			}
			s := " (" + t("sla_target") + " " + v.Text
			if !st.Tier.Hours.AroundTheClock() {
				s += ", " + st.Tier.Hours.Text
			}
			return s + ")"
		}
	} else {
		target = func(inventory.SLATime) string { return "" }
	}
	late := func(b bool) string {
		if b {
			return "record-late"
		}
		return ""
	}
	var respTarget, resTarget inventory.SLATime
	if st.Tier != nil {
		respTarget, resTarget = st.Tier.Response, st.Tier.Resolution
	}
	span := inventory.Hours{}.Span
	if st.Tier != nil {
		span = st.Tier.Hours.Span
	}
	add(t("response_time"), span(st.Response)+target(respTarget), "", late(st.ResponseLate))
	if !rec.Closed.IsZero() {
		add(t("closed"), rec.Closed.String(), "", "")
		add(t("resolution_time"), span(st.Resolution)+target(resTarget), "", late(st.ResolutionLate))
	} else {
		add(t("open_for"), span(st.Resolution)+target(resTarget), "", late(st.ResolutionLate))
	}
	var links []Link
	for _, q := range p.Serves {
		q = r.site.Current(q)
		links = append(links, Link{Title: q.Title, Href: root + q.URL})
	}
	if len(links) > 0 {
		add(t("serves"), "", "", "", links...)
	}
}

// providerHTML is the provider part of a provider item's page: its
// terms, the items it hosts, and its requests measured against the SLA.
func (r *Renderer) providerHTML(at string, it *inventory.Item) template.HTML {
	terms := it.Provider
	if terms == nil {
		return ""
	}
	t := r.opts.Translator.T
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString(`<dl class="fields">`)
	field := func(label, value string) {
		b.WriteString("<div><dt>" + esc(label) + "</dt><dd>" + value + "</dd></div>\n")
	}
	if c := terms.Contract; c.Name != "" || c.Reference != "" {
		field(t("contract"), esc(strings.Join(nonEmpty(c.Name, c.Reference), ", ")))
	}
	if c := terms.Contract; !c.Ends.IsZero() {
		v := esc(c.Ends.Format(time.DateOnly))
		if c.Ends.Before(r.site.BuildTime) {
			v = `<span class="sev-error">` + v + "</span>"
		}
		field(t("contract_ends"), v)
	}
	if terms.Portal != "" && safeURL(terms.Portal) {
		field(t("portal"), `<a href="`+esc(terms.Portal)+`">`+esc(terms.Portal)+"</a>")
	}
	if len(terms.Contacts) > 0 {
		var cs []string
		for _, c := range terms.Contacts {
			cs = append(cs, esc(c.String()))
		}
		field(t("contacts"), strings.Join(cs, "<br>"))
	}
	if len(it.Hosts) > 0 {
		var hs []string
		for _, h := range it.Hosts {
			hs = append(hs, r.itemLinkHTML(at, h))
		}
		field(t("hosted_here"), strings.Join(hs, ", "))
	}
	b.WriteString("</dl>")
	if len(terms.SLA) > 0 {
		b.WriteString(`<h3 id="hb-sla">` + esc(t("service_levels")) + `</h3><div class="table-wrap"><table class="inventory-table sla"><thead><tr>`)
		for _, h := range []string{t("priority"), t("response"), t("resolution"), t("hours")} {
			b.WriteString(`<th scope="col">` + esc(h) + "</th>")
		}
		b.WriteString("</tr></thead><tbody>")
		for _, tier := range terms.SLA {
			hours := tier.Hours.Text
			if tier.Hours.AroundTheClock() {
				hours = t("around_the_clock")
			}
			b.WriteString(`<tr><th scope="row">` + esc(orDash(tier.Priority)) + "</th><td>" + esc(orText(tier.Response.Text, t("no_target"))) +
				"</td><td>" + esc(orText(tier.Resolution.Text, t("no_target"))) + "</td><td>" + esc(hours) + "</td></tr>")
		}
		b.WriteString("</tbody></table></div>")
	}
	if len(terms.Escalation) > 0 {
		b.WriteString(`<h3 id="hb-escalation">` + esc(t("escalation")) + "</h3><ol>")
		for _, step := range terms.Escalation {
			b.WriteString("<li>")
			if !step.After.IsZero() {
				b.WriteString(esc(t("after")+" "+step.After.Text) + ": ")
			}
			b.WriteString(esc(step.Contact) + "</li>")
		}
		b.WriteString("</ol>")
	}
	b.WriteString(string(r.requestsHTML(at, r.site.RequestsOf(it))))
	return template.HTML(b.String())
}

// requestsHTML lists a provider's requests: figures over all of them,
// then the open ones and the closed ones, each with its times against
// the SLA.
func (r *Renderer) requestsHTML(at string, reqs []*site.Page) template.HTML {
	t := r.opts.Translator.T
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString(`<h3 id="hb-requests">` + esc(t("requests")) + "</h3>")
	if len(reqs) == 0 {
		b.WriteString(`<p class="missing">` + esc(t("no_requests")) + "</p>")
		return template.HTML(b.String())
	}
	var open, closed []*site.Page
	var late, answered, answeredInTime, resolved, resolvedInTime int
	var responses []time.Duration
	for _, q := range reqs {
		st := r.site.RequestSLA(q)
		if q.Record.Open() {
			open = append(open, q)
			if st.Overdue {
				late++
			}
		} else {
			closed = append(closed, q)
		}
		if st.Answered {
			answered++
			responses = append(responses, st.Response)
			if st.Tier != nil && !st.ResponseLate {
				answeredInTime++
			}
		}
		if st.Closed && q.Record.Status != "cancelled" {
			resolved++
			if st.Tier != nil && !st.ResolutionLate {
				resolvedInTime++
			}
		}
	}
	stats := []KeyValue{{t("requests"), strconv.Itoa(len(reqs))}, {t("open_requests"), strconv.Itoa(len(open))}, {t("requests_past_sla"), strconv.Itoa(late)}}
	if len(responses) > 0 {
		sort.Slice(responses, func(i, j int) bool { return responses[i] < responses[j] })
		stats = append(stats, KeyValue{t("median_response"), duration(median(responses))},
			KeyValue{t("answered_within_sla"), strconv.Itoa(answeredInTime) + " / " + strconv.Itoa(answered)})
	}
	if resolved > 0 {
		stats = append(stats, KeyValue{t("resolved_within_sla"), strconv.Itoa(resolvedInTime) + " / " + strconv.Itoa(resolved)})
	}
	b.WriteString(`<dl class="record-stats">`)
	for _, kv := range stats {
		b.WriteString("<div><dt>" + esc(kv.Key) + "</dt><dd>" + esc(kv.Value) + "</dd></div>")
	}
	b.WriteString("</dl>")
	for _, group := range []struct {
		title string
		pages []*site.Page
	}{{t("open_requests"), open}, {t("closed_requests"), closed}} {
		if len(group.pages) == 0 {
			continue
		}
		b.WriteString("<h4>" + esc(group.title) + `</h4><div class="table-wrap"><table class="inventory-table records-table" data-sortable><thead><tr>`)
		for _, h := range []string{t("request"), t("priority"), t("provider_ticket"), t("opened"), t("response_time"), t("resolution_time"), t("affected_items")} {
			b.WriteString(`<th scope="col">` + esc(h) + "</th>")
		}
		b.WriteString("</tr></thead><tbody>")
		for _, q := range group.pages {
			st := r.site.RequestSLA(q)
			rec := q.Record
			row := ""
			if st.Overdue {
				row = ` class="record-open"`
			}
			b.WriteString("<tr" + row + `><td><a href="` + esc(site.Rel(at, q.URL)) + `">` + esc(q.Title) + "</a> (" + esc(rec.Status) + ")</td><td>" +
				esc(rec.Priority) + "</td><td>" + esc(rec.ProviderTicket) + `</td><td class="date">` + esc(rec.Opened.String()) + "</td><td>" +
				r.slaCell(st, st.Response, st.ResponseLate, st.Answered, true) + "</td><td>" +
				r.slaCell(st, st.Resolution, st.ResolutionLate, st.Closed, false) + "</td><td>")
			for i, it := range q.Items {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(r.itemLinkHTML(at, it))
			}
			b.WriteString("</td></tr>")
		}
		b.WriteString("</tbody></table></div>")
	}
	return template.HTML(b.String())
}

// slaCell is a time against its target in the tier's hours: "6 h 10
// min / 4h", marked past the SLA when late, and as running while the
// request waits for it.
func (r *Renderer) slaCell(st site.RequestSLA, d time.Duration, late, done, response bool) string {
	t := r.opts.Translator.T
	esc := html.EscapeString
	span, target := inventory.Hours{}.Span, ""
	if tier := st.Tier; tier != nil {
		span, target = tier.Hours.Span, tier.Resolution.Text
		if response {
			target = tier.Response.Text
		}
	}
	s := esc(span(d))
	if !done {
		s += "…"
	}
	if target != "" {
		s += " / " + esc(target)
	}
	if late {
		s += ` <span class="sev-error">` + esc(t("past_sla")) + "</span>"
	}
	return s
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func orDash(s string) string { return orText(s, "–") }

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
