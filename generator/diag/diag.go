// Package diag holds the messages a build reports to writers: each with a
// file position and a severity. Stages collect them and return them together
// so one build reports every problem, not just the first.
package diag

import (
	"fmt"
	"sort"
)

// Severity says whether a Diagnostic fails the build.
type Severity int

const (
	// Error fails the build.
	Error Severity = iota
	// Warning is reported; it fails the build only in strict mode.
	Warning
	// Note is reported and never fails a build, not even a strict one:
	// it tells what the build did on purpose (a link to a page outside
	// the audience shown as plain text).
	Note
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Note:
		return "note"
	}
	return "error"
}

// Diagnostic is one problem at a place in a file. Line and Col count from 1;
// zero means unknown. Path is slash-separated and relative to the site project.
type Diagnostic struct {
	Path     string
	Line     int
	Col      int
	Severity Severity
	Message  string
	// Excerpt is an optional snippet of the offending source, shown under
	// the message.
	Excerpt string
}

// String formats d as path:line:col: message, the form editors and CI
// logs turn into clickable locations; a warning's or a note's message
// starts with "warning: " or "note: ". Style.Format writes it in colour.
func (d Diagnostic) String() string { return Style{}.Format(d) }

// Error makes a Diagnostic usable as an error.
func (d Diagnostic) Error() string { return d.String() }

// List collects diagnostics. The zero value is ready to use; it is not safe
// for concurrent use.
type List []Diagnostic

// Errorf adds an error at path:line:col.
func (l *List) Errorf(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at path:line:col.
func (l *List) Warnf(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// Notef adds a note at path:line:col.
func (l *List) Notef(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Severity: Note, Message: fmt.Sprintf(format, args...)})
}

// Count returns the number of errors and warnings in l; notes are not
// counted.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return
}

// Sort orders l by path, line and column so output is stable across runs
// whatever order the parallel stages finished in.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
}

// From returns err as a Diagnostic: itself when it is one, else an error
// at path.
func From(err error, path string) Diagnostic {
	if d, ok := err.(Diagnostic); ok {
		return d
	}
	return Diagnostic{Path: path, Message: err.Error()}
}

// Dedupe drops repeated diagnostics, keeping the first of each: a broken
// template fails every page the same way and is reported once.
func (l List) Dedupe() List {
	seen := make(map[string]bool, len(l))
	out := l[:0]
	for _, d := range l {
		if k := d.String(); !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}
