package incremental

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/internal/testsite"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// buildState is what a session's build holds, copied so that a later
// change to any of it shows.
type buildState struct {
	pages    []site.Page
	html     []template.HTML
	files    []source.File
	docs     map[string]*source.Document
	findings []audit.Finding
	out      *Output
	outFiles map[string][]byte
}

func stateOf(tg *generator.Target, out *Output) buildState {
	st := buildState{files: slices.Clone(tg.Tree().Files), docs: maps.Clone(tg.Docs()), out: out, outFiles: maps.Clone(out.files)}
	for _, p := range tg.Site().Pages {
		st.pages = append(st.pages, *p)
		var html template.HTML
		if c := tg.Site().Content(p); c != nil {
			html = c.HTML
		}
		st.html = append(st.html, html)
	}
	for _, f := range tg.Report().Findings {
		st.findings = append(st.findings, *f)
	}
	return st
}

// A rebuild, failed or not, leaves the last good build's model, pages,
// content, tree, audit and output as they were: it makes new values,
// and a failed one keeps the session at the last good build.
func TestSessionRebuildLeavesLastBuildAlone(t *testing.T) {
	tests := []struct {
		name   string
		rel    string // content file to write
		data   string
		failed bool
	}{
		{"a body edit", "guide/restore.md", "---\ntitle: Restore\nowner: ops\ntags: [sp]\nitems: [hr]\n---\n## Steps\n\nRestore it from the recycle bin.\n", false},
		{"a body edit with a broken link", "guide/restore.md", "---\ntitle: Restore\nowner: ops\ntags: [sp]\nitems: [hr]\n---\n## Steps\n\nSee [nothing](nowhere.md).\n", true},
		{"a body edit over the render budget", "guide/restore.md", "---\ntitle: Restore\nowner: ops\ntags: [sp]\nitems: [hr]\n---\n" + strings.Repeat("[a](b", 50000), true},
		{"a title edit", "guide/restore.md", "---\ntitle: Restore a site\nowner: ops\ntags: [sp]\nitems: [hr]\n---\n## Steps\n\nRestore it.\n", false},
		{"a title edit with a broken link", "guide/restore.md", "---\ntitle: Restore a site\nowner: ops\ntags: [sp]\nitems: [hr]\n---\n## Steps\n\nSee [nothing](nowhere.md).\n", true},
		{"a new page", "guide/new.md", "---\ntitle: New\n---\nNew.\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"handbook.yaml": "limits:\n  render_time: 300ms\n"}
			maps.Copy(files, sessionSite)
			dir := testsite.Write(t, files)
			s := NewSession(generator.Options{Dir: dir, Now: fixedNow, SourceCommit: "test", Strict: true})
			if up, err := s.Rebuild(context.Background(), nil); err != nil {
				t.Fatalf("first build: %v %v", err, up.Diagnostics)
			}
			tg, out := s.t, s.out
			before := stateOf(tg, out)
			p := filepath.Join(dir, "content", filepath.FromSlash(tt.rel))
			if err := os.WriteFile(p, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			// A new time, which dates the page outside Git.
			later := fixedNow.Add(time.Hour)
			if err := os.Chtimes(p, later, later); err != nil {
				t.Fatal(err)
			}
			up, err := s.Rebuild(context.Background(), []string{p})
			if tt.failed != errors.Is(err, generator.ErrFailed) {
				t.Fatalf("err = %v, want failed = %v (%v)", err, tt.failed, up.Diagnostics)
			}
			if !up.Incremental {
				t.Fatalf("not incremental: the test checks the incremental paths")
			}
			after := stateOf(tg, out)
			for i := range before.pages {
				if !reflect.DeepEqual(before.pages[i], after.pages[i]) {
					t.Errorf("page %s of the last build changed", before.pages[i].Path())
				}
			}
			for what, same := range map[string]bool{
				"content": slices.Equal(before.html, after.html), "tree": reflect.DeepEqual(before.files, after.files),
				"documents": maps.Equal(before.docs, after.docs), "findings": reflect.DeepEqual(before.findings, after.findings),
				"output": before.out == after.out && maps.EqualFunc(before.outFiles, after.outFiles, bytes.Equal),
			} {
				if !same {
					t.Errorf("the last build's %s changed", what)
				}
			}
			if tt.failed && (s.t != tg || s.out != out) {
				t.Errorf("a failed rebuild replaced the last good build")
			}
			if !tt.failed && (s.t == tg || s.out == out) {
				t.Errorf("a rebuild kept the last build")
			}
		})
	}
}
