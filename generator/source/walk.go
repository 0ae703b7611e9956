// Package source finds a site project's files and splits each Markdown file
// into front matter and body. It is the only stage that reads the project,
// and it refuses anything that would make it read outside of it.
package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/internal/fastio"
)

// File is one file of the content tree.
type File struct {
	// Path is the slash-separated path relative to the project root, as
	// shown in diagnostics (content/sharepoint/restore.md).
	Path string
	// Rel is the slash-separated path relative to the content root
	// (sharepoint/restore.md).
	Rel string
	// Abs is the real file to read, with symlinks resolved.
	Abs string
	// Size is the file's size in bytes.
	Size int64
	// ModTime is the file's modification time, the last resort for a
	// page's date when Git has no history for it.
	ModTime time.Time
	// Data holds the file's bytes when it is in memory, not at Abs (a
	// page of a version extracted from Git for one build).
	Data []byte
}

// IsMarkdown reports whether f is a page source.
func (f File) IsMarkdown() bool { return IsMarkdownPath(f.Rel) }

// IsMarkdownPath reports whether a file name is a page source: .md, and
// the .markdown and .mdx (Docusaurus) files existing manuals hold. MDX's
// JSX is HTML to the converter, sanitised like any raw HTML.
func IsMarkdownPath(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown" || ext == ".mdx"
}

// Tree is what Walk found under the content root.
type Tree struct {
	Root  string // absolute, symlinks resolved
	Files []File // sorted by Rel
	Dirs  []string
}

// Walk lists every file under project/contentDir. Hidden files and folders
// (starting with '.') are skipped. A symlink is followed only when its target
// stays inside the project; one that leaves it is an error naming the link.
func Walk(project, contentDir string) (*Tree, diag.List) {
	var diags diag.List
	projectReal, err := filepath.EvalSymlinks(project)
	if err != nil {
		diags.Errorf(project, 0, 0, "cannot open the site project: %v", err)
		return nil, diags
	}
	projectReal, _ = filepath.Abs(projectReal)
	contentPath := filepath.Join(project, contentDir)
	contentReal, err := filepath.EvalSymlinks(contentPath)
	if errors.Is(err, fs.ErrNotExist) {
		// Most often handbook was run outside the project, or in a
		// folder that is to become one: say how to do either.
		diags.Errorf(contentDir, 0, 0, "no content folder here: run handbook -C DIR in the site project DIR, handbook new site . to start one here, or create %s/ with an _index.md for the home page", contentDir)
		return nil, diags
	}
	if err != nil {
		diags.Errorf(contentDir, 0, 0, "cannot open: %v", err)
		return nil, diags
	}
	if !within(projectReal, contentReal) {
		diags.Errorf(contentDir, 0, 0, "is a symlink to %s, outside the site project; handbook reads nothing outside the project", contentReal)
		return nil, diags
	}
	t := &Tree{Root: contentReal}
	w := walker{project: projectReal, contentDir: contentDir, tree: t, diags: &diags, visited: map[string]bool{}}
	w.walk(contentReal, "")
	sort.Slice(t.Files, func(i, j int) bool { return t.Files[i].Rel < t.Files[j].Rel })
	sort.Strings(t.Dirs)
	return t, diags
}

type walker struct {
	project    string
	contentDir string
	tree       *Tree
	diags      *diag.List
	visited    map[string]bool // real folder paths, against symlink loops
}

func (w *walker) walk(real, rel string) {
	if w.visited[real] {
		return
	}
	w.visited[real] = true
	w.tree.Dirs = append(w.tree.Dirs, rel)
	entries, err := os.ReadDir(real)
	if err != nil {
		w.diags.Errorf(w.display(rel), 0, 0, "cannot read folder: %v", err)
		return
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		childRel := path.Join(rel, name)
		childReal := filepath.Join(real, name)
		info, err := e.Info()
		if err != nil {
			w.diags.Errorf(w.display(childRel), 0, 0, "cannot read: %v", err)
			continue
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(childReal)
			if err != nil {
				w.diags.Errorf(w.display(childRel), 0, 0, "broken symlink: %v", err)
				continue
			}
			if !within(w.project, target) {
				w.diags.Errorf(w.display(childRel), 0, 0, "symlink points to %s, outside the site project; copy the file into the project instead", target)
				continue
			}
			childReal = target
			if info, err = os.Stat(target); err != nil {
				w.diags.Errorf(w.display(childRel), 0, 0, "cannot read: %v", err)
				continue
			}
		}
		switch {
		case info.IsDir():
			w.walk(childReal, childRel)
		case info.Mode().IsRegular():
			w.tree.Files = append(w.tree.Files, File{Path: w.display(childRel), Rel: childRel, Abs: childReal, Size: info.Size(), ModTime: info.ModTime()})
		}
	}
}

func (w *walker) display(rel string) string {
	return path.Join(filepath.ToSlash(w.contentDir), rel)
}

// within reports whether p is root or below it. Both must be clean absolute paths.
func within(root, p string) bool {
	if p == root {
		return true
	}
	return strings.HasPrefix(p, strings.TrimSuffix(root, string(filepath.Separator))+string(filepath.Separator))
}

// ErrTooLarge is returned by ReadLimited for a file over the limit.
var ErrTooLarge = errors.New("file too large")

// ReadLimited reads the file at p unless it holds more than max bytes.
// It reads at most max+1 bytes, so a file that grew after the walk, or a
// device file, cannot exhaust memory.
func ReadLimited(p string, max int64) ([]byte, error) {
	data, err := fastio.ReadFile(p, max)
	if errors.Is(err, fastio.ErrTooLarge) {
		return nil, ErrTooLarge
	}
	return data, err
}

// AddHeld adds files held in memory, by their slash path below the
// content folder, as the walk would have found them on disk: those in a
// folder the walk listed and named like the files it keeps (no part
// Paths maps each Markdown file's content-relative name to the path its
// messages name.
func (t *Tree) Paths() map[string]string {
	paths := make(map[string]string, len(t.Files))
	for _, f := range t.Files {
		if f.IsMarkdown() {
			paths[f.Rel] = f.Path
		}
	}
	return paths
}

// starting with a dot), sorted among the others.
func (t *Tree) AddHeld(contentDir string, held map[string]File) {
	dirs := make(map[string]bool, len(t.Dirs))
	for _, d := range t.Dirs {
		dirs[d] = true
	}
	for rel, f := range held {
		dir := path.Dir(rel)
		if dir == "." {
			dir = ""
		}
		if !dirs[dir] || strings.HasPrefix(path.Base(rel), ".") {
			continue
		}
		f.Rel, f.Path = rel, path.Join(contentDir, rel)
		t.Files = append(t.Files, f)
	}
	sort.Slice(t.Files, func(i, j int) bool { return t.Files[i].Rel < t.Files[j].Rel })
}

// AddStatic adds the files of a static folder's tree (static_dirs), as
// if they were in the content folder: they are published at the site
// root and links reach them from the content root (/img/x.png). A file
// the content has too stays the content's, with a warning; Markdown in a
// static folder is not a page, and is left out with one.
func (t *Tree) AddStatic(st *Tree) diag.List {
	var diags diag.List
	have := make(map[string]string, len(t.Files))
	for _, f := range t.Files {
		have[f.Rel] = f.Path
	}
	dirs := make(map[string]bool, len(t.Dirs))
	for _, d := range t.Dirs {
		dirs[d] = true
	}
	for _, f := range st.Files {
		switch {
		case f.IsMarkdown():
			diags.Warnf(f.Path, 0, 0, "a static folder's Markdown is not a page and is not published; move it into the content folder")
			continue
		case have[f.Rel] != "":
			diags.Warnf(f.Path, 0, 0, "the content folder has %s at the same place, which is published instead; remove one of them", have[f.Rel])
			continue
		}
		t.Files = append(t.Files, f)
		for d := path.Dir(f.Rel); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
			t.Dirs = append(t.Dirs, d)
		}
	}
	sort.Slice(t.Files, func(i, j int) bool { return t.Files[i].Rel < t.Files[j].Rel })
	sort.Strings(t.Dirs)
	return diags
}

// FormatSize shows a byte count the way limits are written (4 MiB, 12 KiB).
func FormatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
