package source_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/generator/source"
)

// A static folder (Docusaurus's static/) joins the content tree at its
// root; the content's own file wins a clash, and Markdown there is no page.
func TestAddStatic(t *testing.T) {
	project := t.TempDir()
	for name, text := range map[string]string{
		"docs/intro.md":          "# Intro\n",
		"docs/img/logo.png":      "content's logo",
		"static/img/logo.png":    "static logo",
		"static/img/deep/a.png":  "a",
		"static/notes.md":        "# Notes\n",
		"static/.hidden/key.pem": "secret",
	} {
		p := filepath.Join(project, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tree, d := source.Walk(project, "docs")
	st, d2 := source.Walk(project, "static")
	if len(d)+len(d2) > 0 {
		t.Fatal(d, d2)
	}
	diags := tree.AddStatic(st)
	var files []string
	for _, f := range tree.Files {
		files = append(files, f.Rel+"="+f.Path)
	}
	if got, want := strings.Join(files, " "), "img/deep/a.png=static/img/deep/a.png img/logo.png=docs/img/logo.png intro.md=docs/intro.md"; got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
	if got, want := strings.Join(tree.Dirs, " "), " img img/deep"; got != want {
		t.Errorf("dirs = %q, want %q", got, want)
	}
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.String())
	}
	want := []string{
		"static/img/logo.png: warning: the content folder has docs/img/logo.png at the same place, which is published instead; remove one of them",
		"static/notes.md: warning: a static folder's Markdown is not a page and is not published; move it into the content folder",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}
