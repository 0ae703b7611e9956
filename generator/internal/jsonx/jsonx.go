// Package jsonx writes the JSON exports: an object whose scalar fields are
// indented and whose long lists hold one compact element per line. That
// keeps a git diff of two exports a list of changed items, and costs a
// fraction of re-indenting the whole document (encoding/json's indenting
// was the largest part of exporting 50,000 items). The lists are written
// element by element as they are made, so an export is never held whole.
package jsonx

import (
	"bufio"
	"encoding/json"
	"io"
	"iter"
)

// Field is one member of the exported object.
type Field struct {
	Key   string
	Value any
	// List writes the next of Write's lists, one element per line.
	List bool
}

// Write writes the JSON text of an object with the given fields, in
// order, to w; each List field takes the next of lists.
func Write[T any](w io.Writer, fields []Field, lists ...iter.Seq[T]) error {
	b := bufio.NewWriterSize(w, 32<<10)
	b.WriteString("{\n")
	li := 0
	for i, f := range fields {
		k, _ := json.Marshal(f.Key)
		b.WriteString("  ")
		b.Write(k)
		b.WriteString(": ")
		if f.List {
			if err := list(b, lists[li]); err != nil {
				return err
			}
			li++
		} else {
			v, err := json.MarshalIndent(f.Value, "  ", "  ")
			if err != nil {
				return err
			}
			b.Write(v)
		}
		if i < len(fields)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Flush()
}

func list[T any](b *bufio.Writer, items iter.Seq[T]) error {
	n := 0
	for it := range items {
		v, err := json.Marshal(it)
		if err != nil {
			return err
		}
		if n == 0 {
			b.WriteString("[\n    ")
		} else {
			b.WriteString(",\n    ")
		}
		b.Write(v)
		n++
	}
	if n == 0 {
		b.WriteString("[]")
		return nil
	}
	b.WriteString("\n  ]")
	return nil
}
