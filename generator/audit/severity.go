package audit

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/internal/suggest"
)

// BuildRules are the rules whose findings handbook build also prints,
// as diagnostics at the line and column of the mistake (see Links and
// Markup). Both take the severity from the one policy, so a finding is
// the same in the build's log and in handbook audit.
var BuildRules = []string{"page-broken-link", "page-markup"}

// PolicySeverity is the severity of a rule under the policy: the
// severity handbook.yaml's audit.severity gives it, else the rule's
// own. enabled is false when audit.disable turns the rule off or no
// rule has the id.
func PolicySeverity(policy config.Audit, id string) (sev Severity, enabled bool) {
	def, known := WaiverRules[id]
	if rule := RuleByID(id); rule != nil {
		def, known = rule.Severity, true
	}
	if !known || slices.Contains(policy.Disable, id) {
		return Info, false
	}
	if s, ok := ParseSeverity(policy.Severity[id]); ok {
		return s, true
	}
	return def, true
}

// WaiverRules are the rules about the policy's waivers, with their
// severities: applied with the waivers rather than run over the model,
// they are no entries of Rules, but the policy sets their severity, or
// turns them off, as any rule's.
var WaiverRules = map[string]Severity{"waiver-expired": Warning, "waiver-unused": Info}

// DiagSeverity is PolicySeverity as the build prints it: an info
// finding is a note, which never fails a build, not even a strict one.
func DiagSeverity(policy config.Audit, id string) (sev diag.Severity, enabled bool) {
	s, on := PolicySeverity(policy, id)
	switch s {
	case Error:
		return diag.Error, on
	case Warning:
		return diag.Warning, on
	}
	return diag.Note, on
}

// CheckPolicy reports the rule ids audit.severity and audit.disable name
// that no rule has, as errors at their handbook.yaml line: a misspelt id
// would leave the rule's severity, or the rule itself, silently as it
// was, as an unknown key of handbook.yaml would.
func CheckPolicy(policy config.Audit) diag.List {
	ids := make([]string, 0, len(Rules))
	for _, r := range Rules {
		ids = append(ids, r.ID)
	}
	named := make([]string, 0, len(policy.RuleLines))
	for id := range policy.RuleLines {
		named = append(named, id)
	}
	sort.Strings(named)
	var diags diag.List
	for _, id := range named {
		if _, waiver := WaiverRules[id]; waiver || RuleByID(id) != nil {
			continue
		}
		msg := fmt.Sprintf("audit: no rule is called %q", id)
		if meant, ok := suggest.Closest(id, ids); ok {
			msg += fmt.Sprintf("; did you mean %q?", meant)
		} else {
			msg += "; the rules are: " + strings.Join(ids, ", ")
		}
		diags = append(diags, diag.Diagnostic{Path: config.FileName, Line: policy.RuleLines[id], Severity: diag.Error, Message: msg})
	}
	return diags
}
