package config

import (
	"strings"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// GeneratedSections are the folders of generated pages a project may
// move with handbook.yaml's generated: mapping, in the order handbook
// places them (see site.Paths).
var GeneratedSections = []string{"search", "status", "changes", "audit", "inventory", "tags", "assets"}

// GeneratedPath is where handbook.yaml puts one generated section: a
// folder below the site root ending in '/', with the position of its
// value for errors about it.
type GeneratedPath struct {
	Path      string
	Line, Col int
}

// generated reads the generated: mapping, e.g. {search: find/}. Each
// value must be a folder of URL-safe segments (lower-case letters,
// digits, '-', '_' and '.', not "." or ".."), distinct from the others
// and from every other section's folder.
func generated(e yamlx.Entry) (map[string]GeneratedPath, error) {
	entries, err := yamlx.Entries(e.Value)
	if err != nil {
		return nil, e.Errorf("generated must be a mapping of section names (%s) to folders, e.g. search: find/", strings.Join(GeneratedSections, ", "))
	}
	out := map[string]GeneratedPath{}
	for _, ge := range entries {
		if !knownSection(ge.Key) {
			return nil, &yamlx.Error{Line: ge.Line, Col: ge.Col, Msg: "unknown key " + quote("generated."+ge.Key) + "; known keys are: " + strings.Join(GeneratedSections, ", ")}
		}
		s, err := ge.String()
		if err != nil {
			return nil, err
		}
		p, ok := generatedFolder(s)
		if !ok {
			return nil, ge.Errorf("generated.%s: %q is not a folder below the site root; use lower-case letters, digits, '-', '_' and '.', e.g. find/ or _site/search/", ge.Key, s)
		}
		for other, op := range out {
			if strings.HasPrefix(p, op.Path) || strings.HasPrefix(op.Path, p) {
				return nil, ge.Errorf("generated.%s: %s overlaps generated.%s (%s); give each section a folder of its own", ge.Key, p, other, op.Path)
			}
		}
		line, col := ge.Pos()
		out[ge.Key] = GeneratedPath{Path: p, Line: line, Col: col}
	}
	return out, nil
}

func knownSection(name string) bool {
	for _, s := range GeneratedSections {
		if s == name {
			return true
		}
	}
	return false
}

// generatedFolder normalises a generated: value to "a/b/" and reports
// whether it is a safe relative folder.
func generatedFolder(s string) (string, bool) {
	s = strings.Trim(strings.TrimSpace(s), "/")
	if s == "" {
		return "", false
	}
	for _, seg := range strings.Split(s, "/") {
		if seg == "" || strings.Trim(seg, ".") == "" {
			return "", false
		}
		for _, r := range seg {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
				return "", false
			}
		}
	}
	return s + "/", true
}
