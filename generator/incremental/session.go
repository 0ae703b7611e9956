// Package incremental is handbook serve's engine: it keeps one target
// of the build plan prepared in memory (a generator.Target) and, after an
// edit, renders only what render.Affected says the edit changed, or the
// whole target again.
package incremental

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/audit"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/include"
	"github.com/handbook-dev/handbook/generator/render"
	"github.com/handbook-dev/handbook/generator/search"
	"github.com/handbook-dev/handbook/generator/site"
	"github.com/handbook-dev/handbook/generator/source"
)

// Session keeps a site project loaded between builds, for handbook
// serve. The first Rebuild builds the whole site into memory; later ones
// are told which files changed. An edit to the body of existing pages is
// rebuilt incrementally: those pages are converted again, every link is
// checked again (anchors may have come or gone), the audit rules that
// read bodies run again, and only the outputs render.Affected names
// are rendered (the pages themselves, the print views that hold them,
// the pages whose findings changed and, if any finding changed, the
// audit pages). Front matter edits that keep a
// page's URL, and pages added to or removed from an existing section,
// take the reshape path (session_meta.go). Anything else (a section's
// page, a new folder, templates, assets, settings, the inventory)
// rebuilds the whole site, still into memory.
//
// A rebuild never changes the state of the last good build (model,
// converted site, audit, renderer, output): it makes new values that
// share what the edit left alone, and the session takes them over only
// when the rebuild succeeds. A failed rebuild so leaves the session at
// its last good build, with nothing to restore: Output keeps returning
// it. A Session is not safe for concurrent use.
type Session struct {
	opts generator.Options
	// t is the last good build's target (its model, converted site,
	// audit and index); r renders it and out is what it rendered.
	t   *generator.Target
	r   *render.Renderer
	out *Output
	// indexStale is set when pages changed since the search index was
	// built (see Reindex).
	indexStale bool
}

// Update reports one rebuild.
type Update struct {
	// Output is the site after the rebuild (the previous one when it failed).
	Output *Output
	// Diagnostics are the errors and warnings of the rebuild.
	Diagnostics diag.List
	// Incremental is set when only part of the site was rendered.
	Incremental bool
	// Rendered counts the files rendered; Changed lists the output paths
	// whose bytes changed, were added or were removed.
	Rendered int
	Changed  []string
	// Pages are the URLs of the pages whose sources were among the
	// changed files, for opening the page being edited.
	Pages    []string
	Duration time.Duration
}

// NewSession returns a session for the target of the project opts
// describe (opts.Audience, opts.Version). opts.Out is still checked
// (serve refuses the folders build refuses) but never written.
func NewSession(opts generator.Options) *Session {
	return &Session{opts: opts}
}

// Reindex brings the search index up to date after incremental
// rebuilds, which leave it as it was so that the reload is not kept
// waiting for it (the whole index of a large manual takes far longer
// than the pages an edit touches). It returns nil when the index is
// current. The server calls it after publishing the pages.
func (s *Session) Reindex() *Update {
	if !s.indexStale || s.t == nil {
		return nil
	}
	start := time.Now()
	w := newMemWriter(s.out, true)
	// The index files are named by their hash, so the old ones go
	// first; pages name the metadata file by a fixed name in a session
	// and need no new render.
	for _, p := range search.FilePrefixes(s.t.Site().Paths.Search) {
		w.removePrefix(p)
	}
	t := s.t.Reindexed()
	t.RenderSearch(w)
	up := &Update{Incremental: true}
	up.Output, up.Changed = w.output(s.out)
	up.Rendered = len(w.rendered)
	up.Duration = time.Since(start)
	s.t, s.out, s.indexStale = t, up.Output, false
	return up
}

// Output returns the last good build, or nil before the first one.
func (s *Session) Output() *Output { return s.out }

// Rebuild rebuilds after the files changed (absolute paths; none means
// build everything). The error is generator.ErrFailed when the content has errors,
// which Update.Diagnostics list; the last good output stays in place.
func (s *Session) Rebuild(ctx context.Context, changed []string) (*Update, error) {
	start := time.Now()
	var (
		up  *Update
		err error
	)
	if s.t != nil && len(changed) > 0 && !s.t.Versioned() {
		up, err = s.incremental(changed)
	}
	if up == nil && err == nil {
		up, err = s.full(ctx)
	}
	if up != nil {
		up.Duration = time.Since(start)
		up.Diagnostics.Sort()
		if up.Output == nil {
			up.Output = s.out
		}
		for _, c := range changed {
			if rel, ok := s.contentRel(c); ok && s.t != nil {
				if p := s.t.Site().PageBySource(rel); p != nil {
					up.Pages = append(up.Pages, p.URL)
				}
			}
		}
	}
	return up, err
}

// full loads, converts, audits and renders the session's target of the
// plan (opts.Audience, opts.Version) into memory, as a build renders it
// into its folder.
func (s *Session) full(ctx context.Context) (*Update, error) {
	up := &Update{}
	t, diags, err := generator.PrepareTarget(ctx, s.opts)
	up.Diagnostics = diags
	if err != nil {
		return up, err
	}
	r := t.Renderer()
	w := newMemWriter(nil, false)
	if d := append(r.Render(w), t.RenderSearch(w)...); len(d) > 0 {
		up.Diagnostics = append(up.Diagnostics, d...)
		return up, generator.ErrFailed
	}
	up.Output, up.Changed = w.output(s.out)
	up.Rendered = len(w.rendered)
	s.t, s.r, s.out = t, r, up.Output
	return up, nil
}

// contentRel returns the content-relative slash path of an absolute
// path inside the content folder.
func (s *Session) contentRel(abs string) (string, bool) {
	if s.t == nil {
		return "", false
	}
	rel, err := filepath.Rel(filepath.Join(s.t.Project(), filepath.FromSlash(s.t.Config().ContentDir)), abs)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// edit is a page whose source changed: p is the page of the last good
// build (nil for a page added), doc its new parse and old the last.
type edit struct {
	p        *site.Page
	rel      string
	doc, old *source.Document
	// modTime is the saved file's time, which dates a page outside Git.
	modTime time.Time
	// added and removed mark a page new to the model (file is its
	// source) or gone from it.
	added, removed bool
	file           source.File
}

// incremental rebuilds after edits to existing pages, and pages added to
// or removed from existing sections. It returns a nil Update (and no
// error) when the change needs a full build.
func (s *Session) incremental(changed []string) (*Update, error) {
	up := &Update{Incremental: true}
	var edits []edit
	reshape := false
	changed = s.includingPages(changed)
	includes := source.NewIncludeReader(s.t.Tree(), s.t.Config().Limits.PageSize)
	last := s.t.Site()
	for _, abs := range changed {
		rel, ok := s.contentRel(abs)
		if !ok || !source.IsMarkdownPath(rel) {
			return nil, nil
		}
		p := last.PageBySource(rel)
		old := s.t.Docs()[rel]
		// Lstat: a symlink goes to a whole build, whose walk checks that
		// it stays inside the project.
		info, err := os.Lstat(abs)
		exists := err == nil && info.Mode().IsRegular()
		switch {
		case p != nil && old != nil && errors.Is(err, fs.ErrNotExist) && p.Section == nil:
			edits = append(edits, edit{p: p, rel: rel, old: old, removed: true})
			reshape = true
			continue
		case p == nil && old == nil && exists && s.addable(rel):
		case p == nil || old == nil || !exists:
			return nil, nil // a draft, a section's page, a folder: the model changes
		}
		display := path.Join(s.t.Config().ContentDir, rel)
		src, err := source.ReadLimited(abs, s.t.Config().Limits.PageSize)
		if errors.Is(err, source.ErrTooLarge) {
			up.Diagnostics.Errorf(display, 0, 0, "%s is larger than the page size limit of %s; split the page, or raise limits.page_size in handbook.yaml", source.FormatSize(info.Size()), source.FormatSize(s.t.Config().Limits.PageSize))
			return up, generator.ErrFailed
		}
		if err != nil {
			up.Diagnostics.Errorf(display, 0, 0, "cannot read: %v", err)
			return up, generator.ErrFailed
		}
		doc, d := source.Parse(display, src)
		if doc == nil {
			up.Diagnostics = d
			return up, generator.ErrFailed
		}
		// Includes that fail (a file created since the walk, perhaps) or
		// change may change which files are pages: a whole build.
		if doc, d = includes.ExpandPage(rel, doc); len(d) > 0 || old != nil && !slices.Equal(old.Includes, doc.Includes) || old == nil && len(doc.Includes) > 0 {
			return nil, nil
		}
		if p == nil {
			f := source.File{Path: display, Rel: rel, Abs: abs, Size: info.Size(), ModTime: info.ModTime()}
			edits = append(edits, edit{rel: rel, doc: doc, added: true, file: f})
			reshape = true
			continue
		}
		if !sameShape(old, doc) {
			return nil, nil
		}
		// A record's front matter (dates, status, items) is shown by the
		// record lists too, and parsed into the page when the model is
		// built: a new model.
		if !sameStructure(old, doc) || p.Record != nil && !reflect.DeepEqual(old.FrontMatter, doc.FrontMatter) {
			reshape = true
		}
		edits = append(edits, edit{p: p, rel: rel, doc: doc, old: old, modTime: info.ModTime()})
	}
	// The saved files' times, in a new tree: a page outside Git is dated
	// by its file, and a model rebuilt from the tree must see them too.
	tree := *s.t.Tree()
	tree.Files = slices.Clone(tree.Files)
	for _, e := range edits {
		for i := range tree.Files {
			if tree.Files[i].Rel == e.rel {
				tree.Files[i].ModTime = e.modTime
			}
		}
	}
	if reshape {
		return s.reshape(edits, &tree)
	}
	// The edited pages' new values, converted, in a site derived from
	// the last good one.
	docs := maps.Clone(s.t.Docs())
	edited := make([]*site.Page, len(edits))
	for i, e := range edits {
		edited[i] = last.Edited(e.p, e.doc, e.modTime)
		docs[e.rel] = e.doc
	}
	contents := slices.Clone(last.Contents())
	unconverted := last.WithEdits(edited, nil)
	for _, np := range edited {
		c, err := unconverted.ConvertPage(s.t.Converter(), np)
		if err != nil {
			up.Diagnostics.Errorf(np.Path(), 0, 0, "%v", err)
			return up, generator.ErrFailed
		}
		contents[np.Index] = c
	}
	ns := unconverted.WithContents(contents)
	links := s.t.Links(ns)
	up.Diagnostics = append(up.Diagnostics, links...)
	if n, _ := links.Count(); n > 0 {
		return up, generator.ErrFailed
	}
	report := audit.Rerun(s.t.Report(), ns, s.t.Config().Audit, audit.BodyRules)
	changes := make([]render.Edit, len(edits))
	for i, e := range edits {
		changes[i] = render.Edit{Old: e.p, New: edited[i]}
	}
	part, _ := render.Affected(last, ns, s.t.Report(), report, changes, nil)
	return s.renderPartial(up, s.t.Derive(unconverted, docs, &tree, ns, report, links), s.r.Edited(ns, report), part)
}

// renderPartial renders the outputs part names of t's site with r over
// the last good output and, when that succeeds, makes t, r and the new
// output the session's last good build.
func (s *Session) renderPartial(up *Update, t *generator.Target, r *render.Renderer, part render.Partial) (*Update, error) {
	w := newMemWriter(s.out, true)
	if part.Audit {
		w.removePrefix(t.Site().Paths.Audit)
	}
	if part.TagIndex {
		w.removePrefix(t.Site().Paths.Tags)
	}
	for _, p := range part.Removed {
		w.remove(p)
	}
	if d := r.RenderPartial(w, part); len(d) > 0 {
		up.Diagnostics = append(up.Diagnostics, d...)
		return up, generator.ErrFailed
	}
	up.Output, up.Changed = w.output(s.out)
	up.Rendered = len(w.rendered)
	s.t, s.r, s.out, s.indexStale = t, r, up.Output, true
	return up, nil
}

// includingPages replaces, in a list of changed files, every Markdown
// file that pages include (and every one in an includes folder) by the
// sources of the pages that include it, which are then converted again
// as if they had been edited: their expanded text changed. Other files
// stay (an included script is also a static file: a whole build).
func (s *Session) includingPages(changed []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(abs string) {
		if !seen[abs] {
			seen[abs] = true
			out = append(out, abs)
		}
	}
	for _, abs := range changed {
		rel, ok := s.contentRel(abs)
		if !ok || !source.IsMarkdownPath(rel) || !s.t.Included(rel) && !include.InIncludeFolder(rel) {
			add(abs)
			continue
		}
		for _, p := range s.t.Site().Pages {
			if doc := s.t.Docs()[p.File.Rel]; doc != nil && p.File.Rel != "" && slices.Contains(doc.Includes, rel) {
				add(filepath.Join(s.t.Project(), filepath.FromSlash(s.t.Config().ContentDir), filepath.FromSlash(p.File.Rel)))
			}
		}
	}
	return out
}

// sameStructure reports whether two parses of a page differ at most in
// their body and in front matter that only the page itself shows
// (template params, key lines): its title, weight, tags, owner and the
// rest appear in listings, navigation and audits of other pages.
func sameStructure(a, b *source.Document) bool {
	fa, fb := a.FrontMatter, b.FrontMatter
	fa.Params, fb.Params = nil, nil
	fa.Lines, fb.Lines = nil, nil
	fa.ItemsLine, fb.ItemsLine = 0, 0
	return a.HeadingTitle == b.HeadingTitle && reflect.DeepEqual(fa, fb)
}

// PageSource returns the content file of the page at the site URL u
// ("" for the home page), for opening the page being edited.
func (s *Session) PageSource(u string) string {
	if s.t == nil {
		return ""
	}
	for _, p := range s.t.Site().Pages {
		if p.URL == u && p.File.Path != "" {
			return path.Clean(p.File.Path)
		}
	}
	return ""
}
