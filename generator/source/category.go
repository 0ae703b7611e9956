package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"path"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// Category is what a Docusaurus _category_.json (or .yml, .yaml) says
// about its folder: the section's sidebar label and position.
type Category struct {
	// Label names the section where its own page sets no title.
	Label string
	// Position orders the section among its siblings as weight: does
	// (rounded up to a whole number; 0 when not given).
	Position int
}

// categoryNames are the file names Docusaurus reads, in its order of
// preference.
var categoryNames = []string{"_category_.json", "_category_.yml", "_category_.yaml"}

// categoryKeys are the other keys Docusaurus knows; handbook has no use
// for them and passes over them without a word.
var categoryKeys = []string{"link", "collapsed", "collapsible", "className", "customProps", "description", "key"}

// IsCategory reports whether the file at rel is a folder's category
// file: read for its section, not published.
func IsCategory(rel string) bool {
	base := path.Base(rel)
	for _, n := range categoryNames {
		if base == n {
			return true
		}
	}
	return false
}

// Categories reads the category files of the tree, by folder. A folder
// with more than one uses the first of categoryNames, as Docusaurus does.
func Categories(tree *Tree, maxSize int64) (map[string]Category, diag.List) {
	var diags diag.List
	cats := map[string]Category{}
	rank := map[string]int{}
	for _, f := range tree.Files {
		if !IsCategory(f.Rel) {
			continue
		}
		src, err := f.Data, error(nil)
		if src == nil {
			src, err = ReadLimited(f.Abs, maxSize)
		}
		if err != nil {
			diags.Errorf(f.Path, 0, 0, "cannot read: %v", err)
			continue
		}
		c, d := ParseCategory(f.Path, src)
		diags = append(diags, d...)
		dir := path.Dir(f.Rel)
		if dir == "." {
			dir = ""
		}
		r := categoryRank(path.Base(f.Rel))
		if prev, ok := rank[dir]; !ok || r < prev {
			cats[dir], rank[dir] = c, r
		}
	}
	return cats, diags
}

func categoryRank(name string) int {
	for i, n := range categoryNames {
		if n == name {
			return i
		}
	}
	return len(categoryNames)
}

// ParseCategory reads a category file: JSON for .json (a syntax error
// is reported at its line and column), YAML otherwise. label must be
// text and position a number; other keys Docusaurus knows are passed
// over, unknown ones are a warning at their line.
func ParseCategory(file string, src []byte) (Category, diag.List) {
	var diags diag.List
	var c Category
	// Refuse deep nesting before either reader builds anything.
	if err := yamlx.CheckDepth(src); err != nil {
		var ye *yamlx.Error
		if errors.As(err, &ye) {
			diags.Errorf(file, ye.Line, ye.Col, "%s", ye.Msg)
		}
		return c, diags
	}
	if strings.HasSuffix(file, ".json") {
		var v any
		if err := json.Unmarshal(src, &v); err != nil {
			line, col := 0, 0
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			switch {
			case errors.As(err, &se):
				line, col = lineCol(src, se.Offset)
			case errors.As(err, &te):
				line, col = lineCol(src, te.Offset)
			}
			diags.Errorf(file, line, col, "not valid JSON: %v; a category file holds an object such as {\"label\": \"Guides\", \"position\": 2}", strings.TrimPrefix(err.Error(), "json: "))
			return c, diags
		}
		if _, ok := v.(map[string]any); !ok {
			diags.Errorf(file, 1, 1, "must be a JSON object such as {\"label\": \"Guides\", \"position\": 2}")
			return c, diags
		}
	}
	// The positions of keys come from the YAML reader, which reads JSON too.
	entries, err := yamlx.Mapping(src)
	if err != nil {
		var ye *yamlx.Error
		if errors.As(err, &ye) {
			diags.Errorf(file, ye.Line, ye.Col, "%s", ye.Msg)
		} else {
			diags.Errorf(file, 0, 0, "%v", err)
		}
		return c, diags
	}
	for _, e := range entries {
		switch e.Key {
		case "label":
			s, err := e.String()
			if err != nil {
				l, col := e.Pos()
				diags.Errorf(file, l, col, "label must be text, the section's name in the sidebar")
				continue
			}
			c.Label = strings.TrimSpace(s)
		case "position":
			s, _ := e.String()
			f, err := parseNumber(s)
			if err != nil {
				l, col := e.Pos()
				diags.Errorf(file, l, col, "position must be a number, the section's place among its siblings (1 first)")
				continue
			}
			c.Position = int(math.Ceil(f))
		default:
			if !knownCategoryKey(e.Key) {
				diags.Warnf(file, e.Line, e.Col, "unknown key %q is ignored; handbook reads label and position", e.Key)
			}
		}
	}
	return c, diags
}

func knownCategoryKey(k string) bool {
	for _, n := range categoryKeys {
		if n == k {
			return true
		}
	}
	return false
}

func parseNumber(s string) (float64, error) {
	var f float64
	err := json.Unmarshal([]byte(strings.TrimSpace(s)), &f)
	if err == nil && (math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e9) {
		err = errors.New("out of range")
	}
	return f, err
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(src []byte, off int64) (int, int) {
	if off > int64(len(src)) {
		off = int64(len(src))
	}
	before := src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return line, col
}
