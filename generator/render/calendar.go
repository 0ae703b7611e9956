package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/handbook-dev/handbook/generator/audit"
)

// CalendarFile is the name of an iCalendar feed (RFC 5545) in the audit
// folder (the whole team's) and in each owner's folder below it.
const CalendarFile = "calendar.ics"

// calendarEvent is one due date (audit.Due) as a calendar shows it: all
// day, on the day it falls due.
type calendarEvent struct {
	uid, summary, description, url, category string
	due                                      time.Time
	owners                                   []string
}

// calendarEvents lists the site's due dates (audit.Dues) as events,
// made on first use.
func (r *Renderer) calendarEvents() []calendarEvent {
	r.dues.once.Do(func() { r.dues.events = r.makeCalendarEvents() })
	return r.dues.events
}

func (r *Renderer) makeCalendarEvents() []calendarEvent {
	t := r.opts.Translator.T
	var out []calendarEvent
	for _, d := range audit.Dues(r.site, r.now()) {
		e := calendarEvent{uid: r.calendarUID(d.Kind, d.Key), category: d.Kind, due: d.Date, owners: d.Owners}
		switch d.Kind {
		case "review":
			e.summary = t("review_due") + ": " + d.Title
			e.description = t("review_due") + ": " + d.Date.Format(time.DateOnly) + ". " + t("last_reviewed") + ": " + d.Last.Format(time.DateOnly) + " (" + d.Interval.String() + ")."
			e.url = r.absoluteURL(d.URL)
		default:
			e.summary = t("attestation_due") + ": " + d.Title
			e.description = t("attestation_due") + ": " + d.Date.Format(time.DateOnly) + " (" + strings.ReplaceAll(t("attestation_every"), "%s", d.Interval.String()) + ")."
			if !d.Last.IsZero() {
				e.description += " " + t("attested") + ": " + d.Last.Format(time.DateOnly) + by(t("by"), d.LastBy) + "."
			}
			e.url = r.absoluteURL(d.URL)
		}
		e.description += "\n" + d.Path
		out = append(out, e)
	}
	return out
}

func by(word, who string) string {
	if who == "" {
		return ""
	}
	return " " + word + " " + who
}

// calendarUID names an event for good: the same page or item keeps its
// UID from build to build (a calendar replaces the event when its date
// moves), and manuals published at different addresses do not share
// UIDs.
func (r *Renderer) calendarUID(kind, key string) string {
	sum := sha256.Sum256([]byte(r.site.Config.BaseURL + "\x00" + kind + "\x00" + key))
	return kind + "-" + hex.EncodeToString(sum[:12]) + "@handbook"
}

// absoluteURL is a page's address under base_url, or "" without one (a
// calendar opened from a file has no base to resolve a path against).
func (r *Renderer) absoluteURL(u string) string {
	if r.site.Config.BaseURL == "" {
		return ""
	}
	return r.site.Config.BaseURL + u
}

// calendarJobs write the team's feed, audit/calendar.ics, and one per
// owner, audit/owners/<owner>/calendar.ics, named and written as the
// privacy setting publishes the owner.
func (r *Renderer) calendarJobs(w Writer) []func() error {
	if r.opts.Audit == nil {
		return nil
	}
	events := r.calendarEvents()
	byOwner := map[string][]calendarEvent{}
	for _, e := range events {
		for _, o := range e.owners {
			byOwner[o] = append(byOwner[o], e)
		}
	}
	title := r.site.Root.Page.Title
	jobs := []func() error{func() error {
		return w.Write(r.site.Paths.Audit+CalendarFile, r.calendar(title+": "+r.opts.Translator.T("calendar"), events))
	}}
	for o, evs := range byOwner {
		jobs = append(jobs, func() error {
			name := title + ": " + r.opts.Privacy.Person(o)
			return w.Write(r.site.Paths.AuditOwners()+r.ownerSlug(o)+"/"+CalendarFile, r.calendar(name, evs))
		})
	}
	return jobs
}

// calendarOwners lists the owners that have a feed, with its link from
// the audit's index.
func (r *Renderer) calendarOwners() []OwnerRow {
	seen := map[string]bool{}
	var out []OwnerRow
	for _, e := range r.calendarEvents() {
		for _, o := range e.owners {
			if !seen[o] {
				seen[o] = true
				out = append(out, OwnerRow{Name: r.opts.Privacy.Person(o), Href: "owners/" + r.ownerSlug(o) + "/" + CalendarFile})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// calendar writes an iCalendar file of events (RFC 5545): CRLF lines
// folded at 75 octets, text escaped, every event all day and
// transparent (a due date blocks no time). The text is reduced as the
// privacy setting asks before it is folded, so that no address is split
// across a fold where the output's reducer would not find it.
func (r *Renderer) calendar(name string, events []calendarEvent) []byte {
	var b bytes.Buffer
	line := func(prop, value string) { foldLine(&b, prop+":"+value) }
	text := func(s string) string { return icalText(string(r.opts.Privacy.Text([]byte(s)))) }
	stamp := r.now().UTC().Format("20060102T150405Z")
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//handbook//handbook//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", text(name))
	line("NAME", text(name))
	line("REFRESH-INTERVAL;VALUE=DURATION", "P1D")
	line("X-PUBLISHED-TTL", "P1D")
	for _, e := range events {
		line("BEGIN", "VEVENT")
		line("UID", e.uid)
		line("DTSTAMP", stamp)
		line("DTSTART;VALUE=DATE", e.due.Format("20060102"))
		line("DTEND;VALUE=DATE", e.due.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY", text(e.summary))
		line("DESCRIPTION", text(e.description))
		if e.url != "" {
			line("URL", e.url)
		}
		line("CATEGORIES", strings.ToUpper(e.category))
		line("TRANSP", "TRANSPARENT")
		line("STATUS", "CONFIRMED")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.Bytes()
}

// icalText escapes a TEXT value (RFC 5545, 3.3.11).
func icalText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// foldLine writes a content line folded at 75 octets (RFC 5545, 3.1):
// each continuation starts with a space, and no UTF-8 sequence is split.
func foldLine(b *bytes.Buffer, s string) {
	const limit = 75
	n := 0
	for len(s) > 0 {
		_, size := utf8.DecodeRuneInString(s)
		if n+size > limit {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteString(s[:size])
		n += size
		s = s[size:]
	}
	b.WriteString("\r\n")
}
