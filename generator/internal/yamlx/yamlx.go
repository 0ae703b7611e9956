// Package yamlx reads a YAML mapping into positioned entries so that callers
// can validate each key themselves and report path:line:col for any problem.
// It wraps github.com/goccy/go-yaml because that library keeps token
// positions, which plain decoding into structs throws away.
package yamlx

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
)

// Error is a problem at a 1-based line and column of the parsed text.
type Error struct {
	Line, Col int
	Msg       string
	// lines, when set, writes Msg with the other lines of the text it
	// names moved by shift (see Shift).
	lines func(shift int) string
}

// Shift returns e as it reads when the parsed text starts shift lines
// down its file, as front matter does: Line and every line its message
// names ("first on line 2") move by shift.
func (e *Error) Shift(shift int) *Error {
	moved := *e
	moved.Line += shift
	if e.lines != nil {
		moved.Msg = e.lines(shift)
	}
	return &moved
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Entry is one key of a mapping with the position of its key.
type Entry struct {
	Key       string
	Value     ast.Node
	Line, Col int
}

// Pos returns the position of the entry's value, or of its key when the
// value has no token (an empty value).
func (e Entry) Pos() (line, col int) {
	if e.Value != nil {
		if tk := e.Value.GetToken(); tk != nil && tk.Position != nil {
			return tk.Position.Line, tk.Position.Column
		}
	}
	return e.Line, e.Col
}

// Errorf returns an *Error at the entry's value.
func (e Entry) Errorf(format string, args ...any) *Error {
	l, c := e.Pos()
	return &Error{Line: l, Col: c, Msg: fmt.Sprintf(format, args...)}
}

// Mapping parses src, which must hold one YAML mapping (or nothing), and
// returns its entries in source order. Duplicate keys are an error, and
// so is nesting deeper than MaxDepth (refused before parsing).
func Mapping(src []byte) ([]Entry, error) {
	f, err := Parse(src)
	if err != nil {
		return nil, err
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return nil, nil
	}
	if len(f.Docs) > 1 {
		return nil, &Error{Line: 1, Col: 1, Msg: "more than one YAML document; remove the extra '---' line"}
	}
	if err := NoAliases(f.Docs[0].Body); err != nil {
		return nil, err
	}
	return Entries(f.Docs[0].Body)
}

// NoAliases refuses YAML aliases (*name). An alias repeats the value of
// an anchor, and aliases of aliases grow exponentially ("a billion
// laughs": a few hundred bytes that expand to gigabytes). Front matter,
// settings and inventories never need them, so they are refused at
// once, before anything is expanded.
func NoAliases(n ast.Node) error {
	var found *Error
	ast.Walk(visitorFunc(func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if a, ok := n.(*ast.AliasNode); ok {
			alias := strings.TrimSpace(a.String())
			found = errAt(a, "YAML aliases like %s are not supported; write the value out in full, or quote it if the * is part of the text: %s", alias, quoted(alias))
			return false
		}
		return true
	}), n)
	if found != nil {
		return found
	}
	return nil
}

type visitorFunc func(ast.Node) bool

func (f visitorFunc) Visit(n ast.Node) ast.Visitor {
	if f(n) {
		return f
	}
	return nil
}

// Entries returns the entries of a mapping node.
func Entries(n ast.Node) ([]Entry, error) {
	var values []*ast.MappingValueNode
	switch m := unwrap(n).(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	case *ast.NullNode:
		return nil, nil
	default:
		// owner:web-ops, with no space after the colon, is text.
		if s, ok := m.(*ast.StringNode); ok && s.Token != nil && s.Token.Position != nil {
			if e := missingSpace(s.Token.Position.Line, s.Token.Position.Column, s.Value); e != nil {
				return nil, e
			}
		}
		return nil, errAt(n, "expected a mapping of 'key: value' lines, found %s", describe(n))
	}
	entries := make([]Entry, 0, len(values))
	seen := make(map[string]int, len(values)) // the line of each key
	for _, v := range values {
		tk := v.Key.GetToken()
		key := strings.TrimSpace(v.Key.String())
		if s, ok := unwrap(v.Key).(*ast.StringNode); ok {
			key = s.Value
		}
		e := Entry{Key: key, Value: v.Value, Line: tk.Position.Line, Col: tk.Position.Column}
		if first, ok := seen[key]; ok {
			return nil, duplicateKeyError(e.Line, e.Col, key, first)
		}
		seen[key] = e.Line
		entries = append(entries, e)
	}
	return entries, nil
}

func unwrap(n ast.Node) ast.Node {
	for {
		switch t := n.(type) {
		case *ast.TagNode:
			n = t.Value
		case *ast.AnchorNode:
			n = t.Value
		default:
			return n
		}
	}
}

func errAt(n ast.Node, format string, args ...any) *Error {
	e := &Error{Line: 1, Col: 1, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		if tk := n.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Col = tk.Position.Line, tk.Position.Column
		}
	}
	return e
}

func describe(n ast.Node) string {
	switch unwrap(n).(type) {
	case nil, *ast.NullNode:
		return "nothing"
	case *ast.SequenceNode:
		return "a list"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.IntegerNode, *ast.FloatNode:
		return "a number"
	case *ast.BoolNode:
		return "true/false"
	}
	return fmt.Sprintf("%q", n.String())
}

// Sequence returns the items of a list node.
func Sequence(n ast.Node) ([]ast.Node, error) {
	switch s := unwrap(n).(type) {
	case *ast.SequenceNode:
		return s.Values, nil
	case nil, *ast.NullNode:
		return nil, nil
	}
	return nil, errAt(n, "expected a list, found %s", describe(n))
}

// String returns the entry's value as a string. Numbers and booleans written
// bare are accepted as their text, since writers rarely quote them.
func (e Entry) String() (string, error) {
	switch n := unwrap(e.Value).(type) {
	case nil, *ast.NullNode:
		return "", nil
	case *ast.StringNode:
		return n.Value, nil
	case *ast.LiteralNode:
		return n.Value.Value, nil
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return n.GetToken().Value, nil
	}
	return "", e.Errorf("%s must be text, found %s", e.Key, describe(e.Value))
}

// Strings returns a list of strings; a single string is taken as a list of one.
func (e Entry) Strings() ([]string, error) {
	switch n := unwrap(e.Value).(type) {
	case nil, *ast.NullNode:
		return nil, nil
	case *ast.SequenceNode:
		out := make([]string, 0, len(n.Values))
		for _, v := range n.Values {
			s, err := Entry{Key: e.Key, Value: v, Line: e.Line, Col: e.Col}.String()
			if err != nil {
				return nil, errAt(v, "%s must be a list of text values, found %s in it", e.Key, describe(v))
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	s, err := e.String()
	if err != nil {
		return nil, e.Errorf("%s must be a list like [a, b], found %s", e.Key, describe(e.Value))
	}
	if s = strings.TrimSpace(s); s == "" {
		return nil, nil
	}
	return []string{s}, nil
}

// Int returns an integer value.
func (e Entry) Int() (int, error) {
	if n, ok := unwrap(e.Value).(*ast.IntegerNode); ok {
		if i, err := strconv.Atoi(n.GetToken().Value); err == nil {
			return i, nil
		}
	}
	return 0, e.Errorf("%s must be a whole number, found %s", e.Key, describe(e.Value))
}

// Bool returns a true/false value.
func (e Entry) Bool() (bool, error) {
	if n, ok := unwrap(e.Value).(*ast.BoolNode); ok {
		return n.Value, nil
	}
	return false, e.Errorf("%s must be true or false, found %s", e.Key, describe(e.Value))
}

// Years outside these are typing mistakes (0000-01-01, 20266-01-01):
// every date handbook reads is of a review, a change or a waiver.
const (
	MinYear = 1970
	MaxYear = 2199
)

// PlausibleDate refuses a date whose year is outside MinYear..MaxYear,
// where review arithmetic would also misbehave.
func PlausibleDate(t time.Time) error {
	if y := t.Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("is not a plausible date (the year must be from %d to %d); write the real date, e.g. 2026-03-31", MinYear, MaxYear)
	}
	return nil
}

// Date returns a calendar date written as YYYY-MM-DD (a full RFC 3339
// timestamp is accepted too).
func (e Entry) Date() (time.Time, error) {
	s, err := e.String()
	if err == nil {
		s = strings.TrimSpace(s)
		t, perr := time.Parse(time.DateOnly, s)
		if perr != nil {
			t, perr = time.Parse(time.RFC3339, s)
		}
		if perr == nil {
			if err := PlausibleDate(t); err != nil {
				return time.Time{}, e.Errorf("%s %s %v", e.Key, s, err)
			}
			return t, nil
		}
	}
	return time.Time{}, e.Errorf("%s must be a date written as YYYY-MM-DD (for example 2026-03-31), found %s", e.Key, describe(e.Value))
}

// Any converts the entry's value to plain Go values (string, int, float64,
// bool, []any, map[string]any) for templates.
func (e Entry) Any() (any, error) {
	if e.Value == nil {
		return nil, nil
	}
	var v any
	if err := yaml.NodeToValue(e.Value, &v); err != nil {
		return nil, e.Errorf("%s: %v", e.Key, err)
	}
	return v, nil
}
