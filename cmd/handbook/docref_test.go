package main

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/handbook-dev/handbook/internal/docgen"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the manual's generated reference tables (make docs-ref)")

// repoRoot is the repository, seen from this package's folder.
const repoRoot = "../.."

// referenceFiles generates the manual's reference tables in memory.
func referenceFiles(t *testing.T) map[string][]byte {
	t.Helper()
	var commands []docgen.Command
	for _, fs := range commandFlagSets() {
		commands = append(commands, docgen.FromFlagSet(fs, func(name string) string { return strings.TrimSuffix(flagName(name), name) }))
	}
	files, err := docgen.Files(commands)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestReferenceDocs fails when a generated table of the manual differs
// from what the code's lists of keys, flags and rules give (make
// docs-ref, which runs it with -update-docs, rewrites them), and when a
// table is not included by any page of the manual.
func TestReferenceDocs(t *testing.T) {
	files := referenceFiles(t)
	dir := filepath.Join(repoRoot, filepath.FromSlash(docgen.Dir))
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	if *updateDocs {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		old, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		for _, f := range old {
			if files[filepath.Base(f)] == nil {
				if err := os.Remove(f); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, name := range names {
			if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, files[name]) {
			t.Errorf("%s is out of date: run make docs-ref", path.Join(docgen.Dir, name))
		}
	}
	onDisk, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	for _, f := range onDisk {
		if files[filepath.Base(f)] == nil {
			t.Errorf("%s is generated from nothing any more: run make docs-ref", path.Join(docgen.Dir, filepath.Base(f)))
		}
	}
	included := includedReferences(t)
	for _, name := range names {
		if !included[name] {
			t.Errorf("no page of the manual includes %s: add a line --8<-- \"/reference/_includes/%s\" to the page about it", path.Join(docgen.Dir, name), name)
		}
	}
}

// includeLine is an include directive of a reference table.
var includeLine = regexp.MustCompile(`(?m)^--8<-- "(?:[^"]*/)?_includes/([^"/]+\.md)"\s*$`)

// includedReferences returns the names of the generated files the
// manual's pages include.
func includedReferences(t *testing.T) map[string]bool {
	t.Helper()
	included := map[string]bool{}
	content := filepath.Join(repoRoot, "docs", "content")
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || strings.Contains(filepath.ToSlash(p), "/_includes/") {
			return err
		}
		src, err := os.ReadFile(p)
		for _, m := range includeLine.FindAllSubmatch(src, -1) {
			included[string(m[1])] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return included
}

// TestReferenceDocsListEverything checks the generated tables against
// the code's lists from the other side: every flag of every command is
// a row of its table, whatever docgen does.
func TestReferenceDocsListEverything(t *testing.T) {
	files := referenceFiles(t)
	for _, fs := range commandFlagSets() {
		table := string(files["flags-"+fs.Name()+".md"])
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(table, "| `"+flagName(f.Name)) {
				t.Errorf("handbook %s %s is not in the manual's table of its flags", fs.Name(), flagName(f.Name))
			}
		})
	}
}
