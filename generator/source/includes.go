package source

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/include"
	"github.com/handbook-dev/handbook/generator/internal/workers"
)

// IncludeReader reads the content files include directives name. It
// reads only files the walk listed, so an include is confined as a page
// is: inside the content folder (a path with .. that climbs out is
// refused before any lookup), no hidden file, no symlink leaving the
// project. Each file is read once per build, however many pages
// include it, and at most maxSize bytes of it.
type IncludeReader struct {
	files   map[string]File
	maxSize int64
	// contentDir is the content folder's path in the project.
	contentDir string
	mu         sync.Mutex
	read       map[string]*readOnce
}

type readOnce struct {
	once sync.Once
	data []byte
	err  error
}

// NewIncludeReader returns a reader of the files of tree, each at most
// maxSize bytes (0: no limit), for a build or a serve session.
func NewIncludeReader(tree *Tree, maxSize int64) *IncludeReader {
	files := make(map[string]File, len(tree.Files))
	contentDir := ""
	for _, f := range tree.Files {
		files[f.Rel] = f
	}
	if len(tree.Files) > 0 { // every file's Path is the folder and its Rel
		f := tree.Files[0]
		contentDir = strings.TrimSuffix(strings.TrimSuffix(f.Path, f.Rel), "/")
	}
	return &IncludeReader{files: files, maxSize: maxSize, contentDir: contentDir, read: map[string]*readOnce{}}
}

// Read is an include.Reader.
func (r *IncludeReader) Read(rel string) ([]byte, error) {
	f, ok := r.files[rel]
	if !ok {
		return nil, fs.ErrNotExist
	}
	r.mu.Lock()
	ro := r.read[rel]
	if ro == nil {
		ro = &readOnce{}
		r.read[rel] = ro
	}
	r.mu.Unlock()
	ro.once.Do(func() {
		ro.data, ro.err = f.Data, nil
		switch {
		case ro.data == nil:
			ro.data, ro.err = ReadLimited(f.Abs, r.maxSize)
		case r.maxSize > 0 && int64(len(ro.data)) > r.maxSize:
			ro.err = ErrTooLarge
		}
		if ro.err == ErrTooLarge {
			ro.err = fmt.Errorf("%s is larger than the page size limit of %s; split it, or raise limits.page_size in handbook.yaml", FormatSize(f.Size), FormatSize(r.maxSize))
		}
	})
	return ro.data, ro.err
}

// display is the path diagnostics show for a content file: its path in
// the project (docs/guide/a.md when content_dir is docs).
func (r *IncludeReader) display(rel string) string {
	if f, ok := r.files[rel]; ok && f.Path != "" {
		return f.Path
	}
	return rel
}

// ExpandPage expands the includes of one parsed page. It returns doc
// itself when the page has no directive, else a copy with the expanded
// body, its spans and the files it includes; errors are at the
// directive, in the file that holds it.
func (r *IncludeReader) ExpandPage(rel string, doc *Document) (*Document, diag.List) {
	if !include.Contains(doc.Body) {
		return doc, nil
	}
	res, errs := include.Expand(rel, doc.Body, doc.BodyLine, r.Read, include.Limits{Size: r.maxSize, FormatSize: FormatSize, ContentDir: r.contentDir})
	var diags diag.List
	for _, e := range errs {
		file := rel
		if e.Source != "" {
			file = e.Source
		}
		diags.Errorf(r.display(file), e.Line, e.Col, "%s", e.Msg)
	}
	out := *doc
	out.Body, out.Spans, out.Includes = res.Body, res.Spans, res.Files
	return &out, diags
}

// ExpandIncludes expands every page's includes on all cores. It returns
// the documents with their includes expanded and the Markdown files that
// are not pages because they are included: those in an includes folder
// (include.InIncludeFolder) and every file a page includes. Their own
// directives are not reported but through the pages that include them,
// unless no page does (a file only included by included files).
func ExpandIncludes(tree *Tree, docs map[string]*Document, maxSize int64) (map[string]*Document, map[string]bool, diag.List) {
	r := NewIncludeReader(tree, maxSize)
	type expanded struct {
		rel   string
		doc   *Document
		diags diag.List
	}
	var rels []string
	for rel := range docs {
		rels = append(rels, rel)
	}
	slices.Sort(rels)
	results := make([]expanded, len(rels))
	workers.Each(workers.Cores(), indexes(len(rels)), func(i int) {
		rel := rels[i]
		if include.InIncludeFolder(rel) {
			results[i] = expanded{rel: rel, doc: docs[rel]}
			return
		}
		doc, d := r.ExpandPage(rel, docs[rel])
		results[i] = expanded{rel, doc, d}
	})
	included := map[string]bool{}
	for rel := range docs {
		if include.InIncludeFolder(rel) {
			included[rel] = true
		}
	}
	// reached are the files that a page (not itself included) includes.
	reached := map[string]bool{}
	for _, e := range results {
		for _, f := range e.doc.Includes {
			if docs[f] != nil {
				included[f] = true
			}
		}
	}
	for _, e := range results {
		if !included[e.rel] {
			for _, f := range e.doc.Includes {
				reached[f] = true
			}
		}
	}
	out := make(map[string]*Document, len(docs))
	var diags diag.List
	for _, e := range results {
		out[e.rel] = e.doc
		if !included[e.rel] || !reached[e.rel] && !include.InIncludeFolder(e.rel) {
			diags = append(diags, e.diags...)
		}
	}
	return out, included, diags
}

// indexes returns 0..n-1, for workers.Each over a slice by position.
func indexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
