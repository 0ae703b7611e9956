package audit

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/inventory"
	"github.com/handbook-dev/handbook/generator/site"
)

// Severity of a finding.
type Severity int

// Severities, most serious first.
const (
	Error Severity = iota
	Warning
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "info"
}

// MarshalText writes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads error, warning or info.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning":
		return Warning, true
	case "info":
		return Info, true
	}
	return Info, false
}

// Finding is one problem a rule found about a page, an item or the policy.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// SubjectKind is page, item or policy; Subject is the page's source
	// path, the item's id, or the policy file.
	SubjectKind string `json:"subject_kind"`
	Subject     string `json:"subject"`
	// Title names the subject for readers.
	Title string `json:"title"`
	// Path and Line locate the subject (or the offending field) in a file.
	Path    string   `json:"path"`
	Line    int      `json:"line,omitempty"`
	Message string   `json:"message"`
	Fix     string   `json:"fix"`
	Owners  []string `json:"owners,omitempty"`
	// Kind is the item's kind or "page".
	Kind string `json:"kind"`
	// Accepted is the waiver that accepts the finding, if any.
	Accepted *Acceptance `json:"accepted,omitempty"`
	// URL, below the site's root, is a page that shows what the finding
	// is about (a stale translation's word diff of its source).
	URL string `json:"url,omitempty"`

	page *site.Page
	item *inventory.Item
}

// Acceptance records a waiver that accepts a finding.
type Acceptance struct {
	Reason     string `json:"reason"`
	AcceptedBy string `json:"accepted_by"`
	Expires    string `json:"expires"`
}

// Location is path:line, the form editors jump to.
func (f *Finding) Location() string {
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d", f.Path, f.Line)
	}
	return f.Path
}

// Rule describes one built-in check.
type Rule struct {
	ID       string
	Subject  string // page, item or policy
	Severity Severity
	Title    string
	Fix      string
	// ReadsBodies says the rule's findings depend on the pages' bodies
	// (their links, headings or markup), not only on front matter,
	// settings, the inventory and the snapshots: after an edit to bodies
	// only, serve reruns just these (BodyRules).
	ReadsBodies bool
	check       func(c *checker)
}

// Report is the result of an audit.
type Report struct {
	// Findings, most serious first, then by rule and location.
	Findings []*Finding
	// Rules are the rules that ran, in the order of Rules.
	Rules []*Rule
	// BuiltAt is the date reviews were measured against; SourceCommit
	// the commit the project was read from.
	BuiltAt      time.Time
	SourceCommit string
	// byPage holds the findings about each page by its Index, which
	// names the page in the sites derived from the audited one.
	byPage map[int][]*Finding
	byItem map[*inventory.Item][]*Finding
}

// ForPage returns the findings about a page.
func (r *Report) ForPage(p *site.Page) []*Finding { return r.byPage[p.Index] }

// ForItem returns the findings about an item.
func (r *Report) ForItem(it *inventory.Item) []*Finding { return r.byItem[it] }

// ForRule returns the findings of a rule.
func (r *Report) ForRule(id string) []*Finding {
	var out []*Finding
	for _, f := range r.Findings {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

// ByOwner groups the open findings by owner (each finding under every
// owner of its subject; subjects without owner under ""), owners sorted.
func (r *Report) ByOwner() ([]string, map[string][]*Finding) {
	m := map[string][]*Finding{}
	for _, f := range r.Findings {
		if len(f.Owners) == 0 {
			m[""] = append(m[""], f)
		}
		for _, o := range f.Owners {
			m[o] = append(m[o], f)
		}
	}
	owners := make([]string, 0, len(m))
	for o := range m {
		owners = append(owners, o)
	}
	sort.Strings(owners)
	return owners, m
}

// Counts returns how many findings there are per severity, not counting
// accepted ones.
func (r *Report) Counts() (errors, warnings, infos, accepted int) {
	for _, f := range r.Findings {
		switch {
		case f.Accepted != nil:
			accepted++
		case f.Severity == Error:
			errors++
		case f.Severity == Warning:
			warnings++
		default:
			infos++
		}
	}
	return
}

// checker holds what rules read and collects what they find.
type checker struct {
	site   *site.Site
	policy config.Audit
	now    time.Time
	rule   *Rule
	out    []*Finding
}

func (c *checker) page(p *site.Page, key, format string, args ...any) {
	line := p.Lines[key]
	if line == 0 && p.File.Path != "" {
		line = 1
	}
	kind := "page"
	c.out = append(c.out, &Finding{Rule: c.rule.ID, Severity: c.rule.Severity, SubjectKind: "page", Subject: p.Path(), Title: p.Title,
		Path: p.Path(), Line: line, Message: p.Title + " " + fmt.Sprintf(format, args...), Fix: c.rule.Fix, Owners: owners(p.Owner), Kind: kind, page: p})
}

// pageAt reports a finding at a line of the page's body (a link).
func (c *checker) pageAt(p *site.Page, line int, format string, args ...any) {
	c.page(p, "", format, args...)
	f := c.out[len(c.out)-1]
	f.Line = line
	f.Message = p.Title + ": " + fmt.Sprintf(format, args...)
}

func (c *checker) item(it *inventory.Item, field, format string, args ...any) {
	pos := it.At(field)
	c.out = append(c.out, &Finding{Rule: c.rule.ID, Severity: c.rule.Severity, SubjectKind: "item", Subject: it.ID, Title: it.Name,
		Path: pos.Path, Line: pos.Line, Message: fmt.Sprintf(format, args...), Fix: c.rule.Fix, Owners: it.Owners, Kind: it.Kind, item: it})
}

func owners(o string) []string {
	if strings.TrimSpace(o) == "" {
		return nil
	}
	return []string{o}
}

// Run applies every enabled rule of the policy to the model. Pages must
// have been converted (links are read from their content) for the link
// rules to report anything.
func Run(s *site.Site, policy config.Audit) *Report {
	c := &checker{site: s, policy: policy, now: s.BuildTime}
	r := &Report{BuiltAt: s.BuildTime, SourceCommit: s.SourceCommit, byPage: map[int][]*Finding{}, byItem: map[*inventory.Item][]*Finding{}}
	for i := range Rules {
		rule := Rules[i] // a copy: the policy may change its severity
		sev, enabled := PolicySeverity(policy, rule.ID)
		if !enabled {
			continue
		}
		rule.Severity = sev
		c.rule = &rule
		check(c, &rule)
		r.Rules = append(r.Rules, &rule)
	}
	finish(c, r, policy)
	return r
}

// BodyRules are the ids of the rules whose findings depend on the
// pages' bodies (Rule.ReadsBodies): after an edit to bodies only, Rerun
// runs just these.
var BodyRules = bodyRules()

func bodyRules() []string {
	var ids []string
	for _, r := range Rules {
		if r.ReadsBodies {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// Rerun is Run after an edit that can change only the findings of the
// rules ids: the other rules' findings are taken over from prev, these
// run again, and the waivers are applied afresh. handbook serve uses it
// with BodyRules, which costs a fraction of Run on a large site.
func Rerun(prev *Report, s *site.Site, policy config.Audit, ids []string) *Report {
	c := &checker{site: s, policy: policy, now: s.BuildTime}
	r := &Report{BuiltAt: s.BuildTime, SourceCommit: s.SourceCommit, Rules: prev.Rules, byPage: map[int][]*Finding{}, byItem: map[*inventory.Item][]*Finding{}}
	again := map[string]bool{"waiver-expired": true, "waiver-unused": true}
	for _, id := range ids {
		again[id] = true
	}
	for _, f := range prev.Findings {
		if !again[f.Rule] {
			kept := *f
			kept.Accepted = nil
			c.out = append(c.out, &kept)
		}
	}
	for _, rule := range prev.Rules {
		if again[rule.ID] {
			c.rule = rule
			check(c, rule)
		}
	}
	finish(c, r, policy)
	return r
}

// check runs a rule. Some rules grade their findings (a certificate
// that has expired is an error, one expiring in three weeks a warning);
// a severity the policy sets for the rule overrides the grading, so
// that every finding of the rule has the severity handbook.yaml says.
func check(c *checker, rule *Rule) {
	from := len(c.out)
	rule.check(c)
	if _, set := ParseSeverity(c.policy.Severity[rule.ID]); set {
		for _, f := range c.out[from:] {
			f.Severity = rule.Severity
		}
	}
}

// finish applies the waivers, sorts the findings and indexes them.
func finish(c *checker, r *Report, policy config.Audit) {
	applyWaivers(c, policy.Waivers)
	sortFindings(c.out)
	r.Findings = c.out
	for _, f := range r.Findings {
		if f.page != nil {
			r.byPage[f.page.Index] = append(r.byPage[f.page.Index], f)
		}
		if f.item != nil {
			r.byItem[f.item] = append(r.byItem[f.item], f)
		}
	}
}

// sortFindings orders findings most serious first, then by rule and
// location.
func sortFindings(fs []*Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
}

// WithLanguage returns r, the report of a manual's default language,
// with what other, the report of another language's site, adds: the
// findings of the translation rules and those about that language's own
// pages. The rest of other judges what r judged already (the inventory,
// the snapshots, the policy), or judges it by the pages that language
// lacks (an item no Dutch page names). The result is for the command
// line and its formats; ForPage and ForItem answer for r's site.
func (r *Report) WithLanguage(other *Report, defaultLanguage string) *Report {
	out := *r
	out.Findings = slices.Clone(r.Findings)
	for _, f := range other.Findings {
		if strings.HasPrefix(f.Rule, "translation-") || (f.page != nil && f.page.Language != "" && f.page.Language != defaultLanguage) {
			out.Findings = append(out.Findings, f)
		}
	}
	sortFindings(out.Findings)
	return &out
}

// applyWaivers marks the findings a waiver accepts. An expired waiver
// accepts nothing and is a finding of its own, at its line in
// handbook.yaml; so is a waiver that matches no finding, which is left
// over from a problem fixed since.
func applyWaivers(c *checker, waivers []config.Waiver) {
	expiredSev, reportExpired := PolicySeverity(c.policy, "waiver-expired")
	unusedSev, reportUnused := PolicySeverity(c.policy, "waiver-unused")
	for _, w := range waivers {
		matched := false
		expired := !w.Expires.IsZero() && w.Expires.Before(c.now)
		for _, f := range c.out {
			if f.Rule != w.Rule || (f.Subject != w.Subject && !(f.page != nil && f.page.URL == w.Subject)) {
				continue
			}
			matched = true
			if !expired {
				f.Accepted = &Acceptance{Reason: w.Reason, AcceptedBy: w.AcceptedBy, Expires: w.Expires.Format(time.DateOnly)}
			}
		}
		switch {
		case expired && reportExpired:
			c.out = append(c.out, &Finding{Rule: "waiver-expired", Severity: expiredSev, SubjectKind: "policy", Subject: w.Rule + " " + w.Subject,
				Title: "Waiver for " + w.Rule + " on " + w.Subject, Path: config.FileName, Line: w.Line, Kind: "policy",
				Message: fmt.Sprintf("the waiver accepting %s for %s expired on %s (accepted by %s: %s)", w.Rule, w.Subject, w.Expires.Format(time.DateOnly), w.AcceptedBy, w.Reason),
				Fix:     "Fix the finding, or renew the waiver with a new expires date after a fresh review.", Owners: owners(w.AcceptedBy)})
		case !expired && !matched && reportUnused:
			c.out = append(c.out, &Finding{Rule: "waiver-unused", Severity: unusedSev, SubjectKind: "policy", Subject: w.Rule + " " + w.Subject,
				Title: "Waiver for " + w.Rule + " on " + w.Subject, Path: config.FileName, Line: w.Line, Kind: "policy",
				Message: fmt.Sprintf("the waiver for %s on %s matches no finding", w.Rule, w.Subject),
				Fix:     "Remove the waiver: the problem it accepted is gone (or the rule or subject is misspelt).", Owners: owners(w.AcceptedBy)})
		}
	}
}
