package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// Version is one entry of versions: in handbook.yaml: a manual built from
// a Git ref (or the working tree) into its own folder.
type Version struct {
	// Name is the folder and the label in the switcher ("2025").
	Name string
	// Ref is a tag, branch or commit; empty builds the working tree.
	Ref string
	// Latest marks the version also served at the site root.
	Latest bool
	// Aliases are extra folders that redirect to the version ("stable").
	Aliases []string
	Line    int
}

var versionName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// RootFiles are the files handbook writes at the site root (site's
// registry of generated paths names them FixedFiles).
var RootFiles = []string{"index.html", "404.html", "sitemap.xml", "manifest.json", "versions.json"}

// reservedVersionName says what a version folder named name would stand
// in the way of ("the file sitemap.xml", "the generated section
// search/"), or "" when nothing. The latest version is published at the
// root too, with its generated files and sections.
func reservedVersionName(name string) string {
	lower := strings.ToLower(name)
	for _, f := range RootFiles {
		if lower == f {
			return "the file " + f
		}
	}
	for _, sec := range GeneratedSections {
		if lower == sec {
			return "the generated section " + sec + "/"
		}
	}
	if lower == "print.html" {
		return "the file print.html"
	}
	return ""
}

func versions(e yamlx.Entry) ([]Version, error) {
	seq, err := yamlx.Sequence(e.Value)
	if err != nil {
		return nil, e.Errorf("versions must be a list of {name, ref, latest}")
	}
	var out []Version
	names := map[string]bool{}
	latest := 0
	for _, n := range seq {
		entries, err := yamlx.Entries(n)
		if err != nil {
			return nil, err
		}
		v := Version{}
		if len(entries) > 0 {
			v.Line = entries[0].Line
		}
		for _, ve := range entries {
			var err error
			switch ve.Key {
			case "name":
				v.Name, err = ve.String()
			case "ref":
				v.Ref, err = ve.String()
				if err == nil && (strings.HasPrefix(v.Ref, "-") || strings.ContainsAny(v.Ref, " \t\n:")) {
					err = ve.Errorf("ref %q is not a Git ref; use a tag, branch or commit, or leave it out for the working tree", v.Ref)
				}
			case "latest":
				v.Latest, err = ve.Bool()
			case "aliases":
				v.Aliases, err = ve.Strings()
			default:
				err = &yamlx.Error{Line: ve.Line, Col: ve.Col, Msg: fmt.Sprintf("unknown version key %q; known keys are: name, ref, latest, aliases", ve.Key)}
			}
			if err != nil {
				return nil, err
			}
		}
		for _, name := range append([]string{v.Name}, v.Aliases...) {
			if !versionName.MatchString(name) {
				return nil, &yamlx.Error{Line: v.Line, Col: 1, Msg: fmt.Sprintf("version name %q must be letters, digits, '.', '-' or '_' (it names a folder)", name)}
			}
			if reserved := reservedVersionName(name); reserved != "" {
				return nil, &yamlx.Error{Line: v.Line, Col: 1, Msg: fmt.Sprintf("version name %q is %s, which handbook writes at the site root; choose another name, such as v%s", name, reserved, name)}
			}
			if names[strings.ToLower(name)] {
				return nil, &yamlx.Error{Line: v.Line, Col: 1, Msg: fmt.Sprintf("version name %q is used twice", name)}
			}
			names[strings.ToLower(name)] = true
		}
		if v.Latest {
			latest++
		}
		out = append(out, v)
	}
	if len(out) > 0 && latest != 1 {
		return nil, e.Errorf("exactly one version must be latest: true (found %d)", latest)
	}
	return out, nil
}
