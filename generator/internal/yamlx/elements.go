package yamlx

import "github.com/goccy/go-yaml/ast"

// Elements returns the values of a list entry as entries of their own,
// each at its own position, so that a caller checking each value can
// report a bad one where it is written; a single value is a list of one.
func (e Entry) Elements() ([]Entry, error) {
	switch n := unwrap(e.Value).(type) {
	case nil, *ast.NullNode:
		return nil, nil
	case *ast.SequenceNode:
		out := make([]Entry, len(n.Values))
		for i, v := range n.Values {
			out[i] = Entry{Key: e.Key, Value: v, Line: e.Line, Col: e.Col}
		}
		return out, nil
	case *ast.MappingNode, *ast.MappingValueNode:
		return nil, e.Errorf("%s must be a list like [a, b], found %s", e.Key, describe(e.Value))
	}
	return []Entry{e}, nil
}
