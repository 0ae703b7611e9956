package source

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
	"github.com/handbook-dev/handbook/internal/suggest"
)

// Position is a place in a page's file; Line and Col count from 1.
type Position struct{ Line, Col int }

// checkedValues are the front-matter keys whose values CheckValues
// checks against what the project declares.
var checkedValues = []string{"audience", "platform"}

// valuePositions returns where each value of the checked keys is written,
// in the order FrontMatter keeps the values (empty ones dropped, as
// yamlx's Strings does). TOML front matter keeps no positions: every
// value is then at the front matter's first line.
func valuePositions(entries []yamlx.Entry, startLine int, positionless bool) map[string][]Position {
	var out map[string][]Position
	for _, e := range entries {
		if !slices.Contains(checkedValues, e.Key) {
			continue
		}
		values := []yamlx.Entry{e}
		if seq, err := yamlx.Sequence(e.Value); err == nil {
			values = values[:0]
			for _, v := range seq {
				values = append(values, yamlx.Entry{Key: e.Key, Value: v, Line: e.Line, Col: e.Col})
			}
		}
		var ps []Position
		for _, v := range values {
			if s, err := v.String(); err != nil || strings.TrimSpace(s) == "" {
				continue
			}
			p := Position{startLine, 1}
			if !positionless {
				p.Line, p.Col = v.Pos()
				p.Line += startLine
			}
			ps = append(ps, p)
		}
		if out == nil {
			out = map[string][]Position{}
		}
		out[e.Key] = ps
	}
	return out
}

// ValueCheck is what CheckValues needs to know of the project. Every
// declaration is optional: a project that declares nothing hears only
// of values close to one handbook knows.
type ValueCheck struct {
	// Paths maps a page's content-relative name (the docs' key) to the
	// path its messages name.
	Paths map[string]string
	// Audiences are the audiences handbook.yaml declares (audiences:,
	// at AudiencesLine); nil leaves the pages' audiences unchecked, as
	// handbook then knows no audience a page could have meant.
	Audiences     []string
	AudiencesLine int
	// Platforms are the platforms handbook.yaml declares (platforms:,
	// at PlatformsLine): when set, every other platform is reported.
	// Unset, a platform is reported only when it is close to one of
	// KnownPlatforms, the platforms of the inventory's kinds.
	Platforms      []string
	PlatformsLine  int
	KnownPlatforms []string
}

// CheckValues reports values of audience and platform the project does
// not declare: a page for audience admni is in no audience's site, and a
// page on platform sharepont is missing when readers filter the search
// on sharepoint. A value close to a declared one gets a did-you-mean;
// another is listed with the declared values. Each value is reported
// once, at its first page, with the count and the other places, as
// CheckKeys reports keys.
func CheckValues(docs map[string]*Document, c ValueCheck) diag.List {
	type value struct{ key, value string }
	type place struct {
		path string
		pos  Position
	}
	places := map[value][]place{}
	for rel, doc := range docs {
		path := c.Paths[rel]
		if path == "" {
			path = rel
		}
		for _, key := range checkedValues {
			for i, v := range doc.values(key) {
				if c.known(key, v) {
					continue
				}
				pos := Position{doc.Lines[key], 1}
				if i < len(doc.ValuePos[key]) {
					pos = doc.ValuePos[key][i]
				}
				k := value{key, v}
				if !slices.ContainsFunc(places[k], func(p place) bool { return p.path == path }) {
					places[k] = append(places[k], place{path, pos})
				}
			}
		}
	}
	values := make([]value, 0, len(places))
	for v := range places {
		values = append(values, v)
	}
	sort.Slice(values, func(i, j int) bool {
		return values[i].key < values[j].key || values[i].key == values[j].key && values[i].value < values[j].value
	})
	var diags diag.List
	for _, v := range values {
		declared, line := c.declared(v.key)
		candidates := declared
		if declared == nil {
			candidates = c.KnownPlatforms
		}
		meant, close := suggest.Closest(v.value, candidates)
		if !close && declared == nil {
			continue
		}
		ps := places[v]
		sort.Slice(ps, func(i, j int) bool { return ps[i].path < ps[j].path })
		paths := make([]string, len(ps))
		for i, p := range ps {
			paths[i] = p.path
		}
		msg := fmt.Sprintf("unknown %s %q%s", v.key, v.value, alsoOn(paths))
		if close {
			msg += fmt.Sprintf("; did you mean %q?", meant)
		} else {
			list := "none"
			if len(declared) > 0 {
				list = strings.Join(declared, ", ")
			}
			msg += fmt.Sprintf(": %s in handbook.yaml (line %d) declares %s; correct it or declare it there.", declaringKey(v.key), line, list)
		}
		diags = append(diags, diag.Diagnostic{Path: ps[0].path, Line: ps[0].pos.Line, Col: ps[0].pos.Col, Severity: diag.Warning, Message: msg})
	}
	return diags
}

// values returns the page's values of a checked key.
func (d *Document) values(key string) []string {
	switch key {
	case "audience":
		return d.Audience
	case "platform":
		if d.Platform != "" {
			return []string{d.Platform}
		}
	}
	return nil
}

// declared returns the values the project declares for a checked key
// (nil when it declares none) and the handbook.yaml line that does.
func (c ValueCheck) declared(key string) ([]string, int) {
	if key == "audience" {
		return c.Audiences, c.AudiencesLine
	}
	return c.Platforms, c.PlatformsLine
}

// known reports whether v is a value of key the project has: declared,
// or, for platforms without a declaration, a known platform. Audiences
// match as the build matches them, whatever the case.
func (c ValueCheck) known(key, v string) bool {
	declared, _ := c.declared(key)
	switch {
	case key == "audience" && declared == nil:
		return true
	case key == "audience":
		return slices.ContainsFunc(declared, func(a string) bool { return strings.EqualFold(a, v) })
	case declared == nil:
		return slices.Contains(c.KnownPlatforms, v)
	}
	return slices.Contains(declared, v)
}

// declaringKey names the handbook.yaml key declaring the values of key.
func declaringKey(key string) string {
	if key == "audience" {
		return "audiences"
	}
	return "platforms"
}

// alsoOn is " (on 3 pages: also b.md and 1 more)" for a finding on the
// pages at paths (sorted), the first of which the message points at;
// "" for one page.
func alsoOn(paths []string) string {
	if len(paths) < 2 {
		return ""
	}
	s := fmt.Sprintf(" (on %d pages: also %s", len(paths), paths[1])
	if len(paths) > 2 {
		s += fmt.Sprintf(" and %d more", len(paths)-2)
	}
	return s + ")"
}
