package source

import (
	"fmt"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
	"github.com/handbook-dev/handbook/internal/suggest"
)

// Page kinds a page may declare with kind: (or inherit through a folder's
// cascade). A page without one is a plain page, like KindPage.
const (
	KindPage     = "page"
	KindRunbook  = "runbook"
	KindIncident = "incident"
	KindChange   = "change"
	// KindRequest is a request to an external provider: a ticket raised
	// with the hosting company, tracked against its SLA.
	KindRequest = "request"
)

// Kinds lists the page kinds, as writers may spell them.
var Kinds = []string{KindPage, KindRunbook, KindIncident, KindChange, KindRequest}

// IsRecordKind reports whether pages of kind are records: incidents,
// changes and provider requests.
func IsRecordKind(kind string) bool {
	return kind == KindIncident || kind == KindChange || kind == KindRequest
}

// Statuses an incident or a change record may have. Open incidents are
// those not resolved or closed.
var (
	IncidentStatuses = []string{"open", "investigating", "mitigated", "monitoring", "resolved", "closed"}
	ChangeStatuses   = []string{"planned", "in-progress", "done", "rolled-back", "cancelled"}
	// RequestStatuses: open until the provider answers, answered while
	// it works on it, closed (or cancelled) with the date it ended.
	RequestStatuses = []string{"open", "answered", "closed", "cancelled"}
	// Severities are the incident severities, most serious first; the
	// names critical, high, medium and low are accepted for them.
	Severities = []string{"SEV1", "SEV2", "SEV3", "SEV4"}
	// Risks are the risk levels of a change.
	Risks = []string{"low", "medium", "high"}
)

var severityNames = map[string]string{"critical": "SEV1", "high": "SEV2", "medium": "SEV3", "low": "SEV4"}

// recordKeys maps each record key to the kind of record it belongs to
// ("" for every kind).
var recordKeys = map[string]string{
	"started": KindIncident, "resolved": KindIncident, "severity": KindIncident,
	"planned": KindChange, "done": KindChange, "risk": KindChange, "rollback": KindChange, "approved_by": KindChange,
	"opened": KindRequest, "answered": KindRequest, "closed": KindRequest, "priority": KindRequest,
	"incident": KindRequest, "change": KindRequest,
	"status": "", "provider": "", "provider_ticket": "",
}

// Cascade holds the front matter a section's own page passes down to the
// pages below it, like Hugo's cascade but limited to kind and
// translations: a page's own value wins, and the nearest folder's cascade
// wins over those above it.
type Cascade struct {
	Kind string
	// Translations is "required" when every page below must exist in
	// each language of the manual, "optional" to end a requirement from
	// above, "" when the folder says nothing.
	Translations string
	// Line is the file line of the cascade: key, for messages.
	Line int
}

// Field is a record key of the front matter as written, with the file
// position of its value. Its meaning depends on the page's kind, which a
// folder's cascade may set, so Parse keeps it and ParseRecord reads it once
// the kind is known. The same key stays in Params for other kinds of page.
type Field struct {
	Entry     yamlx.Entry
	Line, Col int
}

// Stamp is a point in time a writer gave as a date, or as a date and a
// time of day.
type Stamp struct {
	Time time.Time
	// Clock reports that a time of day was given.
	Clock bool
}

// IsZero reports whether no date was given.
func (s Stamp) IsZero() bool { return s.Time.IsZero() }

// String writes the stamp as it was given: 2026-11-03 or 2026-11-03 07:42
// (with the zone offset when one was written).
func (s Stamp) String() string {
	switch {
	case s.IsZero():
		return ""
	case !s.Clock:
		return s.Time.Format(time.DateOnly)
	case s.Time.Location() == time.UTC:
		return s.Time.Format("2006-01-02 15:04")
	}
	return s.Time.Format("2006-01-02 15:04 -07:00")
}

// Record holds the fields of an incident, change or request record,
// checked and normalised (severities in upper case, statuses and risks in
// lower case).
type Record struct {
	// Kind is KindIncident, KindChange or KindRequest.
	Kind string
	// Incident fields. Status defaults to resolved when Resolved is set,
	// else open.
	Started, Resolved Stamp
	Severity          string
	// Change fields. Status defaults to done when Done is set, else planned.
	Planned, Done Stamp
	Risk          string
	Rollback      string
	ApprovedBy    []string
	// Request fields. Status defaults to closed when Closed is set, else
	// answered when Answered is, else open.
	Opened, Answered, Closed Stamp
	Priority                 string
	// Incidents and Changes are the records the request serves, as
	// written: paths of their Markdown files (the site resolves them).
	Incidents, Changes []Ref
	// Fields of every kind: the provider item's id (a free text in old
	// records, which the site warns about) and the provider's ticket.
	Provider, ProviderTicket string
	Status                   string
}

// Ref is a reference to another page, as written, with its position.
type Ref struct {
	Path      string
	Line, Col int
}

// Open reports whether an incident is still open (not resolved or
// closed), or a request (not closed or cancelled).
func (r *Record) Open() bool {
	switch r.Kind {
	case KindIncident:
		return r.Status != "resolved" && r.Status != "closed"
	case KindRequest:
		return r.Status != "closed" && r.Status != "cancelled"
	}
	return false
}

// Carried reports whether a change was carried out (done or rolled back),
// as opposed to planned, in progress or cancelled.
func (r *Record) Carried() bool {
	return r.Kind == KindChange && (r.Status == "done" || r.Status == "rolled-back")
}

// When is the record's date for ordering: an incident's start, a
// request's opening, a change's done date, else its planned date.
func (r *Record) When() time.Time {
	switch {
	case r.Kind == KindIncident:
		return r.Started.Time
	case r.Kind == KindRequest:
		return r.Opened.Time
	case !r.Done.IsZero():
		return r.Done.Time
	}
	return r.Planned.Time
}

// TimeToResolve is how long a resolved incident lasted, or 0.
func (r *Record) TimeToResolve() time.Duration {
	if r.Kind != KindIncident || r.Started.IsZero() || r.Resolved.IsZero() {
		return 0
	}
	return r.Resolved.Time.Sub(r.Started.Time)
}

// stampLayouts are the forms a record's date may take; a time without an
// offset is read as written (stored as UTC) so that two times of one
// record subtract correctly.
var stampLayouts = []struct {
	layout string
	clock  bool
}{
	{time.DateOnly, false},
	{"2006-01-02 15:04", true},
	{"2006-01-02T15:04", true},
	{"2006-01-02 15:04:05", true},
	{"2006-01-02T15:04:05", true},
	{time.RFC3339, true},
	{"2006-01-02 15:04Z07:00", true},
	{"2006-01-02 15:04 Z07:00", true},
}

// ParseStamp reads a date (2026-11-03), a date and time (2026-11-03 07:42)
// or an RFC 3339 timestamp.
func ParseStamp(s string) (Stamp, bool) {
	s = strings.TrimSpace(s)
	for _, l := range stampLayouts {
		if t, err := time.Parse(l.layout, s); err == nil {
			return Stamp{Time: t, Clock: l.clock}, true
		}
	}
	return Stamp{}, false
}

func parseKind(e yamlx.Entry) (string, error) {
	s, err := e.String()
	if err != nil {
		return "", err
	}
	k := strings.ToLower(strings.TrimSpace(s))
	if !oneOf(k, Kinds) {
		if meant, ok := suggest.Closest(k, Kinds); ok {
			return "", e.Errorf("kind %q is not a page kind; did you mean %q?", s, meant)
		}
		return "", e.Errorf("kind %q is not a page kind; use one of: %s", s, strings.Join(Kinds, ", "))
	}
	return k, nil
}

func parseCascade(e yamlx.Entry) (Cascade, error) {
	entries, err := yamlx.Entries(e.Value)
	if err != nil {
		return Cascade{}, e.Errorf("cascade must be a mapping such as {kind: incident}")
	}
	var c Cascade
	for _, ce := range entries {
		switch ce.Key {
		case "kind":
			if c.Kind, err = parseKind(ce); err != nil {
				return Cascade{}, err
			}
		case "translations":
			if c.Translations, err = vocabulary(ce, []string{"required", "optional"}, "translation requirement"); err != nil {
				return Cascade{}, err
			}
		default:
			return Cascade{}, &yamlx.Error{Line: ce.Line, Col: ce.Col, Msg: fmt.Sprintf("cascade: %q cannot be cascaded; a folder passes down only kind and translations (e.g. cascade: {kind: incident})", ce.Key)}
		}
	}
	return c, nil
}

// ParseRecord reads the record fields of a page at path whose kind is
// incident, change or request. line and col are where the kind was set (the
// kind: line, or the page's first line when a cascade set it) and from describes where
// the kind came from; missing fields are reported there. Every problem is
// returned, each at its path:line:col.
func ParseRecord(path, kind string, fields []Field, line, col int, from string) (*Record, diag.List) {
	var diags diag.List
	r := &Record{Kind: kind}
	fail := func(f Field, format string, args ...any) {
		diags.Errorf(path, f.Line, f.Col, format, args...)
	}
	// given holds every record key written; seen those whose value is
	// valid, which the checks across fields compare.
	given, seen := map[string]bool{}, map[string]Field{}
	for _, f := range fields {
		e := f.Entry
		if owner := recordKeys[e.Key]; owner != "" && owner != kind {
			fail(f, "%s is a field of %s records, and this page is a%s %s (%s); remove it, or correct the kind", e.Key, owner, Article(kind), kind, from)
			continue
		}
		given[e.Key], seen[e.Key] = true, f
		var err error
		switch e.Key {
		case "started", "resolved", "planned", "done", "opened", "answered", "closed":
			var st Stamp
			if st, err = stamp(e); err == nil {
				*map[string]*Stamp{"started": &r.Started, "resolved": &r.Resolved, "planned": &r.Planned, "done": &r.Done,
					"opened": &r.Opened, "answered": &r.Answered, "closed": &r.Closed}[e.Key] = st
			}
		case "severity":
			r.Severity, err = severity(e)
		case "status":
			list := map[string][]string{KindIncident: IncidentStatuses, KindChange: ChangeStatuses, KindRequest: RequestStatuses}[kind]
			r.Status, err = vocabulary(e, list, "status of a"+Article(kind)+" "+kind)
		case "risk":
			r.Risk, err = vocabulary(e, Risks, "risk")
		case "provider", "provider_ticket", "priority":
			var v string
			v, err = e.String()
			*map[string]*string{"provider": &r.Provider, "provider_ticket": &r.ProviderTicket, "priority": &r.Priority}[e.Key] = strings.TrimSpace(v)
		case "incident", "change":
			var refs []Ref
			if refs, err = references(f); err == nil {
				if e.Key == "incident" {
					r.Incidents = refs
				} else {
					r.Changes = refs
				}
			}
		case "rollback":
			r.Rollback, err = e.String()
			r.Rollback = strings.TrimSpace(r.Rollback)
		case "approved_by":
			r.ApprovedBy, err = e.Strings()
		}
		if err != nil {
			msg := err.Error()
			if ye, ok := err.(*yamlx.Error); ok {
				msg = ye.Msg
			}
			fail(f, "%s", msg)
			delete(seen, e.Key)
		}
	}
	missing := func(format string, args ...any) {
		diags.Errorf(path, line, col, format+" (%s)", append(args, from)...)
	}
	switch kind {
	case KindIncident:
		if !given["started"] {
			missing("an incident needs started: when it began, e.g. started: 2026-11-03 07:42")
		}
		if !given["severity"] {
			missing("an incident needs severity: one of %s", strings.Join(Severities, ", "))
		}
		if len(diags) > 0 {
			break // the checks below compare valid values only
		}
		if !r.Started.IsZero() && !r.Resolved.IsZero() && r.Resolved.Time.Before(r.Started.Time) {
			fail(seen["resolved"], "resolved (%s) is before started (%s); check both times", r.Resolved, r.Started)
		}
		f, hasStatus := seen["status"]
		switch {
		case !hasStatus && r.Resolved.IsZero():
			r.Status = "open"
		case !hasStatus:
			r.Status = "resolved"
		case (r.Status == "resolved" || r.Status == "closed") && r.Resolved.IsZero():
			fail(f, "status is %s but resolved: is missing; add when the incident was resolved, e.g. resolved: 2026-11-03 09:15", r.Status)
		case r.Status != "resolved" && r.Status != "closed" && !r.Resolved.IsZero():
			fail(f, "status is %s but resolved: is set; set status: resolved, or remove resolved: while the incident is open", r.Status)
		}
	case KindRequest:
		if !given["provider"] || r.Provider == "" {
			missing("a request needs provider: the id of the provider item it was raised with, e.g. provider: hostned")
		}
		if !given["opened"] {
			missing("a request needs opened: when it was raised, e.g. opened: 2026-11-24 09:30")
		}
		if len(diags) > 0 {
			break // the checks below compare valid values only
		}
		for _, k := range []string{"answered", "closed"} {
			if st := map[string]Stamp{"answered": r.Answered, "closed": r.Closed}[k]; !st.IsZero() && st.Time.Before(r.Opened.Time) {
				fail(seen[k], "%s (%s) is before opened (%s); check both times", k, st, r.Opened)
			}
		}
		f, hasStatus := seen["status"]
		switch {
		case !hasStatus && !r.Closed.IsZero():
			r.Status = "closed"
		case !hasStatus && !r.Answered.IsZero():
			r.Status = "answered"
		case !hasStatus:
			r.Status = "open"
		case (r.Status == "closed" || r.Status == "cancelled") && r.Closed.IsZero():
			fail(f, "status is %s but closed: is missing; add when the request ended, e.g. closed: 2026-11-26 16:00", r.Status)
		case r.Status != "closed" && r.Status != "cancelled" && !r.Closed.IsZero():
			fail(f, "status is %s but closed: is set; set status: closed, or remove closed: while the request is open", r.Status)
		case r.Status == "answered" && r.Answered.IsZero():
			fail(f, "status is answered but answered: is missing; add when the provider first answered, e.g. answered: 2026-11-24 11:05")
		}
	case KindChange:
		if !given["planned"] && !given["done"] {
			missing("a change needs planned: (when it is to be made) or done: (when it was made), e.g. planned: 2026-12-02 22:00")
		}
		if len(diags) > 0 {
			break // the checks below compare valid values only
		}
		f, hasStatus := seen["status"]
		switch {
		case !hasStatus && r.Done.IsZero():
			r.Status = "planned"
		case !hasStatus:
			r.Status = "done"
		case (r.Status == "done" || r.Status == "rolled-back") && r.Done.IsZero():
			fail(f, "status is %s but done: is missing; add when the change was made, e.g. done: 2026-12-02 23:10", r.Status)
		case (r.Status == "planned" || r.Status == "in-progress") && !r.Done.IsZero():
			fail(f, "status is %s but done: is set; set status: done (or rolled-back), or remove done:", r.Status)
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	return r, nil
}

// references reads one path or a list of them, each at its position.
func references(f Field) ([]Ref, error) {
	elems, err := f.Entry.Elements()
	if err != nil {
		return nil, err
	}
	valueLine, _ := f.Entry.Pos()
	var out []Ref
	for _, e := range elems {
		s, err := e.String()
		if err != nil || strings.TrimSpace(s) == "" {
			return nil, f.Entry.Errorf("%s must be the path of a record's Markdown file, or a list of them, e.g. ../incidents/log/webshop-outage.md", f.Entry.Key)
		}
		l, c := e.Pos()
		out = append(out, Ref{Path: strings.TrimSpace(s), Line: f.Line + l - valueLine, Col: c})
	}
	if len(out) == 0 {
		return nil, f.Entry.Errorf("%s must be the path of a record's Markdown file, e.g. ../incidents/log/webshop-outage.md", f.Entry.Key)
	}
	return out, nil
}

// Article returns "n" when kind starts with a vowel, for "a" + Article(kind):
// "an incident", "a change".
func Article(kind string) string {
	if kind != "" && strings.ContainsRune("aeiou", rune(kind[0])) {
		return "n"
	}
	return ""
}

func stamp(e yamlx.Entry) (Stamp, error) {
	s, err := e.String()
	if err == nil {
		if st, ok := ParseStamp(s); ok {
			return st, nil
		}
	}
	return Stamp{}, e.Errorf("%s must be a date, or a date and time, written as YYYY-MM-DD or YYYY-MM-DD HH:MM (for example 2026-11-03 07:42), found %q", e.Key, strings.TrimSpace(s))
}

func severity(e yamlx.Entry) (string, error) {
	s, err := e.String()
	if err != nil {
		return "", err
	}
	v := strings.ToUpper(strings.TrimSpace(s))
	if oneOf(v, Severities) {
		return v, nil
	}
	if n, ok := severityNames[strings.ToLower(v)]; ok {
		return n, nil
	}
	return "", e.Errorf("severity %q is not a severity; use %s (or critical, high, medium, low)", s, strings.Join(Severities, ", "))
}

func vocabulary(e yamlx.Entry, list []string, what string) (string, error) {
	s, err := e.String()
	if err != nil {
		return "", err
	}
	v := strings.ToLower(strings.TrimSpace(s))
	if !oneOf(v, list) {
		return "", e.Errorf("%q is not a %s; use one of: %s", s, what, strings.Join(list, ", "))
	}
	return v, nil
}

func oneOf(s string, list []string) bool {
	for _, l := range list {
		if s == l {
			return true
		}
	}
	return false
}
