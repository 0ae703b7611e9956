package inventory

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
	"github.com/handbook-dev/handbook/generator/source"
)

// Component is a piece of software an item runs, as its inventory
// declares it: a website's shop system, its language, its operating
// system, its web server.
type Component struct {
	// Name is the product as endoflife.date names it (lower case:
	// magento, php, debian, nginx), which its lifecycle is looked up by.
	Name string
	// Version is the version the item runs, as written (2.4.6-p3, 8.1).
	Version string
	// PatchWithin, when set, is how long the item may stay behind the
	// latest patch of its release cycle (patch_within: 30d).
	PatchWithin source.Interval
	// Pos is where the component is declared.
	Pos Pos
}

// String is the component as a CSV cell writes it: name@version.
func (c Component) String() string { return c.Name + "@" + c.Version }

// componentKeys are the keys of a component written as a mapping.
var componentKeys = []string{"name", "version", "patch_within"}

// productRE is an endoflife.date product name, once lower-cased.
var productRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._+-]*$`)

// components reads an item's components: in YAML and JSON a list whose
// elements are mappings {name: php, version: "8.1", patch_within: 30d}
// or the short form "php@8.1"; in a CSV cell the short forms separated
// by ';' (magento@2.4.6-p3;php@8.1).
func (f field) components() ([]Component, *diag.Diagnostic) {
	var out []Component
	add := func(c Component) *diag.Diagnostic {
		for _, seen := range out {
			if seen.Name == c.Name {
				return &diag.Diagnostic{Path: c.Pos.Path, Line: c.Pos.Line, Col: c.Pos.Col,
					Message: fmt.Sprintf("components: %s is listed twice (also at line %d); list each product once, with the version the item runs", c.Name, seen.Pos.Line)}
			}
		}
		out = append(out, c)
		return nil
	}
	if f.csv {
		for _, s := range strings.Split(f.text, ";") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			c, err := shortComponent(s, f.pos)
			if err == nil {
				err = add(c)
			}
			if err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	elems, err := f.entry.Elements()
	if err != nil {
		return nil, f.wrap(err)
	}
	for _, e := range elems {
		l, col := e.Pos()
		at := Pos{Path: f.pos.Path, Line: l, Col: col}
		var c Component
		var derr *diag.Diagnostic
		if entries, err := yamlx.Entries(e.Value); err == nil {
			if len(entries) > 0 {
				at.Line, at.Col = entries[0].Line, entries[0].Col
			}
			c, derr = mappedComponent(entries, at)
		} else if s, err := e.String(); err == nil {
			c, derr = shortComponent(s, at)
		} else {
			derr = &diag.Diagnostic{Path: at.Path, Line: at.Line, Col: at.Col, Message: "components: each component is a mapping such as {name: php, version: \"8.1\"} or text such as php@8.1"}
		}
		if derr == nil {
			derr = add(c)
		}
		if derr != nil {
			return nil, derr
		}
	}
	return out, nil
}

// shortComponent reads name@version.
func shortComponent(s string, at Pos) (Component, *diag.Diagnostic) {
	name, version, ok := strings.Cut(s, "@")
	if !ok {
		return Component{}, &diag.Diagnostic{Path: at.Path, Line: at.Line, Col: at.Col,
			Message: fmt.Sprintf("components: %q needs a version, written name@version such as php@8.1", s)}
	}
	return checkComponent(Component{Name: name, Version: version, Pos: at})
}

// mappedComponent reads {name: php, version: "8.1", patch_within: 30d}.
func mappedComponent(entries []yamlx.Entry, at Pos) (Component, *diag.Diagnostic) {
	c := Component{Pos: at}
	for _, e := range entries {
		l, col := e.Pos()
		errAt := func(format string, args ...any) *diag.Diagnostic {
			return &diag.Diagnostic{Path: at.Path, Line: l, Col: col, Message: fmt.Sprintf(format, args...)}
		}
		s, err := e.String()
		if err != nil {
			return c, errAt("components: %s must be text, found a list or mapping", e.Key)
		}
		switch e.Key {
		case "name":
			c.Name = s
		case "version":
			c.Version = s
		case "patch_within":
			iv, err := source.ParseInterval(s)
			if err != nil {
				return c, errAt("components: patch_within %v", err)
			}
			c.PatchWithin = iv
		default:
			return c, unknownKey(Pos{Path: at.Path, Line: e.Line, Col: e.Col}, "components", e.Key, componentKeys)
		}
	}
	return checkComponent(c)
}

// checkComponent checks a component has a product name endoflife.date
// could know and a version, and lower-cases the name as its product
// names are.
func checkComponent(c Component) (Component, *diag.Diagnostic) {
	c.Name = strings.ToLower(strings.TrimSpace(c.Name))
	c.Version = strings.TrimSpace(c.Version)
	errorf := func(format string, args ...any) (Component, *diag.Diagnostic) {
		return c, &diag.Diagnostic{Path: c.Pos.Path, Line: c.Pos.Line, Col: c.Pos.Col, Message: fmt.Sprintf(format, args...)}
	}
	switch {
	case c.Name == "":
		return errorf("components: a component has no name; name the product as endoflife.date does, such as php or magento")
	case !productRE.MatchString(c.Name):
		return errorf("components: %q is not a product name; name the product as endoflife.date does, in lower case without spaces (php, magento, microsoft-365)", c.Name)
	case c.Version == "":
		return errorf("components: %s has no version; write the version the item runs, such as %s@8.1 or {name: %s, version: \"8.1\"}", c.Name, c.Name, c.Name)
	}
	return c, nil
}
