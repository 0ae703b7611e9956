// Package jsonx writes the JSON exports: an object whose scalar fields are
// indented and whose long lists hold one compact element per line. That
// keeps a git diff of two exports a list of changed items, and costs a
// fraction of re-indenting the whole document (encoding/json's indenting
// was the largest part of exporting 50,000 items).
package jsonx

import (
	"bytes"
	"encoding/json"
)

// Field is one member of the exported object.
type Field struct {
	Key   string
	Value any
	// List writes Value, a slice, one element per line.
	List bool
}

// Object returns the JSON text of an object with the given fields, in order.
func Object[T any](fields []Field, lists ...[]T) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{\n")
	li := 0
	for i, f := range fields {
		k, _ := json.Marshal(f.Key)
		b.WriteString("  ")
		b.Write(k)
		b.WriteString(": ")
		if f.List {
			if err := list(&b, lists[li]); err != nil {
				return nil, err
			}
			li++
		} else {
			v, err := json.MarshalIndent(f.Value, "  ", "  ")
			if err != nil {
				return nil, err
			}
			b.Write(v)
		}
		if i < len(fields)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

func list[T any](b *bytes.Buffer, items []T) error {
	if len(items) == 0 {
		b.WriteString("[]")
		return nil
	}
	b.WriteString("[\n")
	for i, it := range items {
		v, err := json.Marshal(it)
		if err != nil {
			return err
		}
		b.WriteString("    ")
		b.Write(v)
		if i < len(items)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("  ]")
	return nil
}
