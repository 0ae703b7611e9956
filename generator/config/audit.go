package config

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
	"github.com/handbook-dev/handbook/generator/source"
)

// Audit is the audit policy: the parameters of the built-in rules and
// the findings accepted by waivers (the audit: section of handbook.yaml).
type Audit struct {
	// ReviewDueDays: a review due within this many days is reported as info.
	ReviewDueDays int
	// MinOwners is the fewest owners an item may have.
	MinOwners int
	// InactiveDays: an active item without activity for longer is reported.
	InactiveDays int
	// SharingBySensitivity maps a sensitivity to the most open external
	// sharing it allows.
	SharingBySensitivity map[string]string
	// Naming holds a naming convention (regular expression) per kind.
	Naming map[string]*regexp.Regexp
	// ParentKinds lists the kinds an item's parent may have, per kind.
	ParentKinds map[string][]string
	// CertWarnDays and CertErrorDays: a certificate expiring within so
	// many days is a warning, an error.
	CertWarnDays, CertErrorDays int
	// StaleDays: a snapshot older than this is stale.
	StaleDays int
	// EOLWarnDays: a component whose release cycle leaves security
	// support within so many days is a warning.
	EOLWarnDays int
	// PatchDays is how many days a component may stay behind the latest
	// patch of its cycle, counted from that patch's release;
	// PatchDaysByKind sets it per item kind.
	PatchDays       int
	PatchDaysByKind map[string]int
	// Severity overrides the severity of rules by rule id.
	Severity map[string]string
	// Disable turns rules off by id.
	Disable []string
	// RuleLines holds the handbook.yaml line of each rule id severity
	// and disable name, for the message about an id no rule has (the
	// rules are the audit package's, which reads this one).
	RuleLines map[string]int
	// Waivers accept findings.
	Waivers []Waiver

	// IncidentOpenDays: an incident open for longer is reported.
	IncidentOpenDays int
	// RunbookSections are the headings every runbook must have.
	RunbookSections []string
	// ChangeApprovalSensitivities lists the sensitivities whose items may
	// be changed only with an approval (approved_by on the change record).
	ChangeApprovalSensitivities []string

	// Attestation says how often owners attest their items; its zero
	// value asks no item to be attested.
	Attestation Attestation
}

// Attestation is the attestation policy (audit.attestation): how often an
// active item must be attested by its owners, for every item (Interval),
// per kind and per sensitivity; where several apply the shortest counts.
// Kinds, when given, limits the policy to items of those kinds. Grace is
// how long an overdue attestation waits before handbook notify
// escalates it.
type Attestation struct {
	Kinds         []string
	Interval      source.Interval
	ByKind        map[string]source.Interval
	BySensitivity map[string]source.Interval
	Grace         source.Interval
}

// Configured reports whether the policy asks any item to be attested.
func (a Attestation) Configured() bool {
	return !a.Interval.IsZero() || len(a.ByKind) > 0 || len(a.BySensitivity) > 0
}

// For returns the attestation interval of an item of kind and
// sensitivity: the shortest of those that apply, or the zero interval
// when none does. Intervals are compared by the date they give after a
// fixed day, as months and days do not divide.
func (a Attestation) For(kind, sensitivity string) source.Interval {
	var best source.Interval
	if len(a.Kinds) > 0 && !oneOf(kind, a.Kinds) {
		return best
	}
	day := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, iv := range []source.Interval{a.Interval, a.ByKind[kind], a.BySensitivity[sensitivity]} {
		if !iv.IsZero() && (best.IsZero() || iv.After(day).Before(best.After(day))) {
			best = iv
		}
	}
	return best
}

var attestationKeys = []string{"kinds", "interval", "by_kind", "by_sensitivity", "grace"}

// attestationSection reads audit.attestation.
func attestationSection(e yamlx.Entry) (Attestation, error) {
	var a Attestation
	entries, err := yamlx.Entries(e.Value)
	if err != nil {
		return a, e.Errorf("audit.attestation must be a mapping such as {interval: 1y, by_sensitivity: {confidential: 90d}}")
	}
	interval := func(e yamlx.Entry, name string) (source.Interval, error) {
		s, err := e.String()
		if err != nil {
			return source.Interval{}, e.Errorf("%s must be an interval such as 90d, 6m or 1y", name)
		}
		iv, err := source.ParseInterval(s)
		if err != nil {
			return iv, e.Errorf("%s: %v", name, err)
		}
		return iv, nil
	}
	intervals := func(e yamlx.Entry) (map[string]source.Interval, error) {
		sub, err := yamlx.Entries(e.Value)
		if err != nil {
			return nil, e.Errorf("audit.attestation.%s must be a mapping such as {confidential: 90d}", e.Key)
		}
		m := map[string]source.Interval{}
		for _, se := range sub {
			if m[se.Key], err = interval(se, "audit.attestation."+e.Key+"."+se.Key); err != nil {
				return nil, err
			}
		}
		return m, nil
	}
	for _, ae := range entries {
		switch ae.Key {
		case "kinds":
			a.Kinds, err = ae.Strings()
		case "interval":
			a.Interval, err = interval(ae, "audit.attestation.interval")
		case "grace":
			a.Grace, err = interval(ae, "audit.attestation.grace")
		case "by_kind":
			a.ByKind, err = intervals(ae)
		case "by_sensitivity":
			a.BySensitivity, err = intervals(ae)
		default:
			err = unknownIn("audit.attestation", ae, attestationKeys)
		}
		if err != nil {
			return a, err
		}
	}
	return a, nil
}

// Waiver accepts the finding of a rule about a subject until it expires.
type Waiver struct {
	Rule, Subject, Reason, AcceptedBy string
	Expires                           time.Time
	// Line is the waiver's line in handbook.yaml.
	Line int
}

// DefaultAudit returns the policy used when handbook.yaml says nothing.
func DefaultAudit() Audit {
	return Audit{
		ReviewDueDays: 30,
		MinOwners:     2,
		InactiveDays:  180,
		CertWarnDays:  21,
		CertErrorDays: 7,
		StaleDays:     7,
		EOLWarnDays:   90,
		PatchDays:     30,
		SharingBySensitivity: map[string]string{
			"public": "anyone", "internal": "existing-guests", "confidential": "disabled", "secret": "disabled",
		},
		Naming: map[string]*regexp.Regexp{},
		ParentKinds: map[string][]string{
			"channel":         {"team"},
			"sharepoint-site": {"sharepoint-site"},
			"onedrive":        {"sharepoint-site"},
		},
		Severity: map[string]string{},

		IncidentOpenDays:            7,
		RunbookSections:             []string{"Prerequisites", "Steps", "Verification", "Rollback"},
		ChangeApprovalSensitivities: []string{"confidential", "secret"},
	}
}

var severities = []string{"error", "warning", "info"}

func auditSection(e yamlx.Entry) (Audit, error) {
	a := DefaultAudit()
	entries, err := yamlx.Entries(e.Value)
	if err != nil {
		return a, e.Errorf("audit must be a mapping of policy settings")
	}
	for _, ae := range entries {
		var err error
		switch documented("audit", ae.Key) {
		case "review_due_days":
			a.ReviewDueDays, err = nonNegative(ae)
		case "min_owners":
			a.MinOwners, err = nonNegative(ae)
		case "inactive_days":
			a.InactiveDays, err = nonNegative(ae)
		case "cert_warn_days":
			a.CertWarnDays, err = nonNegative(ae)
		case "cert_error_days":
			a.CertErrorDays, err = nonNegative(ae)
		case "stale_days":
			a.StaleDays, err = nonNegative(ae)
		case "eol_warn_days":
			a.EOLWarnDays, err = nonNegative(ae)
		case "patch_days":
			a.PatchDays, err = nonNegative(ae)
		case "patch_days_by_kind":
			a.PatchDaysByKind = map[string]int{}
			for _, ke := range mustEntries(ae) {
				var n int
				if n, err = nonNegative(ke); err != nil {
					break
				}
				a.PatchDaysByKind[ke.Key] = n
			}
		case "sharing_by_sensitivity":
			var m map[string]string
			if m, err = stringMap(ae); err == nil {
				a.SharingBySensitivity = m
				for _, se := range mustEntries(ae) {
					v, _ := se.String()
					if !oneOf(v, sharingLevels) {
						err = se.Errorf("sharing_by_sensitivity.%s: %q is not one of: %s", se.Key, v, strings.Join(sharingLevels, ", "))
						break
					}
				}
			}
		case "naming":
			for _, ne := range mustEntries(ae) {
				pat, serr := ne.String()
				if serr != nil {
					err = serr
					break
				}
				re, rerr := regexp.Compile(pat)
				if rerr != nil {
					err = ne.Errorf("naming.%s: not a valid regular expression: %v", ne.Key, rerr)
					break
				}
				a.Naming[ne.Key] = re
			}
		case "parent_kinds":
			for _, pe := range mustEntries(ae) {
				var kinds []string
				if kinds, err = pe.Strings(); err != nil {
					break
				}
				a.ParentKinds[pe.Key] = kinds
			}
		case "severity":
			for _, se := range mustEntries(ae) {
				v, serr := se.String()
				if serr != nil || !oneOf(v, severities) {
					err = se.Errorf("severity.%s must be one of: %s", se.Key, strings.Join(severities, ", "))
					break
				}
				a.Severity[se.Key] = v
				a.nameRule(se.Key, se.Line)
			}
		case "disable":
			a.Disable, err = ae.Strings()
			for _, id := range a.Disable {
				a.nameRule(id, ae.Line)
			}
		case "waivers":
			a.Waivers, err = waivers(ae)
		case "incident_open_days":
			a.IncidentOpenDays, err = nonNegative(ae)
		case "runbook_sections":
			a.RunbookSections, err = ae.Strings()
		case "change_approval_sensitivities":
			a.ChangeApprovalSensitivities, err = ae.Strings()
		case "attestation":
			a.Attestation, err = attestationSection(ae)
		default:
			err = &yamlx.Error{Line: ae.Line, Col: ae.Col, Msg: fmt.Sprintf("unknown key %q; known keys are: %s", "audit."+ae.Key, strings.Join(AuditKeys, ", "))}
		}
		if err != nil {
			return a, err
		}
	}
	return a, nil
}

// nameRule records that handbook.yaml names the rule id at line.
func (a *Audit) nameRule(id string, line int) {
	if a.RuleLines == nil {
		a.RuleLines = map[string]int{}
	}
	if _, ok := a.RuleLines[id]; !ok {
		a.RuleLines[id] = line
	}
}

// AuditKeys lists the keys of the audit: section, from KeyDocs.
var AuditKeys = sectionKeys("audit")

var sharingLevels = []string{"disabled", "existing-guests", "new-and-existing-guests", "anyone"}

func oneOf(s string, list []string) bool {
	for _, l := range list {
		if s == l {
			return true
		}
	}
	return false
}

func mustEntries(e yamlx.Entry) []yamlx.Entry {
	entries, _ := yamlx.Entries(e.Value)
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Line < entries[j].Line })
	return entries
}

func nonNegative(e yamlx.Entry) (int, error) {
	n, err := e.Int()
	if err == nil && n < 0 {
		err = e.Errorf("%s may not be negative", e.Key)
	}
	return n, err
}

func waivers(e yamlx.Entry) ([]Waiver, error) {
	seq, err := yamlx.Sequence(e.Value)
	if err != nil {
		return nil, e.Errorf("waivers must be a list of {rule, subject, reason, accepted_by, expires}")
	}
	var out []Waiver
	for _, item := range seq {
		entries, err := yamlx.Entries(item)
		if err != nil {
			return nil, err
		}
		w := Waiver{}
		if len(entries) > 0 {
			w.Line = entries[0].Line
		}
		for _, we := range entries {
			var err error
			switch we.Key {
			case "rule":
				w.Rule, err = we.String()
			case "subject":
				w.Subject, err = we.String()
			case "reason":
				w.Reason, err = we.String()
			case "accepted_by":
				w.AcceptedBy, err = we.String()
			case "expires":
				w.Expires, err = we.Date()
			default:
				err = &yamlx.Error{Line: we.Line, Col: we.Col, Msg: fmt.Sprintf("unknown waiver key %q; known keys are: rule, subject, reason, accepted_by, expires", we.Key)}
			}
			if err != nil {
				return nil, err
			}
		}
		if w.Rule == "" || w.Subject == "" || w.Reason == "" || w.AcceptedBy == "" || w.Expires.IsZero() {
			return nil, &yamlx.Error{Line: w.Line, Col: 1, Msg: "a waiver needs rule, subject, reason, accepted_by and expires (YYYY-MM-DD)"}
		}
		out = append(out, w)
	}
	return out, nil
}
