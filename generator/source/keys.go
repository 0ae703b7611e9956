package source

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/internal/suggest"
)

// ReadKeys are all the front-matter keys handbook reads: the typed ones
// (KnownKeys, the common first: a misspelling close to two keys is
// matched to the earlier), the incident and change records' fields, and
// Docusaurus's sidebar_position, which orders a page without weight.
var ReadKeys = func() []string {
	keys := slices.Clone(KnownKeys)
	var record []string
	for k := range recordKeys {
		record = append(record, k)
	}
	sort.Strings(record)
	return append(append(keys, record...), "sidebar_position")
}()

// KeyCheck is what CheckKeys needs to know of the project.
type KeyCheck struct {
	// Paths maps a page's content-relative name (the docs' key) to the
	// path its messages name.
	Paths map[string]string
	// Declared lists the project's own keys (front_matter_keys in
	// handbook.yaml): when set, every key neither handbook's nor
	// declared is reported, not only those close to a known key.
	Declared []string
	// DeclaredLine is the handbook.yaml line of the declaration.
	DeclaredLine int
}

// CheckKeys reports front-matter keys that are most likely misspelled:
// a key handbook does not read that is close to one it does (reviwed,
// onwer, review-interval), or, when the project declares its own keys,
// any key that is neither. Such a key is still kept as page data, as
// documented; the report saves a writer from a review date that silently
// never counts. Each key is reported once, at its first page, with the
// count and the other places: a documentation set carrying the same
// misspelling on 200 pages gets one line, not 200.
func CheckKeys(docs map[string]*Document, c KeyCheck) diag.List {
	type place struct {
		path string
		line int
	}
	places := map[string][]place{}
	for rel, doc := range docs {
		for key := range doc.Params {
			if slices.Contains(ReadKeys, key) || slices.Contains(c.Declared, key) {
				continue
			}
			path := c.Paths[rel]
			if path == "" {
				path = rel
			}
			places[key] = append(places[key], place{path, doc.Lines[key]})
		}
	}
	keys := make([]string, 0, len(places))
	for k := range places {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var diags diag.List
	for _, key := range keys {
		meant, close := suggest.Closest(key, ReadKeys)
		if !close && c.Declared == nil {
			continue
		}
		ps := places[key]
		sort.Slice(ps, func(i, j int) bool { return ps[i].path < ps[j].path })
		var msg strings.Builder
		fmt.Fprintf(&msg, "unknown front matter key %q", key)
		if close {
			fmt.Fprintf(&msg, "; did you mean %q?", meant)
		} else {
			fmt.Fprintf(&msg, ": handbook does not read it and front_matter_keys in handbook.yaml (line %d) does not declare it; correct it or declare it.", c.DeclaredLine)
		}
		paths := make([]string, len(ps))
		for i, p := range ps {
			paths[i] = p.path
		}
		msg.WriteString(" It is kept as page data only" + alsoOn(paths) + ".")
		diags = append(diags, diag.Diagnostic{Path: ps[0].path, Line: ps[0].line, Col: 1, Severity: diag.Warning, Message: msg.String()})
	}
	return diags
}
