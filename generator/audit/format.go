package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/jsonx"
	"github.com/handbook-dev/handbook/generator/spreadsheet"
)

// Formats lists the output formats of WriteFormat.
var Formats = []string{"text", "json", "csv", "sarif"}

// Meta names the program that wrote an export.
type Meta struct {
	Generator string
	Version   string
}

// WriteFormat writes the report in one of Formats.
func (r *Report) WriteFormat(w io.Writer, format string, m Meta) error {
	switch format {
	case "text":
		return r.WriteText(w)
	case "json":
		return r.WriteJSON(w, m)
	case "csv":
		return r.WriteCSV(w, m)
	case "sarif":
		return r.WriteSARIF(w, m)
	}
	return fmt.Errorf("unknown format %q; use one of: %s", format, strings.Join(Formats, ", "))
}

// WriteText writes findings grouped by rule, each line starting with
// path:line so that editors and terminals can jump to it.
func (r *Report) WriteText(w io.Writer) error { return r.WriteTextStyled(w, diag.Style{}) }

// WriteTextStyled is WriteText in a style: handbook audit colours the
// paths and severities on a terminal.
func (r *Report) WriteTextStyled(w io.Writer, style diag.Style) error {
	var last string
	for _, f := range r.Findings {
		if f.Rule != last {
			if last != "" {
				fmt.Fprintln(w)
			}
			title := f.Rule
			if rule := r.rule(f.Rule); rule != nil {
				title += ": " + rule.Title
			}
			fmt.Fprintf(w, "%s (%s)\n", title, f.Severity)
			last = f.Rule
		}
		accepted := ""
		if f.Accepted != nil {
			accepted = fmt.Sprintf(" [accepted by %s until %s: %s]", f.Accepted.AcceptedBy, f.Accepted.Expires, f.Accepted.Reason)
		}
		sev := f.Severity.String()
		fmt.Fprintf(w, "%s %s %s%s\n", style.Location(f.Location()+":"), style.Label(sev, sev+":"), f.Message, accepted)
	}
	e, wn, i, a := r.Counts()
	if len(r.Findings) > 0 {
		fmt.Fprintln(w)
	}
	errs, warns := fmt.Sprintf("%d errors", e), fmt.Sprintf("%d warnings", wn)
	if e > 0 {
		errs = style.Failure(errs)
	}
	if wn > 0 {
		warns = style.Warning(warns)
	}
	_, err := fmt.Fprintf(w, "%s, %s, %d info, %d accepted\n", errs, warns, i, a)
	return err
}

func (r *Report) rule(id string) *Rule {
	for _, rule := range r.Rules {
		if rule.ID == id {
			return rule
		}
	}
	return RuleByID(id)
}

// WriteJSON writes the findings with the build time and source commit.
func (r *Report) WriteJSON(w io.Writer, m Meta) error {
	type ruleOut struct {
		ID       string   `json:"id"`
		Subject  string   `json:"subject"`
		Severity Severity `json:"severity"`
		Title    string   `json:"title"`
		Fix      string   `json:"fix"`
		Count    int      `json:"count"`
	}
	counts := map[string]int{}
	for _, f := range r.Findings {
		counts[f.Rule]++
	}
	rules := []ruleOut{}
	for _, rule := range r.Rules {
		rules = append(rules, ruleOut{ID: rule.ID, Subject: rule.Subject, Severity: rule.Severity, Title: rule.Title, Fix: rule.Fix, Count: counts[rule.ID]})
	}
	return jsonx.Write(w, []jsonx.Field{
		{Key: "generator", Value: strings.TrimSpace(m.Generator + " " + m.Version)},
		{Key: "built_at", Value: r.BuiltAt.UTC()},
		{Key: "source_commit", Value: r.SourceCommit},
		{Key: "rules", Value: rules},
		{Key: "findings", List: true},
	}, slices.Values(r.Findings))
}

// WriteCSV writes one finding per row for spreadsheets.
func (r *Report) WriteCSV(w io.Writer, m Meta) error {
	cw := spreadsheet.NewWriter(w)
	_ = cw.Write([]string{"rule", "severity", "subject_kind", "subject", "title", "kind", "path", "line", "message", "fix", "owners", "accepted_by", "accepted_until", "accepted_reason", "built_at", "source_commit"})
	for _, f := range r.Findings {
		var by, until, reason string
		if f.Accepted != nil {
			by, until, reason = f.Accepted.AcceptedBy, f.Accepted.Expires, f.Accepted.Reason
		}
		line := ""
		if f.Line > 0 {
			line = fmt.Sprint(f.Line)
		}
		_ = cw.Write([]string{f.Rule, f.Severity.String(), f.SubjectKind, f.Subject, f.Title, f.Kind, f.Path, line, f.Message, f.Fix,
			strings.Join(f.Owners, ";"), by, until, reason, r.BuiltAt.UTC().Format(time.RFC3339), r.SourceCommit})
	}
	cw.Flush()
	return cw.Error()
}

// WriteSARIF writes SARIF 2.1.0, which GitHub and GitLab code scanning
// show as annotations on pull requests. Accepted findings carry a
// suppression with the waiver's justification.
func (r *Report) WriteSARIF(w io.Writer, m Meta) error {
	type message struct {
		Text string `json:"text"`
	}
	type rule struct {
		ID               string            `json:"id"`
		Name             string            `json:"name"`
		ShortDescription message           `json:"shortDescription"`
		Help             message           `json:"help"`
		Default          map[string]string `json:"defaultConfiguration"`
	}
	type region struct {
		StartLine int `json:"startLine"`
	}
	type physical struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region *region `json:"region,omitempty"`
	}
	type location struct {
		PhysicalLocation physical `json:"physicalLocation"`
	}
	type suppression struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification"`
	}
	type result struct {
		RuleID       string        `json:"ruleId"`
		Level        string        `json:"level"`
		Message      message       `json:"message"`
		Locations    []location    `json:"locations"`
		Suppressions []suppression `json:"suppressions,omitempty"`
	}
	level := func(s Severity) string {
		switch s {
		case Error:
			return "error"
		case Warning:
			return "warning"
		}
		return "note"
	}
	var rules []rule
	seen := map[string]bool{}
	addRule := func(id string, sev Severity, title, fix string) {
		if !seen[id] {
			seen[id] = true
			rules = append(rules, rule{ID: id, Name: id, ShortDescription: message{title}, Help: message{fix}, Default: map[string]string{"level": level(sev)}})
		}
	}
	for _, rl := range r.Rules {
		addRule(rl.ID, rl.Severity, rl.Title, rl.Fix)
	}
	results := []result{}
	for _, f := range r.Findings {
		addRule(f.Rule, f.Severity, f.Title, f.Fix)
		var loc location
		loc.PhysicalLocation.ArtifactLocation.URI = f.Path
		if f.Line > 0 {
			loc.PhysicalLocation.Region = &region{StartLine: f.Line}
		}
		res := result{RuleID: f.Rule, Level: level(f.Severity), Message: message{f.Message + ". " + f.Fix}, Locations: []location{loc}}
		if f.Accepted != nil {
			res.Suppressions = []suppression{{Kind: "external", Justification: fmt.Sprintf("%s (accepted by %s until %s)", f.Accepted.Reason, f.Accepted.AcceptedBy, f.Accepted.Expires)}}
		}
		results = append(results, res)
	}
	doc := map[string]any{
		"version": "2.1.0",
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "handbook", "version": m.Version, "informationUri": "https://github.com/handbook-dev/handbook", "rules": rules,
			}},
			"results": results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
