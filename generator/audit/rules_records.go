package audit

import (
	"fmt"
	"strings"

	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// recordRules check incident and change records and runbooks: the pages
// whose kind (front matter or a folder's cascade) says what they are.
var recordRules = []Rule{
	{ID: "incident-open", Subject: "page", Severity: Warning, Title: "Incident open too long",
		Fix: "Resolve the incident (status: resolved and resolved: with the time), or escalate it and record why it stays open.", check: incidentOpen},
	{ID: "change-no-rollback", Subject: "page", Severity: Warning, ReadsBodies: true, Title: "Change without a rollback plan",
		Fix: "Add a \"Rollback\" section that says how to undo the change, or a rollback: line in the front matter.", check: changeNoRollback},
	{ID: "change-no-approval", Subject: "page", Severity: Error, Title: "Change made without the approval its items require",
		Fix: "Record who approved the change in approved_by:, or have it approved retroactively and note that in the record.", check: changeNoApproval},
	{ID: "request-past-sla", Subject: "page", Severity: Warning, Title: "Provider request open past its SLA",
		Fix: "Chase the provider along its escalation path (on the provider's inventory page); record answered: when it answers and closed: when it is done.", check: requestPastSLA},
	{ID: "runbook-sections", Subject: "page", Severity: Warning, ReadsBodies: true, Title: "Runbook without the sections the policy names",
		Fix: "Add the missing sections as headings (## Prerequisites, ## Steps, ...), see audit.runbook_sections.", check: runbookSections},
}

func incidentOpen(c *checker) {
	limit := c.now.AddDate(0, 0, -c.policy.IncidentOpenDays)
	for _, p := range c.site.Incidents {
		r := p.Record
		if r.Open() && r.Started.Time.Before(limit) {
			days := int(c.now.Sub(r.Started.Time).Hours() / 24)
			key := "status"
			if p.Lines[key] == 0 {
				key = "started"
			}
			c.page(p, key, "has been open for %d days (since %s, status %s); the policy allows %d", days, day(r.Started.Time), r.Status, c.policy.IncidentOpenDays)
		}
	}
}

func requestPastSLA(c *checker) {
	for _, p := range c.site.Requests {
		st := c.site.RequestSLA(p)
		if !st.Overdue {
			continue
		}
		r, prov, tier := p.Record, p.Provider, st.Tier
		what := prov.Name
		if r.Priority != "" {
			what += " " + r.Priority
		}
		if r.ProviderTicket != "" {
			what += " " + r.ProviderTicket
		}
		hours := ""
		if h := tier.Hours; !h.AroundTheClock() {
			hours = fmt.Sprintf(" in its working hours (%s, a day of %s)", h.Text, site.Span(h.Day()))
		}
		next := ""
		if esc := prov.Provider.Escalation; len(esc) > 0 {
			next = "; escalate: " + esc[0].Contact
		}
		if !st.Answered && st.ResponseLate {
			c.page(p, "opened", "(%s, opened %s) has had no answer for %s%s; the SLA's response time is %s%s", what, r.Opened, tier.Hours.Span(st.Response), hours, tier.Response.Text, next)
			continue
		}
		c.page(p, "opened", "(%s, opened %s) has been open for %s%s; the SLA's resolution time is %s%s", what, r.Opened, tier.Hours.Span(st.Resolution), hours, tier.Resolution.Text, next)
	}
}

func changeNoRollback(c *checker) {
	for _, p := range c.site.Changes {
		if p.Record.Status == "cancelled" || p.Record.Rollback != "" || c.site.SectionHeading(p, "Rollback") != "" {
			continue
		}
		c.page(p, kindKey(p), "has no rollback section and no rollback: field")
	}
}

func changeNoApproval(c *checker) {
	need := map[string]bool{}
	for _, s := range c.policy.ChangeApprovalSensitivities {
		need[s] = true
	}
	for _, p := range c.site.Changes {
		r := p.Record
		if !r.Carried() || len(r.ApprovedBy) > 0 {
			continue
		}
		var sensitive []string
		for _, it := range p.Items {
			if need[it.Sensitivity] {
				sensitive = append(sensitive, it.ID+" ("+it.Sensitivity+")")
			}
		}
		if len(sensitive) > 0 {
			c.page(p, "done", "was made on %s without approval, though it changes %s; the policy requires approved_by: for changes to %s items", day(r.Done.Time), strings.Join(sensitive, ", "), strings.Join(c.policy.ChangeApprovalSensitivities, " or "))
		}
	}
}

func runbookSections(c *checker) {
	for _, p := range c.site.Pages {
		if p.Kind != source.KindRunbook || c.site.Content(p) == nil {
			continue
		}
		var missing []string
		for _, name := range c.policy.RunbookSections {
			if c.site.SectionHeading(p, name) == "" {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			c.page(p, kindKey(p), "lacks the runbook section%s %s", plural(len(missing)), strings.Join(missing, ", "))
		}
	}
}

// kindKey names the front-matter line a finding about the page's kind
// points at: kind: when the page sets it, else its title, else line 1.
func kindKey(p *site.Page) string {
	if p.Lines["kind"] > 0 {
		return "kind"
	}
	return "title"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
